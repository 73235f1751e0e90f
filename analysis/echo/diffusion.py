"""Diffusion: when each group of the corpus first used each echoed formulation (``diffusion.csv``)."""

from __future__ import annotations

import pandas as pd

from .origins import COLUMNS, _earlier, compare_dates


def diffusion(echo: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """``diffusion.csv``: for each formulation echoed somewhere, each group's first use (its
    earliest dated article using it), the lag from the reference's first date, and the
    cumulative share of the corpus's groups that had adopted it by that date.

    ``groups`` maps article ids to group labels (``""``: no group).

    Parameters
    ----------
    echo : DataFrame
        The echo table (:func:`analysis.echo.origins.echo_table`).
    groups : dict of str to str
        Article id to group.

    Returns
    -------
    DataFrame
        The columns of ``diffusion.csv``.
    """
    n_groups = len({g for g in groups.values() if g})
    echoed = set(echo.loc[echo["origin"] == "echoed", "slogan"])
    firsts: dict[str, dict[str, str]] = {}
    refs: dict[str, str] = {}
    group = echo["article_id"].map(groups).fillna("")
    rows_in = echo["slogan"].isin(echoed) & echo["date"].fillna("").ne("") & group.ne("")
    used = echo[rows_in.to_numpy()]
    for g, name, date, ref in zip(
        group[rows_in.to_numpy()], used["slogan"], used["date"], used["reference_first_date"],
        strict=True,
    ):  # fmt: skip
        refs[name] = ref
        seen = firsts.setdefault(name, {})
        if g not in seen or _earlier(date, seen[g]):
            seen[g] = date
    rows = []
    for name in dict.fromkeys(echo["slogan"]):
        if name not in firsts:
            continue
        ref = refs[name]
        order = sorted(firsts[name].items(), key=lambda kv: (kv[1], kv[0]))
        for g, date in order:
            adopted = sum(1 for _, d in order if d[: min(len(d), len(date))] <= date[: len(d)])
            _, lag = compare_dates(date, ref)
            rows.append((name, g, date, lag, adopted / n_groups, int(date[:4]) - int(ref[:4])))
    df = pd.DataFrame(rows, columns=COLUMNS["diffusion"])
    for col in ("lag_days", "lag_years"):
        df[col] = df[col].astype("Int64")
    return df
