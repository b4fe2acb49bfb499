"""Explore › Import: bring real listening data into the warehouse.

Choose the format, upload the files (or the zip the service handed out), check them — a preview
of the normalised records and every problem found — and import, all or nothing. Layout and calls
only: reading, validation and writing live in recsys.io.
"""

import tempfile
from pathlib import Path

import streamlit as st

from recsys.errors import SoundcheckError
from recsys.io import (
    FORMATS,
    CsvMapping,
    ImportSummary,
    Preview,
    ZipLimits,
    import_data,
    preview,
    save_uploads,
)
from recsys.ui import data, widgets

FORMAT_LABELS = {
    "spotify": "Spotify (extended or basic streaming history)",
    "lastfm-1k": "Last.fm 1K users dataset",
    "hetrec-lastfm": "hetrec2011 Last.fm 2K (artist play counts)",
    "listenbrainz": "ListenBrainz export or dump",
    "csv": "CSV, TSV or Parquet with a column mapping",
}
FORMAT_HINTS = {  # Markdown: file names in backticks, so * and <...> show as typed
    "spotify": "Upload `my_spotify_data.zip`, or the `Streaming_History_Audio_*.json` / "
    "`StreamingHistory*.json` files. Podcasts, audiobooks and videos are counted and left out.",
    "lastfm-1k": "Upload the dataset's zip or `userid-timestamp-artid-artname-traid-traname.tsv` "
    "(and `userid-profile.tsv`).",
    "hetrec-lastfm": "Upload the dataset's zip or `artists.dat`, `user_artists.dat` and, if you "
    "have them, `tags.dat`, `user_taggedartists.dat` and `user_friends.dat`.",
    "listenbrainz": "Upload the export zip (`listens/<year>/<month>.jsonl`) or `*.listens` dump "
    "files.",
    "csv": "Upload CSV, TSV or Parquet files whose header names the columns below.",
}
ROLE_LABELS = {
    "user": "User id column (optional)",
    "ts": "Time column",
    "artist": "Artist column",
    "track": "Track title column",
    "album": "Album column (optional)",
    "ms_played": "Milliseconds played (optional)",
    "skipped": "Skipped flag (optional)",
    "plays": "Play count column (aggregate files only)",
}


def main() -> None:
    """Render the page."""
    st.title("Import data")
    st.caption(
        "Validated and all or nothing: a file with a problem is refused with the file, record "
        "and field, and the warehouse stays as it was. IP addresses, user agents, account names "
        "and e-mail addresses are never read; user ids are stored only as salted hashes."
    )
    fmt = str(
        st.selectbox(
            "Format", list(FORMATS), format_func=FORMAT_LABELS.__getitem__, key="import-format"
        )
    )
    st.caption(FORMAT_HINTS[fmt])
    mapping = _mapping_inputs() if fmt == "csv" else None
    limit_mb = int(st.get_option("server.maxUploadSize"))
    uploads = st.file_uploader(
        f"Files or a zip archive (up to {limit_mb:,} MB each)",
        accept_multiple_files=True,
        key="import-files",
    )
    user = st.text_input(
        "User id (optional)",
        key="import-user",
        help="For one person's export that names no account; stored only as a salted hash.",
    )
    name = st.text_input(
        "Dataset name (optional)", key="import-name", help="Default: the uploaded file's name."
    )
    if not uploads:
        st.info("Upload files to check them before anything is imported.", icon=":material/upload:")
        return
    with widgets.errors_shown("Cannot read the upload"):
        source = _saved(uploads)
        limits = ZipLimits(max_total_bytes=50 * limit_mb * 2**20)
        signature = (fmt, str(source), repr(mapping), user)
        if st.button("Check files", icon=":material/fact_check:", key="import-check"):
            with st.spinner("Reading and checking every record"):
                st.session_state["import-preview"] = (
                    signature,
                    preview(fmt, source, mapping=mapping, user=user or None, limits=limits),
                )
            st.session_state.pop("import-summary", None)
        checked = st.session_state.get("import-preview")
        if checked is None or checked[0] != signature:
            return
        result: Preview = checked[1]
        _show_preview(result)
        if not result.ok:
            return
        if st.button("Import", type="primary", icon=":material/download:", key="import-run"):
            st.session_state["import-summary"] = _run_import(
                fmt, source, mapping, user, name, limits
            )
    if summary := st.session_state.get("import-summary"):
        _show_summary(summary)


def _mapping_inputs() -> CsvMapping | None:
    """Column mapping widgets; None until the required columns are named."""
    with st.expander("Column mapping", expanded=True):
        left, right = st.columns(2)
        columns = {}
        for i, (role, label) in enumerate(ROLE_LABELS.items()):
            value = (left if i % 2 == 0 else right).text_input(label, key=f"import-col-{role}")
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
        ts_is_end = left.checkbox("The time is the end of the play", key="import-ts-end")
    if "artist" not in columns:
        return None
    try:
        return CsvMapping(
            columns, ts_format=ts_format.strip(), timezone=timezone.strip(), ts_is_end=ts_is_end
        )
    except SoundcheckError as exc:
        widgets.show_error(exc, title="The mapping is incomplete")
        return None


def _saved(uploads: list) -> Path:
    """The uploads on disk, written once per set of uploaded files."""
    ids = tuple(u.file_id for u in uploads)
    saved = st.session_state.get("import-saved")
    if saved is None or saved[0] != ids:
        folder = tempfile.TemporaryDirectory(prefix="soundcheck-upload-")
        source = save_uploads(((u.name, u) for u in uploads), Path(folder.name))
        saved = (ids, folder, source)
        st.session_state["import-saved"] = saved
    return saved[2]


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
    st.subheader("Files")
    st.dataframe(result.files_frame(), hide_index=True)
    st.subheader("First records")
    st.caption("Times are UTC at the start of the play; users are shown by pseudonym.")
    st.dataframe(result.frame, hide_index=True)


def _run_import(
    fmt: str, source: Path, mapping: CsvMapping | None, user: str, name: str, limits: ZipLimits
) -> ImportSummary | None:
    bar = st.progress(0.0, text="Starting")

    def report(step: str, fraction: float) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=step)

    try:
        return import_data(
            data.warehouse_path(),
            fmt,
            source,
            mapping=mapping,
            user=user or None,
            name=name.strip() or None,
            progress=report,
            limits=limits,
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
    if not summary.recorded:
        st.info("This content had been imported before: nothing new was added.")
    st.dataframe(summary.files_frame(), hide_index=True)
    st.dataframe(summary.added_frame(), hide_index=True)
    st.caption("The Overview and Data pages now show the imported data.")


main()
