"""Import real listening data: Spotify, Last.fm 1K, hetrec Last.fm, ListenBrainz, CSV/Parquet.

An import reads a file, a folder or a zip archive as the service hands it out, streams it
through DuckDB, validates every record, and writes the canonical tables all or nothing: a bad
file is refused with a message naming the file, the record, the field and what was expected,
and the warehouse stays byte for byte as it was. Private fields (IP addresses, user agents,
account names, e-mail addresses) are never read; source user ids become salted hashes.

Example::

    from recsys.io import import_data
    summary = import_data("data/soundcheck.duckdb", "spotify", "my_spotify_data.zip")
"""

from recsys.io._api import import_data
from recsys.io._datasets import (
    SYNTHETIC_FORMAT,
    Dataset,
    MixingError,
    check_not_mixing,
    find_dataset,
    holds_synthetic,
    list_datasets,
    untracked_rows,
)
from recsys.io._options import GENRE_SEP, ROLES, CsvMapping, load_mapping
from recsys.io._preview import preview
from recsys.io._remove import Removal, removal_plan, remove_dataset
from recsys.io._report import (
    FileSummary,
    ImportDataError,
    ImportSummary,
    Preview,
    Problem,
    ProgressFn,
)
from recsys.io._stage import pseudonym
from recsys.io._uploads import save_uploads
from recsys.io._zipsafe import ZipLimits
from recsys.io.formats import FORMATS, FileFormat, Format

__all__ = [
    "FORMATS",
    "GENRE_SEP",
    "ROLES",
    "SYNTHETIC_FORMAT",
    "CsvMapping",
    "Dataset",
    "FileFormat",
    "FileSummary",
    "Format",
    "ImportDataError",
    "ImportSummary",
    "MixingError",
    "Preview",
    "Problem",
    "ProgressFn",
    "Removal",
    "ZipLimits",
    "check_not_mixing",
    "find_dataset",
    "holds_synthetic",
    "import_data",
    "list_datasets",
    "load_mapping",
    "preview",
    "pseudonym",
    "removal_plan",
    "remove_dataset",
    "save_uploads",
    "untracked_rows",
]
