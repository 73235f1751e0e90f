"""Refit the formulation score's weights (``analysis/data/formulation_weights.json``).

For every development corpus with a gold list (``GOLD/<corpus>.csv``: formulation, first_year,
variants, ...; the format of the evaluation harness), run the formulation stage with and
without the user lexicon, label each scored candidate (it matches a gold entry or one of its
variants, ignoring 的/之/、/quotes) and fit a logistic regression (scikit-learn, standardised
features, balanced classes) on all of them. Before that, validate leave-one-corpus-out: fit on
the other corpora, rank the held-out corpus's candidates by the score, and print recall of its
gold in the top 200 and precision of the top 50.

Usage::

    .venv/bin/python scripts/fit_formulation_weights.py --gold DIR [--shared DIR] [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.slogans.score import FEATURES  # noqa: E402

_DROP = re.compile(r"[的之、·・•“”‘’\"'「」『』〝〞\s\u3000]")
WEIGHTS = ROOT / "analysis" / "data" / "formulation_weights.json"
THRESHOLD = 0.05


def gold_keys(path: Path) -> list[frozenset[str]]:
    """The normalised spellings of each gold entry of ``path``."""
    df = pd.read_csv(path, dtype=str).fillna("")
    out = []
    for r in df.itertuples():
        forms = [r.formulation, *[v for v in re.split(r"[|;]", r.variants) if v]]
        out.append(frozenset(_DROP.sub("", f) for f in forms if f))
    return out


def candidates(
    folder: Path, lexicon: bool, cache_dir: str = "/tmp/tifa-fit-cache"
) -> pd.DataFrame:
    """The scored candidates of one corpus (the features table of the formulation stage)."""
    from analysis.config import load_config  # noqa: PLC0415
    from analysis.pipeline import analyse_counts  # noqa: PLC0415
    from analysis.steps import formulation_lexicon  # noqa: PLC0415

    config = load_config(ROOT / "tifa.toml")
    lexicon_on = lexicon
    if not lexicon:
        config = dataclasses.replace(
            config, segment=dataclasses.replace(config.segment, lexicon=())
        )
    from analysis.segment import make_segmenter, manifest_names, people_lexicon  # noqa: PLC0415
    from analysis.slogans import find_slogans  # noqa: PLC0415
    from analysis.wordlists import read_lexicon, read_stopwords  # noqa: PLC0415

    # the pipeline's slogan cache keeps the published tables, not the features: segment
    # through the pipeline, then run discovery itself with the arguments the pipeline passes
    result = analyse_counts(folder, config, cache_dir=cache_dir)
    corpus = result.corpus
    lexicon, _, _ = people_lexicon(
        read_lexicon(config.segment.lexicon),
        manifest_names(corpus.meta_columns, [a.meta for a in corpus.articles]),
    )
    base = make_segmenter(engine=config.segment.engine, lexicon=())
    trace: dict[str, str] = {}
    found = find_slogans(
        corpus.articles, result.raw_tokens, tag=base.tag, is_word=base.has_word,
        lexicon=formulation_lexicon(lexicon, config.slogans.lexicon if lexicon_on else ""),
        not_formulations=frozenset(
            e.word for e in read_stopwords([config.slogans.not_formulations])
        ),
        max_sample_chars=config.slogans.sample_chars, trace=trace,
    )  # fmt: skip
    table = found.features.copy()
    table.attrs["dropped"] = trace  # why candidates were dropped before scoring
    return table


def label(table: pd.DataFrame, golds: list[frozenset[str]]) -> tuple[np.ndarray, list[int]]:
    """1 for a candidate matching a gold entry; and for each gold entry the rows matching it."""
    keys = {}
    for g, ks in enumerate(golds):
        for k in ks:
            keys.setdefault(k, g)
    y = np.zeros(len(table), dtype=int)
    match = []
    for i, forms in enumerate(table["forms"]):
        gs = {keys[k] for k in (_DROP.sub("", f) for f in forms.split("|")) if k in keys}
        y[i] = bool(gs)
        match.append(gs)
    return y, match


def fit(x: np.ndarray, y: np.ndarray, c: float = 0.5):
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from sklearn.preprocessing import StandardScaler  # noqa: PLC0415

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit((x - scaler.mean_) / scale, y)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
    }


def ranked_metrics(table, y, match, weights, n_gold) -> tuple[float, float]:
    from analysis.slogans.score import score  # noqa: PLC0415

    s = score(table, {**weights, "threshold": 0})
    order = np.lexsort((table["text"].to_numpy(), -table["count_total"].to_numpy(), -s))
    top200 = set().union(*[match[i] for i in order[:200]]) if len(order) else set()
    top50 = order[:50]
    return len(top200) / max(1, n_gold), float(y[top50].mean()) if len(top50) else 0.0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gold", required=True, help="folder of <corpus>.csv gold lists")
    p.add_argument("--shared", default=str(ROOT.parent / "shared" / "corpora"))
    p.add_argument("--write", action="store_true", help=f"write {WEIGHTS.name}")
    p.add_argument("-C", type=float, default=0.5, help="inverse regularisation strength")
    p.add_argument(
        "--cache",
        metavar="FILE",
        help="keep the candidates' features in FILE "
        "(pickle) and reuse them: to try the model without rerunning the corpora",
    )
    p.add_argument(
        "--cache-dir", default="/tmp/tifa-fit-cache", help="the pipeline's cache (segmentation)"
    )
    args = p.parse_args()
    data = {}
    if args.cache and Path(args.cache).is_file():
        data = pd.read_pickle(args.cache)
    for path in sorted(Path(args.gold).glob("*.csv")) if not data else []:
        name = path.stem
        if name.endswith(".not"):
            continue
        folder = ROOT / "seeds" if name == "seeds" else Path(args.shared) / name
        if not folder.is_dir():
            print(f"{name}: {folder} absent, skipped", file=sys.stderr)
            continue
        golds = gold_keys(path)
        for lex in (True, False):
            table = candidates(folder, lex, args.cache_dir)
            y, match = label(table, golds)
            data[(name, lex)] = (table, y, match, len(golds))
            print(f"{name} lexicon {'on' if lex else 'off'}: {len(table)} candidates, "
                  f"{y.sum()} gold", file=sys.stderr)  # fmt: skip
    if args.cache and not Path(args.cache).is_file():
        pd.to_pickle(data, args.cache)
    from analysis.slogans.score import relative  # noqa: PLC0415

    data = {k: (relative(t), *rest) for k, (t, *rest) in data.items()}
    names = sorted({n for n, _ in data})
    print("leave-one-corpus-out (fit on the others, ranked by the score):")
    print("| corpus | lexicon | recall@200 | precision@50 |")
    print("|---|---|---:|---:|")
    for held in names:
        train = [v for (n, _), v in data.items() if n != held]
        x = np.vstack([t[list(FEATURES)].to_numpy(dtype=float) for t, *_ in train])
        y = np.concatenate([v[1] for v in train])
        w = fit(x, y, args.C)
        for lex in (True, False):
            table, yy, match, n_gold = data[(held, lex)]
            r, prec = ranked_metrics(table, yy, match, w, n_gold)
            print(f"| {held} | {'on' if lex else 'off'} | {r:.2f} | {prec:.2f} |")
    x = np.vstack([t[list(FEATURES)].to_numpy(dtype=float) for t, *_ in data.values()])
    y = np.concatenate([v[1] for v in data.values()])
    w = fit(x, y, args.C)
    w["threshold"] = THRESHOLD
    w["fitted_on"] = (
        f"logistic regression (C={args.C}, balanced) on {', '.join(names)}, lexicon on and off"
    )
    print("weights:", ", ".join(f"{f} {c:+.2f}" for f, c in zip(FEATURES, w["coef"], strict=True)))
    if args.write:
        WEIGHTS.write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
