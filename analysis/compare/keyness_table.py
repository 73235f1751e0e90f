"""``keyness.csv``: for each pair of groups, the items most typical of each side, with p and q."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..vectorize import sum_by_group
from .groups import REST
from .keyness import (
    SIGNIFICANCE,
    bh_q_values,
    dirichlet_prior,
    g2,
    log_odds_dirichlet,
    p_values,
    stat_keyness,
)


def keyness_table(
    counts: sp.spmatrix,
    terms: Sequence[str],
    groups: Sequence[str],
    pairs: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
    *,
    kind: str,
    method: str,
    min_count: int,
    top: int,
) -> pd.DataFrame:
    """``keyness.csv`` rows for one kind of item: for each pair, the ``top`` items most typical
    of the target and the ``top`` most typical of the reference.

    ``counts`` is articles x items; ``groups`` the group of each article.

    Parameters
    ----------
    counts : sparse matrix
        Articles x items counts.
    terms : sequence of str
        The items, one per column.
    groups : sequence of str
        The group of each article (``""``: none).
    pairs : sequence of (tuple of str, tuple of str)
        (target, reference) groups; an empty reference: all the other groups.
    kind : str
        ``"term"`` or ``"slogan"``, written in the ``kind`` column.
    method : {"fightin", "g2"}
        The keyness score.
    min_count : int
        Items with fewer occurrences in the two groups together are not listed.
    top : int
        Items listed on each side of each pair.

    Returns
    -------
    DataFrame
        The columns of ``keyness.csv``.
    """
    labels = np.asarray(groups, dtype=object)
    columns = [
        "target", "reference", "kind", "term", "score", "count_target", "count_reference",
        "method", "p_value", "q_value", "significant",
    ]  # fmt: skip
    rows = []
    prior = np.asarray(counts.sum(axis=0)).ravel()
    rest = [t for t, r in pairs if not r and len(t) == 1]
    if rest and counts.shape[1]:
        rows.extend(_keyness_against_rest(counts, terms, labels, [t[0] for t in rest],
                                          kind=kind, method=method, min_count=min_count, top=top))  # fmt: skip
    for target, reference in pairs:
        if not reference and len(target) == 1:
            continue  # done above, all at once
        t_rows = np.flatnonzero(np.isin(labels, target))
        if reference:
            r_rows = np.flatnonzero(np.isin(labels, reference))
        else:
            r_rows = np.flatnonzero(~np.isin(labels, target) & (labels != ""))
        if len(t_rows) == 0 or len(r_rows) == 0 or counts.shape[1] == 0:
            continue
        scored = stat_keyness(
            counts, terms, t_rows, r_rows, method=method, min_count=min_count,
            prior_counts=prior,
        )  # fmt: skip
        scored["p_value"] = p_values(scored["score"].to_numpy(), method)
        scored["q_value"] = bh_q_values(scored["p_value"].to_numpy())
        chosen = pd.concat(
            [scored[scored["score"] > 0].head(top), scored[scored["score"] < 0].tail(top)]
        )
        chosen = chosen.drop_duplicates("term")
        chosen.insert(0, "target", ",".join(target))
        chosen.insert(1, "reference", ",".join(reference) or REST)
        chosen.insert(2, "kind", kind)
        chosen["method"] = method
        rows.append(chosen)
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)
    out["significant"] = out["q_value"] < SIGNIFICANCE
    return out[columns]


def _keyness_against_rest(
    counts: sp.spmatrix,
    terms: Sequence[str],
    labels: np.ndarray,
    targets: Sequence[str],
    *,
    kind: str,
    method: str,
    min_count: int,
    top: int,
) -> list[pd.DataFrame]:
    """Each group in ``targets`` against all the other grouped articles, the same rows as
    :func:`stat_keyness` gives one pair at a time, from one groups x terms matrix: thousands
    of articles each against the rest take seconds instead of minutes."""
    names = sorted(set(labels.tolist()) - {""})
    index = {g: i for i, g in enumerate(names)}
    grouped = np.flatnonzero(labels != "")
    group_of = [index[g] for g in labels[grouped]]
    by_group = sum_by_group(sp.csr_matrix(counts, dtype=np.float64)[grouped], group_of, len(names))
    size = np.bincount(
        np.asarray(group_of, dtype=np.int64), minlength=len(names)
    )  # articles per group
    total = np.asarray(by_group.sum(axis=0)).ravel()
    prior = dirichlet_prior(np.asarray(counts.sum(axis=0)).ravel())
    keep = np.flatnonzero(total >= min_count)  # y_t + y_r is the same total for every group
    term_array = np.asarray(terms, dtype=object)
    # ties are broken by the term, as stat_keyness's sort does
    term_rank = np.empty(len(terms), dtype=np.int64)
    term_rank[np.argsort(term_array, kind="stable")] = np.arange(len(terms))
    todo = [index[name] for name in targets if size[index[name]] < len(grouped)]
    # (a group that holds every grouped article has no other group to compare with)
    block = max(1, 2_000_000 // max(1, len(terms)))  # groups scored together: ~16 MB arrays
    picked: list[np.ndarray] = []
    parts: dict[str, list[np.ndarray]] = {
        "group": [], "score": [], "y_t": [], "y_r": [], "p": [], "q": [],
    }  # fmt: skip
    for start in range(0, len(todo), block):
        rows = todo[start : start + block]
        y_t = by_group[rows].toarray()
        y_r = total[None, :] - y_t
        scores = g2(y_t, y_r) if method == "g2" else log_odds_dirichlet(y_t, y_r, prior)[1]
        for j, g in enumerate(rows):
            score = scores[j]
            # the family of one comparison: every term scored in it (not only those listed)
            p_all = np.ones(len(terms))
            q_all = np.ones(len(terms))
            tested = keep[(y_t[j, keep] > 0) | (y_r[j, keep] > 0)]
            p_all[tested] = p_values(score[tested], method)
            q_all[tested] = bh_q_values(p_all[tested])
            chosen = []
            for sign in (1, -1):
                cand = keep[sign * score[keep] > 0]
                if len(cand) > top:
                    s = sign * score[cand]
                    cut = np.partition(s, len(s) - top)[len(s) - top]
                    cand = cand[s >= cut]  # the top, with every tie at the cut
                if sign == 1:  # highest first, ties by term
                    chosen.append(cand[np.lexsort((term_rank[cand], -score[cand]))][:top])
                else:  # the lowest, listed from the least negative, ties by term
                    low = cand[np.lexsort((-term_rank[cand], score[cand]))][:top]
                    chosen.append(low[::-1])
            idx = np.concatenate(chosen)
            picked.append(idx)
            parts["group"].append(np.full(len(idx), g))
            parts["score"].append(score[idx])
            parts["y_t"].append(y_t[j, idx])
            parts["y_r"].append(y_r[j, idx])
            parts["p"].append(p_all[idx])
            parts["q"].append(q_all[idx])
    if not picked:
        return []
    idx = np.concatenate(picked)
    return [
        pd.DataFrame(
            {
                "target": np.asarray(names, dtype=object)[np.concatenate(parts["group"])],
                "reference": REST,
                "kind": kind,
                "term": term_array[idx],
                "score": np.concatenate(parts["score"]).astype(np.float64),
                "count_target": np.concatenate(parts["y_t"]).astype(np.int64),
                "count_reference": np.concatenate(parts["y_r"]).astype(np.int64),
                "method": method,
                "p_value": np.concatenate(parts["p"]),
                "q_value": np.concatenate(parts["q"]),
            }
        )  # fmt: skip
    ]
