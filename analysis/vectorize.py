"""Document-term matrices from tokens, and the frequency statistics built on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp


@dataclass(frozen=True)
class Dtm:
    """A document-term count matrix (CSR, documents x terms) and its terms, sorted."""

    matrix: sp.csr_matrix
    terms: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape


def dtm(docs: Sequence[Sequence[str]]) -> Dtm:
    """Count ``docs`` (token sequences) into a document-term matrix with a sorted vocabulary.

    Built directly with NumPy rather than ``CountVectorizer(analyzer=...)``: the same matrix,
    without a Python call per document and with a sorted vocabulary from the start.
    """
    flat = [w for d in docs for w in d]
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    if not flat:
        return Dtm(sp.csr_matrix((len(docs), 0), dtype=np.int64), ())
    terms, codes = np.unique(np.array(flat, dtype=object).astype(str), return_inverse=True)
    rows = np.repeat(np.arange(len(docs)), lengths)
    m = sp.csr_matrix(
        (np.ones(len(flat), dtype=np.int64), (rows, codes.ravel())),
        shape=(len(docs), len(terms)),
    )
    m.sum_duplicates()
    return Dtm(m, tuple(terms.tolist()))


def dtm_group(d: Dtm, groups: Sequence[int], n_groups: int) -> Dtm:
    """Sum the rows of ``d`` by group (e.g. paragraphs into articles)."""
    g = np.asarray(groups, dtype=np.int64)
    indicator = sp.csr_matrix(
        (np.ones(len(g), dtype=np.int64), (g, np.arange(len(g)))), shape=(n_groups, len(g))
    )
    return Dtm((indicator @ d.matrix).tocsr(), d.terms)


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
