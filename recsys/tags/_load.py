"""The import's tag step: classify the staged tags inside the import's transaction.

:func:`classify_staged` runs between ``import/load/tag_src`` (the import's tags per artist and
normalised tag) and the statements that write genres, ``artist_genres``, ``artist_tags`` and
``artist_attributes_inferred``; it leaves what every tag says in the TEMP table
``imp_tag_class``.
"""

from __future__ import annotations

import logging

import duckdb

from recsys import sql
from recsys.tags._classify import classify_tags
from recsys.tags._infer import INFERENCE, InferenceConfig

__all__ = ["classify_staged", "inference_params"]

log = logging.getLogger(__name__)


def classify_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Classify the distinct tags in ``imp_tag_src`` into the TEMP table ``imp_tag_class``.

    Genres the warehouse already holds in a hierarchy are passed as ``existing``, so a tag
    naming one keeps it (the synthetic generator's tree is never altered).
    """
    keys = [str(k) for (k,) in con.execute(sql.load("import/load/tag_keys")).fetchall()]
    existing = [str(n) for (n,) in con.execute(sql.load("import/load/genre_hierarchy")).fetchall()]
    frame = classify_tags(keys, existing=existing)
    con.register("imp_tag_frame", frame)
    try:
        con.execute(sql.load("import/load/tag_class"))
    finally:
        con.unregister("imp_tag_frame")
    if keys:
        counts = frame["kind"].value_counts().to_dict()
        log.info("tags classified: %s", ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))


def inference_params(config: InferenceConfig = INFERENCE) -> dict[str, float]:
    """The bound parameters of ``import/load/attributes_inferred``."""
    return {"min_share": config.min_share, "min_agreement": config.min_agreement}
