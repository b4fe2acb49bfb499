"""What an input format is: the :class:`Format` protocol and :class:`FileFormat`, its usual form.

Every consumer (``recsys.io``'s import and preview, the ``soundcheck import`` command, the
Import page) reads formats from the registry in :mod:`recsys.io.formats` through this protocol,
so a new format is one module and one line in the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from recsys.io._options import Options
from recsys.io._report import Grain
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found

__all__ = ["FileFormat", "Format", "StageFn"]

StageFn = Callable[[Stager, list[Found], Options], None]
"""Reads the chosen input files into the staging tables, with one :class:`Stager`."""


@runtime_checkable
class Format(Protocol):
    """An input format: its names, the files it reads and how it stages them."""

    @property
    def name(self) -> str:
        """The name the CLI and the API take, e.g. ``spotify``; unique in the registry."""
        ...

    @property
    def grain(self) -> Grain:
        """``track`` when the source has plays of tracks, ``artist`` when it only has counts."""
        ...

    @property
    def label(self) -> str:
        """What the Import page calls the format in its format menu."""
        ...

    @property
    def hint(self) -> str:
        """What to upload, shown under the format menu (Markdown, file names in backticks)."""
        ...

    @property
    def patterns(self) -> tuple[str, ...]:
        """Shell-style patterns of the file names the format reads (matched ignoring case)."""
        ...

    @property
    def signatures(self) -> tuple[frozenset[str], ...]:
        """Column names or JSON keys that mark a file as this format's: a file whose header
        line (or first JSON records) has every name of one set looks like it."""
        ...

    @property
    def takes_mapping(self) -> bool:
        """Whether the format needs a column mapping (:class:`recsys.io.CsvMapping`)."""
        ...

    def grain_for(self, options: Options, /) -> Grain:
        """The grain of one import with these options (a mapping may make it ``artist``)."""
        ...

    def wanted(self, relpath: str, /) -> bool:
        """Whether the file at ``relpath`` (``/``-separated, inside the source) is read."""
        ...

    def stage(self, st: Stager, files: list[Found], options: Options, /) -> None:
        """Read ``files`` into the staging tables; raise ``ImportDataError`` if they cannot be."""
        ...


@dataclass(frozen=True)
class FileFormat:
    """A :class:`Format` made of its descriptions and two functions.

    Attributes:
        name: the name the CLI and the API take.
        grain: ``track`` or ``artist``.
        label: the Import page's name for it.
        hint: what to upload (Markdown).
        patterns: shell-style patterns of the file names it reads.
        select: says whether a file (by ``/``-separated relative path) is read.
        staging: stages the selected files.
        signatures: column names or JSON keys that mark a file as this format's.
        takes_mapping: whether a column mapping is required; its grain then decides the
            import's grain.
    """

    name: str
    grain: Grain
    label: str
    hint: str
    patterns: tuple[str, ...]
    select: Callable[[str], bool]
    staging: StageFn
    signatures: tuple[frozenset[str], ...] = ()
    takes_mapping: bool = False

    def grain_for(self, options: Options, /) -> Grain:
        """The mapping's grain for formats that take one, else :attr:`grain`."""
        if self.takes_mapping and options.mapping is not None:
            return "artist" if options.mapping.grain == "artist" else "track"
        return self.grain

    def wanted(self, relpath: str, /) -> bool:
        """Whether the file at ``relpath`` is read."""
        return self.select(relpath)

    def stage(self, st: Stager, files: list[Found], options: Options, /) -> None:
        """Stage the selected files."""
        self.staging(st, files, options)
