"""Keyness: the scores that set one group of texts apart from another (Fightin' Words log-odds,
signed G2) and their significance (p-values, Benjamini-Hochberg q-values)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

# --------------------------------------------------------------------------- keyness


def log_odds_dirichlet(
    target: np.ndarray, reference: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Score terms by their log-odds ratio with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eq. 16 and 18-20: the prior's
    pseudo-counts are added to both groups, so a term seen a few times in one group only does
    not get an infinite or huge log-odds; the z-score divides by the ratio's approximate
    standard deviation, so frequent terms need a larger difference to rank high.

    Parameters
    ----------
    target, reference : ndarray
        Term counts of the two groups (1-D, same length).
    prior : ndarray
        The Dirichlet parameters ``alpha_w > 0``, already scaled (see :func:`dirichlet_prior`).

    Returns
    -------
    delta : ndarray
        Log-odds ratio of each term, target over reference (positive: typical of the target).
    z : ndarray
        ``delta`` divided by its estimated standard deviation.
    """
    y_t, y_r, a = (np.asarray(v, dtype=np.float64) for v in (target, reference, prior))
    # Rows of 2-D counts are groups scored at once, each with its own totals.
    n_t, n_r = y_t.sum(axis=-1, keepdims=True), y_r.sum(axis=-1, keepdims=True)
    a0 = a.sum()
    delta = np.log((y_t + a) / (n_t + a0 - y_t - a)) - np.log((y_r + a) / (n_r + a0 - y_r - a))
    z = delta / np.sqrt(1 / (y_t + a) + 1 / (y_r + a))
    return delta, z


def dirichlet_prior(corpus_counts: np.ndarray, *, scale: float | None = None) -> np.ndarray:
    """Build the informative Dirichlet prior of :func:`log_odds_dirichlet` from corpus counts.

    ``alpha_w = a0 * corpus_counts_w / corpus_counts.sum()``. The prior's total ``a0`` is how
    many pseudo-words it adds: the larger it is, the more the log-odds of rare words are shrunk
    toward zero (their own counts weigh little against the prior), while frequent words keep
    theirs. The default, the corpus size, makes ``alpha_w`` the corpus count itself, as tidylo's
    ``bind_log_odds`` does.

    Parameters
    ----------
    corpus_counts : ndarray
        Count of each term in the whole corpus (1-D, non-negative).
    scale : float, optional
        The prior's total ``a0``; default ``corpus_counts.sum()``.

    Returns
    -------
    ndarray
        ``alpha_w``, all positive: a term absent from the corpus gets 0.01, so its logs stay
        finite.
    """
    counts = np.asarray(corpus_counts, dtype=np.float64)
    total = counts.sum()
    a0 = total if scale is None else float(scale)
    share = counts / total if total > 0 else np.zeros_like(counts)
    return np.where(counts > 0, a0 * share, 0.01)


def g2(target: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Score terms by the signed log-likelihood ratio G2 of their 2x2 tables.

    Dunning (1993); quanteda's ``textstat_keyness(measure = "lr", correction = "none")`` (its
    default applies Williams' correction). For each term the table is (term, other terms) x
    (target, reference).

    Parameters
    ----------
    target, reference : ndarray
        Term counts of the two groups (1-D, same length).

    Returns
    -------
    ndarray
        G2 of each term, positive when its relative frequency is higher in the target,
        negative when lower, 0 when equal.
    """
    a, b = np.asarray(target, dtype=np.float64), np.asarray(reference, dtype=np.float64)
    # Rows of 2-D counts are groups scored at once, each with its own totals.
    n_t, n_r = a.sum(axis=-1, keepdims=True), b.sum(axis=-1, keepdims=True)
    n = n_t + n_r

    def cell(observed, row, col):
        # 0 * ln(0) = 0; an empty expected cell always has an empty observed one.
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(observed > 0, observed * np.log(observed / (row * col / n)), 0.0)

    both, neither = a + b, n - a - b
    total = cell(a, both, n_t) + cell(b, both, n_r) + cell(n_t - a, neither, n_t)
    total += cell(n_r - b, neither, n_r)
    # The sum is >= 0 in exact arithmetic; clip rounding so that equal rates give exactly 0.
    stat = np.maximum(2 * total, 0.0)
    return np.sign(a * n_r - b * n_t) * stat


def stat_keyness(
    counts: sp.spmatrix,
    terms: Sequence[str],
    target_rows: Sequence[int],
    reference_rows: Sequence[int] | None = None,
    *,
    method: str = "fightin",
    min_count: int = 5,
    prior_counts: np.ndarray | None = None,
) -> pd.DataFrame:
    """Rank the terms that set a target group of rows apart from a reference group.

    Terms are scored on the whole vocabulary, so the group sizes and the prior do not depend on
    ``min_count``; the filter only decides which terms are listed.

    Parameters
    ----------
    counts : sparse matrix
        Term counts, groups or documents x terms.
    terms : sequence of str
        The terms, one per column.
    target_rows : sequence of int
        Rows summed into the target group.
    reference_rows : sequence of int, optional
        Rows summed into the reference group; default every row not in ``target_rows``.
    method : {"fightin", "g2"}
        The z-score of :func:`log_odds_dirichlet` with :func:`dirichlet_prior`, or signed
        :func:`g2`.
    min_count : int
        Keep the terms with at least this many occurrences in the two groups together.
    prior_counts : ndarray, optional
        Corpus counts for the prior ("fightin" only); default the column sums of ``counts``.

    Returns
    -------
    DataFrame
        ``term, score, count_target, count_reference``, sorted by score (descending), then
        term: the terms typical of the target first, those of the reference last.
    """
    if method not in ("fightin", "g2"):
        raise ValueError(f"unknown keyness method {method!r}: use 'fightin' or 'g2'")
    m = sp.csr_matrix(counts)
    n_rows, n_terms = m.shape
    if len(terms) != n_terms:
        raise ValueError(f"{len(terms)} terms for a matrix of {n_terms} columns")
    target = np.unique(np.asarray(target_rows, dtype=np.int64))
    if reference_rows is None:
        reference = np.setdiff1d(np.arange(n_rows), target)
    else:
        reference = np.unique(np.asarray(reference_rows, dtype=np.int64))
    if len(target) == 0:
        raise ValueError("target_rows is empty")
    if len(reference) == 0:
        raise ValueError("the reference group is empty")
    for name, rows in (("target_rows", target), ("reference_rows", reference)):
        if rows[0] < 0 or rows[-1] >= n_rows:
            raise ValueError(f"{name} must be row numbers in 0..{n_rows - 1}")
    if overlap := np.intersect1d(target, reference).tolist():
        raise ValueError(f"rows {overlap} are in both the target and the reference")

    y_t = np.asarray(m[target].sum(axis=0)).ravel()
    y_r = np.asarray(m[reference].sum(axis=0)).ravel()
    if method == "g2":
        score = g2(y_t, y_r)
    else:
        corpus = np.asarray(m.sum(axis=0)).ravel() if prior_counts is None else prior_counts
        if len(corpus) != n_terms:
            raise ValueError(f"prior_counts has {len(corpus)} entries for {n_terms} terms")
        score = log_odds_dirichlet(y_t, y_r, dirichlet_prior(corpus))[1]

    keep = y_t + y_r >= min_count
    out = pd.DataFrame(
        {
            "term": np.asarray(terms, dtype=object)[keep],
            "score": score[keep].astype(np.float64),
            "count_target": y_t[keep].astype(np.int64),
            "count_reference": y_r[keep].astype(np.int64),
        }
    )
    return out.sort_values(["score", "term"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- significance

SIGNIFICANCE = 0.05  # q below this: significant (Benjamini-Hochberg false discovery rate)


def p_values(score: np.ndarray, method: str) -> np.ndarray:
    """Two-sided p-values of keyness scores: the normal tail of a Fightin' Words z-score, the
    chi-squared (1 degree of freedom) tail of a signed G2.

    Parameters
    ----------
    score : ndarray
        Scores of :func:`log_odds_dirichlet` (``z``) or :func:`g2`.
    method : {"fightin", "g2"}

    Returns
    -------
    ndarray
        p in [0, 1], same shape as ``score``.
    """
    from scipy.stats import chi2, norm  # noqa: PLC0415

    s = np.abs(np.asarray(score, dtype=np.float64))
    return chi2.sf(s, 1) if method == "g2" else 2 * norm.sf(s)


def bh_q_values(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q) of one family of tests.

    ``q_(i) = min_{j >= i} p_(j) * m / j`` over the p sorted ascending, capped at 1.

    Parameters
    ----------
    p : ndarray
        The p-values of every test in the family (1-D).

    Returns
    -------
    ndarray
        q of each test, in the order of ``p``.
    """
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(q_sorted, 1.0)
    return q
