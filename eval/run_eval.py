"""Evaluate tifa's formulation list against the gold lists: ``make eval``.

For each corpus with a gold list ``eval/gold/<corpus>.csv`` (the seeds always, the shared corpora
when present) it runs the formulation stage the way ``tifa slogans`` does
(``analysis.pipeline.analyse_formulations``), twice: with the user lexicon of ``tifa.toml`` and
with it emptied (so a list typed into ``lexicon/official.txt`` cannot pass for discovery). It
prints and writes ``results.md`` and ``results.csv``: recall of the gold in the top 200, precision
of the top 50, first years right, and how many of ``<corpus>.not.csv`` are in the top 50.

Usage::

    .venv/bin/python eval/run_eval.py [--corpus NAME ...] [--shared DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]  # this worktree's analysis/, then eval/

from first_years import NEW_MARK, corpus_dir, read_gold, read_not  # noqa: E402
from metrics import (  # noqa: E402
    VERDICTS,
    Gold,
    Ranked,
    first_rank,
    first_years,
    judge_top,
    normalise,
    not_in_top,
    precision,
    recall,
)

CORPORA = [
    "seeds",
    "gov-work-reports",
    "prov-gwr-2026",
    "hailar-gwr-2012-2019",
    "cpcnews-grassroots-2018-2019",
    "pd-intl-commentary-2019",
]
COLUMNS = [
    "corpus", "lexicon", "n_gold", "recall_top200", "precision_top50", "first_years_right",
    "not_in_top50", "real_top50", "fragments_top50", "unjudged_top50", "recall_new_top200", "top50",
]  # fmt: skip
TOP_RECALL, TOP_PRECISION = 200, 50
TODAY_MARK = "found by slogans.csv today"  # the seeds' entries that tifa found before issue 12


def without_lexicon(config):
    """Return ``config`` with the user lexicon emptied: every setting named ``lexicon`` in
    ``[segment]`` or ``[slogans]`` (the themes' seed words and other lists, such as a
    not-formulations file, are left alone)."""
    changes = {}
    for name in ("segment", "slogans"):
        section = getattr(config, name, None)
        if section is None or not hasattr(section, "lexicon"):
            continue
        value = section.lexicon
        empty = "" if isinstance(value, str) else type(value)()
        changes[name] = dataclasses.replace(section, lexicon=empty)
    return dataclasses.replace(config, **changes)


def ranked_list(folder: Path, config, cache_dir: str) -> list[Ranked]:
    """Run the formulation stage on ``folder`` and return its ranked list, most salient first."""
    from analysis.pipeline import analyse_formulations  # noqa: PLC0415

    result = analyse_formulations(folder, config, cache_dir=cache_dir)
    table = result.slogans.table
    return [
        Ranked(str(r.slogan), tuple(str(v) for v in r.variants), str(r.first_date or ""))
        for r in table.itertuples()
    ]


def read_judged(path: Path) -> dict[str, str]:
    """Read ``eval/judged/<corpus>.csv`` (``item, verdict, note``): ``{normalised item: verdict}``.

    Raises
    ------
    ValueError
        A verdict that is not ``real``, ``not`` or ``fragment`` (with file and line).
    """
    if not path.is_file():
        return {}
    verdicts = {}
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for i, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        verdict = (row + [""])[1].strip()
        if verdict not in VERDICTS:
            raise ValueError(f"{path}:{i}: verdict must be one of {', '.join(VERDICTS)}")
        verdicts[normalise(row[0].strip())] = verdict
    return verdicts


def evaluate(
    ranked: list[Ranked],
    golds: list[Gold],
    fragments: list[str],
    verdicts: dict[str, str] | None = None,
    new: list[Gold] | None = None,
    today: list[Gold] | None = None,
    kinds: list[str] | None = None,
) -> dict:
    """Return the numbers of one run: the metrics, the misses and the top 50 (plain data).

    ``new`` are the gold entries first used in the last two periods: their recall is reported
    apart (``recall_new_top200``, ``""`` when there are none). ``today`` are the entries the
    list found before issue 12 (seeds): those not found anywhere in the list are ``lost``.
    """
    new = new or []
    right, judged = first_years(ranked, golds, TOP_RECALL)
    sorted_top = judge_top(ranked, golds, verdicts or {}, TOP_PRECISION)
    top = ranked[:TOP_PRECISION]
    head = ranked[:TOP_RECALL]
    keys = [g for g in golds]
    return {
        "n_gold": len(golds),
        "n_slogans": len(ranked),
        "recall_top200": round(recall(ranked, golds, TOP_RECALL), 3),
        "found": sum(first_rank(head, g) is not None for g in keys),
        "precision_top50": round(precision(ranked, golds, TOP_PRECISION), 3),
        "matched_top50": round(precision(ranked, golds, TOP_PRECISION) * len(top)),
        "n_top50": len(top),
        "first_years_right": round(right / judged, 3) if judged else 0.0,
        "years": (right, judged),
        "not_in_top50": len(not_in_top(ranked, fragments, TOP_PRECISION)) if fragments else "",
        "not_hits": not_in_top(ranked, fragments, TOP_PRECISION),
        "real_top50": len(sorted_top["real"]),
        "fragments_top50": len(sorted_top["fragment"]),
        "unjudged_top50": len(sorted_top["unjudged"]),
        "recall_new_top200": round(recall(ranked, new, TOP_RECALL), 3) if new else "",
        "new_found": [g.formulation for g in new if first_rank(head, g) is not None],
        "new_missed": [g.formulation for g in new if first_rank(head, g) is None],
        "by_kind": _by_kind(head, golds, kinds or [""] * len(golds)),
        "today": len(today or []),
        "lost": [g.formulation for g in today or [] if first_rank(ranked, g) is None],
        "judged": sorted_top,
        "top50": [r.text for r in top],
        "top50_gold": [precision([r], golds, 1) == 1.0 for r in top],
        "missed": [g.formulation for g in golds if first_rank(head, g) is None],
        "wrong_years": [
            f"{g.formulation} {head[i].first_date[:4]}≠{g.first_year}"
            for g in golds
            if (i := first_rank(head, g)) is not None
            and g.first_year
            and head[i].first_date[:4] != g.first_year
        ],
    }


def _by_kind(head: list[Ranked], golds: list[Gold], kinds: list[str]) -> str:
    """Return ``kind found/n`` for each gold kind, most entries first (ties by name)."""
    tally: dict[str, list[int]] = {}
    for g, kind in zip(golds, kinds, strict=True):
        t = tally.setdefault(kind or "-", [0, 0])
        t[0] += first_rank(head, g) is not None
        t[1] += 1
    order = sorted(tally.items(), key=lambda kv: (-kv[1][1], kv[0]))
    return ", ".join(f"{k} {f}/{n}" for k, (f, n) in order)


def csv_text(rows: list[dict]) -> str:
    """Return ``results.csv``: one row per corpus and lexicon setting, the top 50 joined by |."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r[c] if c != "top50" else " | ".join(r[c]) for c in COLUMNS])
    return out.getvalue()


def table_text(rows: list[dict]) -> str:
    """Return the summary table (Markdown), as printed on stdout and at the top of results.md."""
    lines = [
        "| corpus | lexicon | gold | recall@200 | precision@50 | first years right "
        "| not in top 50 | real in top 50 | fragments | unjudged | new in top 200 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        right, judged = r["years"]
        nots = "" if r["not_in_top50"] == "" else f"{r['not_in_top50']}"
        n_new = len(r["new_found"]) + len(r["new_missed"])
        new = f"{len(r['new_found'])}/{n_new}" if n_new else ""
        lines.append(
            f"| {r['corpus']} | {r['lexicon']} | {r['n_gold']} "
            f"| {r['recall_top200']:.2f} ({r['found']}/{r['n_gold']}) "
            f"| {r['precision_top50']:.2f} ({r['matched_top50']}/{r['n_top50']}) "
            f"| {r['first_years_right']:.2f} ({right}/{judged}) | {nots} "
            f"| {r['real_top50']} | {r['fragments_top50']} | {r['unjudged_top50']} "
            f"| {new} |"
        )
    return "\n".join(lines) + "\n"


def markdown(rows: list[dict], label: str) -> str:
    """Return ``results.md``: the table, then per run the misses, wrong years and the top 50."""
    parts = [
        "# tifa formulation evaluation\n\n",
        f"{label}\n\n" if label else "",
        "Gold lists: `eval/gold/` (see `eval/README.md`). recall@200: share of the gold in the "
        "first 200 formulations; precision@50: share of the first 50 that are gold entries; "
        "first years right: of the gold found, share whose `first_date` year is the gold "
        "`first_year`; not in top 50: entries of `<corpus>.not.csv` among the first 50; "
        "real in top 50: gold entries plus items judged real by hand in `eval/judged/` "
        "(fragments: judged cut mid-word; unjudged: neither gold nor judged yet); new in top "
        "200: gold entries first used in the last two periods (of more than two) found. "
        "lexicon off: `[segment] lexicon` and `[slogans] lexicon` (the known formulations) emptied.\n\n",
        table_text(rows),
    ]
    for r in rows:
        parts.append(
            f"\n## {r['corpus']}, lexicon {r['lexicon']} ({r['n_slogans']} formulations)\n"
        )
        parts.append(
            f"\nGold not in the top 200 ({len(r['missed'])}): {' / '.join(r['missed']) or '-'}\n"
        )
        parts.append(
            f"\nFirst year wrong ({len(r['wrong_years'])}): {'; '.join(r['wrong_years']) or '-'}\n"
        )
        parts.append(f"\nGold in the top 200 by kind: {r['by_kind']}\n")
        if r["today"]:
            parts.append(
                f"\nFound before issue 12 and still in the list: {r['today'] - len(r['lost'])}"
                f"/{r['today']} (lost: {' / '.join(r['lost']) or '-'})\n"
            )
        if r["new_missed"]:
            parts.append(
                f"\nNew in the last two periods, not in the top 200: {' / '.join(r['new_missed'])}\n"
            )
        j = r["judged"]
        for verdict, label_ in (("not", "Judged not formulations"), ("fragment", "Judged fragments"),
                                ("unjudged", "Not yet judged")):  # fmt: skip
            if j[verdict]:
                parts.append(f"\n{label_} in the top 50: {' / '.join(j[verdict])}\n")
        if r["not_hits"]:
            parts.append(f"\nNot-formulations in the top 50: {' / '.join(r['not_hits'])}\n")
        top = "  ".join(
            f"{i}.{'' if ok else '✗'}{t}"
            for i, (t, ok) in enumerate(zip(r["top50"], r["top50_gold"], strict=True), start=1)
        )
        parts.append(f"\nTop 50 (✗ = not a gold entry): {top}\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Command line; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus",
        action="append",
        metavar="NAME",
        help="evaluate only this corpus (repeatable); default: every gold list",
    )
    p.add_argument(
        "--shared",
        default=str(ROOT.parent / "shared" / "corpora"),
        metavar="DIR",
        help="folder of the shared corpora (default ../shared/corpora)",
    )
    p.add_argument(
        "--out",
        default=str(HERE),
        metavar="DIR",
        help="where results.md and results.csv go (default eval/)",
    )
    p.add_argument(
        "--root",
        default=None,
        metavar="DIR",
        help="evaluate the analysis/ of another checkout (run from its folder; default: this one)",
    )
    p.add_argument("--config", default=None, metavar="FILE", help="default: ROOT/tifa.toml")
    p.add_argument("--cache-dir", default=".cache", metavar="DIR")
    p.add_argument("--label", default="", help="a line under the title of results.md")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = p.parse_args(argv)  # fmt: skip
    root = Path(args.root).resolve() if args.root else ROOT
    if args.root:
        sys.path.insert(0, str(root))

    from analysis.config import load_config  # noqa: PLC0415
    from analysis.errors import TifaError  # noqa: PLC0415

    gold_dir = HERE / "gold"
    names = args.corpus or [n for n in CORPORA if (gold_dir / f"{n}.csv").is_file()]
    shared = Path(args.shared)
    rows = []
    try:
        config = load_config(args.config or root / "tifa.toml")
        for name in names:
            path = gold_dir / f"{name}.csv"
            folder = corpus_dir(name, shared)
            if not path.is_file():
                print(f"error: {path}: no gold list for {name}", file=sys.stderr)
                return 1
            if not folder.is_dir():
                if not args.quiet:
                    print(f"{name}: {folder} absent, skipped", file=sys.stderr)
                continue
            entries = read_gold(path)
            golds = [Gold(e.formulation, e.variants, e.first_year) for e in entries]
            new = [g for g, e in zip(golds, entries, strict=True) if NEW_MARK in e.note]
            today = [g for g, e in zip(golds, entries, strict=True) if TODAY_MARK in e.note]
            fragments = [f for f, _ in read_not(gold_dir / f"{name}.not.csv")]
            verdicts = {normalise(f): "not" for f in fragments}
            verdicts.update(read_judged(HERE / "judged" / f"{name}.csv"))
            for lexicon, cfg in (("on", config), ("off", without_lexicon(config))):
                t = time.perf_counter()
                ranked = ranked_list(folder, cfg, args.cache_dir)
                numbers = evaluate(
                    ranked, golds, fragments, verdicts, new, today, [e.kind for e in entries]
                )
                row = {"corpus": name, "lexicon": lexicon, **numbers}
                rows.append(row)
                if not args.quiet:
                    print(
                        f"{name} lexicon {lexicon}: {len(ranked)} formulations "
                        f"({time.perf_counter() - t:.0f} s)",
                        file=sys.stderr,
                    )
    except (TifaError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.csv").write_text(csv_text(rows), encoding="utf-8")
    (out / "results.md").write_text(markdown(rows, args.label), encoding="utf-8")
    sys.stdout.write(table_text(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
