"""Similarity of articles: the pairs of similar articles (``similarity.csv``), and the
similarity heatmap for many undated articles: ordered by a hierarchical clustering, aggregated
into clusters when there are too many rows to show, never skipped."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..vectorize import tfidf

MAX_SHOWN = 150  # rows of the heatmap; above, the articles are grouped into this many clusters


def article_cosines(counts: sp.spmatrix) -> np.ndarray:
    """Articles x articles cosine of their TF-IDF rows (sublinear tf, L2-normalised), the
    weighting of the period heatmap.

    Parameters
    ----------
    counts : sparse matrix
        Articles x terms counts.

    Returns
    -------
    ndarray
        Articles x articles, in [0, 1], 1 on the diagonal.
    """
    m = sp.csr_matrix(counts, dtype=np.float64)
    if m.nnz == 0:
        return np.eye(m.shape[0])
    x = tfidf(m)
    sim = np.asarray((x @ x.T).todense())
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def _linkage(sim: np.ndarray, *, optimal: bool) -> np.ndarray:
    """Average-linkage clustering of the distances ``1 - sim`` (symmetrised, 0 diagonal)."""
    from scipy.cluster.hierarchy import linkage  # noqa: PLC0415
    from scipy.spatial.distance import squareform  # noqa: PLC0415

    dist = np.clip(1.0 - sim, 0.0, None)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    return linkage(squareform(dist, checks=False), method="average", optimal_ordering=optimal)


def cluster_order(sim: np.ndarray) -> list[int]:
    """The rows in the leaf order of an average-linkage clustering (distance 1 - cosine,
    optimal leaf ordering), so that similar articles sit next to each other.

    Parameters
    ----------
    sim : ndarray
        A square similarity matrix (cosines).

    Returns
    -------
    list of int
    """
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

    Parameters
    ----------
    sim : ndarray
        Articles x articles cosines.
    labels : sequence of str
        One label per article.
    max_rows : int
        The most rows shown.

    Returns
    -------
    labels : list of str
    matrix : ndarray

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


# --------------------------------------------------------------------------- pairs


def _nearest(S: np.ndarray, k: int) -> np.ndarray:
    """Mark the ``k`` largest entries of each row of ``S``, ties going to the lower column."""
    # The k-th largest value by partial sort (O(n) a row); taking the top k straight from
    # np.argpartition would pick among entries equal to it arbitrarily, so those fill the
    # remaining places leftmost first.
    kth = np.partition(S, S.shape[1] - k, axis=1)[:, S.shape[1] - k][:, None]
    above = S > kth
    tied = S == kth
    room = k - above.sum(axis=1, keepdims=True)
    return above | (tied & (np.cumsum(tied, axis=1, dtype=np.int32) <= room))


def _neighbour_pairs(
    X: sp.csr_matrix, k: int, *, block: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find each row's ``k`` nearest other rows, ``block`` rows at a time.

    Returns
    -------
    i, j : ndarray
        The pairs of row numbers, ``i < j``, each pair once.
    cosine : ndarray
        Their dot products.
    """
    n = X.shape[0]
    if k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    XT = X.T.tocsr() if sp.issparse(X) else X.T
    found = []
    for start in range(0, n, block):
        S = X[start : start + block] @ XT
        S = S.toarray() if sp.issparse(S) else np.array(S, dtype=np.float64)
        rows = np.arange(S.shape[0])
        S[rows, start + rows] = -np.inf  # an article is not its own neighbour
        r, c = np.nonzero(_nearest(S, k))
        found.append((r + start, c, S[r, c]))
    i, j, cosine = (np.concatenate(v) for v in zip(*found, strict=True))
    # A pair found from both ends is kept once, with the value first computed.
    i, j = np.minimum(i, j), np.maximum(i, j)
    _, first = np.unique(i * n + j, return_index=True)
    return i[first], j[first], cosine[first]


def similarity_pairs(
    X: sp.csr_matrix,
    ids: Sequence[str],
    *,
    all_pairs_up_to: int = 300,
    neighbours: int = 10,
    block: int = 256,
) -> pd.DataFrame:
    """List pairs of similar articles with their cosine similarity.

    Up to ``all_pairs_up_to`` articles every pair is listed; beyond, each article's
    ``neighbours`` most similar others (ties to the lower row), each pair once. Similarities are
    computed ``block`` rows at a time, so memory grows with ``block * n``, never ``n * n``.

    Parameters
    ----------
    X : sparse matrix or ndarray
        Articles x terms (or x latent dimensions), rows L2-normalised (e.g. TF-IDF), so
        cosine is the dot product.
    ids : sequence of str
        The article ids, one per row.

    Returns
    -------
    DataFrame
        ``article_a, article_b, cosine`` with ``article_a < article_b``, sorted by cosine
        (descending), then ``article_a``, ``article_b``. An all-zero row has cosine 0 with
        every other.
    """
    X = sp.csr_matrix(X, dtype=np.float64) if not isinstance(X, np.ndarray) else X
    n = X.shape[0]
    if len(ids) != n:
        raise ValueError(f"{len(ids)} ids for {n} rows")
    if n <= all_pairs_up_to:
        i, j = np.triu_indices(n, 1)
        full = X @ X.T
        cosine = (full.toarray() if sp.issparse(full) else np.asarray(full))[i, j]
    else:
        i, j, cosine = _neighbour_pairs(X, min(neighbours, n - 1), block=block)

    names = np.asarray(ids, dtype=object)
    a, b = names[i], names[j]
    swap = a > b
    a[swap], b[swap] = b[swap], a[swap]
    out = pd.DataFrame({"article_a": a, "article_b": b, "cosine": cosine.astype(np.float64)})
    return out.sort_values(
        ["cosine", "article_a", "article_b"], ascending=[False, True, True], ignore_index=True
    )


def article_vectors(counts: sp.spmatrix, *, random_state: int, max_exact: int = 2000):
    """L2-normalised TF-IDF rows of an articles x terms count matrix; beyond ``max_exact``
    articles reduced to 128 dimensions (truncated SVD), so that similarities of tens of
    thousands of articles take seconds, not minutes (cosines then are approximations).

    Parameters
    ----------
    counts : sparse matrix
        Articles x terms counts.
    random_state : int
        Seed of the truncated SVD.
    max_exact : int
        Up to this many articles the TF-IDF rows are kept as they are.

    Returns
    -------
    sparse matrix or ndarray
        One L2-normalised row per article.
    """
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415
    from sklearn.preprocessing import normalize  # noqa: PLC0415

    counts = sp.csr_matrix(counts, dtype=np.float64)
    if counts.shape[1] == 0 or counts.nnz == 0:
        return counts  # no terms at all: every cosine is 0
    X = tfidf(counts)
    if X.shape[0] <= max_exact or X.shape[1] <= 128:
        return X
    reduced = TruncatedSVD(n_components=128, random_state=random_state).fit_transform(X)
    return normalize(reduced).astype(np.float32)
