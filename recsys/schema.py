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
    "COLUMN_DESCRIPTIONS",
    "GROUND_TRUTH_TABLES",
    "SCHEMA_VERSION",
    "STATS_TABLES",
    "TABLE_DESCRIPTIONS",
    "Columns",
    "Grain",
    "Task",
]

Grain = Literal["track", "artist"]
"""What a dataset's items are: tracks where the source has them, else artists."""

Task = Literal["discovery", "repeat"]
"""What the recommender ranks: items new to the listener, or items they already played."""

SCHEMA_VERSION: Final = 2
"""Bumped whenever ``schema/core.sql`` changes shape. A warehouse of an older version is
upgraded by its next write (:func:`recsys.warehouse.building`) and read as it is until then; a
newer or unknown version is refused. Version 2 added ``dataset_id`` to ``datasets``,
``listens``, ``play_counts`` and ``friends``."""


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
        "artist_tags": ("artist_id", "tag", "weight", "kind", "genre_id", "value"),
        "artist_attributes_inferred": (
            "artist_id",
            "attribute",
            "value",
            "evidence_tag",
            "weight_share",
            "agreement",
        ),
        "listens": ("user_id", "track_id", "ts", "ms_played", "skipped", "source", "dataset_id"),
        "play_counts": ("user_id", "artist_id", "plays", "dataset_id"),
        "friends": ("user_id", "friend_id", "dataset_id"),
        "datasets": (
            "name",
            "grain",
            "imported_at",
            "source_format",
            "row_counts",
            "content_hash",
            "dataset_id",
        ),
    }
)
"""Every canonical table and its columns, in DDL order."""

TABLE_DESCRIPTIONS: Final = MappingProxyType(
    {
        "users": "One row per listener; ids are surrogates, never the source's account id.",
        "artists": "One row per artist, matched across sources by source id or normalised name.",
        "tracks": "One row per track, with its artist; matched across sources like artists.",
        "genres": "Parent genres and their sub-genres: a canonical genre tree that imported "
        "tags are matched to, or the demo generator's own tree.",
        "artist_genres": "Which genres each artist is tagged with, and how strongly.",
        "artist_tags": "Every free tag an import brought, as the source spelled it, with what "
        "it was read as: a genre, an era, a place, a voice, an opinion, or unknown.",
        "artist_attributes_inferred": "An artist's country and lead-voice gender inferred from "
        "its place and voice tags, with the evidence; kept apart from the declared values.",
        "listens": "One row per play, with when it started, how long it lasted and whether it "
        "was skipped.",
        "play_counts": "Plays per listener and artist, for sources that publish totals but no "
        "individual plays (such as hetrec).",
        "friends": "Who follows whom, for sources with a social graph (such as hetrec).",
        "datasets": "One row per import (or generated demo), with what it added.",
    }
)
"""A one-line description of every canonical table, shown where the table is browsed."""

_DATASET_ID: Final = (
    "The dataset that brought the row (see datasets); empty for rows written before "
    "datasets were tracked."
)

COLUMN_DESCRIPTIONS: Final = MappingProxyType(
    {
        "users": MappingProxyType(
            {
                "user_id": "Soundcheck's number for the listener (a surrogate key).",
                "pseudonym": "Salted hash of the source's user id; the id itself is not kept.",
                "country": "Two-letter country code (ISO 3166-1); empty when unknown.",
                "age_group": "Age band such as 25-34; empty when unknown.",
                "gender": "Gender as the source gives it; empty when unknown.",
                "signup_ts": "When the listener signed up (UTC); empty when unknown.",
            }
        ),
        "artists": MappingProxyType(
            {
                "artist_id": "Soundcheck's number for the artist.",
                "name": "The artist's name as the source spells it.",
                "country": "Two-letter country code of the artist; empty when unknown.",
                "gender": "female, male, mixed (a group) or non-binary; empty when unknown.",
                "debut_year": "Year of the artist's first release; empty when unknown.",
            }
        ),
        "tracks": MappingProxyType(
            {
                "track_id": "Soundcheck's number for the track.",
                "artist_id": "The track's artist (see artists).",
                "title": "The track's title.",
                "album": "The album the track appears on; empty when unknown.",
                "release_date": "When the track was released; empty when unknown.",
                "duration_ms": "Length of the track in milliseconds; empty when unknown.",
            }
        ),
        "genres": MappingProxyType(
            {
                "genre_id": "Soundcheck's number for the genre.",
                "name": "The genre's name.",
                "parent_id": "The parent genre of a sub-genre; empty for a parent genre.",
            }
        ),
        "artist_genres": MappingProxyType(
            {
                "artist_id": "The artist (see artists).",
                "genre_id": "The genre (see genres).",
                "weight": "How strongly the artist is tagged with the genre (higher is more).",
            }
        ),
        "artist_tags": MappingProxyType(
            {
                "artist_id": "The artist (see artists).",
                "tag": "The tag as the source spells it (its most common spelling).",
                "weight": "The tag's share of the artist's tag applications in the import that "
                "brought it.",
                "kind": "What the tag was read as: genre, era, place, voice (female or male "
                "lead), opinion (such as 'seen live'; used for nothing) or unknown (kept raw, "
                "never made a genre).",
                "genre_id": "The canonical genre a genre tag was matched to (see genres); "
                "empty for other kinds.",
                "value": "What the tag states: a decade (1980s), a country code (GB) or a voice "
                "(female, male); for a genre tag, the qualifier in front of it.",
            }
        ),
        "artist_attributes_inferred": MappingProxyType(
            {
                "artist_id": "The artist (see artists).",
                "attribute": "country, or gender (of the lead voice, from voice tags).",
                "value": "The inferred value: a country code, or female / male.",
                "evidence_tag": "The strongest tag stating the value.",
                "weight_share": "Share of the artist's tag weight stating the value.",
                "agreement": "Share of the attribute's evidence that states this value "
                "(1: no tag says otherwise).",
            }
        ),
        "listens": MappingProxyType(
            {
                "user_id": "Who played it (see users).",
                "track_id": "What was played (see tracks).",
                "ts": "When the play started, in UTC.",
                "ms_played": "How long it played, in milliseconds; empty when the source does "
                "not say (scrobbles).",
                "skipped": "Whether the listener skipped the track; empty when unknown.",
                "source": "Where the play came from: the import format, or synthetic:<preset>.",
                "dataset_id": _DATASET_ID,
            }
        ),
        "play_counts": MappingProxyType(
            {
                "user_id": "The listener (see users).",
                "artist_id": "The artist (see artists).",
                "plays": "How many times the listener played the artist, in total.",
                "dataset_id": _DATASET_ID,
            }
        ),
        "friends": MappingProxyType(
            {
                "user_id": "A listener (see users).",
                "friend_id": "A listener they are friends with (see users).",
                "dataset_id": _DATASET_ID,
            }
        ),
        "datasets": MappingProxyType(
            {
                "name": "The dataset's name (by default the imported file or folder).",
                "grain": "What its items are: track, or artist for totals-only sources.",
                "imported_at": "When it was imported or generated (UTC).",
                "source_format": "The import format (spotify, lastfm-1k, csv, …) or synthetic.",
                "row_counts": "Rows it added to each table.",
                "content_hash": "Fingerprint of the imported content; the same content is "
                "not imported twice.",
                "dataset_id": "Soundcheck's number for the dataset; rows of other tables carry "
                "it to say which dataset brought them.",
            }
        ),
    }
)
"""A one-line description of every column of every canonical table, by table."""

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
