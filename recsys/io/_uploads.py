"""Save files uploaded through the dashboard into a folder an import can read."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import BinaryIO

from recsys.errors import DataError

__all__ = ["save_uploads"]


def _safe(name: str) -> str:
    """The last part of an uploaded file's name: an upload can never pick where it lands."""
    base = PurePath(name.replace("\\", "/")).name.strip()
    if base in ("", ".", "..") or "\x00" in base:
        raise DataError(f"uploaded file name {name!r} is not a usable file name")
    return base


def save_uploads(uploads: Iterable[tuple[str, BinaryIO]], directory: Path) -> Path:
    """Write uploaded files into ``directory``; return what to import.

    Args:
        uploads: (file name, readable binary stream) pairs.
        directory: an empty folder.

    Returns:
        The file when a single file (a zip, say) was uploaded, else the folder.

    Raises:
        DataError: nothing was uploaded, or a name is unusable or repeated.
    """
    saved: list[Path] = []
    for name, stream in uploads:
        target = directory / _safe(name)
        if target.exists():
            raise DataError(f"two uploaded files are called {target.name!r}")
        if stream.seekable():
            stream.seek(0)
        with target.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        saved.append(target)
    if not saved:
        raise DataError("no file was uploaded")
    return saved[0] if len(saved) == 1 else directory
