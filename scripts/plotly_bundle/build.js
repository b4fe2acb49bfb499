// Build static/plotly-soundcheck.min.js: plotly.js with only the trace types the dashboard
// draws, bundled the way plotly.js bundles itself (its esbuild plugins and aliases).
// Run from this folder: npm ci && node build.js (or `make plotly-bundle` from the checkout).
const path = require('path');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');

const out = path.resolve(__dirname, '..', '..', 'static', 'plotly-soundcheck.min.js');
const version = require('plotly.js/package.json').version;

esbuild
    .build({
        entryPoints: [path.join(__dirname, 'entry.js')],
        outfile: out,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        legalComments: 'none',
        banner: {
            js: `/* plotly.js ${version} (MIT, see LICENSE-plotly.txt): core (scatter), bar, ` +
                'scattergl, waterfall. Built by scripts/plotly_bundle/build.js. */'
        },
        plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
        alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'info'
    })
    .catch(() => process.exit(1));
