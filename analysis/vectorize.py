"""Document-term matrices from tokens, and the frequency statistics built on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .segment import Tokens


@dataclass(frozen=True)
class Dtm:
    """A document-term count matrix (CSR, documents x terms) and its terms, sorted."""

    matrix: sp.csr_matrix
    terms: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape


def dtm(toks: Tokens) -> Dtm:
    """Count tokens into a paragraph-term matrix whose terms are sorted.

    Built from the token codes directly: the CSR structure is the tokens' own offsets, so no
    Python work per token (scikit-learn's ``CountVectorizer(analyzer=...)`` gives the same
    matrix one Python call per document). Terms that no longer occur are dropped.
    """
    n_docs, n_vocab = len(toks), len(toks.vocab)
    # copy=True: sum_duplicates() below compacts the index array in place, which would
    # otherwise rewrite the tokens' own codes.
    m = sp.csr_matrix(
        (np.ones(len(toks.codes), dtype=np.int64), toks.codes, toks.offsets - toks.offsets[0]),
        shape=(n_docs, n_vocab),
        copy=True,
    )
    m.sum_duplicates()
    used = np.flatnonzero(np.bincount(toks.codes, minlength=n_vocab))
    order = sorted(used.tolist(), key=toks.vocab.__getitem__)
    return Dtm(m[:, order].tocsr(), tuple(toks.vocab[i] for i in order))


def group_indicator(groups: Sequence[int], n_groups: int, *, dtype=np.int64) -> sp.csr_matrix:
    """The ``n_groups x len(groups)`` 0/1 matrix whose row ``g`` marks the rows in group ``g``.

    Parameters
    ----------
    groups
        The group index (``0 <= g < n_groups``) of each row.
    n_groups
        The number of groups; empty groups get empty rows.
    dtype
        The matrix's dtype (that of the matrix it will multiply).

    Returns
    -------
    scipy.sparse.csr_matrix
    """
    g = np.asarray(groups, dtype=np.int64)
    return sp.csr_matrix(
        (np.ones(len(g), dtype=dtype), (g, np.arange(len(g)))), shape=(n_groups, len(g))
    )


def sum_by_group(matrix, groups: Sequence[int], n_groups: int) -> sp.csr_matrix:
    """Sum the rows of ``matrix`` (sparse or dense) by group: the one group-sum of tifa.

    Parameters
    ----------
    matrix
        Rows to sum (``len(groups)`` of them).
    groups, n_groups
        As for :func:`group_indicator`.

    Returns
    -------
    scipy.sparse.csr_matrix
        ``n_groups`` rows, in ``matrix``'s dtype.
    """
    m = matrix if sp.issparse(matrix) else sp.csr_matrix(matrix)
    return (group_indicator(groups, n_groups, dtype=m.dtype) @ m).tocsr()


def dtm_group(d: Dtm, groups: Sequence[int], n_groups: int) -> Dtm:
    """Sum the rows of ``d`` by group (e.g. paragraphs into articles)."""
    return Dtm(sum_by_group(d.matrix, groups, n_groups), d.terms)


def tfidf_model(counts):
    """The one TF-IDF weighting of tifa, fitted on ``counts``: sublinear TF, smooth IDF, L2 rows
    (scikit-learn's ``TfidfTransformer(sublinear_tf=True)``).

    Returns
    -------
    sklearn.feature_extraction.text.TfidfTransformer
        Fitted; ``.transform`` weights new rows with the same IDF.
    """
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    return TfidfTransformer(sublinear_tf=True).fit(counts)


def tfidf(counts) -> sp.csr_matrix:
    """``counts`` weighted by :func:`tfidf_model` fitted on themselves (CSR)."""
    return sp.csr_matrix(tfidf_model(counts).transform(counts))


def dtm_trim(d: Dtm, *, min_df: int = 1, max_df: float = 1.0, min_count: int = 1) -> Dtm:
    """Keep the terms in at least ``min_df`` documents and at most ``max_df`` of them (a
    fraction), with at least ``min_count`` occurrences."""
    n_docs = d.matrix.shape[0]
    df = np.diff(d.matrix.tocsc().indptr)
    counts = np.asarray(d.matrix.sum(axis=0)).ravel()
    keep = (df >= min_df) & (df <= max_df * n_docs) & (counts >= min_count)
    idx = np.flatnonzero(keep)
    return Dtm(d.matrix[:, idx].tocsr(), tuple(d.terms[i] for i in idx))


def stat_frequency(d: Dtm, *, characters: int) -> pd.DataFrame:
    """Term frequencies over a document-term matrix whose rows are articles.

    Returns
    -------
    DataFrame
        ``term, count, articles, rate``: rate is per 10,000 characters of analysed text.
        Sorted by count (descending), then term.
    """
    counts = np.asarray(d.matrix.sum(axis=0)).ravel()
    articles = np.diff(d.matrix.tocsc().indptr)
    out = pd.DataFrame(
        {
            "term": list(d.terms),
            "count": counts.astype(np.int64),
            "articles": articles.astype(np.int64),
            "rate": counts * 10_000 / max(characters, 1),
        }
    )
    out = out[out["count"] > 0]
    return out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)
