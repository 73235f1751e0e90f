"""The cache: data only (no pickles), versioned, damaged entries recomputed, size cap; stages
cached by what they depend on, warm runs byte-identical to cold ones."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import load_config
from analysis.ingest import find_duplicates
from analysis.pipeline import analyse
from analysis.run.arrays import arrays_frame, frame_arrays
from analysis.run.cache import FORMAT, Cache, digest
from analysis.run.reading import cached_duplicates
from analysis.run.stages import slogan_words, stopword_filter, theme_search

from ..conftest import warm_cache

SEEDS = Path("seeds")


def test_entries_are_npz_with_data_only_and_load_without_pickle(tmp_path):
    cache = Cache(tmp_path)
    cache.save("x", "ab" * 32, {"a": np.arange(3), "s": np.array(["一", "二"])})
    (path,) = list(tmp_path.rglob("*.npz"))
    with zipfile.ZipFile(path) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    with np.load(path, allow_pickle=False) as z:
        assert int(z["__format__"]) == FORMAT and str(z["__stage__"]) == "x"
    got = cache.load("x", "ab" * 32)
    assert got["a"].tolist() == [0, 1, 2] and got["s"].tolist() == ["一", "二"]


def test_object_arrays_cannot_be_stored_or_loaded(tmp_path):
    """An entry holding a pickle (object array) is refused on load: recomputed, with a note."""
    notes: list[str] = []
    cache = Cache(tmp_path, note=notes.append)
    path = cache.path("x", "cd" * 32)
    path.parent.mkdir(parents=True)
    np.savez(path, __format__=np.array(FORMAT), __stage__=np.array("x"),
             o=np.array([{"a": 1}], dtype=object))  # fmt: skip
    assert cache.load("x", "cd" * 32) is None
    assert not path.exists() and "could not be used" in notes[0]


@pytest.mark.parametrize(
    "damage",
    [b"garbage", b"PK\x03\x04 truncated"],
)
def test_damaged_or_other_format_entries_are_deleted_and_recomputed(tmp_path, damage):
    notes: list[str] = []
    cache = Cache(tmp_path, note=notes.append)
    cache.save("x", "ef" * 32, {"a": np.arange(3)})
    cache.path("x", "ef" * 32).write_bytes(damage)
    assert cache.load("x", "ef" * 32) is None and len(notes) == 1
    other = cache.path("x", "aa" * 32)
    other.parent.mkdir(parents=True, exist_ok=True)
    np.savez(other, __format__=np.array(FORMAT + 1), __stage__=np.array("x"), a=np.arange(2))
    assert cache.load("x", "aa" * 32) is None and len(notes) == 2


def test_size_cap_deletes_least_recently_used(tmp_path):
    cache = Cache(tmp_path, max_mb=1)
    import os

    for i in range(4):
        cache.save("x", f"{i:064d}", {"a": np.zeros(400_000 // 8 * 1)})  # 0.4 MB each
        os.utime(cache.path("x", f"{i:064d}"), (1000 + i, 1000 + i))
    cache.load("x", f"{0:064d}")  # used now: kept
    assert cache.prune() == 2
    left = sorted(p.stem for p in tmp_path.rglob("*.npz"))
    assert left == sorted([f"{0:064d}", f"{3:064d}"])


def test_digest_separates_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(np.arange(3)) != digest(np.arange(3).astype(np.int32))


def test_frames_round_trip_exactly():
    df = pd.DataFrame(
        {"s": ["一", "b"], "f": [0.1 + 0.2, 1e-300], "i": [1, 2], "b": [True, False],
         "l": [["x", "y"], []], "n": pd.array([1, None], dtype="Int64")}
    )  # fmt: skip
    back = arrays_frame(frame_arrays(df, "t"), "t")
    pd.testing.assert_frame_equal(back, df)
    assert back["f"].tolist() == df["f"].tolist()


def test_frame_arrays_leaves_no_utf8_copy_beside_the_frames_strings():
    import sys

    cells = ["".join(["左边", str(i), "右边"]) for i in (1, 2, 1)]  # built at run time
    before = [sys.getsizeof(c) for c in cells]
    arrays = frame_arrays(pd.DataFrame({"s": cells}), "t")
    assert [sys.getsizeof(c) for c in cells] == before  # CPython counts a cached UTF-8 form
    assert arrays["t__0"].tolist() == [0, 1, 0]
    assert arrays["t__0u"].tolist() == cells[:2]
    pd.testing.assert_frame_equal(arrays_frame(arrays, "t"), pd.DataFrame({"s": cells}))


def test_stopword_filter_drops_discovered_terms_made_of_stopwords_only():
    from analysis.segment import make_segmenter
    from analysis.slogans import Slogan

    def s(text, kind="recurrent"):
        return Slogan(text, kind, (text,), "")

    texts = ["一些", "一些工作", "高质量发展", "一些改革"]
    result = type("R", (), {"slogans": [s(t) for t in texts]})()
    words = slogan_words(result, make_segmenter().tag)
    drop = stopword_filter(frozenset({"一些", "工作", "的", "九", "五"}), words)

    assert drop(s("一些")) and drop(s("一些工作"))
    assert not drop(s("高质量发展")) and not drop(s("一些改革"))
    assert not drop(s("九五", "quoted"))  # an explicit formulation stays


def test_theme_search_window_only_after_an_edit():
    full = theme_search(None, "A", k_min=2, k_max=20)
    assert (full["k_min"], full["k_max"], full["previous_k"]) == (2, 20, None)
    prev = {"k": 6, "theme_search": full}
    same = theme_search(prev, "A", k_min=2, k_max=20)
    assert (same["k_min"], same["k_max"]) == (2, 20)  # nothing changed: the same search
    edited = theme_search(prev, "B", k_min=2, k_max=20)
    assert (edited["k_min"], edited["k_max"], edited["previous_k"]) == (5, 7, 6)
    again = theme_search({"k": 7, "theme_search": edited}, "B", k_min=2, k_max=20)
    assert (again["k_min"], again["k_max"]) == (5, 7)


def _report(seeds, out, cache, *extra):
    assert main(["report", str(seeds), "--out", str(out), "--cache-dir", str(cache), "-q",
                 *extra]) == 0  # fmt: skip


def _same_outputs(a: Path, b: Path) -> None:
    assert (a / "report.pdf").read_bytes() == (b / "report.pdf").read_bytes()
    names = sorted(p.name for p in (a / "tables").glob("*.csv"))
    assert names == sorted(p.name for p in (b / "tables").glob("*.csv")) and names
    for n in names:
        assert (a / "tables" / n).read_bytes() == (b / "tables" / n).read_bytes(), n


def test_warm_run_is_byte_identical_to_cold_run(tmp_path, reference_cache):
    """Same inputs, same --out state: a warm cache gives the cold run's PDF and tables."""
    _report(SEEDS, tmp_path / "cold", tmp_path / "c1")
    _report(SEEDS, tmp_path / "warm", tmp_path / "c1")  # every stage from the cache
    _same_outputs(tmp_path / "cold", tmp_path / "warm")
    stages = {p.name for p in (tmp_path / "c1").iterdir()}
    assert {"segments", "slogans", "themes", "compare", "figures", "pdf"} <= stages
    # the same --out state (a previous run.json) with a cold and with a warm cache
    shutil.copytree(tmp_path / "cold", tmp_path / "again")
    # c2: cold but for the processed reference (c1 processed it in this test)
    _report(SEEDS, tmp_path / "cold", warm_cache(reference_cache, tmp_path / "c2"))
    _report(SEEDS, tmp_path / "again", tmp_path / "c1")
    _same_outputs(tmp_path / "cold", tmp_path / "again")


def test_stopword_edit_reuses_slogan_discovery_and_filters_after(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree("stopwords", tmp_path / "stopwords")
    config = tmp_path / "tifa.toml"
    text = Path("tifa.toml").read_text(encoding="utf-8")
    config.write_text(
        text.replace('paths = ["stopwords"]', f'paths = ["{tmp_path / "stopwords"}"]').replace(
            'keep = "stopwords/keep.txt"', f'keep = "{tmp_path / "stopwords" / "keep.txt"}"'
        ),
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    first = analyse(seeds, load_config(config), cache_dir=cache)
    assert first.cache_stats.get("slogans_missed") == 1
    vocab = set(first.tokens.vocab)
    top = next(s.text for s in first.slogans.slogans if s.kind == "recurrent" and s.text in vocab)
    with open(tmp_path / "stopwords" / "zz-user.txt", "a", encoding="utf-8") as f:
        f.write(f"\n{top}\n")
    second = analyse(seeds, load_config(config), cache_dir=cache)
    assert second.cache_stats.get("slogans_hit") == 1  # discovery not redone
    assert second.cache_stats.get("themes_missed") == 1  # the terms changed: themes refit
    assert top not in {s.text for s in second.slogans.slogans}
    assert top not in set(second.slogans.table["slogan"]) | set(second.slogans.kwic["slogan"])
    assert len(second.slogans.slogans) == len(first.slogans.slogans) - 1


def test_the_duplicate_search_is_cached_by_the_texts_and_the_threshold(tmp_path):
    """A second search of the same texts comes from the cache with the same repeats (and
    similarities, to the last bit); other texts or another threshold search again."""
    base = "推动高质量发展，培育新质生产力，坚持稳中求进，乡村振兴取得新进展。" * 6
    texts = [
        base,
        "数字经济蓬勃发展，做好民生保障，加快建设现代化产业体系。" * 6,
        base + "另附一句。",
        "",
    ]
    cache = Cache(tmp_path)
    find = cached_duplicates(cache)
    first = find(texts, 0.6)
    assert first == find_duplicates(texts, threshold=0.6) and first and first[0][:2] == (2, 0)
    assert find(texts, 0.6) == first and cache.stats["duplicates_hit"] == 1
    assert find(texts[:2], 0.6) == [] and find(texts, 0.99) == find_duplicates(
        texts, threshold=0.99
    )
    assert cache.stats["duplicates_hit"] == 1


def test_stratified_sample_keeps_each_article_share_and_is_deterministic():
    from analysis.themes.sampling import stratified_rows

    groups = np.repeat([0, 1, 2], [600, 300, 100])
    rows = stratified_rows(groups, 100, random_state=1)
    assert len(rows) == 100 and np.array_equal(rows, stratified_rows(groups, 100, random_state=1))
    assert np.bincount(groups[rows]).tolist() == [60, 30, 10]
    assert len(set(rows.tolist())) == 100


def test_each_figure_is_cached_by_its_own_data_and_drawn_the_same_on_a_pool(tmp_path):
    """A changed figure is redrawn, the others come from the cache; the pool (two forked
    workers) draws the same bytes as one process."""
    from analysis.report import _draw_terms
    from analysis.report.jobs import FigureJobs

    def jobs(counts):
        j = FigureJobs("test")
        j.add("a.png", _draw_terms, ["发展", "改革"], [5, 3], "次数")
        j.add("b.png", _draw_terms, ["经济", "社会"], counts, "次数")
        j.submit("c.png", {"发展": 3.0, "改革": 2.0, "创新": 1.0}, {"random_state": 1})
        return j

    serial = jobs([4, 2]).run(None, workers=1)
    cache = Cache(tmp_path)
    assert jobs([4, 2]).run(cache, workers=2) == serial
    assert cache.stats == {"figures_missed": 3}
    cache.stats.clear()
    again = jobs([4, 1]).run(cache, workers=2)  # only b's data changed
    assert cache.stats == {"figures_hit": 2, "figures_missed": 1}
    assert again["a.png"] == serial["a.png"] and again["c.png"] == serial["c.png"]
    assert again["b.png"] != serial["b.png"] and again["b.png"][:4] == b"\x89PNG"


def test_figures_prefetched_on_a_forked_process_are_found_by_the_run(tmp_path):
    """``prefetch`` draws the missing figures into the cache on a forked process; the run
    after ``join()`` then draws none of them itself, and gives the bytes of a run alone."""
    from analysis.report import _draw_terms
    from analysis.report.jobs import FigureJobs

    def jobs():
        j = FigureJobs("test")
        j.add("a.png", _draw_terms, ["发展", "改革"], [5, 3], "次数")
        j.submit("c.png", {"发展": 3.0, "改革": 2.0, "创新": 1.0}, {"random_state": 1})
        return j

    alone = jobs().run(None, workers=1)
    cache = Cache(tmp_path)
    proc = jobs().prefetch(cache)
    assert proc is not None
    proc.join()
    assert proc.exitcode == 0
    assert jobs().missing(cache) == []
    assert jobs().prefetch(cache) is None  # nothing left to draw
    cache.stats.clear()
    assert jobs().run(cache, workers=2) == alone
    assert cache.stats == {"figures_hit": 2}
    assert FigureJobs("test").prefetch(Cache(None)) is None  # no cache: nothing to start


def test_a_run_beside_a_prefetch_still_drawing_gives_the_bytes_of_a_run_alone(tmp_path):
    """The themes' figures are prefetched while the groups are compared; the run that starts
    meanwhile draws its own figures first, then the prefetched ones the process has not
    stored yet (each figure once in the cache), joins the process, and gives the same bytes."""
    from analysis.report import _draw_terms
    from analysis.report.jobs import FigureJobs

    def jobs(n):
        j = FigureJobs("test")
        for i in range(n):
            j.add(f"t{i}.png", _draw_terms, ["发展", "改革"], [5 + i, 3], "次数")
        j.submit("c.png", {"发展": 3.0, "改革": 2.0, "创新": 1.0}, {"random_state": 1})
        return j

    alone = jobs(6).run(None, workers=1)
    cache = Cache(tmp_path)
    prefetched = FigureJobs("test")
    prefetched.jobs = jobs(6).jobs[2:]  # the run's own figures are t0 and t1
    proc = prefetched.prefetch(cache)
    assert proc is not None and len(proc.keys) == 5
    drawn = []
    assert jobs(6).run(cache, workers=2, elsewhere=[proc], on_ready=drawn.append) == alone
    assert proc.exitcode == 0  # joined
    assert jobs(6).missing(cache) == []
    assert sorted(n for d in drawn for n in d) == sorted(alone)  # each figure once, as it came


def test_the_drawing_server_stops_once_its_processes_are_joined_and_starts_again(tmp_path):
    """The fork server the prefetching processes come from (about 100 MB of its own) is
    stopped by the run once they are joined, not before (it reports their exit codes), and a
    later prefetch starts it again."""
    from multiprocessing import forkserver

    from analysis.report import _draw_terms
    from analysis.report.jobs import FigureJobs

    def jobs(i):
        j = FigureJobs("test-server")
        j.add(f"s{i}.png", _draw_terms, ["发展", "改革"], [5 + i, 3], "次数")
        return j

    server = forkserver._forkserver
    for i in range(2):
        cache = Cache(tmp_path / f"cache{i}")
        proc = jobs(i).prefetch(cache)
        assert proc is not None
        proc.join()
        assert server._forkserver_pid is not None  # started for it, still up
        jobs(i).run(cache, workers=1, elsewhere=[proc])
        assert proc.exitcode == 0
        assert server._forkserver_pid is None  # stopped by the run


def _logged_png(name: str, log: str) -> bytes:
    """A figure job that notes each drawing in ``log`` (one line per call, from any process)."""
    import time

    with open(log, "a", encoding="utf-8") as f:
        f.write(name + "\n")
    time.sleep(0.05)  # long enough that the pool and the prefetching process meet
    return b"\x89PNG" + name.encode()


def test_a_job_is_drawn_once_when_the_run_and_the_prefetch_meet(tmp_path):
    """The run draws a prefetching process's jobs last and the process draws them in reverse:
    where they meet, each job is claimed by one of them (no figure drawn twice)."""
    from analysis.report.jobs import FigureJobs

    log = str(tmp_path / "drawn.log")

    def jobs():
        j = FigureJobs("test-claims")
        for i in range(12):
            j.add(f"f{i:02d}.png", _logged_png, f"f{i:02d}.png", log)
        return j

    cache = Cache(tmp_path / "cache")
    proc = jobs().prefetch(cache)
    assert proc is not None and len(proc.slots) == 12
    out = jobs().run(cache, workers=2, elsewhere=[proc])
    assert out == {f"f{i:02d}.png": b"\x89PNG" + f"f{i:02d}.png".encode() for i in range(12)}
    assert proc.exitcode == 0  # joined: the prefetching process drew its share
    drawn = (tmp_path / "drawn.log").read_text(encoding="utf-8").split()
    assert sorted(drawn) == sorted(out)  # each once, by one process or the other


def test_a_cloud_is_keyed_by_what_it_can_show(tmp_path):
    """Weights that differ past two significant digits, or only in words past ``max_words``,
    give the same cloud: a stopword edit that shifts every weight a little redraws nothing."""
    from analysis.report.jobs import FigureJobs

    def run(freqs, cache):
        j = FigureJobs("test")
        j.submit("c.png", freqs, {"random_state": 1, "max_words": 3})
        return j.run(cache, workers=1)

    cache = Cache(tmp_path)
    first = run({"发展": 3.001, "改革": 2.0, "创新": 1.0, "开放": 0.5}, cache)
    cache.stats.clear()
    again = run({"发展": 2.999, "改革": 2.001, "创新": 1.0, "开放": 0.7, "协调": 0.1}, cache)
    assert again == first and cache.stats == {"figures_hit": 1}
    cache.stats.clear()
    run({"发展": 3.0, "改革": 1.5, "创新": 1.0}, cache)  # a real change is drawn again
    assert cache.stats == {"figures_missed": 1}


def test_a_second_run_draws_no_figure_again(tmp_path, reference_cache):
    """Figures are keyed by their data's content: the frames read back from the cache in the
    second run (the echo's, the k search's) key as the computed ones did, so no new entry."""
    from analysis.cli import main

    from ..conftest import SEEDS, warm_cache

    cache = warm_cache(reference_cache, tmp_path / "cache")
    args = ["report", str(SEEDS), "--out", str(tmp_path / "out"), "--cache-dir", str(cache), "-q"]
    assert main(args) == 0
    drawn = sorted(p.name for p in (cache / "figures").rglob("*.npz"))
    assert main(args) == 0
    assert sorted(p.name for p in (cache / "figures").rglob("*.npz")) == drawn
