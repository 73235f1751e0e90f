"""The outputs as one set: a killed run leaves the old set or the new one, never a mix; two runs
on one folder do not mix either; what in --out is not tifa's stays."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.report.tables import read_table
from analysis.run.outputs import SET_MANIFEST, out_lock, output_set, recover, verify_set

from ..conftest import ROOT, SEEDS, warm_cache


def _report(seeds: Path, out: Path, cache: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", str(seeds), "--out", str(out), "-q",
         "--cache-dir", str(cache)],
        cwd=ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _run_id(out: Path) -> str:
    return json.loads((out / SET_MANIFEST).read_text(encoding="utf-8"))["run"]


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, reference_cache):
    """An --out folder holding a complete set of corpus A (one seed file), a .gitkeep and a
    compare/ folder; corpus B (both seeds) is what the killed runs write."""
    base = tmp_path_factory.mktemp("sets")
    a = base / "a"
    a.mkdir()
    first = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(first, a / first.name)
    out, cache = base / "reports", base / "cache"  # cache: the runs take seconds, not tens
    out.mkdir()
    warm_cache(reference_cache, cache)
    (out / ".gitkeep").write_bytes(b"")
    (out / "compare" / "tables").mkdir(parents=True)
    (out / "compare" / "tables" / "keyness.csv").write_text("mine\n", encoding="utf-8")
    proc = _report(a, out, cache)
    assert proc.wait() == 0, proc.stderr.read()
    return out, cache, frozenset({first.name}), frozenset(p.name for p in SEEDS.glob("*.txt"))


def _assert_whole(out: Path) -> frozenset[str]:
    """The set in ``out`` is whole (every file the one its run wrote, PDF and tables alike),
    the user's files are there; returns the corpus it is of (the files in articles.csv)."""
    assert verify_set(out) == []
    assert (out / ".gitkeep").is_file()
    return frozenset(read_table(out / "tables" / "articles.csv")["file"])


@pytest.mark.parametrize(
    ("point", "after"),
    [
        ("at 2s", "old"),  # reading, segmenting or fitting
        ("staged", "old"),  # the new set complete beside --out, not yet swapped in
        ("carrying", "old"),  # the first non-set entry carried into the new set
        ("carried", "old"),
        ("swapped", "new"),  # swapped in, the old set not yet removed
    ],
)
def test_a_killed_run_leaves_the_old_set_or_the_new_one(two_runs, point, after):
    out, cache, corpus_a, corpus_b = two_runs
    before = _assert_whole(out)
    # each case writes the corpus that is not in --out now, so old and new always differ
    seeds, new = (SEEDS, corpus_b) if before == corpus_a else (out.parent / "a", corpus_a)
    if point.startswith("at "):
        proc = _report(seeds, out, cache)
        time.sleep(float(point[3:-1]))
        proc.send_signal(signal.SIGKILL)
    else:
        proc = _report(seeds, out, cache, TIFA_TEST_KILL_AT=point)
    assert proc.wait() == -signal.SIGKILL
    assert _assert_whole(out) == (new if after == "new" else before)
    # what the next run does first: take the lock (a killed run's is stale), put back what
    # the killed one carried, clean up beside --out
    with out_lock(out):
        pass
    assert (out / "compare" / "tables" / "keyness.csv").read_text(encoding="utf-8") == "mine\n"
    assert _leftovers(out) == []


def test_a_second_run_on_the_same_folder_is_refused_naming_the_first(two_runs, tmp_path):
    _, cache, _, _ = two_runs
    out = tmp_path / "reports"
    first = _report(SEEDS, out, cache)
    lock = tmp_path / ".reports.tifa-lock"
    for _ in range(200):
        if lock.is_file() and lock.read_text():
            break
        time.sleep(0.05)
    second = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "seeds", "--out", str(out), "-q"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert second.returncode == 1
    assert re.fullmatch(
        rf"error: {re.escape(str(out))}: another tifa run \(pid {first.pid}, started "
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\) is writing this folder; wait for it to finish or "
        r"give another --out\n",
        second.stderr,
    ), second.stderr
    assert first.wait() == 0, first.stderr.read()
    assert verify_set(out) == [] and not lock.exists()


def test_the_lock_is_checked_before_anything_is_written(capsys, tmp_path):
    out = tmp_path / "reports"
    with out_lock(out):
        code = main(["report", "seeds", "--out", str(out), "-q"])
        started = (tmp_path / ".reports.tifa-lock").read_text().split(" ", 1)[1].strip()
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"error: {out}: another tifa run (pid {os.getpid()}, started {started}) is writing this "
        "folder; wait for it to finish or give another --out\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _fake_set(folder: Path, text: str) -> None:
    with output_set(folder) as stage:
        (stage / "tables").mkdir()
        (stage / "tables" / "a.csv").write_text(text, encoding="utf-8")
        (stage / "report.pdf").write_text(text, encoding="utf-8")


def test_a_rename_pair_cut_in_two_is_undone_by_the_next_run(tmp_path):
    """Where RENAME_EXCHANGE is missing, --out goes to .NAME.tifa-old-PID and the staging folder
    to --out; killed between the two, the old set is put back (and the user's folder too)."""
    out = tmp_path / "reports"
    _fake_set(out, "old")
    (out / "compare").mkdir()
    old_run = _run_id(out)
    # the state a kill between the two renames leaves
    stage = tmp_path / ".reports.tifa-stage-x"
    shutil.copytree(out, stage)
    (stage / "tables" / "a.csv").write_text("new", encoding="utf-8")
    os.rename(out, tmp_path / ".reports.tifa-old-123")
    recover(out)
    assert _run_id(out) == old_run and verify_set(out) == []
    assert (out / "compare").is_dir() and _leftovers(out) == []


def test_a_stale_file_of_an_earlier_set_goes_a_users_file_stays(tmp_path):
    out = tmp_path / "reports"
    _fake_set(out, "one")
    (out / "figures").mkdir()
    (out / "figures" / "old.png").write_bytes(b"png")  # tifa's name: part of the set
    (out / "notes.md").write_text("mine", encoding="utf-8")  # the user's
    _fake_set(out, "two")
    assert sorted(p.name for p in out.iterdir()) == [
        "notes.md", "outputs.json", "report.pdf", "tables",
    ]  # fmt: skip
    assert verify_set(out) == [] and (out / "notes.md").read_text(encoding="utf-8") == "mine"


def test_a_failed_run_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "reports"
    _fake_set(out, "one")
    before = _run_id(out)
    with pytest.raises(RuntimeError), output_set(out) as stage:
        (stage / "report.pdf").write_text("half", encoding="utf-8")
        raise RuntimeError("typst failed")
    assert _run_id(out) == before and verify_set(out) == [] and _leftovers(out) == []


def test_compare_into_a_reports_folder_is_refused_while_a_report_writes_it(capsys, tmp_path):
    reports = tmp_path / "reports"
    _fake_set(reports, "report")
    with out_lock(reports):
        started = (tmp_path / ".reports.tifa-lock").read_text().split(" ", 1)[1].strip()
        code = main(["compare", "seeds", "--out", str(reports / "compare"), "-q",
                     "--cache-dir", str(tmp_path / "cache")])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().err == (
        f"error: {reports}: another tifa run (pid {os.getpid()}, started {started}) is writing "
        "this folder; wait for it to finish or give another --out\n"
    )
    assert not (reports / "compare").exists() and verify_set(reports) == []


def test_a_half_written_staging_folder_goes_whole(tmp_path):
    out = tmp_path / "reports"
    _fake_set(out, "one")
    stage = tmp_path / ".reports.tifa-stage-dead"
    (stage / "assets").mkdir(parents=True)  # a name the report may write one day
    (stage / "report.html").write_text("half", encoding="utf-8")
    with out_lock(out):
        pass
    assert _leftovers(out) == [] and not (out / "assets").exists() and verify_set(out) == []
