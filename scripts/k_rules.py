#!/usr/bin/env python3
"""Compare rules for choosing the number of themes on saved evidence.

Usage: python scripts/k_rules.py [EVIDENCE_DIR]   (default /tmp/t-themes-evidence)

The evidence is one CSV per corpus written by ``scripts/eval_themes.py --save`` (k, coherence,
stability, largest_share and, for a labelled set, nmi and ami): every candidate k scored once,
so each rule costs nothing to try. For every rule the script prints the k it picks on each
corpus and, where there are labels, the NMI at that k; then each rule's worst shortfall from the
best NMI reachable on each labelled set (the rule to keep is near-best on all of them) and
whether it reaches the cap on an unlabelled corpus. ``analysis.themes.select_k.choose_k`` is
the rule chosen; it is listed as ``chosen``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.themes.select_k import Candidate, choose_k  # noqa: E402

FLOOR = 0.6
SHARE = 0.5


def _spread(t: pd.DataFrame) -> pd.DataFrame:
    ok = t[t.largest_share <= SHARE]
    return ok if len(ok) else t


def _stable(t: pd.DataFrame, floor: float = FLOOR) -> pd.DataFrame:
    s = t[t.stability >= floor]
    if not len(s):
        s = t[t.stability >= t.stability.max() - 0.1]
    return _spread(s)


def floor_best_coherence(t):  # the rule before: floor, then the most coherent
    s = _stable(t)
    best = s.coherence.max()
    ties = s[s.coherence >= best - 0.02]
    return int(ties.sort_values(["stability", "k"]).iloc[-1].k)


def old_margin(t):  # the rule before that: the most coherent within 0.1 of the most stable
    s = t[t.stability >= t.stability.max() - 0.1]
    return int(s.sort_values(["coherence", "k"]).iloc[-1].k)


def product(t):  # no floor, no tie
    s = _spread(t)
    return int(s.loc[(s.coherence * s.stability).idxmax()].k)


def floor_product(t):  # the floor, then the best product (no tie)
    s = _stable(t)
    return int(s.loc[(s.coherence * s.stability).idxmax()].k)


def relative_margin(r):
    def rule(t):
        s = _spread(t[t.stability >= (1 - r) * t.stability.max()])
        return int(s.loc[s.coherence.idxmax()].k)

    rule.__name__ = f"relative_margin_{r}"
    return rule


def knee(gain):
    """Floor, then the first stable k after which coherence gains less than ``gain`` per step
    (relative to the coherence range of the stable k)."""

    def rule(t):
        s = _stable(t).sort_values("k")
        c = s.coherence.to_numpy()
        span = max(c.max() - c.min(), 1e-9)
        for i in range(len(s) - 1):
            step = (c[i + 1] - c[i]) / span / max(int(s.k.iloc[i + 1] - s.k.iloc[i]), 1)
            if c[i] >= c.max() - 0.5 * span and step < gain:
                return int(s.k.iloc[i])
        return int(s.k.iloc[-1])

    rule.__name__ = f"knee_{gain}"
    return rule


def band_most_stable(band):
    """Floor, then the most stable k among those within ``band`` of the best coherence
    (``band`` a share of the stable k's coherence range)."""

    def rule(t):
        s = _stable(t)
        span = s.coherence.max() - s.coherence.min()
        top = s[s.coherence >= s.coherence.max() - band * span]
        return int(top.sort_values(["stability", "k"]).iloc[-1].k)

    rule.__name__ = f"band_most_stable_{band}"
    return rule


def cap_penalty(lam):
    def rule(t):
        s = _stable(t)
        score = s.coherence - lam * (s.k - s.k.min()) / max(t.k.max() - t.k.min(), 1)
        return int(s.loc[score.idxmax()].k)

    rule.__name__ = f"cap_penalty_{lam}"
    return rule


def chosen(t):
    cands = [
        Candidate(int(r.k), float(r.coherence), float(r.stability), (), float(r.largest_share))
        for r in t.itertuples()
    ]
    return choose_k(cands, margin=0.1)


RULES = [
    floor_best_coherence, old_margin, product, floor_product, relative_margin(0.1), relative_margin(0.2),
    knee(0.05), knee(0.1), knee(0.2), band_most_stable(0.1), band_most_stable(0.25),
    band_most_stable(0.5), cap_penalty(0.05), cap_penalty(0.1), chosen,
]  # fmt: skip


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/t-themes-evidence")
    tables = {p.stem: pd.read_csv(p) for p in sorted(folder.glob("*.csv"))}
    if not tables:
        print(f"no evidence in {folder}")
        return 1
    rows = []
    for rule in RULES:
        row = {"rule": rule.__name__}
        worst = 0.0
        for name, t in tables.items():
            k = rule(t)
            cap = " cap" if k == t.k.max() else ""
            if "nmi" in t:
                nmi = float(t.set_index("k").nmi[k])
                worst = max(worst, float(t.nmi.max()) - nmi)
                row[name] = f"{k} ({nmi:.3f}){cap}"
            else:
                row[name] = f"{k}{cap}"
        row["worst_nmi_gap"] = round(worst, 3)
        rows.append(row)
    best = {n: f"{int(t.loc[t.nmi.idxmax()].k)} ({t.nmi.max():.3f})" for n, t in tables.items()
            if "nmi" in t}  # fmt: skip
    rows.append({"rule": "best NMI reachable", **best})
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
