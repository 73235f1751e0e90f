"""`tifa slogans` on unchanged inputs answers from its memo (analysis/run/memo.py) without the
analysis stages; any edit to an input it reads is a miss."""

from __future__ import annotations

import shutil
import subprocess
import sys

from analysis.cli import main

from ..conftest import ROOT, SEEDS


def _setup(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    stop = tmp_path / "stopwords"
    shutil.copytree(ROOT / "stopwords", stop)
    cfg = tmp_path / "tifa.toml"
    cfg.write_text(
        f'[segment]\nlexicon = ["{ROOT / "lexicon"}"]\n'
        f'[stopwords]\npaths = ["{stop}"]\nkeep = "{stop / "keep.txt"}"\n'
        f'[slogans]\nnot_formulations = "{ROOT / "lexicon" / "not-formulations.txt"}"\n',
        encoding="utf-8",
    )
    return seeds, stop, cfg


def _run(capsys, seeds, cfg, cache, *more):
    code = main(["slogans", str(seeds), "--config", str(cfg), "--cache-dir", str(cache), *more])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out, err


def test_a_second_run_prints_the_same_list_from_the_memo(tmp_path, capsys):
    seeds, _stop, cfg = _setup(tmp_path)
    cache = tmp_path / "cache"
    cold, err = _run(capsys, seeds, cfg, cache, "--top", "500")
    assert "from the cache" not in err and "公园大渡口、多彩艺术湾" in cold
    warm, err = _run(capsys, seeds, cfg, cache, "--top", "500")
    assert warm == cold and "its list, from the cache" in err
    top3, _ = _run(capsys, seeds, cfg, cache, "--top", "3")
    assert top3.splitlines() == cold.splitlines()[:4]  # the header and three rows
    cand = tmp_path / "cand.txt"
    _run(capsys, seeds, cfg, tmp_path / "cold-cache", "--candidates", str(cand))
    fresh = cand.read_text(encoding="utf-8")
    _run(capsys, seeds, cfg, cache, "--candidates", str(cand))
    assert cand.read_text(encoding="utf-8") == fresh


def test_an_edit_to_a_stopword_list_or_a_seed_is_a_miss(tmp_path, capsys):
    seeds, stop, cfg = _setup(tmp_path)
    cache = tmp_path / "cache"
    cold, _ = _run(capsys, seeds, cfg, cache, "--top", "500")
    first = cold.splitlines()[1].split()[-1]  # the most salient formulation
    with open(stop / "custom.txt", "a", encoding="utf-8") as f:
        f.write(f"\n{first}\n")
    edited, err = _run(capsys, seeds, cfg, cache, "--top", "500")
    assert "its list, from the cache" not in err
    assert first not in [line.split()[-1] for line in edited.splitlines()[1:]]
    one = sorted(seeds.glob("*.txt"))[0]
    one.write_text(
        one.read_text(encoding="utf-8") + "\n坚持以新质生产力为引领。\n", encoding="utf-8"
    )
    _, err = _run(capsys, seeds, cfg, cache)
    assert "its list, from the cache" not in err


def test_the_memo_answers_without_pandas_numpy_or_the_stages(tmp_path, capsys):
    seeds, _stop, cfg = _setup(tmp_path)
    cache = tmp_path / "cache"
    cold, _ = _run(capsys, seeds, cfg, cache)
    probe = (
        "import sys\nfrom analysis.cli import main\n"
        f"code = main(['slogans', {str(seeds)!r}, '--config', {str(cfg)!r}, "
        f"'--cache-dir', {str(cache)!r}, '-q'])\n"
        "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'analysis.pipeline') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\nsys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == cold and "HEAVY []" in done.stderr
