"""The similarity heatmap for many undated articles: ordered by a hierarchical clustering,
aggregated into clusters when there are too many rows to show, never skipped."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

MAX_SHOWN = 150  # rows of the heatmap; above, the articles are grouped into this many clusters


def article_cosines(counts: sp.spmatrix) -> np.ndarray:
    """Articles x articles cosine of their TF-IDF rows (sublinear tf, L2-normalised), the
    weighting of the period heatmap."""
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    m = sp.csr_matrix(counts, dtype=np.float64)
    if m.nnz == 0:
        return np.eye(m.shape[0])
    x = TfidfTransformer(sublinear_tf=True).fit_transform(m)
    sim = np.asarray((x @ x.T).todense())
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def _linkage(sim: np.ndarray, *, optimal: bool) -> np.ndarray:
    from scipy.cluster.hierarchy import linkage  # noqa: PLC0415
    from scipy.spatial.distance import squareform  # noqa: PLC0415

    dist = np.clip(1.0 - sim, 0.0, None)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    return linkage(squareform(dist, checks=False), method="average", optimal_ordering=optimal)


def cluster_order(sim: np.ndarray) -> list[int]:
    """The rows in the leaf order of an average-linkage clustering (distance 1 - cosine,
    optimal leaf ordering), so that similar articles sit next to each other."""
    from scipy.cluster.hierarchy import leaves_list  # noqa: PLC0415

    if len(sim) < 3:
        return list(range(len(sim)))
    return [int(i) for i in leaves_list(_linkage(sim, optimal=True))]


def clustered_similarity(
    sim: np.ndarray, labels: Sequence[str], max_rows: int = MAX_SHOWN
) -> tuple[list[str], np.ndarray]:
    """The heatmap's labels and matrix: every article in cluster order up to ``max_rows``;
    beyond, ``max_rows`` clusters (average linkage cut) with their mean cosines, each named
    by its first article and how many more it holds (``标签 +12``), in cluster order.

    Examples
    --------
    >>> s = np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1.]])
    >>> clustered_similarity(s, ["a", "b", "c"], max_rows=2)[0]
    ['a +1', 'c']
    """
    from scipy.cluster.hierarchy import fcluster  # noqa: PLC0415

    n = len(labels)
    if n <= max_rows:
        order = cluster_order(sim)
        return [labels[i] for i in order], sim[np.ix_(order, order)]
    cut = fcluster(_linkage(sim, optimal=False), t=max_rows, criterion="maxclust")
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(cut):
        groups.setdefault(int(c), []).append(i)
    members = sorted(groups.values(), key=lambda g: g[0])
    k = len(members)
    block = np.zeros((k, k))
    for a, ga in enumerate(members):
        for b, gb in enumerate(members[a:], start=a):
            cell = sim[np.ix_(ga, gb)]
            if a == b and len(ga) > 1:  # within a cluster: its pairs, not each with itself
                cell = cell[~np.eye(len(ga), dtype=bool)]
            block[a, b] = block[b, a] = float(cell.mean())
    names = [labels[g[0]] + (f" +{len(g) - 1}" if len(g) > 1 else "") for g in members]
    order = cluster_order(block)
    return [names[i] for i in order], np.round(block[np.ix_(order, order)], 6)
