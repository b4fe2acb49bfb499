"""The 2-D picture: UMAP of the joint embedding (cosine), seeded.

``umap`` is imported here, inside the build step, never at module load: importing it compiles
numba code (seconds to minutes). :func:`ensure_numba_cache` points numba at a cache folder
first, so only the first build on a machine pays for the compilation.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path

import numpy as np

from recsys.maps._config import MapConfig

__all__ = ["DEFAULT_NUMBA_CACHE", "cosine_knn", "ensure_numba_cache", "project"]

log = logging.getLogger(__name__)

_CHECKOUT = Path(__file__).resolve().parents[2]
DEFAULT_NUMBA_CACHE = (
    _CHECKOUT / ".numba_cache"
    if (_CHECKOUT / "pyproject.toml").is_file()
    else Path.home() / ".cache" / "soundcheck" / "numba"
)
"""Where numba caches compiled code when ``NUMBA_CACHE_DIR`` is not set: the checkout's
``.numba_cache`` (the folder the Makefile and the tests use), or a per-user cache folder when
Soundcheck is installed as a package."""


def ensure_numba_cache() -> str:
    """Set ``NUMBA_CACHE_DIR`` to :data:`DEFAULT_NUMBA_CACHE` unless it is set; return it.

    Numba reads the variable when it is first imported; if something imported numba earlier in
    the process (shap does), its configuration is pointed at the same folder, which still
    works as long as ``umap`` itself has not been imported yet.
    """
    if not os.environ.get("NUMBA_CACHE_DIR"):
        os.environ["NUMBA_CACHE_DIR"] = str(DEFAULT_NUMBA_CACHE)
    path = os.environ["NUMBA_CACHE_DIR"]
    Path(path).mkdir(parents=True, exist_ok=True)
    numba = sys.modules.get("numba")
    if numba is not None and not getattr(numba.config, "CACHE_DIR", ""):
        numba.config.CACHE_DIR = path
    return path


def project(vectors: np.ndarray, config: MapConfig) -> np.ndarray:
    """2-D coordinates of the rows of ``vectors`` (cosine UMAP, seeded, so single-threaded).

    With fewer points than UMAP needs for a neighbourhood (under 4), the first two principal
    axes stand in.
    """
    n = len(vectors)
    if n < 4:
        return _pca2(vectors)
    ensure_numba_cache()
    import umap  # heavy: numba compiles on first import (cached in NUMBA_CACHE_DIR)

    _cache_umap_kernels()

    k = max(2, min(config.n_neighbors, n - 1))
    indices, distances = cosine_knn(vectors, k)
    reducer = umap.UMAP(
        n_components=2,
        n_neighbors=k,
        min_dist=config.min_dist,
        metric="cosine",
        random_state=config.seed,
        init="spectral" if n > k + 2 else "random",
        precomputed_knn=(indices, distances, None),
    )
    # UMAP warns that a seed makes it single-threaded (wanted) and that a precomputed graph
    # cannot transform new points (not needed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="n_jobs value", category=UserWarning)
        warnings.filterwarnings("ignore", message="precomputed_knn", category=UserWarning)
        coords = np.asarray(reducer.fit_transform(vectors), dtype=np.float64)
    return _standardise(coords)


def _cache_umap_kernels() -> int:
    """Let numba cache UMAP's compiled kernels too; returns how many were switched on.

    Numba caches only functions declared with ``cache=True``, and UMAP declares few: without
    this every new process compiled the fit's kernels again (about 8 s of CPU on the first
    fit). Caching is switched on for every module-level kernel not compiled yet, so the
    next build loads them from ``NUMBA_CACHE_DIR``. If numba's dispatchers ever change, UMAP
    still works, it only compiles as before.
    """
    try:
        import umap.distances
        import umap.layouts
        import umap.sparse
        import umap.spectral
        import umap.umap_
        import umap.utils
        from numba.core.registry import CPUDispatcher
    except ImportError:  # pragma: no cover - numba or umap reorganised
        return 0
    switched = 0
    for module in (umap.umap_, umap.layouts, umap.utils, umap.spectral, umap.sparse,
                   umap.distances):  # fmt: skip
        for kernel in list(vars(module).values()):
            if not isinstance(kernel, CPUDispatcher) or kernel.signatures:
                continue
            if type(getattr(kernel, "_cache", None)).__name__ != "NullCache":
                continue
            try:
                kernel.enable_caching()
                switched += 1
            except Exception as exc:
                log.debug("numba cannot cache %s: %s", kernel, exc)
    return switched


def cosine_knn(vectors: np.ndarray, k: int, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Exact ``k`` nearest neighbours of every row by cosine distance (each row first, as
    UMAP expects), ties broken by row number: ``(indices, distances)``.

    Computed by blocks of ``chunk`` rows; exact and deterministic, and it spares UMAP's
    approximate search, whose numba code would otherwise compile in every new process.
    """
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    unit = unit.astype(np.float32)
    n = len(unit)
    indices = np.empty((n, k), dtype=np.int32)
    distances = np.empty((n, k), dtype=np.float32)
    for lo in range(0, n, chunk):
        sims = unit[lo : lo + chunk] @ unit.T
        rows = np.arange(len(sims))
        sims[rows, lo + rows] = 2.0  # each row is its own nearest neighbour
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(sims, part, axis=1)
        order = np.lexsort((part, -top), axis=1)
        idx = np.take_along_axis(part, order, axis=1)
        sim = np.take_along_axis(top, order, axis=1)
        sim[:, 0] = 1.0
        indices[lo : lo + chunk] = idx
        distances[lo : lo + chunk] = np.clip(1.0 - sim, 0.0, 2.0)
    return indices, distances


def _pca2(vectors: np.ndarray) -> np.ndarray:
    centred = vectors - vectors.mean(axis=0)
    if not centred.any():
        return np.zeros((len(vectors), 2))
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    out = np.zeros((len(vectors), 2))
    k = min(2, u.shape[1])
    out[:, :k] = u[:, :k] * s[:k]
    return _standardise(out)


def _standardise(coords: np.ndarray) -> np.ndarray:
    """Centre the picture and scale it to unit spread, rounded to 6 decimals (so the same
    warehouse gives the same stored coordinates)."""
    centred = coords - coords.mean(axis=0)
    scale = float(np.abs(centred).max()) or 1.0
    return np.round(centred / scale * 10.0, 6)
