"""The audit's page back-ends: leaving out the groupings inferred from tags."""

from __future__ import annotations

import pandas as pd

from recsys.audit import views


def test_inferred_groupings_can_be_left_out_of_the_figures_and_the_choices() -> None:
    figures = pd.DataFrame(
        {
            "side": ["artist"] * 3,
            "metric": ["exposure"] * 3,
            "group_attribute": ["artist_gender", "artist_gender_inferred", "artist_popularity"],
        }
    )
    assert views.attributes(figures, "artist") == [
        "artist_gender",
        "artist_gender_inferred",
        "artist_popularity",
    ]
    assert views.attributes(figures, "artist", include_inferred=False) == [
        "artist_gender",
        "artist_popularity",
    ]
    kept = views.drop_inferred(figures)
    assert list(kept["group_attribute"]) == ["artist_gender", "artist_popularity"]
    assert views.attribute_label("artist_gender_inferred").endswith("(inferred)")
