"""The two-stage recommender: evaluation splits, candidate generators and (later) the ranker.

Everything here works on long-format frames named by :class:`recsys.schema.Columns`
(``user_id``, ``item_id``, ``ts``, ``weight``, ``score``, ``rank``). ``item_id`` is a track or an
artist, depending on the grain of the dataset.
"""
