"""The LambdaRank re-ranker: graded labels, a planted signal, SHAP additivity, persistence."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recsys.errors import NotFittedError
from recsys.evaluation import evaluate
from recsys.model.ranker import Ranker, RankerConfig, graded_labels

FEATURES = ["signal", "noise_a", "noise_b"]
FAST = RankerConfig(
    n_estimators=60, num_leaves=7, min_child_samples=5, early_stopping_rounds=15, n_jobs=1
)


def planted(rng: np.random.Generator, users: range, n_items: int = 30) -> pd.DataFrame:
    """Candidates whose grade is a step function of ``signal`` alone (noise carries nothing)."""
    n = len(users) * n_items
    frame = pd.DataFrame(
        {
            "user_id": np.repeat(np.array(users), n_items),
            "item_id": np.tile(np.arange(n_items), len(users)),
            "signal": rng.random(n),
            "noise_a": rng.random(n),
            "noise_b": rng.normal(size=n),
        }
    )
    frame["label"] = np.digitize(frame["signal"], [0.7, 0.85, 0.95])
    return frame


@pytest.fixture(scope="module")
def fitted() -> tuple[Ranker, pd.DataFrame]:
    rng = np.random.default_rng(20261129)
    train = planted(rng, range(80))
    held_out = planted(rng, range(1000, 1030))
    return Ranker(FAST).fit(train, FEATURES), held_out


def test_graded_labels_count_unskipped_plays() -> None:
    window = pd.DataFrame(
        [
            ("u1", "a", True),  # one skipped play: heard and rejected, not relevant
            ("u1", "b", False),
            ("u1", "b", False),  # two full plays: 2
            *[("u1", "c", False)] * 5,
            ("u1", "c", True),  # five full plays (and a skip): 3
            ("u2", "a", False),
            ("u2", "a", True),  # one full play of two: 1
            ("u2", "d", None),
            ("u2", "d", None),  # skip unknown counts as a full play: 2
        ],
        columns=["user_id", "item_id", "skipped"],
    )
    got = graded_labels(window).sort_values(["user_id", "item_id"], ignore_index=True)
    expected = pd.DataFrame(
        {
            "user_id": ["u1", "u1", "u2", "u2"],
            "item_id": ["b", "c", "a", "d"],
            "label": [2, 3, 1, 2],
        }
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_graded_labels_without_skips_count_every_play() -> None:
    window = pd.DataFrame({"user_id": [1] * 6 + [2], "item_id": [7, 7, 8, 8, 8, 8, 7]})
    window = pd.concat([window, pd.DataFrame({"user_id": [1], "item_id": [8]})])
    got = graded_labels(window).set_index(["user_id", "item_id"])["label"].to_dict()
    assert got == {(1, 7): 2, (1, 8): 3, (2, 7): 1}


def test_ranker_learns_a_planted_signal(fitted: tuple[Ranker, pd.DataFrame]) -> None:
    ranker, held_out = fitted
    reco = held_out[["user_id", "item_id"]].assign(score=ranker.predict(held_out))
    reco["rank"] = reco.groupby("user_id")["score"].rank(ascending=False, method="first")
    truth = held_out.loc[held_out["label"] > 0, ["user_id", "item_id", "label"]]
    summary, _ = evaluate({"ranker": reco}, truth.rename(columns={"label": "weight"}), [10])
    graded, _ = evaluate(
        {"ranker": reco}, truth.rename(columns={"label": "weight"}), [10], graded=True
    )
    assert graded.loc["ranker", "ndcg@10"] > 0.97
    assert summary.loc["ranker", "ndcg@10"] > 0.97
    importance = ranker.gain_importance()
    assert importance.loc[0, "feature"] == "signal"
    assert importance.loc[0, "share"] > 0.6  # later trees fit noise a little
    assert importance["share"].sum() == pytest.approx(1.0)
    assert 1 <= ranker.best_iteration <= FAST.n_estimators
    assert set(ranker.curve) == {"train", "valid"}


def test_contributions_add_up_to_the_prediction(fitted: tuple[Ranker, pd.DataFrame]) -> None:
    ranker, held_out = fitted
    contrib = ranker.contributions(held_out)
    assert list(contrib.columns) == [*FEATURES, "bias"]
    assert contrib.index.equals(held_out.index)
    np.testing.assert_allclose(contrib.sum(axis=1), ranker.predict(held_out), atol=1e-6)


def test_save_and_load_give_identical_predictions(
    fitted: tuple[Ranker, pd.DataFrame], tmp_path: Path
) -> None:
    ranker, held_out = fitted
    path = tmp_path / "models" / "run.txt"
    ranker.save(path)
    assert path.is_file() and path.with_suffix(".json").is_file()
    loaded = Ranker.load(path)
    np.testing.assert_array_equal(loaded.predict(held_out), ranker.predict(held_out))
    assert loaded.config == ranker.config
    assert loaded.feature_names == FEATURES
    assert loaded.best_iteration == ranker.best_iteration
    assert loaded.curve == ranker.curve


def test_loading_a_missing_model_names_the_path(
    fitted: tuple[Ranker, pd.DataFrame], tmp_path: Path
) -> None:
    path = tmp_path / "nowhere" / "run.txt"
    with pytest.raises(NotFittedError, match=re.escape(str(path))):
        Ranker.load(path)
    # A booster without its JSON sidecar (config, feature names) is just as unusable.
    path = tmp_path / "run.txt"
    fitted[0].save(path)
    path.with_suffix(".json").unlink()
    with pytest.raises(NotFittedError, match=re.escape(str(path.with_suffix(".json")))):
        Ranker.load(path)


def test_an_unfitted_ranker_refuses_to_predict() -> None:
    frame = pd.DataFrame({f: [0.0] for f in FEATURES})
    with pytest.raises(NotFittedError, match="soundcheck build"):
        Ranker(FAST, feature_names=FEATURES).predict(frame)


def test_fewer_than_ten_users_with_a_positive_cannot_train(rng: np.random.Generator) -> None:
    frame = planted(rng, range(40))
    positive = frame.groupby("user_id")["label"].transform("max") > 0
    assert positive.all()
    frame.loc[frame["user_id"] >= 9, "label"] = 0  # 9 users keep a positive, 31 have none
    with pytest.raises(NotFittedError, match="fewer than 10 users"):
        Ranker(FAST).fit(frame, FEATURES)
