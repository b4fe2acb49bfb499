"""Zip extraction limits and text decoding, tested on their own."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from recsys.io import ImportDataError, save_uploads
from recsys.io._text import check_text, line_of_record, to_utf8
from recsys.io._zipsafe import ZipLimits, find_files


def test_only_wanted_entries_are_extracted_and_mac_forks_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x/wanted.json", "[]")
        zf.writestr("x/Payments.json", '{"card": "1234"}')
        zf.writestr("__MACOSX/x/._wanted.json", "fork")
    out = tmp_path / "out"
    out.mkdir()
    found = find_files(archive, lambda rel: rel.endswith("wanted.json"), out)

    assert [f.display for f in found] == ["a.zip/x/wanted.json"]
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["wanted.json"]


def test_an_entry_larger_than_it_declares_is_stopped(tmp_path: Path) -> None:
    archive = tmp_path / "lie.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("big.json", b"x" * 5000)
    raw = bytearray(archive.read_bytes())
    # shrink the declared size in the central directory to 10 bytes
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ImportDataError, match=r"lie\.zip"):
        find_files(archive, lambda rel: True, out, ZipLimits())


def test_too_many_entries(tmp_path: Path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(5):
            zf.writestr(f"{i}.json", "[]")
    with pytest.raises(ImportDataError, match="at most 3 entries"):
        find_files(archive, lambda rel: True, tmp_path, ZipLimits(max_entries=3))


def test_mixed_utf8_and_latin1_is_transcoded_line_for_line(tmp_path: Path) -> None:
    src = tmp_path / "mixed.tsv"
    src.write_bytes(b"\xef\xbb\xbfBj\xc3\xb6rk\r\nCaf\xe9 Tacuba\r\n\r\nS\xc3\xadgur R\xf3s\r\n")
    text = to_utf8(src, tmp_path / "out.tsv").read_bytes().decode("utf-8")

    assert text == "Björk\r\nCafé Tacuba\r\n\r\nSígur Rós\r\n"
    assert line_of_record(src, 3) == 4  # the blank line is skipped, as DuckDB does


def test_utf16_and_binary_are_recognised(tmp_path: Path) -> None:
    utf16 = tmp_path / "u.json"
    utf16.write_text("[]", encoding="utf-16")
    assert "UTF-16" in str(check_text(utf16, "u.json"))
    binary = tmp_path / "b.json"
    binary.write_bytes(b"[\x00]")
    assert "NUL byte at offset 1" in str(check_text(binary, "b.json"))


def test_uploads_cannot_choose_where_they_land(tmp_path: Path) -> None:
    import io

    target = save_uploads(
        [("../../etc/evil.json", io.BytesIO(b"[]")), ("C:\\x\\ok.json", io.BytesIO(b"[]"))],
        tmp_path,
    )
    assert target == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.json", "ok.json"]
