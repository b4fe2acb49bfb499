"""Explore › Import: bring real listening data into the warehouse, and remove a dataset.

Choose the format, upload the files (or the zip the service handed out), check them — a preview
of the normalised records and every problem found — and import, all or nothing. Real data goes
into a new warehouse when the current one holds the synthetic demo (unless mixing is chosen),
and the dashboard switches to it. Below, the warehouse's datasets, each removable after a
confirmation. Layout and calls only: reading, validation and writing live in recsys.io.
"""

import tempfile
from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from recsys.errors import DataError, SoundcheckError
from recsys.io import (
    FORMATS,
    GENRE_SEP,
    CsvMapping,
    ImportSummary,
    Preview,
    ZipLimits,
    import_data,
    preview,
    save_uploads,
)
from recsys.ui import data, widgets
from recsys.views import warehouses as wh

ROLE_LABELS = {
    "user": "User id column (optional)",
    "ts": "Time column",
    "artist": "Artist column",
    "track": "Track title column",
    "album": "Album column (optional)",
    "ms_played": "Milliseconds played (optional)",
    "skipped": "Skipped flag (optional)",
    "plays": "Play count column (aggregate files only)",
    "genre": "Genre or tags column (optional)",
}

# What a mapping field means, where the label alone does not say (widget help).
ROLE_HELP = {
    "genre": "Free genre tags of the row's artist, one or several a cell (Hip-Hop; dnb; 80s). "
    "They become canonical genres of the genre tree under their parents; eras, places and "
    "voices become facets, opinions such as 'seen live' are dropped, tags the tree does not "
    "know are kept as raw tags. Each row counts as one application of each of its tags.",
}


# What a check was made of: format, saved upload, mapping, user id and target warehouse. (A
# comment, not a docstring: Streamlit's magic would draw a bare string above the page's title.)
Signature = tuple[str, str, str, str, str]

# What each datasets column holds (header help).
DATASET_COLUMNS = {
    "dataset_id": ("#", "Soundcheck's number for the dataset, in the order of import."),
    "name": ("Name", "The dataset's name (by default the imported file or folder)."),
    "source_format": ("Format", "The import format, or synthetic for the generated demo."),
    "grain": ("Grain", "What its items are: track, or artist for totals-only sources."),
    "imported_at": ("Imported (UTC)", "When it was imported or generated."),
    "listens": ("Plays", "Plays it holds now; empty when the warehouse does not know yet."),
    "play_counts": ("Play counts", "Listener-artist totals it holds now (hetrec and the like)."),
    "friends": ("Friendships", "Friendship pairs it holds now."),
}


def format_label(name: str) -> str:
    """The format menu's text for a registered format."""
    return FORMATS[name].label


def main() -> None:
    """Render the page: choose and check files, import them, the summary; the datasets."""
    st.title("Import data")
    st.caption(
        "Validated and all or nothing: a file with a problem is refused with the file, record "
        "and field, and the warehouse stays as it was. IP addresses, user agents, account names "
        "and e-mail addresses are never read; user ids are stored only as salted hashes."
    )
    summary = st.session_state.get("import-summary")
    if isinstance(summary, ImportSummary):
        _show_summary(summary)
        st.button(
            "Start another import",
            icon=":material/restart_alt:",
            key="import-again",
            on_click=_start_again,
        )
    else:
        _choose_and_import()
    _datasets_section()


def _choose_and_import() -> None:
    """Format, files and options; check them, and import once the check found no problem."""
    fmt = st.selectbox("Format", list(FORMATS), format_func=format_label, key="import-format")
    st.caption(FORMATS[fmt].hint)  # Markdown: file names in backticks, so * and <...> show
    mapping = _mapping_inputs() if FORMATS[fmt].takes_mapping else None
    limit_mb = int(st.get_option("server.maxUploadSize"))
    uploads = st.file_uploader(
        f"Files or a zip archive (up to {limit_mb:,} MB each)",
        accept_multiple_files=True,
        key=_uploader_key(),
    )
    user = st.text_input(
        "User id (optional)",
        key="import-user",
        help="For one person's export that names no account; stored only as a salted hash.",
    )
    name = st.text_input(
        "Dataset name (optional)",
        key="import-name",
        help="Default: the uploaded file's name (the first one's, for several files).",
    )
    target = _target(uploads, name)
    if not uploads:
        st.info("Upload files to check them before anything is imported.", icon=":material/upload:")
        return
    if target is None:
        return
    target_path, allow_mix = target
    with widgets.errors_shown("Cannot read the upload"):
        source = _saved(uploads)
        limits = ZipLimits(max_total_bytes=50 * limit_mb * 2**20)
        signature: Signature = (fmt, str(source), repr(mapping), user, str(target_path))
        if st.button("Check files", icon=":material/fact_check:", key="import-check"):
            with st.spinner("Reading and checking every record"):
                st.session_state["import-preview"] = (
                    signature,
                    preview(
                        fmt,
                        source,
                        mapping=mapping,
                        user=user or None,
                        limits=limits,
                        warehouse_path=target_path,
                        show_folder=False,
                    ),
                )
        result = _checked(signature)
        if result is None:
            return
        _show_preview(result)
        if not result.ok:
            return
        if st.button("Import", type="primary", icon=":material/download:", key="import-run"):
            summary = _run_import(fmt, source, mapping, user, name, limits, target_path, allow_mix)
            if summary is not None:
                st.session_state["import-summary"] = summary
                if target_path != data.warehouse_path():
                    data.choose(target_path.name.removesuffix(wh.SUFFIX))
                    st.session_state["import-switched"] = target_path.name
                st.rerun()  # show the summary alone: the check and the Import button are done


def _target(uploads: list[UploadedFile] | None, name: str) -> tuple[Path, bool] | None:
    """Where the import goes, and whether mixing with the demo was chosen.

    The current warehouse, unless it holds the synthetic demo: then a new warehouse beside it
    (named after the dataset) is proposed, or the current one if mixing is chosen. None while
    the new warehouse's name is not a valid one.
    """
    current = data.warehouse_path()
    try:
        demo = data.holds_synthetic()
    except SoundcheckError:
        demo = False  # the import says what is wrong with the warehouse
    if not demo:
        return current, False
    st.warning(
        widgets.as_text(
            f"{current.name} holds the synthetic demo. Importing real data into it would mix "
            "the two, and every figure after it would describe neither: import into a new "
            "warehouse instead."
        ),
        icon=":material/call_split:",
    )
    choice = st.radio(
        "Import into",
        ("new", "mix"),
        format_func=lambda c: (
            "A new warehouse (recommended)"
            if c == "new"
            else f"{current.name}, mixed with the demo"
        ),
        key="import-target",
        horizontal=True,
    )
    if choice == "mix":
        return current, True
    folder = current.parent
    first = Path(uploads[0].name).stem if uploads else "imported"
    default = wh.free_name(folder, wh.name_for(name.strip() or first))
    typed = st.text_input(
        "New warehouse",
        value=default,
        key=f"import-target-name-{default}",
        help=f"Saved as <name>.duckdb in {folder}. After the import, the dashboard shows it; "
        "the sidebar switches between warehouses.",
    )
    try:
        path = wh.path_for(folder, typed.strip())
    except DataError as exc:
        widgets.show_error(exc, title="Not a warehouse name")
        return None
    if path.exists():
        st.caption(widgets.as_text(f"{path.name} exists: the import adds to it."))
    else:
        st.caption(widgets.as_text(f"The import creates {path}."))
    return path, False


def _uploader_key() -> str:
    """The file uploader's key; a new one (an empty uploader) for every new import."""
    round_ = st.session_state.get("import-round", 0)
    return "import-files" if not round_ else f"import-files-{round_}"


def _start_again() -> None:
    """Forget the last import, its check and its uploaded files (callback)."""
    for key in ("import-summary", "import-preview", "import-switched"):
        st.session_state.pop(key, None)
    saved = st.session_state.pop("import-saved", None)
    if isinstance(saved, tuple) and isinstance(saved[1], tempfile.TemporaryDirectory):
        saved[1].cleanup()
    st.session_state["import-round"] = int(st.session_state.get("import-round", 0)) + 1


def _checked(signature: Signature) -> Preview | None:
    """The preview of the last check, if it was made of what is chosen now."""
    stored = st.session_state.get("import-preview")
    if isinstance(stored, tuple) and stored[0] == signature and isinstance(stored[1], Preview):
        return stored[1]
    return None


def _mapping_inputs() -> CsvMapping | None:
    """Column mapping widgets; None until the required columns are named."""
    with st.expander("Column mapping", expanded=True):
        left, right = st.columns(2)
        columns = {}
        for i, (role, label) in enumerate(ROLE_LABELS.items()):
            value = (left if i % 2 == 0 else right).text_input(
                label, key=f"import-col-{role}", help=ROLE_HELP.get(role)
            )
            if value.strip():
                columns[role] = value.strip()
        ts_format = left.text_input(
            "Time format",
            value="iso",
            key="import-ts-format",
            help="iso, epoch_s, epoch_ms or a strptime pattern such as %d/%m/%Y %H:%M",
        )
        timezone = right.text_input(
            "Time zone of times without an offset", value="UTC", key="import-timezone"
        )
        genre_sep = right.text_input(
            "Characters that separate tags in a genre cell",
            value=GENRE_SEP,
            key="import-genre-sep",
            help="Each character splits a cell: with ;|, the cell 'Hip-Hop; dnb|80s' is three "
            "tags. A cell written as a list ([rock, pop] or a JSON array) is read as its items.",
        )
        ts_is_end = left.checkbox("The time is the end of the play", key="import-ts-end")
    if "artist" not in columns:
        return None
    try:
        return CsvMapping(
            columns,
            ts_format=ts_format.strip(),
            timezone=timezone.strip(),
            ts_is_end=ts_is_end,
            genre_sep=genre_sep.strip(),
        )
    except SoundcheckError as exc:
        widgets.show_error(exc, title="The mapping is incomplete")
        return None


def _saved(uploads: list[UploadedFile]) -> Path:
    """The uploads on disk, written once per set of uploaded files.

    The folder lives in the session state (as a ``TemporaryDirectory``), so it is removed when
    the session ends or a different set of files is uploaded.
    """
    ids = tuple(u.file_id for u in uploads)
    stored = st.session_state.get("import-saved")
    if isinstance(stored, tuple) and stored[0] == ids and isinstance(stored[2], Path):
        return stored[2]
    folder = tempfile.TemporaryDirectory(prefix="soundcheck-upload-")
    source = save_uploads(((u.name, u) for u in uploads), Path(folder.name))
    st.session_state["import-saved"] = (ids, folder, source)
    return source


def _show_preview(result: Preview) -> None:
    if result.ok:
        st.success(
            f"No problems found in {len(result.files):,} file(s). Nothing is written "
            "until you import.",
            icon=":material/check_circle:",
        )
    else:
        st.error(
            f"{len(result.problems):,} problem(s) found: the import would be refused. "
            "Fix the files and upload them again.",
            icon=":material/error:",
        )
        st.dataframe(result.problems_frame(), hide_index=True)
        if result.suggested_format is not None and result.suggested_format in FORMATS:
            _offer_format(result.suggested_format)
    st.subheader("Files")
    st.dataframe(result.files_frame(), hide_index=True)
    st.subheader("First records")
    st.caption(
        "Times are UTC at the start of the play. Users are shown by the start of the pseudonym "
        "they are stored under; before the first import there is no warehouse to make "
        "pseudonyms with, so none is shown."
    )
    st.dataframe(result.frame, hide_index=True)


def _offer_format(name: str) -> None:
    """Say which registered format the files look like, with a button that chooses it."""
    label = FORMATS[name].label
    st.info(f"This looks like a {label} export: choose {label}.", icon=":material/lightbulb:")
    st.button(f"Choose {label}", key="import-switch", on_click=_choose_format, args=(name,))


def _choose_format(name: str) -> None:
    """Set the format menu (callback, before the menu is drawn again)."""
    st.session_state["import-format"] = name


def _run_import(
    fmt: str,
    source: Path,
    mapping: CsvMapping | None,
    user: str,
    name: str,
    limits: ZipLimits,
    target: Path,
    allow_mix: bool,
) -> ImportSummary | None:
    bar = st.progress(0.0, text="Starting")

    def report(step: str, fraction: float) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=step)

    try:
        return import_data(
            target,
            fmt,
            source,
            mapping=mapping,
            user=user or None,
            name=name.strip() or None,
            progress=report,
            limits=limits,
            show_folder=False,
            allow_mix=allow_mix,
        )
    except SoundcheckError as exc:
        widgets.show_error(exc, title="The import was refused; the warehouse is unchanged")
        return None


def _show_summary(summary: ImportSummary) -> None:
    st.subheader(f"Imported {summary.dataset}")
    left_out = sum(summary.dropped.values())
    widgets.kpi_row(
        [
            widgets.Kpi("Records read", widgets.fmt_count(summary.read)),
            widgets.Kpi("Kept", widgets.fmt_count(summary.kept)),
            widgets.Kpi(
                "Left out",
                widgets.fmt_count(left_out),
                help="Podcasts, audiobooks, duplicates, plays already imported, …",
            ),
            widgets.Kpi("Grain", summary.grain),
        ]
    )
    st.markdown(summary.listeners)
    if not summary.recorded:
        st.info("This content had been imported before: nothing new was added.")
    st.dataframe(summary.files_frame(), hide_index=True)
    st.dataframe(summary.added_frame(), hide_index=True)
    switched = st.session_state.get("import-switched")
    if isinstance(switched, str):
        st.success(
            widgets.as_text(
                f"Imported into the new warehouse {switched}: the dashboard now shows it. The "
                "demo stays in its own warehouse; the sidebar switches between them."
            ),
            icon=":material/swap_horiz:",
        )
    else:
        st.caption("The Overview and Data pages now show the imported data.")


def _datasets_section() -> None:
    """The current warehouse's datasets, and removing one after a confirmation."""
    if not data.warehouse_exists():
        return
    st.divider()
    st.subheader(f"Datasets in {data.warehouse_path().name}")
    done = st.session_state.get("remove-result")
    if isinstance(done, str):
        st.success(widgets.as_text(done), icon=":material/delete_sweep:")
    with widgets.errors_shown("Cannot list the datasets"):
        frame = data.datasets()
        untracked = data.untracked_rows()
        st.caption(
            "Each import (or the generated demo) is one dataset; the rows it brought carry its "
            "number, so it can be removed again with what only it used."
        )
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                c: st.column_config.Column(label, help=text)
                for c, (label, text) in DATASET_COLUMNS.items()
            },
        )
        if any(untracked.values()):
            st.caption(
                "Written before datasets were tracked, so no dataset claims them: "
                + ", ".join(f"{n:,} rows of {t}" for t, n in untracked.items() if n)
                + ". Any write (an import, a build) upgrades the warehouse."
            )
        if frame.empty:
            return
        labels = dict(zip(frame["dataset_id"].tolist(), frame["name"].tolist(), strict=True))
        pick, ask = st.columns([3, 1], vertical_alignment="bottom")
        chosen = pick.selectbox(
            "Remove a dataset",
            list(labels),
            format_func=lambda i: f"#{i} {labels[i]}",
            index=None,
            placeholder="Choose a dataset",
            key="remove-choice",
        )
        ask.button(
            "Remove…",
            icon=":material/delete:",
            key="remove-ask",
            disabled=chosen is None,
            on_click=_ask_removal,
            args=(chosen,),
        )
        pending = st.session_state.get("remove-pending")
        if isinstance(pending, int) and pending in labels:
            _confirm_removal(pending)


def _ask_removal(dataset_id: int | None) -> None:
    """Open the confirmation of a removal (callback)."""
    st.session_state["remove-pending"] = dataset_id
    st.session_state.pop("remove-result", None)


def _cancel_removal() -> None:
    """Close the confirmation without removing anything (callback)."""
    st.session_state.pop("remove-pending", None)


def _confirm_removal(dataset_id: int) -> None:
    """Say what removing the dataset deletes; remove it once its name is typed."""
    with st.container(border=True):
        try:
            plan = data.removal_plan(dataset_id)
        except SoundcheckError as exc:
            widgets.show_error(exc, title="This dataset cannot be removed")
            st.button("Close", key="remove-cancel", on_click=_cancel_removal)
            return
        truth = (
            " The demo's planted truth (the ground_truth tables) goes with it."
            if plan.dataset.synthetic
            else ""
        )
        st.warning(
            widgets.as_text(
                f"Removing {plan.dataset.label} deletes {plan.describe()} from "
                f"{data.warehouse_path().name}. Listeners, tracks, artists and genres go only "
                f"when no other dataset uses them.{truth} Runs built before will say they "
                "describe older data. This cannot be undone."
            ),
            icon=":material/warning:",
        )
        typed = st.text_input(
            widgets.as_text(f"Type {plan.dataset.name} to confirm"),
            key=f"remove-confirm-{dataset_id}",
        )
        go, cancel = st.columns(2)
        confirmed = go.button(
            "Remove for good",
            type="primary",
            icon=":material/delete_forever:",
            key="remove-run",
            disabled=typed.strip() != plan.dataset.name,
        )
        cancel.button("Cancel", key="remove-cancel", on_click=_cancel_removal)
        if not confirmed:
            return
        bar = st.progress(0.0, text="Starting")

        def report(step: str, fraction: float) -> None:
            bar.progress(min(max(float(fraction), 0.0), 1.0), text=step)

        try:
            removal = data.remove_dataset(dataset_id, progress=report)
        except SoundcheckError as exc:
            widgets.show_error(exc, title="Nothing was removed; the warehouse is unchanged")
            return
        st.session_state["remove-result"] = (
            f"Removed {removal.dataset.label}: {removal.describe()}."
        )
        st.session_state.pop("remove-pending", None)
        st.session_state.pop("remove-choice", None)
        st.rerun()


main()
