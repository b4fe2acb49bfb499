"""The Runs page's sentence on a sampled oracle."""

from __future__ import annotations

from recsys.views.runs import oracle_sample_sentence


def test_a_sampled_oracle_is_described_with_its_size_and_interval() -> None:
    summary = {
        "models": {"oracle": {"ndcg@10": 0.31234}},
        "oracle_sample": {"users": 5000, "of": 91342, "ci95": {"ndcg@10": [0.30501, 0.31967]}},
    }
    assert oracle_sample_sentence(summary) == (
        "The oracle was scored on a random sample of 5,000 of the 91,342 test listeners "
        "(ranking the whole catalogue for each is the costliest step of a large build): its "
        "NDCG@10 is 0.3123, with a 95% interval of 0.3050 to 0.3197 for all test listeners; the "
        "share of oracle carries that uncertainty."
    )


def test_an_oracle_on_every_listener_needs_no_sentence() -> None:
    assert oracle_sample_sentence({"models": {"oracle": {"ndcg@10": 0.3}}}) is None
