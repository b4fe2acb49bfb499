// Soundcheck's Plotly chart: draws a figure with the trimmed Plotly bundle the dashboard serves
// itself (static/plotly-soundcheck.min.js, 1.5 MB) instead of Streamlit's full Plotly chunk
// (4.7 MB), and hands a box or lasso selection back to Python. See recsys/ui/charts.py.

const BUNDLE = "app/static/plotly-soundcheck.min.js";
const TESTID = "soundcheck-chart";

// The bundle's address: beside Streamlit's own static files, so a base URL path holds.
function bundleUrl() {
    const own = document.querySelector("script[src*='/static/js/']");
    if (own) {
        const src = new URL(own.src, document.baseURI).href;
        return src.slice(0, src.indexOf("static/js/")) + BUNDLE;
    }
    return new URL(BUNDLE, document.baseURI).href;
}

// One load a page, shared by every chart; a failed load is tried again by the next chart.
function loadPlotly() {
    if (window.Plotly && window.Plotly.react) {
        return Promise.resolve(window.Plotly);
    }
    if (!window.__soundcheckPlotly) {
        window.__soundcheckPlotly = new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = bundleUrl();
            script.async = true;
            script.onload = () => resolve(window.Plotly);
            script.onerror = () => {
                window.__soundcheckPlotly = null;
                script.remove();
                reject(new Error(`${script.src} could not be loaded`));
            };
            document.head.appendChild(script);
        });
    }
    return window.__soundcheckPlotly;
}

function decode(data) {
    let value = data;
    if (value instanceof ArrayBuffer) value = new Uint8Array(value);
    if (ArrayBuffer.isView(value)) value = new TextDecoder().decode(value);
    return typeof value === "string" ? JSON.parse(value) : value;
}

function points(event) {
    return ((event && event.points) || []).map((p) => ({
        curve_number: p.curveNumber,
        point_index: p.pointIndex,
        x: p.x,
        y: p.y,
        customdata: p.customdata === undefined ? null : p.customdata,
    }));
}

export default function (component) {
    const { data, parentElement, setStateValue } = component;
    const sent = decode(data);
    if (sent.preload) {
        loadPlotly().catch(() => {}); // a chart that needs it says why it failed
        return;
    }
    let box = parentElement.querySelector(`[data-testid='${TESTID}']`);
    if (!box) {
        box = document.createElement("div");
        box.dataset.testid = TESTID;
        box.style.width = "100%";
        parentElement.appendChild(box);
    }
    const { figure, select } = sent;
    const layout = figure.layout || {};
    // Hold the chart's place while the bundle loads, so nothing below it jumps.
    box.style.minHeight = `${layout.height || 450}px`;
    // The app's theme, light or dark: its font and text colour on a see-through background.
    const page = getComputedStyle(box);
    layout.font = {
        ...(layout.font || {}),
        family: (layout.font && layout.font.family) || page.fontFamily,
        color: page.color,
    };
    layout.paper_bgcolor = "rgba(0,0,0,0)";
    layout.plot_bgcolor = "rgba(0,0,0,0)";
    const faint = page.color.replace(/^rgba?\(([^,]+),([^,]+),([^,)]+).*$/, "rgba($1,$2,$3,0.14)");
    const axes = ((layout.template || {}).layout || {});
    for (const name of ["xaxis", "yaxis"]) {
        if (axes[name]) {
            axes[name] = { ...axes[name], gridcolor: faint, zerolinecolor: faint, linecolor: faint };
        }
    }
    if (select) {
        layout.dragmode = layout.dragmode || (select[0] === "lasso" ? "lasso" : "select");
    }
    const config = {
        displaylogo: false,
        responsive: true,
        modeBarButtonsToRemove: select ? [] : ["select2d", "lasso2d"],
    };
    box.__soundcheckSetState = setStateValue; // the latest render's, for the handlers below
    loadPlotly()
        .then((Plotly) => Plotly.react(box, figure.data || [], layout, config))
        .then(() => {
            box.dataset.drawn = "true";
            if (select && !box.__soundcheckSelecting) {
                box.__soundcheckSelecting = true;
                box.on("plotly_selected", (event) =>
                    box.__soundcheckSetState("selection", { points: points(event) }),
                );
                box.on("plotly_deselect", () =>
                    box.__soundcheckSetState("selection", { points: [] }),
                );
            }
        })
        .catch((error) => {
            box.dataset.drawn = "failed";
            box.style.minHeight = "";
            box.textContent =
                `This chart cannot be drawn: ${error.message}. Start the dashboard with ` +
                "`soundcheck app` or `make run`, which serve the chart library from the " +
                "checkout's static/ folder.";
        });
}
