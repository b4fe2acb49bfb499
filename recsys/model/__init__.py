"""The two-stage recommender: evaluation splits, candidate generators, features and the ranker.

Everything here works on long-format frames named by :class:`recsys.schema.Columns`
(``user_id``, ``item_id``, ``ts``, ``weight``, ``score``, ``rank``). ``item_id`` is a track or an
artist, depending on the grain of the dataset.
"""

import os

# LightGBM and implicit run OpenMP loops; waiting threads that spin steal the cores from
# everything else (the dashboard, DuckDB, the other library), so let them sleep instead.
# Read when the OpenMP runtime starts, hence set before either library is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
