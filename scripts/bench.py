#!/usr/bin/env python3
"""Benchmark tifa against the naive baseline: wall time and peak memory, side by side.

Usage: python scripts/bench.py [--quick | --full] [--out bench/results.md]

Corpora: the project's seeds; the Government Work Reports and synthetic corpora of 1 and 20 MB
(100 MB with --full) built by ../shared/bench/make_corpus.py from real paragraphs, when
../shared is present. For each corpus:

- tifa cold: `tifa report` with an empty segmentation cache (first run);
- tifa warm: the same again with the cache filled (the edit-stopwords-and-rerun loop);
- naive: ../shared/bench/naive_pipeline.py (jieba, TF-IDF, NMF k=8, word clouds, matplotlib).

Peak memory is the largest resident set of the whole process tree, sampled every 50 ms
(tifa draws word clouds in two worker processes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
WORK = ROOT / "bench" / "out"


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in kB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Run ``cmd``; return (seconds, peak MB of the process tree, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:])
    return seconds, peak / 1024, proc.returncode


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


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--quick", action="store_true", help="seeds and Government Work Reports only"
    )
    group.add_argument("--full", action="store_true", help="also the 100 MB corpus")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--no-naive", action="store_true", help="skip the baseline")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full" if args.full else "default"
    naive = SHARED / "bench" / "naive_pipeline.py"
    rows = []
    for name, folder in corpora(mode):
        with tempfile.TemporaryDirectory(prefix="tifa-bench-") as tmp:
            tmp = Path(tmp)
            tifa = [sys.executable, "-m", "analysis", "report", str(folder), "--out",
                    str(tmp / "out"), "--cache-dir", str(tmp / "cache"), "-q"]  # fmt: skip
            cold = measure(tifa)
            warm = measure(tifa)
            base = (
                measure([sys.executable, str(naive), str(folder), str(tmp / "naive.pdf")])
                if naive.is_file() and not args.no_naive
                else None
            )
        rows.append((name, size_mb(folder), cold, warm, base))
        line = f"{name}: tifa cold {cold[0]:.1f}s {cold[1]:.0f}MB, warm {warm[0]:.1f}s"
        if base:
            line += f"; naive {base[0]:.1f}s {base[1]:.0f}MB"
        print(line, flush=True)

    def cell(m):
        if m is None:
            return "–", "–"
        return (f"{m[0]:.1f}" if m[2] == 0 else f"failed ({m[2]})"), f"{m[1]:.0f}"

    lines = [
        "# tifa benchmark",
        "",
        f"Run {dt.datetime.now().isoformat(timespec='minutes')} on {platform.node()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, mode {mode}.",
        "Times are wall-clock seconds for the whole command (imports included); memory is the",
        "peak resident set of the process tree in MB. *Warm* is a second run with the",
        "segmentation cache filled: the edit-a-stopword-list-and-rerun loop.",
        "",
        "| corpus | MB | tifa cold s | tifa cold MB | tifa warm s | tifa warm MB | naive s | naive MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, mb, cold, warm, base in rows:
        lines.append(
            f"| {name} | {mb:.2f} | {' | '.join(cell(cold))} | {' | '.join(cell(warm))} | {' | '.join(cell(base))} |"
        )
    text = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
