"""Why gold formulations are missed, held out: the per-corpus diagnosis behind issue 12.

Reads the candidates' features that ``scripts/fit_formulation_weights.py --cache FILE`` keeps,
and for each corpus fits the score on the *other* corpora (leave-one-corpus-out, as the fit
script validates), ranks the held-out corpus's candidates, and prints:

- gold entries that are not a scored candidate at all (not generated, or filtered before
  scoring: never-formulation rules, boundary check, single quoted dictionary word);
- gold entries that are candidates but rank below 200, with the features that decide
  (uses, documents, boundary share, entropy, cohesion, dictionary word, verb start, share of
  uses not inside a longer candidate);
- the candidates in the top 50 that are not gold entries.

Usage::

    .venv/bin/python scripts/fit_formulation_weights.py --gold eval/gold --cache /tmp/f.pkl
    .venv/bin/python scripts/diagnose_formulations.py --gold eval/gold --cache /tmp/f.pkl \
        [--corpus NAME] [--lexicon off]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_formulation_weights import fit  # noqa: E402

from analysis.slogans.score import FEATURES, relative, score  # noqa: E402


def held_out_order(data: dict, held: str, lexicon: bool, c: float = 0.5) -> tuple:
    """The held-out corpus's table, labels, gold matches, scores and ranking order."""
    train = [v for (n, _), v in data.items() if n != held]
    x = np.vstack([t[list(FEATURES)].to_numpy(dtype=float) for t, *_ in train])
    y = np.concatenate([v[1] for v in train])
    w = fit(x, y, c)
    table, labels, match, _ = data[(held, lexicon)]
    s = score(table, {**w, "threshold": 0})
    order = np.lexsort((table["text"].to_numpy(), -table["count_total"].to_numpy(), -s))
    return table, labels, match, s, order


def report(data: dict, held: str, lexicon: bool, gold: pd.DataFrame) -> str:
    """The diagnosis of one held-out corpus as text."""
    table, labels, match, s, order = held_out_order(data, held, lexicon)
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    best: dict[int, int] = {}
    for i, gs in enumerate(match):
        for g in gs:
            if g not in best or rank[i] < rank[best[g]]:
                best[g] = i
    lines = [f"=== {held}, lexicon {'on' if lexicon else 'off'}: {len(table)} candidates"]
    missing = [g for g in range(len(gold)) if g not in best]
    dropped = table.attrs.get("dropped", {})
    never, filtered = [], []
    for g in missing:
        forms = [gold.formulation[g], *[v for v in gold.variants[g].split("|") if v]]
        why = next((dropped[f] for f in forms if f in dropped), None)
        if why is None:
            never.append(gold.formulation[g])
        else:
            filtered.append(f"{gold.formulation[g]} ({why})")
    low_n = sum(rank[i] >= 200 for i in best.values())
    lines.append(
        f"breakdown of the {len(missing) + low_n} gold not in the top 200: (a) never a candidate "
        f"{len(never)}, (b) candidate ranked below 200 {low_n}, (c) filtered {len(filtered)}"
    )
    lines.append(f"(a) never a candidate ({len(never)}): " + " / ".join(never))
    lines.append(f"(c) filtered before scoring ({len(filtered)}): " + " / ".join(filtered))
    low = sorted((rank[i], g, i) for g, i in best.items() if rank[i] >= 200)
    lines.append(f"candidate, ranked below 200 ({len(low)}):")
    for r, g, i in low:
        row = table.iloc[i]
        lines.append(
            f"  {r + 1:6d} {gold.formulation[g]} as {row.text} [{row.kind}] uses "
            f"{row.count_total}, docs {np.expm1(row.log_docs):.0f}, score {s[i]:.3f}, "
            f"boundary {row.boundary:.2f}, entropy {row.entropy:.2f}, bound {row.bound:.2f}, "
            f"dict {row.dict_word:.0f}, verb start {row.verb_start:.0f}, "
            f"alone {row.alone_share:.2f}"
        )
    wrong = [f"{k + 1}.{table.text.iloc[i]}" for k, i in enumerate(order[:50]) if not labels[i]]
    lines.append(f"top 50, not gold ({len(wrong)}): " + " / ".join(wrong))
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gold", required=True, help="folder of <corpus>.csv gold lists")
    p.add_argument("--cache", required=True, help="features pickle of fit_formulation_weights")
    p.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    p.add_argument("--lexicon", choices=("on", "off"), default="on")
    args = p.parse_args()
    if not Path(args.cache).is_file():
        print(f"error: {args.cache}: no such file (run fit_formulation_weights.py --cache)",
              file=sys.stderr)  # fmt: skip
        return 2
    data = pd.read_pickle(args.cache)
    data = {k: (relative(t), *rest) for k, (t, *rest) in data.items()}
    for held in sorted({n for n, _ in data}):
        if args.corpus and held not in args.corpus:
            continue
        gold = pd.read_csv(Path(args.gold) / f"{held}.csv", dtype=str).fillna("")
        print(report(data, held, args.lexicon == "on", gold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
