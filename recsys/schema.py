"""Names of the canonical tables and columns: the contract between Soundcheck's modules.

Frames that cross a module border use these names. The DDL itself lives in
``recsys/sql/schema/core.sql``; :data:`CANONICAL_TABLES` lists its tables with their columns so that
code which must name a table or a column (browsing, the stats command) can check the name
against this allow-list instead of formatting user input into SQL.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "CANONICAL_TABLES",
    "GROUND_TRUTH_TABLES",
    "SCHEMA_VERSION",
    "STATS_TABLES",
    "Columns",
    "Grain",
    "Task",
]

Grain = Literal["track", "artist"]
"""What a dataset's items are: tracks where the source has them, else artists."""

Task = Literal["discovery", "repeat"]
"""What the recommender ranks: items new to the listener, or items they already played."""

SCHEMA_VERSION: Final = 1
"""Bumped whenever ``schema/core.sql`` changes shape; a warehouse of another version is
refused."""


class Columns:
    """Column names shared across modules (RecTools-style constants)."""

    user_id: Final = "user_id"
    item_id: Final = "item_id"
    track_id: Final = "track_id"
    artist_id: Final = "artist_id"
    genre_id: Final = "genre_id"
    ts: Final = "ts"
    ms_played: Final = "ms_played"
    skipped: Final = "skipped"
    score: Final = "score"
    rank: Final = "rank"
    weight: Final = "weight"


CANONICAL_TABLES: Final = MappingProxyType(
    {
        "users": ("user_id", "pseudonym", "country", "age_group", "gender", "signup_ts"),
        "artists": ("artist_id", "name", "country", "gender", "debut_year"),
        "tracks": ("track_id", "artist_id", "title", "album", "release_date", "duration_ms"),
        "genres": ("genre_id", "name", "parent_id"),
        "artist_genres": ("artist_id", "genre_id", "weight"),
        "listens": ("user_id", "track_id", "ts", "ms_played", "skipped", "source"),
        "play_counts": ("user_id", "artist_id", "plays"),
        "friends": ("user_id", "friend_id"),
        "datasets": (
            "name",
            "grain",
            "imported_at",
            "source_format",
            "row_counts",
            "content_hash",
        ),
    }
)
"""Every canonical table and its columns, in DDL order."""

STATS_TABLES: Final = (
    "users",
    "artists",
    "tracks",
    "listens",
    "play_counts",
    "genres",
    "artist_genres",
    "friends",
)
"""Tables whose row counts ``soundcheck stats`` reports."""

GROUND_TRUTH_TABLES: Final = (
    "ground_truth_preference",
    "ground_truth_users",
    "ground_truth_user_taste",
    "ground_truth_artists",
    "ground_truth_tracks",
    "ground_truth_exposure",
    "ground_truth_emerging",
)
"""Tables the synthetic generator writes with the truth it planted."""
