"""The compare and trends stages: group the articles, compare the groups (keyness, similarity,
slogan differences, group themes), and follow themes, terms and slogans over periods.

Stage functions take plain values (matrices, terms, articles, settings), never ``Config``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import TifaError
from ..vectorize import sum_by_group
from .eras import previous_pairs, resolve_groups
from .groups import REST, comparison_pairs
from .keyness_table import keyness_table
from .similarity import article_vectors, similarity_pairs
from .slogans import slogan_diff
from .trends import slogan_trends, term_trends, theme_trends

TRENDS_COLUMNS = ["period", "kind", "item", "count", "rate"]


@dataclass(frozen=True)
class Comparison:
    """One grouping of the articles and everything compared along it."""

    by: str
    article_groups: tuple[str, ...]  # the group of each article ("" for none)
    groups: tuple[str, ...]  # the groups, in order
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    keyness: pd.DataFrame  # keyness.csv
    similarity: pd.DataFrame  # similarity.csv
    slogan_diff: pd.DataFrame  # slogan_diff.csv
    group_themes: np.ndarray | None  # groups x themes, rows sum to 1 (or 0)
    eras: pd.DataFrame | None = None  # eras.csv: era, start, end, source (empty: no eras)


def compare_groups(
    articles: Sequence,
    counts: sp.spmatrix,
    terms: Sequence[str],
    *,
    slogans: Sequence[str] = (),
    slogan_counts: pd.DataFrame | None = None,
    theme_chars: np.ndarray | None = None,
    by: str = "auto",
    eras: Sequence[tuple[str, str]] = (),
    target: str = "",
    reference: str = "",
    against: str = "rest",
    method: str = "fightin",
    min_count: int = 5,
    top: int = 20,
    random_state: int,
) -> Comparison:
    """Group the articles as ``[compare]`` says and compare the groups.

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles, one per row of ``counts``.
    counts : sparse matrix
        Articles x terms counts.
    terms : sequence of str
        The terms, one per column of ``counts``.
    slogans : sequence of str
        The formulations found, most salient first (empty: none).
    slogan_counts : DataFrame, optional
        ``slogan, article_id, count`` (``slogan_counts.csv``) of those formulations.
    theme_chars : ndarray, optional
        Articles x themes: characters of each article each theme explains (None: no themes).
    by, eras, target, reference, against, method, min_count, top
        The ``[compare]`` settings.
    random_state : int
        Seed of the truncated SVD of many articles' vectors.

    Returns
    -------
    Comparison

    Raises
    ------
    TifaError
        ``by`` names no metadata column, a named group does not exist, or the eras are
        malformed.
    """
    try:
        named = [x.strip() for x in f"{target},{reference}".split(",") if x.strip()]
        grouping = resolve_groups(articles, by, eras=eras, counts=counts, named=named)
        labels = list(grouping.labels)
        pairs = comparison_pairs(labels, target=target, reference=reference)
    except ValueError as exc:
        raise TifaError(f"[compare] {exc}") from None
    timed = grouping.by in ("period", "era")
    if timed and not target and against == "previous":
        pairs = previous_pairs(grouping.order)
    keyness = [
        keyness_table(
            counts,
            terms,
            labels,
            pairs,
            kind="term",
            method=method,
            min_count=min_count,
            top=top,
        )  # fmt: skip
    ]
    if slogans:
        m = _slogan_matrix(articles, slogans, slogan_counts)
        keyness.append(
            keyness_table(
                m,
                list(slogans),
                labels,
                pairs,
                kind="slogan",
                method=method,
                min_count=min(min_count, 2),
                top=top,
            )  # fmt: skip
        )
        diff_pairs, article_group = _diff_groups(
            articles, labels, pairs, grouping.order, target=target, timed=timed
        )
        diff = slogan_diff(slogan_counts, article_group, diff_pairs)
    else:
        diff = slogan_diff(pd.DataFrame(columns=["slogan", "article_id", "count"]), {}, [])
    vectors = article_vectors(counts, random_state=random_state)
    similarity = similarity_pairs(vectors, [a.article_id for a in articles])
    groups = grouping.order if timed else tuple(sorted(set(labels) - {""}))
    group_themes = None if theme_chars is None else _group_themes(theme_chars, labels, groups)
    return Comparison(
        by=grouping.by, article_groups=tuple(labels), groups=groups, pairs=tuple(pairs),
        keyness=pd.concat(keyness, ignore_index=True), similarity=similarity,
        slogan_diff=diff, group_themes=group_themes, eras=grouping.eras,
    )  # fmt: skip


def _slogan_matrix(
    articles: Sequence, names: Sequence[str], slogan_counts: pd.DataFrame
) -> sp.csr_matrix:
    """Articles x formulations counts from the long ``slogan_counts`` table."""
    index = {a.article_id: i for i, a in enumerate(articles)}
    sc = slogan_counts
    return sp.csr_matrix(
        (sc["count"].to_numpy(), (sc["article_id"].map(index).to_numpy(), sc["slogan"].map({n: i for i, n in enumerate(names)}).to_numpy())),
        shape=(len(articles), len(names)),
    )  # fmt: skip


def _diff_groups(articles, labels, pairs, order, *, target: str, timed: bool):
    """The (a, b) group pairs of ``slogan_diff.csv`` and the group of each article for it."""
    diff_pairs: list[tuple[str, str]] = []
    if target:
        diff_pairs = [(",".join(pairs[0][1]) or REST, ",".join(pairs[0][0]))]
    elif timed:
        present = list(order)
        diff_pairs = list(zip(present[:-1], present[1:], strict=True))
    article_group = {a.article_id: g for a, g in zip(articles, labels, strict=True)}
    if target and not pairs[0][1]:
        article_group = {k: (g if g in pairs[0][0] else REST) for k, g in article_group.items()}
    elif target:
        article_group = {
            k: (",".join(pairs[0][0]) if g in pairs[0][0] else ",".join(pairs[0][1]) if g in pairs[0][1] else "")
            for k, g in article_group.items()
        }  # fmt: skip
    return diff_pairs, article_group


def with_group_themes(comparison: Comparison, theme_chars: np.ndarray | None) -> Comparison:
    """``comparison`` (computed without themes) with its groups x themes shares: the same
    result as :func:`compare_groups` given ``theme_chars``, so that the comparison can run
    before the themes are fitted (and its figures be drawn meanwhile).

    Parameters
    ----------
    comparison : Comparison
        From :func:`compare_groups` without ``theme_chars``.
    theme_chars : ndarray, optional
        Articles x themes: characters of each article each theme explains (None: no themes).

    Returns
    -------
    Comparison
    """
    from dataclasses import replace  # noqa: PLC0415

    if theme_chars is None:
        return replace(comparison, group_themes=None)
    shares = _group_themes(theme_chars, list(comparison.article_groups), comparison.groups)
    return replace(comparison, group_themes=shares)


def _group_themes(theme_chars: np.ndarray, labels: Sequence[str], groups: Sequence[str]):
    """Groups x themes: each group's share of the characters the themes explain (rows sum to 1,
    or 0 for a group without any)."""
    index = {g: i for i, g in enumerate(groups)}
    rows = [a for a, g in enumerate(labels) if g]
    mass = sum_by_group(
        np.asarray(theme_chars, dtype=np.float64)[rows],
        [index[labels[a]] for a in rows],
        len(groups),
    ).toarray()
    sums = mass.sum(axis=1, keepdims=True)
    return np.divide(mass, sums, out=np.zeros_like(mass), where=sums > 0)


def top_terms(counts: sp.spmatrix, terms: Sequence[str], n: int) -> list[str]:
    """The ``n`` most frequent terms, ties in term order.

    Parameters
    ----------
    counts : sparse matrix
        Documents x terms counts.
    terms : sequence of str
        The terms, one per column.
    n : int
        How many to return.

    Returns
    -------
    list of str
    """
    total = np.asarray(counts.sum(axis=0)).ravel()
    order = np.lexsort((np.array(terms, dtype=object), -total))[:n]
    return [terms[i] for i in order]


def trends_table(
    articles: Sequence,
    counts: sp.spmatrix,
    terms: Sequence[str],
    *,
    pinned_terms: Sequence[str] = (),
    top_terms_n: int = 0,
    theme_chars: np.ndarray | None = None,
    theme_labels: Sequence[str] = (),
    slogan_periods: pd.DataFrame | None = None,
    slogans: Sequence[str] = (),
) -> pd.DataFrame:
    """``trends.csv``: themes, the frequent (and the pinned) terms and the salient slogans per
    period, for the periods that have articles.

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles, one per row of ``counts``.
    counts : sparse matrix
        Articles x terms counts.
    terms : sequence of str
        The terms, one per column of ``counts``.
    pinned_terms : sequence of str
        Terms always followed (``[trends] terms``).
    top_terms_n : int
        How many of the most frequent terms to follow besides.
    theme_chars : ndarray, optional
        Articles x themes characters (None: no themes).
    theme_labels : sequence of str
        The themes' labels.
    slogan_periods : DataFrame, optional
        ``slogan_periods.csv`` (None: no formulations).
    slogans : sequence of str
        The formulations to follow.

    Returns
    -------
    DataFrame
        ``period, kind, item, count, rate``.
    """
    items = list(dict.fromkeys([*pinned_terms, *top_terms(counts, terms, top_terms_n)]))
    parts = [term_trends(counts, terms, articles, items=items)]
    if theme_chars is not None:
        parts.insert(0, theme_trends(theme_chars, theme_labels, articles))
    if slogan_periods is not None:
        parts.append(slogan_trends(slogan_periods, items=slogans))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=TRENDS_COLUMNS)
    return pd.concat(parts, ignore_index=True)[TRENDS_COLUMNS]
