"""What findings and the report say about the echo: per formulation, and ``findings.csv`` rows."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ..slogans.nesting import distinct
from .stage import EchoResult

_LAST: list = []  # (result, summary) of the last call: the findings and the report ask twice


def summary(res: EchoResult) -> dict:
    """Per formulation: origin counts, articles, uses, first corpus date, reference first
    date and the smallest lag; the basis of findings and the report (plain dicts, rank order).

    Parameters
    ----------
    res : EchoResult
        The echo result.

    Returns
    -------
    dict of str to dict
        The same object for the same result (do not modify it).
    """
    if _LAST and _LAST[0][0] is res:
        return _LAST[0][1]
    rank = {n: i for i, n in enumerate(res.formulations)}
    df = res.echo
    out: dict[str, dict] = {}
    if len(df):
        # per formulation, in the order of its first row; pandas, not a loop over the rows
        # (400,000 rows at 20 MB)
        by = df.groupby("slogan", sort=False)
        firsts = df.drop_duplicates("slogan")
        uses = by["uses"].sum()
        origins = df.groupby(["slogan", "origin"], sort=False).size()
        # the earliest date: at the precision both have, and then the more precise one
        # (origins._earlier), which is the order of the dates padded past any digit or '-';
        # the first row of the earliest date, as the stable sort keeps table order
        dated = df[df["date"] != ""]
        order = dated["date"].str.ljust(10, "~").sort_values(kind="stable").index
        earliest = dated.loc[order].drop_duplicates("slogan").set_index("slogan")
        for name, ref, n in zip(firsts["slogan"], firsts["reference_first_date"],
                                by.size().loc[firsts["slogan"]], strict=True):  # fmt: skip
            out[name] = {"slogan": name, "ref": ref, "articles": int(n),
                         "uses": int(uses[name]), "origins": Counter(), "first": "",
                         "lag_days": None, "lag_years": None}  # fmt: skip
        for (name, kind), n in origins.items():
            out[name]["origins"][kind] = int(n)
        for name, r in zip(earliest.index, earliest.itertuples(index=False), strict=True):
            d = out[name]
            d["first"] = r.date
            d["lag_days"] = None if pd.isna(r.lag_days) else int(r.lag_days)
            d["lag_years"] = None if pd.isna(r.lag_years) else int(r.lag_years)
    result = dict(sorted(out.items(), key=lambda kv: rank.get(kv[0], len(rank))))
    _LAST[:] = [(res, result)]
    return result


def findings_rows(res: EchoResult, *, n: int = 3, top: int | None = None) -> list[tuple]:
    """Rows for ``findings.csv``: ``echo_rate`` (value: echoed share of the dated formulation
    uses, baseline: echoed share of the distinct formulations), ``echoed_slogan`` (subject:
    the reference's first date; value: articles that echo it, baseline: lag in years of the
    corpus's first use; the most widely echoed first), ``anticipated_slogan``
    (value: lag in days of the earliest use, empty at a coarser precision; baseline: lag in
    years) and
    ``own_slogan`` (value: uses, baseline: articles), these two most salient first.

    The named formulations come from the ``top`` most salient (all with ``None``), and none
    contains or is contained in one named before it for the same kind (命运共同体, then not
    人类命运共同体): a headline names formulations, and the breadth of ordinary policy nouns
    far down the list (公共服务, 基础设施 in every district report) says nothing.

    Parameters
    ----------
    res : EchoResult
        The echo result.
    n : int
        Formulations per kind.
    top : int or None
        Only the formulations of this rank or better are named.

    Returns
    -------
    list of tuple
        (kind, subject, item, value, baseline).
    """
    rows: list[tuple] = []
    dated = res.echo[res.echo["date"] != ""]
    if len(dated):
        uses = dated["uses"].sum()
        echoed = dated[dated["origin"] == "echoed"]
        share_f = echoed["slogan"].nunique() / max(dated["slogan"].nunique(), 1)
        rows.append(("echo_rate", "", "", float(echoed["uses"].sum() / uses), float(share_f)))
    items = summary(res)
    named = set(res.formulations if top is None else res.formulations[:top])

    def by_origin(origin: str) -> list[dict]:
        return [d for name, d in items.items()
                if name in named and d["origins"].most_common(1)[0][0] == origin]  # fmt: skip

    widest = sorted(by_origin("echoed"), key=lambda d: -d["origins"]["echoed"])
    rows += [
        ("echoed_slogan", d["ref"], d["slogan"], d["origins"]["echoed"], d["lag_years"])
        for d in _distinct(widest, n)
    ]
    rows += [
        ("anticipated_slogan", d["ref"], d["slogan"], d["lag_days"], d["lag_years"])
        for d in _distinct(by_origin("anticipated"), n)
    ]
    rows += [
        ("own_slogan", "", d["slogan"], d["uses"], d["articles"])
        for d in _distinct(by_origin("own"), n)
    ]
    return rows


def _distinct(items: list[dict], n: int) -> list[dict]:
    """The first ``n`` of ``items`` whose slogans nest in none chosen before (:func:`distinct`)."""
    return [items[i] for i in distinct([d["slogan"] for d in items], n)]
