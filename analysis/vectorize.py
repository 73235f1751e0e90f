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
