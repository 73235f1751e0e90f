"""What the report shows: which articles, pairs, slogans and terms; short labels for them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest.dates import corpus_precision, shown_date
from ..result import Analysis, theme_characters
from .canvas import short as _short
from .labels import LABELS
from .options import ReportOptions
from .readings import (
    buckets,
    leading_by_part,
    spread_pick,
    sustained_movers,
)


def _date_range(dates: list[str], undated: str) -> str:
    known = sorted(d for d in dates if d)
    if not known:
        return undated
    return known[0] if known[0] == known[-1] else f"{known[0]} – {known[-1]}"


MAX_HEATMAP_ROWS = 60


def _span_parts(analysis: Analysis, present: list[str]) -> dict[str, str]:
    eras = analysis.comparison.eras if analysis.comparison is not None else None
    return buckets(present, eras)


def _timeline_slogans(analysis: Analysis, options: ReportOptions) -> list[str]:
    """The slogans drawn in the timeline: the leading formulations (used in 2+ periods) of
    each era or decade, taken in turn, so every part of the span has some; as many as
    ``[slogans] timeline``, or two a part when there are more parts (at most 20)."""
    periods = analysis.slogans.periods
    used = periods[periods["count"] > 0].groupby("slogan")["period"].nunique()
    chosen = [s.text for s in analysis.slogans.slogans if used.get(s.text, 0) >= 2]
    present = sorted(p for p in periods["period"].unique() if p)
    part_of = _span_parts(analysis, present)
    n = max(options.slogans_timeline, min(20, 2 * len(set(part_of.values()))))
    rows = periods.rename(columns={"slogan": "item"})[["item", "period", "count"]]
    ranked = leading_by_part(rows, part_of, candidates=chosen)
    return spread_pick(ranked, n)


def by_peak(series: dict[str, list[float]]) -> dict[str, list[float]]:
    """The series ordered by the period where each peaks, earliest first: a timeline that reads
    from the top left to the bottom right.

    Parameters
    ----------
    series : dict
        Name -> values per period.

    Returns
    -------
    dict
        The same series, reordered.
    """
    return dict(
        sorted(series.items(), key=lambda kv: (int(np.argmax(kv[1])) if kv[1] else 0, kv[0]))
    )


def _heatmap_articles(analysis: Analysis) -> list[int]:
    """Articles in the theme heatmap: the largest ``MAX_HEATMAP_ROWS``, by date then id."""
    arts = analysis.corpus.articles
    with_text = [i for i, a in enumerate(arts) if analysis.article_themes[i].sum() > 0]
    largest = sorted(with_text, key=lambda i: (-arts[i].characters, i))[:MAX_HEATMAP_ROWS]
    return sorted(largest, key=lambda i: (arts[i].date or "9999", arts[i].article_id))


def article_label(article, width: int, precision: int = 10) -> str:
    """Date (cut to ``precision``, see :mod:`analysis.ingest.dates`) and title of an article for a
    chart or a source line, without repeating an id that is only the file name (``2018 2018``).

    Parameters
    ----------
    article : Article
        The article.
    width : int
        Characters at most.
    precision : int
        Characters of the date shown.

    Returns
    -------
    str
        The label.
    """
    title = (
        "" if article.title in (article.article_id, article.date) else _short(article.title, width)
    )
    date = shown_date(article.date, precision)
    return " ".join(x for x in (date, title) if x) or article.article_id


def theme_share_matrix(analysis: Analysis) -> np.ndarray:
    """Articles x themes: each theme's share of the characters of the article that the themes
    explain (rows sum to 1, or 0): the one meaning of "share" in every theme heatmap and in
    the theme trends (there per period).

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    ndarray
        Articles x themes shares.
    """

    chars = theme_characters(analysis.corpus, analysis.tokens, analysis.themes)
    sums = chars.sum(axis=1, keepdims=True)
    return np.divide(chars, sums, out=np.zeros_like(chars), where=sums > 0)


def _cloud_articles(analysis: Analysis, options: ReportOptions) -> list[int]:
    """Articles that get a word cloud, in corpus order: all when there are at most
    ``article_pages``; else, in a dated corpus, that many spread evenly over time (a reader of
    seventy years of reports wants the 1950s and the 2020s, not the twelve longest), and in an
    undated one the largest."""
    k = options.article_pages
    arts = analysis.corpus.articles
    with_text = [i for i, a in enumerate(arts) if a.characters]
    if len(with_text) <= k:
        return with_text
    if _clouds_by_time(analysis):
        by_date = sorted(with_text, key=lambda i: (arts[i].date, arts[i].article_id))
        picks = np.unique(np.round(np.linspace(0, len(by_date) - 1, k)).astype(int))
        return sorted(by_date[p] for p in picks)
    return sorted(sorted(with_text, key=lambda i: (-arts[i].characters, i))[:k])


def _clouds_by_time(analysis: Analysis) -> bool:
    return all(a.date for a in analysis.corpus.articles if a.characters)


def _lang_of(labels: dict[str, str]) -> str:
    return next((k for k, v in LABELS.items() if v is labels), "zh")


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


MAX_PAIRS = 6
MAX_TIMED_PAIRS = 8
MAX_SIMILARITY_ARTICLES = 40


def _shown_pairs(analysis: Analysis) -> list[tuple[str, str]]:
    """The comparisons drawn in the report: periods and eras in time order (the latest
    ``MAX_TIMED_PAIRS``), other groups the largest first, at most ``MAX_PAIRS``."""
    cmp = analysis.comparison
    key = cmp.keyness[cmp.keyness["kind"] == "term"]
    pairs = list(dict.fromkeys(zip(key["target"], key["reference"], strict=True)))
    size: dict[str, int] = {}
    for a, g in zip(analysis.corpus.articles, cmp.article_groups, strict=True):
        size[g] = size.get(g, 0) + a.characters
    if cmp.by in ("period", "era"):
        rank = {g: i for i, g in enumerate(cmp.groups)}
        pairs.sort(key=lambda p: (rank.get(p[0], len(rank)), p[1]))
        return pairs[-MAX_TIMED_PAIRS:]
    pairs.sort(key=lambda p: (-sum(size.get(g, 0) for g in p[0].split(",")), p[0]))
    return pairs[:MAX_PAIRS]


def _group_name(name: str, analysis: Analysis, t: dict[str, str], width: int = 18) -> str:
    from ..compare import REST  # noqa: PLC0415

    if name == REST:
        return t["rest"]
    if analysis.comparison.by == "article":
        art = next((a for a in analysis.corpus.articles if a.article_id == name), None)
        if art is not None:
            return article_label(art, width, corpus_precision(analysis))
    return _short(name, width)


def similarity_matrix(analysis: Analysis) -> tuple[list[str], np.ndarray] | None:
    """The similarity heatmap's labels and cosines: every pair of articles up to
    ``MAX_SIMILARITY_ARTICLES``; beyond, in a dated corpus, every pair of periods (their
    summed counts as TF-IDF rows), however many; ``None`` otherwise.

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    (list of str, ndarray) or None
        Labels and cosines; ``None`` without a comparison.
    """
    from ..compare.eras import period_vectors  # noqa: PLC0415
    from ..ingest.periods import periods as article_periods  # noqa: PLC0415

    arts = analysis.corpus.articles
    n = len(arts)
    per = article_periods([a.date for a in arts])
    present = sorted(set(per) - {""})
    if 2 < n <= MAX_SIMILARITY_ARTICLES and analysis.comparison.by not in ("period", "era"):
        ids = [a.article_id for a in arts]
        index = {a: i for i, a in enumerate(ids)}
        matrix = np.eye(n)
        for r in analysis.comparison.similarity.itertuples():
            i, j = index[r.article_a], index[r.article_b]
            matrix[i, j] = matrix[j, i] = r.cosine
        return [article_label(a, 14, corpus_precision(analysis)) for a in arts], matrix
    if len(present) >= 3:
        vectors = period_vectors(analysis.article_dtm.matrix, per, present)
        return present, np.round(vectors @ vectors.T, 6)
    if n > MAX_SIMILARITY_ARTICLES:  # many undated articles: in cluster order, or clusters
        import scipy.sparse as sp  # noqa: PLC0415

        from ..compare.similarity import article_cosines, clustered_similarity  # noqa: PLC0415

        counts = sp.csr_matrix(analysis.article_dtm.matrix)
        keep = np.flatnonzero(counts.getnnz(axis=1))  # not the duplicates, analysed once
        sim = article_cosines(counts[keep])
        prec = corpus_precision(analysis)
        return clustered_similarity(sim, [article_label(arts[i], 14, prec) for i in keep])
    return None


def similarity_kind(analysis: Analysis) -> str:
    """What the similarity heatmap shows: ``articles``, ``periods`` or ``clustered`` (many
    undated articles, in cluster order or grouped into clusters).

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    str
        ``articles``, ``periods`` or ``clustered``.
    """
    from ..ingest.periods import periods as article_periods  # noqa: PLC0415

    arts = analysis.corpus.articles
    present = set(article_periods([a.date for a in arts])) - {""}
    if analysis.comparison.by in ("period", "era") or len(arts) > MAX_SIMILARITY_ARTICLES:
        return "periods" if len(present) >= 3 else "clustered"
    return "articles"


def _trend_series(trends, kind: str, items, axis) -> dict[str, list[float]]:
    """Rates per period of ``items``; for themes the share (%) of the period's text that the
    themes explain, so a period's themes add up to 100% (the article heatmap's meaning)."""
    df = trends[trends["kind"] == kind]
    if kind == "theme":
        sums = df.groupby("period")["count"].sum()
        df = df.assign(rate=100 * df["count"] / df["period"].map(sums).where(lambda v: v > 0))
    series = {}
    for item in items:
        rows = df[df["item"] == item].set_index("period")["rate"]
        series[_short(item, 12)] = [float(rows[p]) if p in rows.index else 0.0 for p in axis]
    return series


def _trend_terms(analysis: Analysis, options: ReportOptions) -> list[str]:
    from ..compare.trends import movers  # noqa: PLC0415

    pinned = [x for x in options.trend_terms if x]
    if pinned:
        return pinned
    present = sorted(p for p in analysis.trends["period"].unique() if p)
    part_of = _span_parts(analysis, present)
    n = max(8, min(16, 2 * len(set(part_of.values()))))
    return sustained_movers(analysis.trends, "term", n=n, part_of=part_of) or movers(
        analysis.trends, "term", n=8
    )


def spread_kwic(rows: pd.DataFrame, articles: dict, *, n: int) -> pd.DataFrame:
    """``n`` keyword-in-context lines spread over articles and dates: the first use in each
    article, the articles taken from the earliest and the latest date inward; a line (file and
    line number) or a text shown once only.

    Parameters
    ----------
    rows : DataFrame
        KWIC rows of one slogan.
    articles : dict
        Article id -> Article.
    n : int
        Lines.

    Returns
    -------
    DataFrame
        The chosen rows in date order.
    """
    if rows.empty:
        return rows
    firsts = rows.drop_duplicates("article_id")
    order = sorted(
        firsts.index,
        key=lambda i: (
            articles[firsts.at[i, "article_id"]].date or "9999",
            firsts.at[i, "article_id"],
        ),
    )
    ends = []
    lo, hi = 0, len(order) - 1
    while lo <= hi:
        ends.append(order[lo])
        if hi != lo:
            ends.append(order[hi])
        lo, hi = lo + 1, hi - 1
    picked, seen = [], set()
    for i in [*ends, *rows.index]:
        r = rows.loc[i]
        where = (articles[r["article_id"]].file, int(r["line"]))
        text = r["left"] + r["match"] + r["right"]
        if where in seen or text in seen or i in picked:
            continue
        seen.update({where, text})
        picked.append(i)
        if len(picked) == n:
            break
    return rows.loc[
        sorted(picked, key=lambda i: (articles[rows.at[i, "article_id"]].date or "9999", i))
    ]
