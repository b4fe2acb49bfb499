"""The page registry's helpers for addresses that name no page."""

from __future__ import annotations

import pytest

from recsys.ui import navigation
from recsys.ui.navigation import PAGES


@pytest.mark.parametrize(
    ("url", "base", "path"),
    [
        ("http://127.0.0.1:8501", "", None),
        ("http://127.0.0.1:8501/", "", None),
        ("http://127.0.0.1:8501/nonexistent", "", "nonexistent"),
        ("http://127.0.0.1:8501/Runs/", "", "Runs"),
        ("http://host/soundcheck/nonexistent", "soundcheck", "nonexistent"),
        ("http://host/soundcheck", "/soundcheck/", None),
        ("http://host/caf%C3%A9", "", "café"),
        (None, "", None),
    ],
)
def test_requested_path_is_the_path_below_the_base(url: str | None, base: str, path: str) -> None:
    assert navigation.requested_path(url, base) == path


@pytest.mark.parametrize(
    ("path", "title"),
    [("Runs", "Runs"), ("DATA", "Data"), ("overveiw", "Overview"), ("improt", "Import")],
)
def test_closest_finds_the_page_meant(path: str, title: str) -> None:
    guess = navigation.closest(path, PAGES)
    assert guess is not None and guess.title == title


def test_closest_gives_up_on_a_path_like_no_page() -> None:
    assert navigation.closest("nonexistent", PAGES) is None


def test_a_page_says_it_draws_charts_exactly_when_it_does() -> None:
    for spec in PAGES:
        source = (navigation.ROOT / spec.path).read_text(encoding="utf-8")
        assert spec.charts == ("charts.plotly_chart(" in source), spec.title
