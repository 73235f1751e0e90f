"""How evenly a word spreads, the evidence :mod:`analysis.suggest` ranks stopwords by: its reach
over the paragraphs, its flatness over the NMF themes (normalised entropy) and its Gries DP
over groups beyond the DP of a word of the same count spread at random."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .config import RANDOM_STATE


def normalised_entropy(mass: np.ndarray) -> np.ndarray:
    """Entropy of each row of a non-negative ``mass`` matrix over its columns, divided by its
    maximum.

    Parameters
    ----------
    mass : numpy.ndarray
        Rows x columns, non-negative.

    Returns
    -------
    numpy.ndarray
        Per row: 1 spread evenly, 0 all in one column, NaN an empty row or one column.
    """
    k = mass.shape[1]
    total = mass.sum(axis=1, keepdims=True)
    if k < 2:
        return np.full(mass.shape[0], np.nan)
    p = np.divide(mass, total, out=np.zeros_like(mass, dtype=np.float64), where=total > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1)
    return np.where(total.ravel() > 0, h / np.log(k), np.nan)


def theme_flatness(
    counts: sp.csr_matrix,
    weights: np.ndarray,
    H: np.ndarray,
    terms: Sequence[str],
    model_terms: Sequence[str],
) -> np.ndarray:
    """Flatness of each column (word) of ``counts`` (paragraphs x words): from its loadings in
    ``H`` (components x ``model_terms``, each component scaled to sum 1) when the model has
    it, else from the theme ``weights`` (paragraphs x themes) of the paragraphs it is in.

    Parameters
    ----------
    counts : scipy.sparse.csr_matrix
        Paragraphs x words.
    weights : numpy.ndarray
        Paragraphs x themes.
    H : numpy.ndarray
        Components x ``model_terms``.
    terms, model_terms : sequence of str
        The columns of ``counts`` and of ``H``.

    Returns
    -------
    numpy.ndarray
        The flatness of each word, 0-1 (NaN: undefined).
    """
    flat = normalised_entropy(np.asarray((counts.T @ sp.csr_matrix(weights)).todense()))
    rows = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-12)
    loading = normalised_entropy(rows.T)
    col = {t: i for i, t in enumerate(model_terms)}
    for j, w in enumerate(terms):
        if w in col:
            flat[j] = loading[col[w]]
    return flat


def _dp(observed_shares: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return 0.5 * np.abs(observed_shares - expected[:, None]).sum(axis=0)


def dispersion_dp(group_counts: sp.csr_matrix) -> np.ndarray:
    """Gries' deviation of proportions (DP, 2008) of each column over the rows (groups): half
    the summed difference between the share of the word's occurrences in each group and the
    group's share of all tokens. 0: used exactly in proportion everywhere; near 1: all in one
    small group.

    Parameters
    ----------
    group_counts : scipy.sparse matrix
        Groups x words.

    Returns
    -------
    numpy.ndarray
        The DP of each word; NaN with fewer than two groups.
    """
    m = sp.csr_matrix(group_counts, dtype=np.float64)
    sizes = np.asarray(m.sum(axis=1)).ravel()
    if m.shape[0] < 2 or sizes.sum() == 0:
        return np.full(m.shape[1], np.nan)
    total = np.asarray(m.sum(axis=0)).ravel()
    observed = m.multiply(1 / np.maximum(total, 1)[None, :]).toarray()  # groups x words
    return _dp(observed, sizes / sizes.sum())


def uses_dp(uses: Sequence[int], size_share: np.ndarray) -> float:
    """Gries's deviation of proportions of one item from the document of each use (the
    formulations' score feature; :func:`dispersion_dp` is the same measure over a matrix): how
    unevenly its uses fall over the documents, against the documents' shares of the text (0: in
    proportion to their size, as an ordinary word of the genre; near 1: all in a small part of
    the corpus).

    Parameters
    ----------
    uses : sequence of int
        The article of each use.
    size_share : numpy.ndarray
        Each article's share of the corpus's characters.

    Returns
    -------
    float
        In [0, 1]; 0 without uses.
    """
    if not len(uses) or not len(size_share):
        return 0.0
    docs, counts = np.unique(np.asarray(uses), return_counts=True)
    return dp_of_counts(docs, counts, size_share)


def dp_of_counts(docs: np.ndarray, counts: np.ndarray, size_share: np.ndarray) -> float:
    """:func:`uses_dp` from the documents used (sorted, distinct) and the uses in each.

    Parameters
    ----------
    docs : numpy.ndarray
        The distinct documents of the uses, sorted.
    counts : numpy.ndarray
        The uses in each (at least one).
    size_share : numpy.ndarray
        Each article's share of the corpus's characters.

    Returns
    -------
    float
        In [0, 1]; 0 without uses.
    """
    if not len(docs) or not len(size_share):
        return 0.0
    v = counts / counts.sum()
    s = size_share[docs]
    return float(0.5 * (np.abs(v - s).sum() + (1.0 - s.sum())))


def expected_dp(
    counts: np.ndarray, sizes: np.ndarray, *, draws: int = 64, random_state: int = RANDOM_STATE
) -> np.ndarray:
    """The DP a word of each count would have if its occurrences fell into the groups at
    random (in proportion to their sizes): the mean over ``draws`` multinomial samples, one
    simulation per distinct count. A word seen 3 times cannot spread over 50 articles, so its
    DP is high by chance; what says 'concentrated' is DP beyond this.

    Parameters
    ----------
    counts : numpy.ndarray
        The count of each word.
    sizes : numpy.ndarray
        The tokens of each group.
    draws : int
        Samples per distinct count.
    random_state : int
        Seed of the samples.

    Returns
    -------
    numpy.ndarray
        The expected DP of each word (0 for a count of 0).
    """
    expected = sizes / sizes.sum()
    rng = np.random.default_rng(random_state)
    out = np.zeros(len(counts))
    for c in np.unique(counts):
        if c <= 0:
            continue
        sample = rng.multinomial(int(c), expected, size=draws).T / c  # groups x draws
        out[counts == c] = _dp(sample, expected).mean()
    return out


def excess_dp(group_counts: sp.csr_matrix, *, random_state: int = RANDOM_STATE) -> np.ndarray:
    """How far beyond chance each word is concentrated in some groups, 0-1: ``(DP - E[DP]) /
    (1 - E[DP])``, clipped at 0.

    Parameters
    ----------
    group_counts : scipy.sparse matrix
        Groups x words.
    random_state : int
        Seed of :func:`expected_dp`.

    Returns
    -------
    numpy.ndarray
        The excess DP of each word; NaN with fewer than two groups.
    """
    dp = dispersion_dp(group_counts)
    if np.isnan(dp).all():
        return dp
    m = sp.csr_matrix(group_counts)
    sizes = np.asarray(m.sum(axis=1)).ravel().astype(np.float64)
    counts = np.asarray(m.sum(axis=0)).ravel().astype(np.int64)
    e = expected_dp(counts, sizes, random_state=random_state)
    return np.clip((dp - e) / np.maximum(1 - e, 1e-9), 0, 1)


def reach(df: np.ndarray, n_paragraphs: int) -> np.ndarray:
    """How much of the corpus a word touches, 0-1 on a log scale of the paragraphs it occurs
    in: 1 paragraph -> 0, every paragraph -> 1.

    Parameters
    ----------
    df : numpy.ndarray
        The share of paragraphs each word is in.
    n_paragraphs : int
        The paragraphs of the corpus.

    Returns
    -------
    numpy.ndarray
        The reach of each word, 0-1.
    """
    n = max(n_paragraphs, 2)
    return np.log1p(df * n - 1).clip(min=0) / np.log(n)
