"""The two measures of a theme model: coherence (NPMI of the top terms) and stability (average
Jaccard of matched themes across sample fits, Greene et al. 2014)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def npmi_coherence(B: sp.csc_matrix, tops: Sequence[np.ndarray]) -> np.ndarray:
    """Mean NPMI over the pairs of each theme's top terms, from document co-occurrence.

    ``B`` is a binary documents x terms matrix. A pair never seen together scores -1, a pair
    always seen together +1.

    Parameters
    ----------
    B
        Binary documents x terms matrix (CSC).
    tops
        The columns of each theme's top terms.

    Returns
    -------
    ndarray of float
        One score per theme in [-1, 1]; 0 for a theme with fewer than two terms.
    """
    n = B.shape[0]
    scores = []
    for idx in tops:
        if len(idx) < 2:
            scores.append(0.0)
            continue
        sub = B[:, idx]
        co = (sub.T @ sub).toarray().astype(np.float64) / n
        p = np.diag(co).copy()
        vals = []
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                pij = co[i, j]
                if pij <= 0:
                    vals.append(-1.0)
                elif pij >= 1:
                    vals.append(1.0)
                else:
                    vals.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
        scores.append(float(np.mean(vals)))
    return np.asarray(scores)


def average_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Average Jaccard of two ranked lists over their prefixes (Greene et al. 2014, AJ).

    Parameters
    ----------
    a, b
        Two ranked lists (the best first); the shorter one's length is the depth.

    Returns
    -------
    float
        In [0, 1]; 0 when either list is empty.
    """
    depth = min(len(a), len(b))
    if depth == 0:
        return 0.0
    total = 0.0
    for d in range(1, depth + 1):
        sa, sb = set(a[:d]), set(b[:d])
        total += len(sa & sb) / len(sa | sb)
    return total / depth


def agreement(reference: Sequence[np.ndarray], other: Sequence[np.ndarray]) -> np.ndarray:
    """Match ``other``'s themes to ``reference``'s (Hungarian) and return each reference
    theme's average-Jaccard agreement with its match.

    Parameters
    ----------
    reference, other
        The top-term indices of each theme of two fits.

    Returns
    -------
    ndarray of float
        One agreement per theme of ``reference`` (0 for one left unmatched).
    """
    sim = np.array([[average_jaccard(list(r), list(o)) for o in other] for r in reference])
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 - slow import

    rows, cols = linear_sum_assignment(-sim)
    out = np.zeros(len(reference))
    out[rows] = sim[rows, cols]
    return out
