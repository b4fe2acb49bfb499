"""The genre map: artists placed by how they are listened to and tagged, clusters labelled by
their most distinctive tags, and the clusters that are emerging in some community.

Built at ``soundcheck build`` by the ``map`` run stage (:func:`run_map_stage`) and stored in
the warehouse; the Discover pages and ``soundcheck trends`` read it back. Method, tables and
limits: ``docs/maps.md``.
"""

from recsys.maps._clusters import NOISE, attach_noise, c_tf_idf, cluster, label_clusters
from recsys.maps._communities import communities, friend_communities
from recsys.maps._compute import MapResult, compute_map
from recsys.maps._config import MapConfig
from recsys.maps._embed import embed, ppmi
from recsys.maps._project import ensure_numba_cache, project
from recsys.maps._read import (
    cluster_trajectory,
    map_cluster_tests,
    map_clusters,
    map_communities,
    map_info,
    map_month_list,
    map_month_plays,
    map_months,
    map_points,
    map_runs,
    map_test_count,
    map_tests,
    resolve_run,
    trends_json,
)
from recsys.maps._selection import (
    SelectionFigures,
    listener_groups,
    selected_ids,
    selection_figures,
    selection_table,
    user_overlay,
)
from recsys.maps._stage import MAP_TABLES, run_map_stage, write_map
from recsys.maps._trends import bh_adjust, burst_tests, rank_clusters
from recsys.maps._views import (
    artist_choices,
    cluster_tests,
    driver_ids,
    emerging_table,
    exposure_sentence,
    month_choices,
)

__all__ = [
    "MAP_TABLES",
    "NOISE",
    "MapConfig",
    "MapResult",
    "SelectionFigures",
    "artist_choices",
    "attach_noise",
    "bh_adjust",
    "burst_tests",
    "c_tf_idf",
    "cluster",
    "cluster_tests",
    "cluster_trajectory",
    "communities",
    "compute_map",
    "driver_ids",
    "embed",
    "emerging_table",
    "ensure_numba_cache",
    "exposure_sentence",
    "friend_communities",
    "label_clusters",
    "listener_groups",
    "map_cluster_tests",
    "map_clusters",
    "map_communities",
    "map_info",
    "map_month_list",
    "map_month_plays",
    "map_months",
    "map_points",
    "map_runs",
    "map_test_count",
    "map_tests",
    "month_choices",
    "ppmi",
    "project",
    "rank_clusters",
    "resolve_run",
    "run_map_stage",
    "selected_ids",
    "selection_figures",
    "selection_table",
    "trends_json",
    "user_overlay",
    "write_map",
]
