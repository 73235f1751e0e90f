"""Choices the report makes about what to show: which formulations and terms cover a span of
time, where the time axis has gaps, when two compared groups differ in kind, and which words
are distinctive of one article. Pure functions over plain data; charts.py draws them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------- time axis


def _period_index(p: str) -> int:
    """Years count one a year, months one a month: consecutive periods differ by 1."""
    return int(p[:4]) * 12 + int(p[5:7]) - 1 if len(p) == 7 else int(p[:4])


def axis_gaps(present: Sequence[str]) -> list[int]:
    """Positions ``i`` (1-based into the sorted ``present``) where periods are missing between
    ``present[i-1]`` and ``present[i]``: the chart marks a gap there instead of drawing it.

    Parameters
    ----------
    present : sequence of str
        Periods with articles.

    Returns
    -------
    list of int
        The positions.
    """
    known = sorted(set(p for p in present if p))
    return [
        i
        for i in range(1, len(known))
        if _period_index(known[i]) - _period_index(known[i - 1]) > 1
    ]


def buckets(present: Sequence[str], eras: pd.DataFrame | None = None) -> dict[str, str]:
    """The part of the span each period belongs to: its era (``eras.csv`` rows) when there are
    eras, else its decade (``1990s``); months go by year when the span is short.

    Parameters
    ----------
    present : sequence of str
        Periods with articles.
    eras : DataFrame, optional
        ``eras.csv`` rows.

    Returns
    -------
    dict
        Period -> part.
    """
    out = {}
    for p in present:
        name = ""
        if eras is not None and len(eras):
            for r in eras.itertuples():
                if str(r.start)[:4] <= p[:4] <= str(r.end)[:4]:
                    name = r.era
                    break
        if not name:
            name = f"{p[:3]}0s"
        out[p] = name
    if len(set(out.values())) < 3 and present and len(present[0]) == 7:
        out = {p: p[:4] for p in present}  # a short span of months: by year
    return out


def spread_pick(ranked: dict[str, list[str]], n: int) -> list[str]:
    """Pick ``n`` items round-robin over the parts of a span: the best of each part first,
    then the second best of each, ..., an item only once. ``ranked`` maps each part (in time
    order) to its items, best first.

    Parameters
    ----------
    ranked : dict
        Part -> items, best first.
    n : int
        Items picked.

    Returns
    -------
    list of str
        The picks.
    """
    chosen: list[str] = []
    depth = 0
    longest = max((len(v) for v in ranked.values()), default=0)
    while len(chosen) < n and depth < longest:
        for items in ranked.values():
            for item in items[depth:]:
                if item not in chosen:
                    chosen.append(item)
                    break
            if len(chosen) >= n:
                break
        depth += 1
    return chosen


def leading_by_part(
    rows: pd.DataFrame, part_of: dict[str, str], *, candidates: Sequence[str]
) -> dict[str, list[str]]:
    """For each part of the span (in time order), the ``candidates`` ranked by their count in
    that part (most first; ties by their order in ``candidates``), those used there at all.

    ``rows`` has columns item, period, count.

    Parameters
    ----------
    rows : DataFrame
        ``period, item, count`` rows.
    part_of : dict
        Period -> part.
    candidates : sequence of str
        Items ranked.

    Returns
    -------
    dict
        Part -> items, best first.
    """
    order = {c: i for i, c in enumerate(candidates)}
    df = rows[rows["item"].isin(order) & (rows["count"] > 0)]
    df = df.assign(part=df["period"].map(part_of)).dropna(subset=["part"])
    sums = df.groupby(["part", "item"])["count"].sum().reset_index()
    sums["rank"] = sums["item"].map(order)
    parts = list(dict.fromkeys(part_of[p] for p in sorted(part_of)))
    out = {}
    for part in parts:
        g = sums[sums["part"] == part].sort_values(["count", "rank"], ascending=[False, True])
        out[part] = g["item"].tolist()
    return out


def sustained_movers(
    trends: pd.DataFrame, kind: str, *, n: int, part_of: dict[str, str], min_count: int = 10
) -> list[str]:
    """Items whose rate changes for a sustained stretch, not in one period: each item's rate
    is smoothed by a running median of three periods (a one-period spike vanishes), its
    change is the range of the smoothed rate over its mean, weighted by the square root of its
    total count; the items are then picked round-robin over the parts of the span by the part
    where their smoothed rate peaks, so every era or decade has some.

    Parameters
    ----------
    trends : DataFrame
        ``trends.csv``.
    kind : str
        The kind of item (term, slogan, theme).
    n : int
        Items at most.
    part_of : dict
        Period -> part.
    min_count : int
        Uses at least.

    Returns
    -------
    list of str
        The movers, largest change first.
    """
    df = trends[trends["kind"] == kind]
    present = sorted(df["period"].unique())
    if len(present) < 3:
        return []
    wide = df.pivot_table(index="item", columns="period", values="rate", aggfunc="sum")
    wide = wide.reindex(columns=present).fillna(0.0)
    total = df.groupby("item")["count"].sum().reindex(wide.index).fillna(0)
    used = (wide > 0).sum(axis=1)
    keep = (total >= min_count) & (used >= 3)
    wide, total = wide[keep], total[keep]
    if wide.empty:
        return []
    values = wide.to_numpy()
    padded = np.pad(values, ((0, 0), (1, 1)), mode="edge")
    smooth = np.median(np.stack([padded[:, :-2], padded[:, 1:-1], padded[:, 2:]]), axis=0)
    mean = values.mean(axis=1)
    score = (smooth.max(axis=1) - smooth.min(axis=1)) / np.maximum(mean, 1e-9)
    score = score * np.sqrt(total.to_numpy())
    score[smooth.max(axis=1) <= 0] = 0
    items = np.asarray(wide.index, dtype=object)
    order = np.lexsort((items, -score))
    peak_part = {items[i]: part_of[present[int(np.argmax(smooth[i]))]] for i in order}
    parts = list(dict.fromkeys(part_of[p] for p in present))
    ranked = {part: [items[i] for i in order if score[i] > 0 and peak_part[items[i]] == part]
              for part in parts}  # fmt: skip
    return spread_pick(ranked, n)


# --------------------------------------------------------------------------- groups


MAX_KINDS = 6  # a column with more distinct values than this names records, not kinds


def kind_difference(
    target: Sequence[dict[str, str]], reference: Sequence[dict[str, str]]
) -> tuple[str, list[str], list[str]] | None:
    """Whether two compared groups differ in kind: the first of the manifest columns ``kind``
    and ``source`` whose values differ between the groups' articles.

    ``target`` and ``reference`` hold one mapping per article (column -> value).

    Returns
    -------
    tuple or None
        (column, target's values, reference's values), sorted; ``None`` when no such column
        differs (or neither group has values). A column with more than :data:`MAX_KINDS`
        distinct values is skipped: it identifies records rather than kinds.
    """
    for column in ("kind", "source"):
        a = sorted({m.get(column, "") for m in target} - {""})
        b = sorted({m.get(column, "") for m in reference} - {""})
        if len(set(a) | set(b)) > MAX_KINDS:
            continue  # a value per article (a record id, a page URL) is no kind
        if a and b and a != b:
            return column, a, b
    return None


# --------------------------------------------------------------------------- clouds


def distinctive_weights(row: np.ndarray, total: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """How distinctive each term is of one article (or period) against the rest of the corpus:
    its Fightin' Words z-score against all other text, 0 where not positive. A word cloud
    weighted by this shows what sets the text apart, not 发展 建设 人民 again.

    Parameters
    ----------
    row : ndarray
        The text's term counts.
    total : ndarray
        The corpus's term counts (the text included).
    prior : ndarray
        Dirichlet prior (:func:`analysis.compare.dirichlet_prior` of ``total``).
    """
    from ..compare import log_odds_dirichlet  # noqa: PLC0415

    row = np.asarray(row, dtype=np.float64)
    rest = np.asarray(total, dtype=np.float64) - row
    if rest.sum() <= 0:
        return row  # a corpus of one text: nothing to set it apart from; frequency
    z = log_odds_dirichlet(row, rest, prior)[1]
    return np.where((row > 0) & (z > 0), z, 0.0)
