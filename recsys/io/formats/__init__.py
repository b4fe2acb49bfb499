"""The input formats of an import, one module each, and their registry.

:data:`FORMATS` maps a format's name to its :class:`Format`. Every consumer reads it: the
import and preview dispatch in :mod:`recsys.io`, the ``soundcheck import`` command's FORMAT
argument (help and accepted values) and the Import page's format menu, labels and upload hints.
Adding a format is one module here and one entry in ``_ALL`` (see ``docs/importers.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from recsys.errors import DataError
from recsys.io.formats import csv, hetrec, lastfm_1k, listenbrainz, spotify
from recsys.io.formats._base import FileFormat, Format

__all__ = ["FORMATS", "FileFormat", "Format", "get"]

_ALL: Final[tuple[Format, ...]] = (
    spotify.FORMAT,
    lastfm_1k.FORMAT,
    hetrec.FORMAT,
    listenbrainz.FORMAT,
    csv.FORMAT,
)

_REGISTERED: Final[dict[str, Format]] = {f.name: f for f in _ALL}

FORMATS: Final[Mapping[str, Format]] = MappingProxyType(_REGISTERED)
"""Input formats by name, in the order the Import page offers them (read-only view)."""


def get(name: str) -> Format:
    """The registered format called ``name``.

    Raises:
        DataError: no format has that name; the message lists the registered ones.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise DataError(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}") from None
