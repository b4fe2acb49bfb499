"""Find the input files of an import in a file, a folder or a zip archive, safely.

A zip is checked before anything is written: every entry name must stay inside the target
folder (no absolute paths, drive letters or ``..``), no entry may be a symbolic link, and the
declared sizes must stay under the limits (total, per-entry compression ratio, entry count) and
fit on the disk. While extracting, the bytes actually written are counted too, so an archive
that lies about its sizes is stopped as soon as it exceeds them. Only the entries the format
needs are extracted: a Spotify export's payment or identity files never touch the disk.
"""

from __future__ import annotations

import logging
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from recsys.io._report import ImportDataError, Problem

__all__ = ["Found", "ZipLimits", "find_files", "folder_files", "is_hidden"]

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    """Limits a zip archive must respect.

    Attributes:
        max_entries: entries in the archive.
        max_total_bytes: uncompressed bytes of the extracted entries.
        max_ratio: uncompressed / compressed size of one entry (checked above 1 MiB).
    """

    max_entries: int = 200_000
    max_total_bytes: int = 64 * 2**30
    max_ratio: float = 200.0


@dataclass(frozen=True)
class Found:
    """An input file: where it is on disk and how to name it to the user."""

    path: Path
    display: str
    relpath: str


def is_hidden(relpath: str) -> bool:
    """macOS resource forks and hidden files that archives and folders carry along."""
    parts = PurePosixPath(relpath).parts
    return any(p == "__MACOSX" or p.startswith(".") for p in parts)


def find_files(
    source: Path,
    wanted: Callable[[str], bool],
    workdir: Path,
    limits: ZipLimits = ZipLimits(),
    *,
    show_folder: bool = True,
) -> list[Found]:
    """The files of ``source`` that ``wanted`` accepts (by path relative to the source).

    Args:
        source: a file, a folder or a zip archive.
        wanted: takes a ``/``-separated relative path and says whether the format reads it.
        workdir: an empty folder where zip entries are extracted.
        limits: what a zip archive must respect.
        show_folder: name a folder's files ``<folder>/<path>``; when False, by their path
            inside it alone (a temporary folder of uploads, whose name means nothing).

    Raises:
        ImportDataError: the source is missing, or an archive is unsafe or unreadable.
    """
    if not source.exists():
        raise ImportDataError(
            [
                Problem(
                    str(source),
                    "an existing file, folder or zip archive",
                    kind="structure",
                    found="nothing at that path",
                )
            ]
        )
    if source.is_dir():
        found = [
            Found(p, f"{source.name}/{rel}" if show_folder else rel, rel)
            for p, rel in folder_files(source)
        ]
        return [f for f in found if wanted(f.relpath)]
    if zipfile.is_zipfile(source):
        return _extract(source, wanted, workdir, limits)
    return [Found(source, source.name, source.name)]


def folder_files(folder: Path) -> list[tuple[Path, str]]:
    """Every file in ``folder`` and below but hidden ones, with its ``/``-separated path."""
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and not is_hidden(rel):
            out.append((p, rel))
    return out


def _refuse(archive: Path, found: str, expected: str) -> ImportDataError:
    return ImportDataError([Problem(archive.name, expected, found=found, kind="archive")])


def _safe_name(archive: Path, name: str) -> PurePosixPath:
    """The entry name as a relative path that cannot leave the target folder."""
    clean = name.replace("\\", "/")
    path = PurePosixPath(clean)
    bad = (
        "\x00" in clean
        or clean.startswith("/")
        or (len(clean) > 1 and clean[1] == ":")
        or any(part == ".." for part in path.parts)
    )
    if bad or not path.parts:
        raise _refuse(
            archive,
            f"entry {name!r}",
            "entry names that stay inside the archive (no absolute paths, drive letters or '..')",
        )
    return path


def _extract(
    archive: Path, wanted: Callable[[str], bool], workdir: Path, limits: ZipLimits
) -> list[Found]:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(archive, f"an unreadable archive ({exc})", "a valid zip archive") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise _refuse(
                archive, f"{len(infos):,} entries", f"at most {limits.max_entries:,} entries"
            )
        chosen: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        for info in infos:
            rel = _safe_name(archive, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise _refuse(
                    archive, f"entry {info.filename!r} is a symbolic link", "regular files only"
                )
            if info.is_dir() or is_hidden(rel.as_posix()) or not wanted(rel.as_posix()):
                continue
            if info.flag_bits & 0x1:
                raise _refuse(
                    archive,
                    f"entry {info.filename!r} is encrypted",
                    "an archive without a password",
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _CHUNK and ratio > limits.max_ratio:
                raise _refuse(
                    archive,
                    f"entry {info.filename!r} expands {ratio:,.0f} times",
                    f"a compression ratio of at most {limits.max_ratio:,.0f}",
                )
            chosen.append((info, rel))
        total = sum(info.file_size for info, _ in chosen)
        if total > limits.max_total_bytes:
            raise _refuse(
                archive,
                f"{total:,} bytes uncompressed",
                f"at most {limits.max_total_bytes:,} bytes",
            )
        free = shutil.disk_usage(workdir).free
        if total > free:
            raise _refuse(
                archive,
                f"{total:,} bytes uncompressed, {free:,} bytes free on disk",
                "an archive that fits on the disk",
            )
        found: list[Found] = []
        written = 0
        for info, rel in chosen:
            target = workdir.joinpath(*rel.parts)
            if not target.resolve().is_relative_to(workdir.resolve()):
                raise _refuse(archive, f"entry {info.filename!r}", "entries inside the archive")
            target.parent.mkdir(parents=True, exist_ok=True)
            written += _copy_entry(zf, info, target, archive, limits.max_total_bytes - written)
            found.append(Found(target, f"{archive.name}/{rel.as_posix()}", rel.as_posix()))
        log.info(
            "extracted %d of %d entries (%d bytes) from %s",
            len(found),
            len(infos),
            written,
            archive,
        )
        return found


def _copy_entry(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, archive: Path, budget: int
) -> int:
    """Copy one entry, stopping once it writes more than it declared or the budget allows."""
    allowed = min(info.file_size, budget)
    n = 0
    try:
        with zf.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(_CHUNK):
                n += len(chunk)
                if n > allowed:
                    raise _refuse(
                        archive,
                        f"entry {info.filename!r} is larger than it declares",
                        "entries no larger than their declared size",
                    )
                dst.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # CRC errors, truncated archives
        raise _refuse(
            archive, f"entry {info.filename!r} is damaged ({exc})", "an intact zip archive"
        ) from exc
    return n
