"""tifa report --scheduler: segmentation and counting on a dask.distributed cluster give the
same tables as a local run."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.config import load_config
from analysis.pipeline import analyse_counts

from ..conftest import GWR, warm_cache

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, memory_limit="768MiB",
        host="127.0.0.1", dashboard_address=None,
    ) as c:  # fmt: skip
        yield c


def _corpus(tmp_path: Path) -> Path:
    """The seeds plus a few Government Work Reports when they are there."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(Path("seeds").glob("*.txt")):
        (folder / f.name).write_bytes(f.read_bytes())
    if GWR.is_dir():
        for year in ("1978", "2004", "2024"):
            (folder / f"{year}.txt").write_bytes((GWR / f"{year}.txt").read_bytes())
    return folder


def test_dask_run_gives_the_local_run_tables(tmp_path, cluster, reference_cache):
    corpus = _corpus(tmp_path)
    for c in ("c1", "c2"):  # the reference processed once for the session, not here
        warm_cache(reference_cache, tmp_path / c)
    common = [str(corpus), "-q"]
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["report", *common, "--out", str(local), "--cache-dir", str(tmp_path / "c1")]) == 0
    assert main(["report", *common, "--out", str(remote), "--cache-dir", str(tmp_path / "c2"),
                 "--scheduler", cluster.scheduler_address]) == 0  # fmt: skip
    names = sorted(p.name for p in (local / "tables").glob("*.csv"))
    assert len(names) > 10
    for name in names:
        assert (local / "tables" / name).read_bytes() == (remote / "tables" / name).read_bytes(), (
            name
        )
    # the cluster filled the client's cache: a local run from it segments nothing
    again = analyse_counts(corpus, load_config("tifa.toml"), cache_dir=tmp_path / "c2")  # fmt: skip
    assert again.cache_stats["segmented"] == 0 and again.cache_stats["cached"] > 0


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    code = main(["report", "seeds", "--out", str(tmp_path / "o"), "--cache-dir",
                 str(tmp_path / "c"), "-q", "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    err = capsys.readouterr().err
    assert code != 0 and "cannot reach the Dask scheduler tcp://127.0.0.1:9" in err
    assert "Traceback" not in err
