"""Explanations against the planted truth of the synthetic data (tiny preset).

The generator draws each play from the listener's genre taste first, so taste must be the
strongest group, genre affinity must push the score up more as it grows, and the sub-genres
that taste reasons cite must be the listener's true favourites far more often than a sub-genre
drawn at random from what they played (true favourites: the three heaviest sub-genres in
``ground_truth_user_taste``).
"""

from __future__ import annotations

import duckdb
import pytest
from scipy.stats import spearmanr

from recsys.explain import global_importance, reason_faithfulness, resolve_run, sample

pytestmark = pytest.mark.slow


def test_taste_is_the_strongest_group(explained_con: duckdb.DuckDBPyConnection) -> None:
    info = resolve_run(explained_con)
    groups = global_importance(explained_con, info, "group")
    assert groups["name"].iloc[0] == "taste"
    assert groups["mean_abs_shap"].iloc[0] > 1.2 * groups["mean_abs_shap"].iloc[1]


def test_genre_affinity_contributes_more_as_it_grows(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    shap, values = sample(explained_con, info)
    rho = spearmanr(values["genre_affinity"], shap["genre_affinity"]).statistic
    assert rho > 0.5


def test_taste_reasons_cite_the_listeners_true_favourite_sub_genres(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    shares = reason_faithfulness(explained_con, resolve_run(explained_con), top=10)
    assert shares.n_listeners == 200 and shares.n_reasons >= 100
    assert shares.reasons > 0.6
    assert shares.reasons > shares.random + 0.25
