#!/usr/bin/env python3
"""Benchmark tifa against the naive baseline, side by side in one run (`make bench`).

Usage: python scripts/bench.py [--quick | --full] [--runs 3] [--only NAMES] [--out bench/results.md]

Corpora: the project's seeds; the Government Work Reports and synthetic corpora of 1 and 20 MB
(100 MB with --full) built by ../shared/bench/make_corpus.py from real paragraphs, when
../shared is present (--quick: seeds and Government Work Reports only). For each corpus,
``--runs`` rounds (default 3) are run one after the other, and each round runs, interleaved so
that a drift in the machine's load hits every kind alike:

- cold: `tifa report` (the full report: PDF, HTML, figures, every table, the echo section) with
  a fresh output folder and a cache that holds only the shipped reference corpus (as after
  installing and running once: `make report` counts with the reference already cached);
- again: the same command once more (same cache, same folder): `make report` a second time;
- edit: one frequent word (the 10th of term_frequencies.csv, a top-50 term) added to the
  user stopword list, then the same command: the edit-and-rerun loop;
- naive: ../shared/bench/naive_pipeline.py (jieba, TF-IDF, NMF k=8, word clouds, matplotlib).

Every number reported is the median over the rounds, and every ratio is computed from the
medians. Wall time is the whole command (imports included); memory is the peak resident set of
the process tree (psutil, the sum over the process and its children, sampled every 50 ms; forked
workers' shared pages count once per process, so this is an upper bound); seconds per stage come
from tifa's progress lines; segmentation MB/s is UTF-8 input bytes over the cold runs' median
segmentation seconds. Writes bench/results.md (machine, load, medians, ratios) and
bench/results.csv (one row per run and kind, then one median row per corpus and kind).
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
KINDS = ("cold", "again", "edit", "naive")
STAGES = ("read", "segment", "slogans", "echo", "themes", "compare", "report")
_LINE = re.compile(r"tifa: \[\s*([\d.]+)s\] (.*)")


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd`` from the project root and measure it.

    Parameters
    ----------
    cmd : list of str
        The command line.
    env : dict, optional
        Its environment (default: this process's).

    Returns
    -------
    dict
        ``s`` wall seconds, ``mb`` peak resident MB of the process tree (10**6 bytes), ``rc``
        the exit status, ``stderr`` and ``stdout`` its output as text.
    """
    start = time.perf_counter()
    stdout = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, env=env)
    root = psutil.Process(proc.pid)
    peak = peak_pss = 0
    err = []
    os.set_blocking(proc.stderr.fileno(), False)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            total = pss = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                    # proportional set size: a page shared by forked workers counted once in
                    # all, where the RSS sum counts it in each (an upper bound)
                    pss += getattr(p.memory_full_info(), "pss", 0)
                except psutil.Error:
                    pass
            peak = max(peak, total)
            peak_pss = max(peak_pss, pss)
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
    stdout.seek(0)
    said = stdout.read().decode(errors="replace")
    stdout.close()
    return {
        "s": seconds,
        "mb": peak / 1e6,
        "pss_mb": peak_pss / 1e6,
        "rc": proc.returncode,
        "stderr": text,
        "stdout": said,
    }


def stage_of(msg: str) -> str | None:
    """The stage a tifa progress message closes, or None."""
    if msg.startswith("read "):
        return "read"
    if msg.startswith("segmented "):
        return "segment"
    if msg.startswith("slogans:"):
        return "slogans"
    if msg.startswith("echo:"):
        return "echo"
    if re.match(r"themes: \d+ \(", msg) or msg.startswith("no themes"):
        return "themes"
    if msg.startswith("drawing figures"):
        return "compare"
    if msg.startswith("wrote "):
        return "report"
    return None


def stage_seconds(stderr: str) -> dict[str, float]:
    """Seconds per stage from tifa's progress lines.

    Parameters
    ----------
    stderr : str
        A run's standard error.

    Returns
    -------
    dict
        Stage name to seconds: the elapsed time of the line that closes the stage less the
        previous closing line's (a stage without a line is folded into the next one).
    """
    marks: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _LINE.match(line)
        key = stage_of(m.group(2)) if m else None
        if key and key not in marks:
            marks[key] = float(m.group(1))
    out, last = {}, 0.0
    for k in STAGES:
        if k in marks:
            out[k] = max(marks[k] - last, 0.0)
            last = marks[k]
    return out


_NAIVE = (("read", "read "), ("segment", "segmented"), ("themes", "tfidf"), ("report", "wrote "))
_NAIVE_LINE = re.compile(r"\[([\d.]+)s\]")


def naive_stage_seconds(stdout: str) -> dict[str, float]:
    """Seconds per stage of the naive pipeline, from the ``[N.Ns]`` it prints after each.

    Parameters
    ----------
    stdout : str
        The naive pipeline's standard output.

    Returns
    -------
    dict
        ``read``, ``segment``, ``themes`` (TF-IDF and NMF) and ``report`` (the PDF), as found.
    """
    out = {}
    for line in stdout.splitlines():
        m = _NAIVE_LINE.search(line)
        stage = next((k for k, start in _NAIVE if line.startswith(start)), None)
        if m and stage and stage not in out:
            out[stage] = float(m.group(1))
    return out


def corpora(mode: str) -> list[tuple[str, Path]]:
    """The corpora of a mode (building the synthetic ones once under bench/out/)."""
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
    """UTF-8 megabytes (10**6 bytes) of a corpus folder's .txt files."""
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


def _tifa(folder: Path, tmp: Path, config: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "analysis", "report", str(folder), "--out", str(tmp / "out"),
            "--cache-dir", str(cache), "--config", str(config)]  # fmt: skip


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def warm_reference(base: Path) -> Path:
    """A cache folder holding the shipped reference corpus's entries, as after a first run.

    The reference is processed with the user lexicon alone (not with the names a corpus adds),
    so one warm-up run on the seeds fills the entry every corpus uses.

    Parameters
    ----------
    base : Path
        A scratch folder.

    Returns
    -------
    Path
        The ``reference`` stage folder of the warm-up cache.
    """
    cache = base / "cache"
    run = base / "run0"
    run.mkdir(parents=True)
    res = measure(_tifa(ROOT / "seeds", run, _config(run), cache), _env())
    if res["rc"]:
        raise SystemExit("bench: the warm-up run on the seeds failed")
    return cache / "reference"


def one_round(folder: Path, naive: Path | None, reference: Path | None) -> dict[str, dict]:
    """One round on one corpus: cold, again, edit, then naive."""
    with tempfile.TemporaryDirectory(prefix="tifa-bench-") as tmp:
        tmp = Path(tmp)
        config = _config(tmp)
        cache = tmp / "cache"
        if reference is not None and reference.is_dir():
            shutil.copytree(reference, cache / "reference")
        tifa, env = _tifa(folder, tmp, config, cache), _env()
        res = {"cold": measure(tifa, env), "again": measure(tifa, env)}
        term = _frequent_term(tmp / "out")
        if term:
            with (tmp / "stopwords" / "user.txt").open("a", encoding="utf-8") as f:
                f.write(f"\n{term}\n")
            res["edit"] = measure(tifa, env)
            res["edit"]["term"] = term
        if naive is not None:
            res["naive"] = measure([sys.executable, str(naive), str(folder), str(tmp / "n.pdf")])
    for kind in ("cold", "again", "edit"):
        if kind in res:
            res[kind]["stages"] = stage_seconds(res[kind]["stderr"])
    if "naive" in res:
        res["naive"]["stages"] = naive_stage_seconds(res["naive"]["stdout"])
    return res


def _median(vals: list[float | None]) -> float | None:
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def summarise(name: str, mb: float, rounds: list[dict]) -> dict:
    """Medians over the rounds of one corpus, and the ratios of the medians.

    Parameters
    ----------
    name : str
        The corpus's name.
    mb : float
        Its UTF-8 megabytes.
    rounds : list of dict
        :func:`one_round` results.

    Returns
    -------
    dict
        ``{kind}_s``, ``{kind}_mb``, ``{kind}_stage_{stage}_s`` (cold, edit, naive), the segmentation
        MB/s of the cold runs and the ratios naive/cold, edit/cold and again/cold.
    """
    row: dict = {"corpus": name, "mb": mb, "runs": len(rounds)}
    for kind in KINDS:
        ok = [r[kind] for r in rounds if kind in r and r[kind]["rc"] == 0]
        row[f"{kind}_s"] = _median([m["s"] for m in ok])
        row[f"{kind}_mb"] = _median([m["mb"] for m in ok])
        row[f"{kind}_pss_mb"] = _median([m["pss_mb"] for m in ok if m.get("pss_mb")])
        if kind in ("cold", "edit", "naive"):
            for st in STAGES:
                row[f"{kind}_stage_{st}_s"] = _median(
                    [m["stages"].get(st, None if kind == "naive" else 0.0) for m in ok]
                )
    seg = row["cold_stage_segment_s"]
    row["segment_mb_per_s"] = mb / seg if seg else None
    row["naive_over_cold"] = _ratio(row["naive_s"], row["cold_s"])
    row["edit_over_cold"] = _ratio(row["edit_s"], row["cold_s"])
    row["again_over_cold"] = _ratio(row["again_s"], row["cold_s"])
    row["edit_term"] = next((r["edit"].get("term") for r in rounds if "edit" in r), "")
    return row


def csv_rows(name: str, mb: float, rounds: list[dict], summary: dict) -> list[dict]:
    """One row per run and kind, then the medians (``run`` = ``median``)."""
    out = []
    for i, r in enumerate(rounds, 1):
        for kind in KINDS:
            if kind not in r:
                continue
            m = r[kind]
            row = {"corpus": name, "mb": mb, "run": i, "kind": kind, "wall_s": m["s"],
                   "peak_mb": m["mb"], "peak_pss_mb": m.get("pss_mb"), "rc": m["rc"],
                   "load_start": r["load"][0],
                   "load_end": r["load"][1], "edit_term": m.get("term", "")}  # fmt: skip
            row.update({f"stage_{st}_s": m.get("stages", {}).get(st) for st in STAGES})
            out.append(row)
    for kind in KINDS:
        row = {"corpus": name, "mb": mb, "run": "median", "kind": kind,
               "wall_s": summary[f"{kind}_s"], "peak_mb": summary[f"{kind}_mb"],
               "peak_pss_mb": summary.get(f"{kind}_pss_mb"), "rc": "",
               "load_start": "", "load_end": "", "edit_term": ""}  # fmt: skip
        row.update({f"stage_{st}_s": summary.get(f"{kind}_stage_{st}_s") for st in STAGES})
        out.append(row)
    return out


def _fmt(v, spec=".1f"):
    return "–" if v is None else format(v, spec)


def markdown(rows: list[dict], machine: str) -> str:
    """bench/results.md: the machine and its load, then medians, ratios and stage seconds."""
    lines = [
        "# tifa benchmark",
        "",
        machine,
        "",
        "Seconds are wall-clock for the whole command (imports included), each the median of "
        "the runs; MB the median peak resident set of the process tree (summed over forked "
        "workers, an upper bound); PSS MB the peak proportional set size of the tree (each shared "
        "page counted once in all: the memory the run takes). *cold*: fresh output folder, a cache holding only the shipped "
        "reference corpus; *again*: the same command a second time; *edit*: after adding a "
        "frequent word (the 10th most frequent term) to a stopword list. Ratios of the medians: "
        "naive / cold (higher is better), edit / cold and again / cold (lower is better). "
        "Every run's value is in `results.csv`.",
        "",
        "| corpus | MB | runs | cold s | cold MB | cold PSS MB | again s | edit s | edit/cold "
        "| naive s | naive MB | naive/cold | segment MB/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['mb']:.2f} | {r['runs']} | {_fmt(r['cold_s'])} | "
            f"{_fmt(r['cold_mb'], '.0f')} | {_fmt(r.get('cold_pss_mb'), '.0f')} | "
            f"{_fmt(r['again_s'])} | {_fmt(r['edit_s'])} | "
            f"{_fmt(r['edit_over_cold'], '.2f')} | {_fmt(r['naive_s'])} | "
            f"{_fmt(r['naive_mb'], '.0f')} | {_fmt(r['naive_over_cold'], '.2f')} | "
            f"{_fmt(r['segment_mb_per_s'])} |"
        )
    for kind in ("cold", "edit", "naive"):
        lines += [
            "",
            f"Seconds per stage of the {kind} runs (medians; from the progress lines; *compare* "
            "includes trends, *report* is figures, typesetting and the HTML; the naive "
            "pipeline's *themes* is TF-IDF and NMF, its *report* the word clouds and PDF):",
            "",
            "| corpus | " + " | ".join(STAGES) + " |",
            "| --- | " + " | ".join("---:" for _ in STAGES) + " |",
        ]
        for r in rows:
            lines.append(
                f"| {r['corpus']} | "
                + " | ".join(_fmt(r[f"{kind}_stage_{k}_s"], ".2f") for k in STAGES)
                + " |"
            )
    return "\n".join(lines) + "\n"


def machine_line(mode: str, runs: int, load: list[tuple[float, float, float]], start: str) -> str:
    """Where and when: cores, memory, Python, and the 1/5/15-minute load at start and end."""
    cpu = platform.processor() or platform.machine()
    first, last = load[0], load[-1]
    return (
        f"Run {start} on {platform.node()} ({cpu}): {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 1e9:.0f} GB, Python {platform.python_version()}, "
        f"mode {mode}, {runs} runs per corpus (median reported). Load average (1/5/15 min) at "
        f"the start {first[0]:.2f}/{first[1]:.2f}/{first[2]:.2f}, at the end "
        f"{last[0]:.2f}/{last[1]:.2f}/{last[2]:.2f}; per round (1 min, start-end) in "
        "`results.csv`."
    )


def main() -> int:
    """Run the benchmark and write its results; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="seeds and Government Work Reports")
    group.add_argument("--full", action="store_true", help="also the 100 MB corpus")
    parser.add_argument("--runs", type=int, default=3, help="rounds per corpus; medians reported")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--no-naive", action="store_true", help="skip the baseline")
    parser.add_argument(
        "--only",
        default="",
        help="only corpora whose name contains one of these (comma-separated)",
    )
    parser.add_argument(
        "--reference-cache",
        default="",
        metavar="DIR",
        help="a cache's reference/ folder to start every cold run with (default: warm one up)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    mode = "quick" if args.quick else "full" if args.full else "default"
    naive = SHARED / "bench" / "naive_pipeline.py"
    naive = naive if naive.is_file() and not args.no_naive else None
    start = dt.datetime.now().isoformat(timespec="minutes")
    load = [os.getloadavg()]
    rows, table = [], []
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="tifa-bench-ref-") as ref:
        reference = (
            Path(args.reference_cache) if args.reference_cache else warm_reference(Path(ref))
        )
        for name, folder in corpora(mode):
            if args.only and not any(o and o in name for o in args.only.split(",")):
                continue
            mb = input_mb(folder)
            rounds = []
            for _ in range(args.runs):
                before = os.getloadavg()[0]
                r = one_round(folder, naive, reference)
                r["load"] = (before, os.getloadavg()[0])
                rounds.append(r)
                # written after every round, so that an interrupted benchmark leaves its runs
                row = summarise(name, mb, rounds)
                write_results(out, [*rows, row], [*table, *csv_rows(name, mb, rounds, row)],
                              machine_line(mode, args.runs, [*load, os.getloadavg()], start))  # fmt: skip
            rows.append(row)
            table += csv_rows(name, mb, rounds, row)
            print(
                f"{name}: cold {_fmt(row['cold_s'])}s, again {_fmt(row['again_s'])}s, "
                f"edit {_fmt(row['edit_s'])}s, naive {_fmt(row['naive_s'])}s",
                flush=True,
            )
    load.append(os.getloadavg())
    print(write_results(out, rows, table, machine_line(mode, args.runs, load, start)))
    return 0


def write_results(out: Path, rows: list[dict], table: list[dict], machine: str) -> str:
    """Write ``out`` (Markdown) and its ``.csv`` twin; returns the Markdown."""
    text = markdown(rows, machine)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    with out.with_suffix(".csv").open("w", encoding="utf-8", newline="") as fh:
        fields = list(table[0]) if table else ["corpus"]
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in table:
            w.writerow({k: ("" if v is None else round(v, 3) if isinstance(v, float) else v)
                        for k, v in r.items()})  # fmt: skip
    return text


if __name__ == "__main__":
    sys.exit(main())
