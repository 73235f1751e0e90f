"""Slogan differences: which formulations are new, dropped or kept from one group to the next."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def slogan_diff(
    slogan_counts: pd.DataFrame,
    article_group: dict[str, str],
    pairs: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Which slogans are new, dropped or kept from group ``a`` to group ``b`` of each pair.

    ``slogan_counts`` has columns slogan, article_id, count (``slogan_counts.csv``).

    Parameters
    ----------
    slogan_counts : DataFrame
        ``slogan, article_id, count``.
    article_group : dict of str to str
        The group of each article id (missing or ``""``: none).
    pairs : sequence of (str, str)
        (a, b) groups, from a to b.

    Returns
    -------
    DataFrame
        ``group_a, group_b, slogan, status, count_a, count_b`` (``slogan_diff.csv``).
    """
    df = slogan_counts.assign(group=slogan_counts["article_id"].map(article_group).fillna(""))
    by_group = df.groupby(["group", "slogan"])["count"].sum()
    rows = []
    for a, b in pairs:
        in_a = by_group.get(a, pd.Series(dtype=np.int64))
        in_b = by_group.get(b, pd.Series(dtype=np.int64))
        for slogan in sorted(set(in_a.index) | set(in_b.index)):
            ca, cb = int(in_a.get(slogan, 0)), int(in_b.get(slogan, 0))
            status = "kept" if ca and cb else "new" if cb else "dropped"
            rows.append((a, b, slogan, status, ca, cb))
    out = pd.DataFrame(
        rows, columns=["group_a", "group_b", "slogan", "status", "count_a", "count_b"]
    )
    order = {"new": 0, "dropped": 1, "kept": 2}
    out["_o"] = out["status"].map(order)
    out["_n"] = -(out["count_a"] + out["count_b"])
    return (
        out.sort_values(["group_a", "group_b", "_o", "_n", "slogan"])
        .drop(columns=["_o", "_n"])
        .reset_index(drop=True)
    )
