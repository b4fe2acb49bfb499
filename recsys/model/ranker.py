"""The second stage: a LightGBM LambdaRank model over candidate features.

Labels are graded by unskipped plays in the label window (0 = none, 1 = one, 2 = at least
two, 3 = at least five; see :func:`grade`), groups are users, and training stops early on a held-out
slice of users. The fitted booster, its config and the feature names are saved beside the
warehouse so the explanation pages can load it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from recsys.errors import NotFittedError

__all__ = ["Ranker", "RankerConfig", "grade", "graded_labels"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RankerConfig:
    """Hyper-parameters of the LambdaRank model (saved with every run)."""

    n_estimators: int = 400
    learning_rate: float = 0.05
    num_leaves: int = 63
    min_child_samples: int = 40
    subsample: float = 0.8
    colsample_bytree: float = 0.8
    reg_lambda: float = 1.0
    early_stopping_rounds: int = 40
    valid_fraction: float = 0.15
    eval_at: tuple[int, ...] = (10,)
    max_train_users: int = 20_000
    negatives_per_user: int | None = 60
    """Irrelevant candidates kept per training user (all relevant ones are kept); None keeps
    all. Sampling cuts training time several-fold for a small cost in accuracy."""
    seed: int = 42
    n_jobs: int = 2

    def __post_init__(self) -> None:
        if not 0.0 < self.valid_fraction < 0.5:
            raise ValueError("valid_fraction must be in (0, 0.5)")
        if self.n_estimators < 1 or self.learning_rate <= 0:
            raise ValueError("n_estimators must be >= 1 and learning_rate > 0")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return asdict(self)


def grade(unskipped_plays: pd.Series) -> pd.Series:
    """Relevance grade from a pair's unskipped plays in a window: 0, 1, 2 (two or more) or 3
    (five or more). A skipped-only item was heard and rejected, so it is not relevant."""
    n = unskipped_plays.fillna(0)
    return ((n >= 1).astype(int) + (n >= 2).astype(int) + (n >= 5).astype(int)).astype(int)


def graded_labels(window: pd.DataFrame) -> pd.DataFrame:
    """Relevance grades of the items each user played in a window (see :func:`grade`).

    Args:
        window: ``user_id, item_id`` plays, with ``skipped`` if known (unknown counts as a
            full play).

    Returns:
        ``user_id, item_id, label`` for the pairs with a grade above 0.
    """
    skipped = (
        window["skipped"].astype("boolean").fillna(False).to_numpy(bool)
        if "skipped" in window.columns
        else np.zeros(len(window), dtype=bool)
    )
    w = window.assign(full=~skipped)
    g = w.groupby(["user_id", "item_id"], sort=False)["full"].sum().reset_index(name="full")
    g["label"] = grade(g["full"])
    return g.loc[g["label"] > 0, ["user_id", "item_id", "label"]].reset_index(drop=True)


@dataclass
class Ranker:
    """A fitted (or not yet fitted) LambdaRank re-ranker."""

    config: RankerConfig = field(default_factory=RankerConfig)
    feature_names: list[str] = field(default_factory=list)
    booster: Any = None
    """The trained ``lightgbm.Booster`` (None before :meth:`fit`)."""
    best_iteration: int = 0
    """Number of trees kept after early stopping."""
    curve: dict[str, list[float]] = field(default_factory=dict)
    """NDCG@k per boosting round on the training and validation users (the training curve)."""

    def fit(
        self, frame: pd.DataFrame, feature_names: list[str], *, n_trees: int | None = None
    ) -> Ranker:
        """Train on candidate rows with a ``label`` column, grouped by ``user_id``.

        Users without any relevant candidate carry no ranking signal and are dropped. A
        ``valid_fraction`` of users is held out for early stopping, unless ``n_trees`` fixes
        the number of trees (used to retrain on the latest window with a known size).
        """
        import lightgbm as lgb

        cfg = self.config
        pos = frame.groupby("user_id", sort=False)["label"].transform("max") > 0
        data = frame[pos]
        users = data["user_id"].unique()
        if len(users) < 10:
            raise NotFittedError("fewer than 10 users have a relevant candidate: cannot train")
        rng = np.random.default_rng(cfg.seed)
        if len(users) > cfg.max_train_users:
            users = rng.choice(users, cfg.max_train_users, replace=False)
        valid_users = (
            rng.choice(users, max(5, int(len(users) * cfg.valid_fraction)), replace=False)
            if n_trees is None
            else np.array([], dtype=users.dtype)
        )
        data = data[data["user_id"].isin(users)]
        if cfg.negatives_per_user is not None:
            order = pd.Series(rng.random(len(data)), index=data.index)
            neg_rank = order.where(data["label"] == 0).groupby(data["user_id"]).rank()
            data = data[(data["label"] > 0) | (neg_rank <= cfg.negatives_per_user)]
        data = data.sort_values(["user_id", "item_id"])
        is_valid = data["user_id"].isin(valid_users).to_numpy()
        params = {
            "objective": "lambdarank",
            "metric": "ndcg",
            "eval_at": list(cfg.eval_at),
            "learning_rate": cfg.learning_rate,
            "num_leaves": cfg.num_leaves,
            "min_child_samples": cfg.min_child_samples,
            "subsample": cfg.subsample,
            "subsample_freq": 1,
            "colsample_bytree": cfg.colsample_bytree,
            "reg_lambda": cfg.reg_lambda,
            "seed": cfg.seed,
            "deterministic": True,
            "num_threads": cfg.n_jobs,
            "verbosity": -1,
        }

        def dataset(mask: np.ndarray, reference: Any = None) -> Any:
            part = data[mask]
            return lgb.Dataset(
                part[feature_names].to_numpy(np.float32),
                label=part["label"].to_numpy(),
                group=part.groupby("user_id", sort=False).size().to_numpy(),
                feature_name=feature_names,
                reference=reference,
                free_raw_data=True,
            )

        train = dataset(~is_valid)
        curve: dict[str, Any] = {}
        callbacks = [lgb.record_evaluation(curve)]
        valid_sets, names = [train], ["train"]
        if n_trees is None:
            valid_sets.append(dataset(is_valid, reference=train))
            names.append("valid")
            callbacks.append(lgb.early_stopping(cfg.early_stopping_rounds, verbose=False))
        booster = lgb.train(
            params,
            train,
            num_boost_round=n_trees or cfg.n_estimators,
            valid_sets=valid_sets,
            valid_names=names,
            callbacks=callbacks,
        )
        self.booster = booster
        self.feature_names = list(feature_names)
        self.best_iteration = int(booster.best_iteration or booster.current_iteration())
        key = f"ndcg@{cfg.eval_at[0]}"
        self.curve = {name: [float(v) for v in curve[name][key]] for name in names}
        log.info("ranker trained: %d trees on %d users", self.best_iteration, len(users))
        return self

    def _booster(self) -> Any:
        if self.booster is None:
            raise NotFittedError("the ranker has not been trained: run `soundcheck build`")
        return self.booster

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Ranking scores of candidate rows (higher is better)."""
        x = frame[self.feature_names].to_numpy(np.float32)
        return self._booster().predict(x, num_iteration=self.best_iteration)

    def contributions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Exact SHAP values (TreeSHAP inside LightGBM), one column per feature plus ``bias``."""
        x = frame[self.feature_names].to_numpy(np.float32)
        contrib = self._booster().predict(x, num_iteration=self.best_iteration, pred_contrib=True)
        return pd.DataFrame(contrib, columns=[*self.feature_names, "bias"], index=frame.index)

    def gain_importance(self) -> pd.DataFrame:
        """Total split gain of each feature, largest first."""
        gain = self._booster().feature_importance("gain", iteration=self.best_iteration)
        out = pd.DataFrame({"feature": self.feature_names, "gain": gain})
        out["share"] = out["gain"] / max(out["gain"].sum(), 1e-12)
        return out.sort_values("gain", ascending=False, ignore_index=True)

    def save(self, path: str | Path) -> None:
        """Write the booster (``path``) and a JSON sidecar with config, features and curve."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        self._booster().save_model(str(p), num_iteration=self.best_iteration)
        meta = {
            "config": self.config.to_dict(),
            "feature_names": self.feature_names,
            "best_iteration": self.best_iteration,
            "curve": self.curve,
        }
        p.with_suffix(".json").write_text(json.dumps(meta, indent=1))

    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        """Read a ranker written by :meth:`save`; NotFittedError if it is missing."""
        import lightgbm as lgb

        p = Path(path)
        for needed in (p, p.with_suffix(".json")):  # the booster and its sidecar
            if not needed.is_file():
                raise NotFittedError(f"no trained model at {needed}: run `soundcheck build` first")
        meta = json.loads(p.with_suffix(".json").read_text())
        cfg = meta["config"]
        cfg["eval_at"] = tuple(cfg["eval_at"])
        return cls(
            config=RankerConfig(**cfg),
            feature_names=meta["feature_names"],
            booster=lgb.Booster(model_file=str(p)),
            best_iteration=meta["best_iteration"],
            curve=meta["curve"],
        )
