"""The repository stands on its own: nothing in it points outside it, every ``docs/`` page the
code or the docs name exists, and ``data/`` ships with its README only."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"\.\./shared|shared/(DESIGN|STYLE|KNOWN)\.md|\b(DESIGN|STYLE|KNOWN)\.md\b")
DOC_LINK = re.compile(r"\bdocs/[a-z0-9_-]+\.md\b")


def tracked_text_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    files = [ROOT / name for name in out.split("\0") if name]
    return [
        f
        for f in files
        if f.is_file() and f.suffix in {".py", ".md", ".sql", ".toml", ".txt", ".cfg", ""}
    ]


def test_the_pattern_catches_a_reference_outside_the_repository() -> None:
    # built from parts, so that this file itself names nothing outside the repository
    assert OUTSIDE.search("see " + ".." + "/shared/" + "DESIGN" + ".md for details")
    assert OUTSIDE.search("(" + "STYLE" + ".md habit 1)")
    assert not OUTSIDE.search("docs/architecture.md")


def test_no_file_refers_to_anything_outside_the_repository() -> None:
    here = Path(__file__).resolve()
    offenders = [
        f"{f.relative_to(ROOT)}:{n}"
        for f in tracked_text_files()
        if f != here
        for n, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_every_docs_page_that_is_named_exists() -> None:
    named = {
        m.group(0)
        for f in tracked_text_files()
        for m in DOC_LINK.finditer(f.read_text(encoding="utf-8", errors="replace"))
    }
    assert named, "the code names no docs page at all"
    missing = sorted(n for n in named if not (ROOT / n).is_file())
    assert missing == []


def test_data_folder_is_in_the_repository_with_its_readme_only() -> None:
    out = subprocess.run(
        ["git", "ls-files", "data"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["data/README.md"]
