"""Follow themes, terms and slogans over periods: counts and rates per 10,000 characters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..ingest.periods import periods as article_periods


def period_characters(articles: Sequence) -> pd.Series:
    """Characters of analysed text per period (only periods that have articles).

    Parameters
    ----------
    articles : sequence of Article
        The articles.

    Returns
    -------
    Series
        Characters by period, sorted by period.
    """
    per = article_periods([a.date for a in articles])
    chars = pd.Series([a.characters for a in articles], index=per)
    return chars[chars.index != ""].groupby(level=0).sum().sort_index()


def term_trends(
    article_counts, terms: Sequence[str], articles: Sequence, *, items: Sequence[str]
) -> pd.DataFrame:
    """Counts and rates of ``items`` (terms) per period, from an articles x terms matrix.

    Parameters
    ----------
    article_counts : sparse matrix
        Articles x terms counts.
    terms : sequence of str
        The terms, one per column.
    articles : sequence of Article
        The articles, one per row.
    items : sequence of str
        The terms to follow (absent ones are skipped).

    Returns
    -------
    DataFrame
        ``period, kind, item, count, rate``.
    """
    per = np.asarray(article_periods([a.date for a in articles]), dtype=object)
    chars = period_characters(articles)
    col = {t: i for i, t in enumerate(terms)}
    idx = [col[t] for t in items if t in col]
    if not idx or chars.empty:
        return pd.DataFrame(columns=["period", "kind", "item", "count", "rate"])
    m = article_counts[:, idx].tocsc()
    rows = []
    for p in chars.index:
        in_p = np.flatnonzero(per == p)
        counts = np.asarray(m[in_p].sum(axis=0)).ravel()
        for j, t in enumerate(idx):
            rows.append(
                (p, "term", terms[t], int(counts[j]), counts[j] * 10_000 / max(chars[p], 1))
            )
    return pd.DataFrame(rows, columns=["period", "kind", "item", "count", "rate"])


def theme_trends(
    theme_chars: np.ndarray, labels: Sequence[str], articles: Sequence
) -> pd.DataFrame:
    """Per period, the characters attributed to each theme (``count``) and their rate per
    10,000 characters (a rate of 2,500 is a quarter of the period's text).

    ``theme_chars`` is articles x themes: characters of each article that each theme explains.

    Parameters
    ----------
    theme_chars : ndarray
        Articles x themes characters.
    labels : sequence of str
        The themes' labels.
    articles : sequence of Article
        The articles, one per row.

    Returns
    -------
    DataFrame
        ``period, kind, item, count, rate``.
    """
    per = np.asarray(article_periods([a.date for a in articles]), dtype=object)
    chars = period_characters(articles)
    rows = []
    for p in chars.index:
        totals = theme_chars[per == p].sum(axis=0)
        for t, label in enumerate(labels):
            rows.append(
                (p, "theme", label, int(round(totals[t])), totals[t] * 10_000 / max(chars[p], 1))
            )
    return pd.DataFrame(rows, columns=["period", "kind", "item", "count", "rate"])


def slogan_trends(slogan_periods: pd.DataFrame, *, items: Sequence[str]) -> pd.DataFrame:
    """The slogans' rows of ``slogan_periods.csv`` in the trends layout; ``count`` is every
    use (``count_total``: inside longer formulations too), as the ``rate`` is.

    Parameters
    ----------
    slogan_periods : DataFrame
        ``slogan_periods.csv``.
    items : sequence of str
        The slogans to follow.

    Returns
    -------
    DataFrame
        ``period, kind, item, count, rate``.
    """
    df = slogan_periods[slogan_periods["slogan"].isin(set(items))]
    return pd.DataFrame(
        {
            "period": df["period"].to_numpy(),
            "kind": "slogan",
            "item": df["slogan"].to_numpy(),
            "count": df["count_total" if "count_total" in df else "count"].to_numpy(),
            "rate": df["rate"].to_numpy(),
        }
    )


def movers(trends: pd.DataFrame, kind: str, *, n: int, min_count: int = 10) -> list[str]:
    """The ``n`` items of ``kind`` whose rate changes most across periods: coefficient of
    variation of the rate, weighted by the square root of the total count.

    Parameters
    ----------
    trends : DataFrame
        ``trends.csv``.
    kind : str
        ``"theme"``, ``"term"`` or ``"slogan"``.
    n : int
        How many items.
    min_count : int
        Items with a smaller total count are left out.

    Returns
    -------
    list of str
        Empty with fewer than three periods.
    """
    df = trends[trends["kind"] == kind]
    if df.empty or df["period"].nunique() < 3:
        return []
    stats = df.groupby("item").agg(
        total=("count", "sum"), mean=("rate", "mean"), std=("rate", "std")
    )
    stats = stats[(stats["total"] >= min_count) & (stats["mean"] > 0)]
    score = stats["std"] / stats["mean"] * np.sqrt(stats["total"])
    return score.sort_values(ascending=False, kind="stable").head(n).index.tolist()
