"""Deterministic samples stratified by group (the k search on a sample of units)."""

from __future__ import annotations

import numpy as np


def stratified_rows(groups: np.ndarray, size: int, *, random_state: int) -> np.ndarray:
    """``size`` row positions (sorted) drawn so that each group (article) keeps its share of the
    rows: quotas by largest remainder, rows within a group drawn with a fixed seed. The same
    groups, size and seed give the same rows.

    Parameters
    ----------
    groups
        The group of each row.
    size
        The number of rows to draw (all rows when there are no more).
    random_state
        The seed.

    Returns
    -------
    ndarray of int
        Sorted row positions.
    """
    groups = np.asarray(groups)
    n = len(groups)
    if size >= n:
        return np.arange(n)
    labels, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    exact = counts * (size / n)
    quota = np.floor(exact).astype(np.int64)
    short = size - int(quota.sum())
    if short > 0:  # largest remainders first, ties by group order
        order = np.lexsort((np.arange(len(labels)), -(exact - quota)))
        quota[order[:short]] += 1
    rng = np.random.default_rng(random_state)
    rows = []
    for g in range(len(labels)):
        members = np.flatnonzero(inverse == g)
        k = min(int(quota[g]), len(members))
        if k:
            rows.append(rng.choice(members, size=k, replace=False))
    return np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)
