"""Which registered format a refused input looks like, so the message can say which to choose.

When an import or a preview refuses its input, the source's files are compared with every
format in the registry: a file fits a format when the format reads files of that name (its
``wanted``) and, more strongly, when the file's header line or first JSON keys include one of
the format's :attr:`~recsys.io.formats.Format.signatures`. If another format fits the files
better than the chosen one, the refusal says so. Only names and the first 64 KiB of at most
:data:`MAX_FILES` files are read; zip entries are read in place, nothing is extracted.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Final

from recsys.io._zipsafe import folder_files, is_hidden
from recsys.io.formats import FORMATS, Format

__all__ = ["MAX_FILES", "guess", "suggestion"]

log = logging.getLogger(__name__)

MAX_FILES: Final = 50
"""Files of a source that are looked at."""

_HEAD: Final = 64 * 1024
_JSON_KEY: Final = re.compile(r'"([^"\\]{1,64})"\s*:')
_SEPARATORS: Final = re.compile(r"[\t,;|]")


def _names(head: bytes) -> frozenset[str]:
    """The column names of a header line, or the keys of the first JSON records."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("[", "{")):
        return frozenset(_JSON_KEY.findall(text))
    first = text.split("\n", 1)[0].rstrip("\r")
    return frozenset(n.strip().strip("\"'") for n in _SEPARATORS.split(first) if n.strip())


def _sample(source: Path) -> list[tuple[str, frozenset[str]]]:
    """(relative path, names in its head) for the first files of a file, folder or zip."""
    if source.is_dir():
        return [(rel, _names(_read_head(p))) for p, rel in folder_files(source)[:MAX_FILES]]
    if not source.is_file():
        return []
    if not zipfile.is_zipfile(source):
        return [(source.name, _names(_read_head(source)))]
    out: list[tuple[str, frozenset[str]]] = []
    try:
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                rel = info.filename.replace("\\", "/")
                if info.is_dir() or is_hidden(rel) or info.flag_bits & 0x1:
                    continue
                with zf.open(info) as fh:
                    out.append((rel, _names(fh.read(_HEAD))))
                if len(out) >= MAX_FILES:
                    break
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # the import already said why
        log.debug("not looking inside %s: %s", source, exc)
    return out


def _read_head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD)


def _fit(fmt: Format, files: list[tuple[str, frozenset[str]]]) -> int:
    """How well the files fit a format: 1 a file whose name it reads, 2 more for its columns."""
    score = 0
    for rel, names in files:
        if fmt.wanted(PurePosixPath(rel).as_posix()):
            score += 1
        if any(sig <= names for sig in fmt.signatures):
            score += 2
    return score


def guess(source: Path, chosen: str) -> Format | None:
    """The registered format the source fits better than ``chosen``; None if none does."""
    files = _sample(source)
    if not files:
        return None
    fits = {name: _fit(fmt, files) for name, fmt in FORMATS.items()}
    best = max(fits, key=lambda name: fits[name])  # the first of equals, in registry order
    if best == chosen or fits[best] <= fits.get(chosen, 0):
        return None
    return FORMATS[best]


def suggestion(fmt: Format) -> str:
    """What to tell the user: the format the files look like, and what to choose."""
    return f"this looks like a {fmt.label} export: choose {fmt.label} ({fmt.name})"
