"""The four slogan tables of the contract (slogans, slogan_counts, slogan_periods, kwic)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..ingest import Article
from ..ingest.periods import periods as article_periods
from ..kwic import cut
from .hits import Hits
from .model import Hit, Slogan

KWIC_PER_SLOGAN = 200  # kwic.csv: at most this many lines per slogan
KWIC_WIDTH = 20  # characters of context on each side


TIERS = ((0.5, "hot"), (0.2, "warm"), (0.0, "cool"))


def tier(share: float) -> str:
    """Temperature of a slogan in a period, from the share of the period's articles that use
    it (after the China Media Project's discourse 'temperature'): hot >= 50%, warm >= 20%,
    cool > 0, absent.

    Parameters
    ----------
    share : float
        The share of the period's articles that use the slogan.

    Returns
    -------
    str
        ``hot``, ``warm``, ``cool`` or ``absent``.
    """
    if share <= 0:
        return "absent"
    return next(name for floor, name in TIERS if share >= floor)


def link_successors(table: pd.DataFrame) -> list[str]:
    """For each row of a ranked slogans table, the parallel formulation it renames: a list of
    as many members (3+), sharing some but not all of them, first used after the other's
    first use (稳进增效、除险清患、改革求变、惠民有感 → 稳进增效、除险固安、改革突破、惠民强企).
    Among several, the latest earlier one; "" when none.

    Parameters
    ----------
    table : pandas.DataFrame
        Ranked slogans with ``slogan``, ``kind`` and ``first_date``.

    Returns
    -------
    list of str
        One per row of ``table``.
    """
    lists = []
    for r in table.itertuples():
        parts = r.slogan.split("、")
        if r.kind == "parallel" and len(parts) >= 3 and r.first_date:
            lists.append((r.slogan, parts, r.first_date))
    out = {}
    for text, parts, first in lists:
        best = None
        for other, oparts, ofirst in lists:
            shared = len(set(parts) & set(oparts))
            if other == text or len(oparts) != len(parts) or not 0 < shared < len(parts):
                continue
            if [len(p) for p in oparts] != [len(p) for p in parts] or not ofirst < first:
                continue
            if best is None or ofirst > best[1]:
                best = (other, ofirst)
        if best:
            out[text] = best[0]
    return [out.get(t, "") for t in table["slogan"]]


def _pair_counts(hits: Sequence[Hit], n_articles: int, name: str) -> pd.Series:
    """Uses per (slogan, article), sorted, as ``groupby(["slogan", "article"]).size()`` gives
    them (one sort of int64 keys: no frame of millions of hits)."""
    a = Hits.of(hits).array
    if not len(a):
        empty = pd.DataFrame([], columns=["slogan", "article"])
        return empty.groupby(["slogan", "article"]).size().rename(name)
    m = max(1, n_articles)
    pairs, counts = np.unique(a[:, 0].astype(np.int64) * m + a[:, 1], return_counts=True)
    index = pd.MultiIndex.from_arrays([pairs // m, pairs % m], names=["slogan", "article"])
    return pd.Series(counts.astype(np.int64), index=index, name=name)


def _per_slogan(hits: Sequence[Hit], n: int) -> pd.Series:
    """Uses of each of the ``n`` slogans."""
    a = Hits.of(hits).array
    if not len(a):
        return pd.Series([], dtype=object).value_counts().reindex(range(n), fill_value=0)
    return pd.Series(np.bincount(a[:, 0], minlength=n)[:n].astype(np.int64))


def _first_uses(rows: np.ndarray, per: int) -> list[list[int]]:
    """The first ``per`` hits of each slogan in reading order (article, paragraph, start)."""
    if not len(rows):
        return []
    order = np.lexsort((rows[:, 3], rows[:, 2], rows[:, 1], rows[:, 0]))
    slogan = rows[order, 0]
    new = np.ones(len(order), dtype=bool)
    new[1:] = slogan[1:] != slogan[:-1]
    first = np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))
    return rows[order[np.arange(len(order)) - first < per]].tolist()


def slogan_tables(
    slogans: Sequence[Slogan],
    hits: Sequence[Hit],
    total: Sequence[Hit],
    articles: Sequence[Article],
    saliences: Sequence[float],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The four slogan tables, from the standalone and the total hits (vectorised).

    Parameters
    ----------
    slogans : sequence of Slogan
        The accepted formulations, ranked.
    hits : sequence of Hit
        Their standalone occurrences (leftmost-longest).
    total : sequence of Hit
        Every use, inside longer formulations included.
    articles : sequence of Article
        The corpus.
    saliences : sequence of float
        The score of each slogan.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(table, counts, periods, kwic)``: slogans.csv, slogan_counts.csv, slogan_periods.csv
        and kwic.csv (at most ``KWIC_PER_SLOGAN`` lines per slogan, cut by
        :func:`analysis.kwic.cut`).
    """
    ids = np.array([a.article_id for a in articles], dtype=object)
    dates = np.array([a.date for a in articles], dtype=object)
    per = np.array(article_periods(list(dates)), dtype=object)
    names = np.array([s.text for s in slogans], dtype=object)
    n = len(slogans)
    alone = _pair_counts(hits, len(articles), "count")
    every = _pair_counts(total, len(articles), "count_total")
    per_article = pd.concat([alone, every], axis=1).fillna(0).astype(np.int64).reset_index()
    per_article = per_article.sort_values(["slogan", "article"], kind="stable")
    per_article["date"] = dates[per_article["article"].to_numpy()] if len(per_article) else []
    count, count_total = _per_slogan(hits, n), _per_slogan(total, n)
    n_arts = per_article.groupby("slogan").size().reindex(range(n), fill_value=0)
    dated = per_article[per_article["date"] != ""]
    first = dated.groupby("slogan")["date"].min().reindex(range(n), fill_value="")
    last = dated.groupby("slogan")["date"].max().reindex(range(n), fill_value="")
    n_docs = max(1, len(articles))
    table = pd.DataFrame(
        {
            "slogan": names,
            "kind": [s.kind for s in slogans],
            "variants": [list(s.variants) for s in slogans],
            "count": count.to_numpy(),
            "articles": n_arts.to_numpy(),
            "first_date": first.to_numpy(),
            "last_date": last.to_numpy(),
            "evidence": [s.evidence for s in slogans],
            "salience": [round(float(x), 6) for x in saliences],
            "count_total": count_total.to_numpy(),
            "spread": np.round(n_arts.to_numpy() / n_docs, 4),
        }
    )
    table["successor_of"] = link_successors(table) if n else []
    counts = pd.DataFrame(
        {
            "slogan": names[per_article["slogan"].to_numpy()] if len(per_article) else [],
            "article_id": ids[per_article["article"].to_numpy()] if len(per_article) else [],
            "count": per_article["count"].to_numpy(),
            "count_total": per_article["count_total"].to_numpy(),
        }
    )
    # periods: every period that has articles, so a zero is a real absence
    arts = pd.DataFrame({"period": per, "chars": [a.characters for a in articles]})
    arts = arts[arts["period"] != ""]
    totals = arts.groupby("period").agg(articles=("chars", "size"), chars=("chars", "sum"))
    per_article["period"] = per[per_article["article"].to_numpy()] if len(per_article) else []
    per_article["using"] = 1
    used = (
        per_article[per_article["period"] != ""]
        .groupby(["slogan", "period"])
        .agg(count=("count", "sum"), count_total=("count_total", "sum"), using=("using", "sum"))
    )
    grid = pd.MultiIndex.from_product(
        [range(n), totals.index.astype(str)], names=["slogan", "period"]
    )
    used = used.reindex(grid, fill_value=0).reset_index()
    used = used.join(totals, on="period") if len(used) else used.assign(articles=0, chars=0)
    periods = pd.DataFrame(
        {
            "slogan": names[used["slogan"].to_numpy()] if len(used) else [],
            "period": used["period"].to_numpy(),
            "count": used["count"].to_numpy(dtype=np.int64),
            # the rate, like the trends, follows every use (count_total)
            "rate": used["count_total"].to_numpy()
            * 10_000
            / np.maximum(used["chars"].to_numpy(), 1),
            "tier": [tier(u / a) for u, a in zip(used["using"], used["articles"], strict=True)],
            "count_total": used["count_total"].to_numpy(dtype=np.int64),
        }
    )
    # keyword in context, in reading order, at most KWIC_PER_SLOGAN lines per slogan
    lines = []
    # one string per distinct context and form, not one per line: a reprinted or boilerplate
    # passage gives the same left and right again (half the lines of the 20 MB benchmark)
    one: dict[str, str] = {}
    for sl, a, p, start, end in _first_uses(Hits.of(total).array, KWIC_PER_SLOGAN):
        para = articles[a].paragraphs[p]
        left, match, right = cut(para.text, start, end, width=KWIC_WIDTH)
        left, match, right = (
            one.setdefault(left, left),
            one.setdefault(match, match),
            one.setdefault(right, right),
        )
        lines.append((names[sl], ids[a], p, para.line_at(start), left, match, right))
    kwic = pd.DataFrame(
        lines, columns=["slogan", "article_id", "paragraph", "line", "left", "match", "right"]
    )
    return table, counts, periods, kwic
