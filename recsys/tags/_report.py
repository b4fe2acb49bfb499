"""Figures on what the tag normalisation made of a warehouse's tags (docs/tags.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pandas as pd

from recsys import sql

__all__ = ["TagFigures", "kinds", "tag_figures"]


@dataclass(frozen=True)
class TagFigures:
    """Counts over ``artist_tags``, ``genres``, ``artist_genres`` and the inferred attributes.

    Attributes:
        raw_tags: distinct normalised tags (the flat import made each one a genre).
        genre_tags: distinct normalised tags read as a canonical genre.
        genres: rows of ``genres``.
        sub_genres: genres with a parent.
        parents: top-level genres with at least one sub-genre.
        tagged_artists: artists with at least one tag.
        artists_with_genre: tagged artists with at least one canonical genre.
        opinion_tags: distinct opinion tags (dropped: no genre, no facet).
        opinion_pairs: (artist, tag) pairs of opinion tags.
        unknown_tags: distinct tags kept raw only.
        inferred_gender: artists with an inferred lead-voice gender.
        inferred_country: artists with an inferred country.
    """

    raw_tags: int
    genre_tags: int
    genres: int
    sub_genres: int
    parents: int
    tagged_artists: int
    artists_with_genre: int
    opinion_tags: int
    opinion_pairs: int
    unknown_tags: int
    inferred_gender: int
    inferred_country: int

    @property
    def genre_coverage(self) -> float:
        """Share of tagged artists with at least one canonical genre."""
        return self.artists_with_genre / self.tagged_artists if self.tagged_artists else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The counts and the coverage, JSON-ready."""
        return {**asdict(self), "genre_coverage": round(self.genre_coverage, 6)}


def tag_figures(con: duckdb.DuckDBPyConnection) -> TagFigures:
    """The figures of the warehouse on ``con`` (which must have the tag tables)."""
    frame = con.execute(sql.load("tags/figures")).df()
    return TagFigures(**{k: int(v) for k, v in frame.iloc[0].items()})


def kinds(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per kind: distinct tags, (artist, tag) pairs and the five most used tags."""
    return con.execute(sql.load("tags/kinds")).df()
