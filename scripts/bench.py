#!/usr/bin/env python3
"""Benchmark tifa against the naive baseline, side by side in one run (`make bench`).

Usage: python scripts/bench.py [--quick | --full] [--runs 3] [--out bench/results.md]

Corpora: the project's seeds; the Government Work Reports and synthetic corpora of 1 and 20 MB
(100 MB with --full) built by ../shared/bench/make_corpus.py from real paragraphs, when
../shared is present (--quick: seeds and Government Work Reports only). For each corpus, each
of ``--runs`` repetitions (the median is reported) measures:

- cold: `tifa report` (the full report: PDF, figures, every table) with an empty cache and
  a fresh output folder;
- again: the same command once more (same cache, same folder): `make report` a second time;
- edit: one frequent word (the 10th of term_frequencies.csv, a top-50 term) added to the
  user stopword list, then the same command: the edit-and-rerun loop;
- naive: ../shared/bench/naive_pipeline.py (jieba, TF-IDF, NMF k=8, word clouds, matplotlib).

Wall time is the whole command (imports included); memory is the peak resident set of the
process tree (psutil, sampled every 50 ms); seconds per stage come from tifa's progress lines;
segmentation MB/s is UTF-8 input bytes over the cold run's segmentation seconds. Writes
bench/results.md and bench/results.csv.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = ROOT / "bench" / "out"
STAGES = ("read", "segment", "slogans", "themes", "compare", "report")
_LINE = re.compile(r"tifa: \[\s*([\d.]+)s\] (.*)")


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak MB of the process tree, exit status and stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    root = psutil.Process(proc.pid)
    peak = 0
    err = []
    os.set_blocking(proc.stderr.fileno(), False)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        chunk = proc.stderr.read()
        if chunk:
            err.append(chunk)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    rest = proc.stderr.read()
    if rest:
        err.append(rest)
    text = b"".join(err).decode(errors="replace")
    if proc.returncode:
        sys.stderr.write(text[-2000:])
    return {"s": seconds, "mb": peak / 1e6, "rc": proc.returncode, "stderr": text}


def stage_seconds(stderr: str) -> dict[str, float]:
    """Seconds per stage from tifa's progress lines (each line's elapsed time)."""
    marks: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        t, msg = float(m.group(1)), m.group(2)
        key = (
            "read" if msg.startswith("read ")
            else "segment" if msg.startswith("segmented ")
            else "slogans" if msg.startswith("slogans:")
            else "themes" if re.match(r"themes: \d+ \(", msg) or msg.startswith("no themes")
            else "compare" if msg.startswith("drawing figures")
            else "report" if msg.startswith("wrote ")
            else None
        )  # fmt: skip
        if key and key not in marks:
            marks[key] = t
    out, last = {}, 0.0
    for k in STAGES:
        if k in marks:
            out[k] = max(marks[k] - last, 0.0)
            last = marks[k]
    return out


def corpora(mode: str) -> list[tuple[str, Path]]:
    out = [("seeds", ROOT / "seeds")]
    gwr = SHARED / "corpora" / "gov-work-reports"
    maker = SHARED / "bench" / "make_corpus.py"
    if gwr.is_dir():
        out.append(("gov-work-reports", gwr))
    if mode == "quick" or not (gwr.is_dir() and maker.is_file()):
        return out
    sizes = [1, 20] + ([100] if mode == "full" else [])
    for mb in sizes:
        target = WORK / "corpora" / f"synthetic-{mb}mb"
        if not target.is_dir():
            subprocess.run(
                [sys.executable, str(maker), str(target), str(mb), str(gwr), str(SHARED / "seeds")],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        out.append((f"synthetic {mb} MB", target))
    return out


def input_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6


def _config(tmp: Path) -> Path:
    """tifa.toml with its stopword lists copied to ``tmp`` (so that the edit stays there)."""
    lists = tmp / "stopwords"
    shutil.copytree(ROOT / "stopwords", lists)
    text = (ROOT / "tifa.toml").read_text(encoding="utf-8")
    text = text.replace('paths = ["stopwords"]', f'paths = ["{lists}"]')
    text = text.replace('keep = "stopwords/keep.txt"', f'keep = "{lists / "keep.txt"}"')
    path = tmp / "tifa.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _frequent_term(out: Path, rank: int = 10) -> str | None:
    path = out / "tables" / "term_frequencies.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return rows[min(rank, len(rows)) - 1]["term"] if rows else None


def one_round(folder: Path, naive: Path | None) -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="tifa-bench-") as tmp:
        tmp = Path(tmp)
        config = _config(tmp)
        tifa = [sys.executable, "-m", "analysis", "report", str(folder), "--out",
                str(tmp / "out"), "--cache-dir", str(tmp / "cache"), "--config", str(config)]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        res = {"cold": measure(tifa, env), "again": measure(tifa, env)}
        term = _frequent_term(tmp / "out")
        if term:
            with (tmp / "stopwords" / "user.txt").open("a", encoding="utf-8") as f:
                f.write(f"\n{term}\n")
            res["edit"] = measure(tifa, env)
            res["edit"]["term"] = term
        if naive is not None:
            res["naive"] = measure([sys.executable, str(naive), str(folder), str(tmp / "n.pdf")])
    return res


def median_of(rounds: list[dict], kind: str, key: str) -> float | None:
    vals = [r[kind][key] for r in rounds if kind in r and r[kind]["rc"] == 0]
    return statistics.median(vals) if vals else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="seeds and Government Work Reports")
    group.add_argument("--full", action="store_true", help="also the 100 MB corpus")
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--no-naive", action="store_true", help="skip the baseline")
    parser.add_argument(
        "--only",
        default="",
        help="only corpora whose name contains one of these (comma-separated)",
    )
    args = parser.parse_args()
    mode = "quick" if args.quick else "full" if args.full else "default"
    naive = SHARED / "bench" / "naive_pipeline.py"
    naive = naive if naive.is_file() and not args.no_naive else None
    rows = []
    load = []
    for name, folder in corpora(mode):
        if args.only and not any(o and o in name for o in args.only.split(",")):
            continue
        mb = input_mb(folder)
        rounds = []
        for _ in range(args.runs):
            load.append(os.getloadavg()[0])
            rounds.append(one_round(folder, naive))
        cold_stages = [stage_seconds(r["cold"]["stderr"]) for r in rounds]
        stage = {k: statistics.median([s.get(k, 0.0) for s in cold_stages]) for k in STAGES}
        row = {"corpus": name, "mb": mb}
        for kind in ("cold", "again", "edit", "naive"):
            row[f"{kind}_s"] = median_of(rounds, kind, "s")
            row[f"{kind}_mb"] = median_of(rounds, kind, "mb")
        row.update({f"stage_{k}_s": v for k, v in stage.items()})
        row["segment_mb_per_s"] = mb / stage["segment"] if stage.get("segment") else None
        row["naive_over_cold"] = (
            row["naive_s"] / row["cold_s"] if row["naive_s"] and row["cold_s"] else None
        )
        row["edit_over_cold"] = (
            row["edit_s"] / row["cold_s"] if row["edit_s"] and row["cold_s"] else None
        )
        row["edit_term"] = next((r["edit"].get("term") for r in rounds if "edit" in r), "")
        rows.append(row)
        print(
            f"{name}: cold {row['cold_s']:.1f}s, again {row['again_s']:.1f}s, "
            f"edit {row['edit_s'] or 0:.1f}s, naive {row['naive_s'] or 0:.1f}s",
            flush=True,
        )

    def f(v, spec=".1f"):
        return "–" if v is None else format(v, spec)

    cpu = platform.processor() or platform.machine()
    lines = [
        "# tifa benchmark",
        "",
        f"Run {dt.datetime.now().isoformat(timespec='minutes')} on {platform.node()} ({cpu}): "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 1e9:.0f} GB, "
        f"Python {platform.python_version()}, mode {mode}, median of {args.runs} runs; "
        f"load average at the start of each round {min(load, default=0):.1f}-"
        f"{max(load, default=0):.1f}.",
        "",
        "Seconds are wall-clock for the whole command (imports included); MB the peak "
        "resident set of the process tree. *cold*: empty cache, fresh output folder; *again*: "
        "the same command a second time; *edit*: after adding a frequent word (the 10th "
        "most frequent term) to a stopword list. Ratios: naive / cold (higher is better) and "
        "edit / cold (lower is better).",
        "",
        "| corpus | MB | cold s | cold MB | again s | edit s | edit/cold | naive s | naive MB "
        "| naive/cold | segment MB/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['mb']:.2f} | {f(r['cold_s'])} | {f(r['cold_mb'], '.0f')} | "
            f"{f(r['again_s'])} | {f(r['edit_s'])} | {f(r['edit_over_cold'], '.2f')} | "
            f"{f(r['naive_s'])} | {f(r['naive_mb'], '.0f')} | {f(r['naive_over_cold'], '.2f')} | "
            f"{f(r['segment_mb_per_s'])} |"
        )
    lines += [
        "",
        "Seconds per stage of the cold run (from tifa's progress lines; *report* is figures "
        "and typesetting, *compare* includes trends):",
        "",
        "| corpus | " + " | ".join(STAGES) + " |",
        "| --- | " + " | ".join("---:" for _ in STAGES) + " |",
    ]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | " + " | ".join(f(r[f"stage_{k}_s"], ".2f") for k in STAGES) + " |"
        )
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    with out.with_suffix(".csv").open("w", encoding="utf-8", newline="") as fh:
        fields = list(rows[0]) if rows else ["corpus"]
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if v is None else round(v, 3) if isinstance(v, float) else v)
                        for k, v in r.items()})  # fmt: skip
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
