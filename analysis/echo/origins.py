"""Origins of formulations: compare each use (counted by :mod:`analysis.echo.matching`) with the
reference's first use (``echo.csv``), per article and period (``echo_rates.csv``), and the
reference's leading formulations a corpus never uses (``echo_gaps.csv``).

Every function here takes plain values (texts, dates, variant lists) and returns plain data
or DataFrames with the columns of CONTRACT.md.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# central: the reference never uses it, but it is a known formulation of the centre (the
# [slogans] lexicon list): taken from the centre, at a date the reference cannot tell
ORIGINS = ("echoed", "anticipated", "concurrent", "own", "in_reference", "central")
COLUMNS = {
    "echo": (
        "article_id", "slogan", "origin", "date", "reference_first_date", "reference_count",
        "lag_days", "lag_years",
    ),
    "echo_gaps": ("period", "slogan", "reference_first_date", "reference_count", "reference_period"),
    "echo_rates": (
        "group", "kind", "uses", "echoed_uses", "formulations", "echoed_formulations",
        "echo_rate", "median_lag_days", "reused_share",
    ),
    "diffusion": ("slogan", "group", "first_date", "lag_days", "adopted_share", "lag_years"),
}  # fmt: skip


# --------------------------------------------------------------------------- dates


def _day(date: str) -> dt.date:
    return dt.date.fromisoformat(date)


def compare_dates(date: str, reference: str) -> tuple[int, int | None]:
    """Compare two ISO dates at the precision both have.

    Parameters
    ----------
    date, reference : str
        ISO dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

    Returns
    -------
    sign : int
        1 when ``date`` is later than ``reference``, -1 when earlier, 0 when the same at the
        common precision (``2025`` against ``2025-01-14`` is the same).
    lag_days : int or None
        ``date - reference`` in days when both are whole dates, else None.
    """
    n = min(len(date), len(reference))
    a, b = date[:n], reference[:n]
    sign = (a > b) - (a < b)
    lag = (_day(date) - _day(reference)).days if n >= 10 else None
    return sign, lag


def origin(date: str, reference_first: str) -> str:
    """``echoed``, ``anticipated``, ``concurrent`` or ``own`` for a text of ``date`` that uses a
    formulation the reference first uses on ``reference_first`` (``""``: never); an undated
    text gets ``in_reference`` or ``own``.

    Parameters
    ----------
    date : str
        The text's ISO date (``""``: undated).
    reference_first : str
        The reference's first date of the formulation (``""``: never).

    Returns
    -------
    str
        One of :data:`ORIGINS`.
    """
    if not reference_first:
        return "own"
    if not date:
        return "in_reference"
    sign, _ = compare_dates(date, reference_first)
    return {1: "echoed", -1: "anticipated", 0: "concurrent"}[sign]


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class RefUse:
    """Where the reference uses one formulation: its first date and its total count."""

    first_date: str
    count: int


def reference_uses(counts: Sequence[Counter[int]], dates: Sequence[str], n: int) -> list[RefUse]:
    """Per formulation, the reference's first (earliest) date and total count.

    ``counts`` are per reference text (see :func:`~analysis.echo.matching.count_formulations`),
    ``dates`` the texts' dates; an undated reference text counts but gives no first date.

    Parameters
    ----------
    counts : sequence of Counter
        Per reference text, formulation index -> count.
    dates : sequence of str
        The reference texts' dates.
    n : int
        The number of formulations.

    Returns
    -------
    list of RefUse
    """
    first = [""] * n
    total = [0] * n
    for c, d in zip(counts, dates, strict=True):
        for i, k in c.items():
            total[i] += k
            if d and (not first[i] or _earlier(d, first[i])):
                first[i] = d
    return [RefUse(f, t) for f, t in zip(first, total, strict=True)]


def _earlier(a: str, b: str) -> bool:
    """``a`` is earlier than ``b``; at the same common precision the more precise one wins."""
    sign, _ = compare_dates(a, b)
    return sign < 0 or (sign == 0 and len(a) > len(b))


def echo_table(
    names: Sequence[str],
    article_ids: Sequence[str],
    dates: Sequence[str],
    corpus_counts: Sequence[Counter[int]],
    uses: Sequence[RefUse],
    central: Collection[int] = (),
) -> pd.DataFrame:
    """``echo.csv``: a row per article and formulation it uses, with the formulation's origin.

    A formulation the reference never uses is ``own``, unless it is one of ``central``
    (indices of known formulations of the centre): then ``central``, for a text that cannot
    have coined what the centre says (双碳, 五篇大文章 in provincial reports, absent from a
    reference of Government Work Reports alone).

    ``lag_days`` is the article's date minus the reference's first date when both are whole
    dates; ``lag_years`` the difference of their years (a tifa addition: the lag that is
    known at any precision). Rows follow the articles, then the order of ``names``.

    Parameters
    ----------
    names : sequence of str
        The formulations.
    article_ids, dates : sequence of str
        The corpus's articles.
    corpus_counts : sequence of Counter
        Per article, formulation index -> count.
    uses : sequence of RefUse
        Per formulation, its use in the reference.
    central : collection of int
        The formulations known to be the centre's.

    Returns
    -------
    DataFrame
        The columns of ``echo.csv`` and ``uses``.
    """
    # integer columns, not a Python object per cell: a 100 MB corpus has two million rows, and
    # their lists (then the frame's copy of them) were a transient half GB; the strings come
    # from the articles and the formulations by index, shared, as they were before
    arts, slogs, n_uses = array("q"), array("q"), array("q")
    origin_codes, lags, lag_years = array("b"), array("q"), array("q")
    none = -(2**62)  # no lag (one date is not whole, or unknown): an empty cell
    code = {o: k for k, o in enumerate(ORIGINS)}
    for a, (date, counts) in enumerate(zip(dates, corpus_counts, strict=True)):
        for i in sorted(counts):
            ref = uses[i]
            lag = years = None
            if date and ref.first_date:
                _, lag = compare_dates(date, ref.first_date)
                years = int(date[:4]) - int(ref.first_date[:4])
            # only undated reference texts use it: in the reference, but no order in time
            found = (
                origin(date, ref.first_date) if ref.first_date or not ref.count else "in_reference"
            )
            if found == "own" and i in central:
                found = "central"
            arts.append(a)
            slogs.append(i)
            origin_codes.append(code[found])
            lags.append(none if lag is None else lag)
            lag_years.append(none if years is None else years)
            n_uses.append(counts[i])
    names_ = [*COLUMNS["echo"], "uses"]
    if not arts:
        df = pd.DataFrame([], columns=names_)
        for col in ("lag_days", "lag_years"):
            df[col] = df[col].astype("Int64")
        return df
    a_ = np.frombuffer(arts, dtype=np.int64)
    s_ = np.frombuffer(slogs, dtype=np.int64)

    def objects(values, idx) -> np.ndarray:
        return np.array(list(values), dtype=object)[idx]

    def nullable(values) -> pd.arrays.IntegerArray:
        v = np.frombuffer(values, dtype=np.int64)
        missing = v == none
        return pd.arrays.IntegerArray(np.where(missing, 0, v), missing)

    columns = {
        "article_id": objects(article_ids, a_),
        "slogan": objects(names, s_),
        "origin": np.array(ORIGINS, dtype=object)[np.frombuffer(origin_codes, dtype=np.int8)],
        "date": objects(dates, a_),
        "reference_first_date": objects((u.first_date for u in uses), s_),
        "reference_count": np.array([u.count for u in uses], dtype=np.int64)[s_],
        "lag_days": nullable(lags),
        "lag_years": nullable(lag_years),
        "uses": np.frombuffer(n_uses, dtype=np.int64).copy(),
    }
    return pd.DataFrame(columns)


def _article_stats(echo: pd.DataFrame) -> dict[str, tuple]:
    """Per article of the echo table: uses, echoed uses, distinct formulations, distinct
    echoed ones and the median lag in days of the echoed uses (NaN: none known)."""
    if not len(echo):
        return {}
    g = echo.groupby("article_id", sort=False)
    uses, forms = g["uses"].sum(), g["slogan"].nunique()
    echoed = echo[echo["origin"] == "echoed"]
    ge = echoed.groupby("article_id", sort=False)
    e_uses, e_forms = ge["uses"].sum(), ge["slogan"].nunique()
    lags = echoed["lag_days"].astype("float64").groupby(echoed["article_id"], sort=False).median()
    return {
        aid: (int(uses[aid]), int(e_uses.get(aid, 0)), int(forms[aid]), int(e_forms.get(aid, 0)),
              float(lags.get(aid, math.nan)))
        for aid in uses.index
    }  # fmt: skip


def _median(values) -> float:
    """The median of the known values (None and NA left out); NaN when there is none."""
    vals = [v for v in values if v is not None and not pd.isna(v)]
    return float(np.median(vals)) if vals else math.nan


def echo_rates(
    echo: pd.DataFrame,
    article_ids: Sequence[str],
    periods: Sequence[str],
    characters: Sequence[int],
    reused_chars: Sequence[int],
) -> pd.DataFrame:
    """``echo_rates.csv``: per article and per period, the formulation uses and distinct
    formulations, how many of them are echoed, the echo rate (echoed uses / uses), the median
    lag in days of the echoed formulations and the share of the text reused from the
    reference. An undated article has no echo rate (nothing is before or after it).

    Parameters
    ----------
    echo : DataFrame
        The echo table.
    article_ids, periods : sequence of str
        The articles and their periods.
    characters, reused_chars : sequence of int
        Characters of each article, and those reused from the reference.

    Returns
    -------
    DataFrame
        The columns of ``echo_rates.csv``.
    """
    rows = []
    period_of = dict(zip(article_ids, periods, strict=True))
    dated = dict(zip(article_ids, [bool(p) for p in periods], strict=True))

    def row(group, kind, part, chars, reused, has_date):
        uses = int(part["uses"].sum())
        echoed = part[part["origin"] == "echoed"]
        e_uses = int(echoed["uses"].sum())
        rate = e_uses / uses if uses and has_date else math.nan
        return (
            group, kind, uses, e_uses, part["slogan"].nunique(), echoed["slogan"].nunique(),
            rate, _median(echoed["lag_days"].tolist()), reused / chars if chars else math.nan,
        )  # fmt: skip

    # per article: one grouped pass (a row() per article cost pandas' overhead 2,700 times)
    stats = _article_stats(echo)
    for aid, chars, reused in zip(article_ids, characters, reused_chars, strict=True):
        uses, e_uses, n_forms, n_echoed, lag = stats.get(aid, (0, 0, 0, 0, math.nan))
        rate = e_uses / uses if uses and dated[aid] else math.nan
        rows.append(
            (aid, "article", uses, e_uses, n_forms, n_echoed, rate, lag,
             reused / chars if chars else math.nan)
        )  # fmt: skip
    per_chars: Counter[str] = Counter()
    per_reused: Counter[str] = Counter()
    for aid, chars, reused in zip(article_ids, characters, reused_chars, strict=True):
        per_chars[period_of[aid]] += chars
        per_reused[period_of[aid]] += reused
    labelled = (
        echo.assign(period=echo["article_id"].map(period_of))
        if len(echo)
        else echo.assign(period=[])
    )
    for period in sorted(p for p in per_chars if p):
        part = labelled[labelled["period"] == period]
        rows.append(row(period, "period", part, per_chars[period], per_reused[period], True))
    return pd.DataFrame(rows, columns=COLUMNS["echo_rates"])


def leading(
    uses: Sequence[tuple[tuple[int, int], ...]], ref_years: Sequence[int], year: int, *, top: int
) -> list[int]:
    """The reference's leading formulations of ``year``: those it uses that year, ranked by
    count x log(years of the reference / years using it) (a formulation of every year, 共产党,
    leads none), then by position (salience); at most ``top``.

    Parameters
    ----------
    uses : sequence of tuple of (int, int)
        Per formulation, (reference text, count) where used.
    ref_years : sequence of int
        The year of each reference text (0: undated).
    year : int
        The year looked at.
    top : int
        The most formulations returned.

    Returns
    -------
    list of int
        Formulation indices, leading first.
    """
    n_years = len(set(ref_years) - {0})
    scored = []
    for i, u in enumerate(uses):
        years = {ref_years[a] for a, _ in u}
        here = sum(k for a, k in u if ref_years[a] == year)
        if here and len(years) < n_years:
            scored.append((-here * math.log(n_years / len(years)), i))
    return [i for _, i in sorted(scored)[:top]]


def echo_gaps(
    names: Sequence[str],
    uses: Sequence[tuple[tuple[int, int], ...]],
    ref_dates: Sequence[str],
    corpus_used: set[int],
    corpus_periods: Sequence[str],
    *,
    top: int,
) -> pd.DataFrame:
    """``echo_gaps.csv``: for each period of the corpus, the reference's leading formulations
    (:func:`leading`, ``top`` of them) of the last reference year with a text before that
    period that the corpus never uses (``corpus_used``: indices of those it does).

    Parameters
    ----------
    names : sequence of str
        The reference's formulations.
    uses : sequence of tuple of (int, int)
        Per formulation, (reference text, count).
    ref_dates : sequence of str
        The reference texts' dates.
    corpus_used : set of int
        The formulations the corpus uses.
    corpus_periods : sequence of str
        The period of each corpus article.
    top : int
        Leading formulations looked at per year.

    Returns
    -------
    DataFrame
        The columns of ``echo_gaps.csv``.
    """
    ref_years = [int(d[:4]) if d else 0 for d in ref_dates]
    rows = []
    for period in sorted({p for p in corpus_periods if p}):
        # reference texts before the period at the precision both have (2024-05 follows the
        # report of 2024-03-05; 2024-02 and 2024 do not)
        before = [
            y
            for y, d in zip(ref_years, ref_dates, strict=True)
            if d and compare_dates(period, d)[0] > 0
        ]
        if not before:
            continue
        year = max(before)
        for i in leading(uses, ref_years, year, top=top):
            if i in corpus_used:
                continue
            dated = [ref_dates[a] for a, _ in uses[i] if ref_dates[a]]
            first = min(dated, key=lambda d: (d[:4], -len(d), d)) if dated else ""
            rows.append((period, names[i], first, sum(k for _, k in uses[i]), str(year)))
    return pd.DataFrame(rows, columns=COLUMNS["echo_gaps"])
