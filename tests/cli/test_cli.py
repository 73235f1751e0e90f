"""The command line as a user meets it: one-line errors, exit codes, help with examples."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.cli import main

from ..conftest import ROOT


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_seeds_dir_is_one_line_and_status_1(capsys, tmp_path):
    code, _, err = run(capsys, "report", "no-such-dir", "--out", str(tmp_path), "-q")
    assert code == 1
    assert (
        err
        == "error: no-such-dir: no such folder; give the folder that holds your .txt articles\n"
    )


def test_bad_lexicon_frequency_names_file_and_line(capsys, tmp_path):
    lex = tmp_path / "terms.txt"
    lex.write_text("新质生产力 1000\n三服务 1e3\n", encoding="utf-8")
    cfg = tmp_path / "my.toml"
    cfg.write_text(f'[segment]\nlexicon = ["{lex}"]\n', encoding="utf-8")
    code, _, err = run(
        capsys, "report", "seeds", "--config", str(cfg), "--out", str(tmp_path / "o"), "-q"
    )
    assert code == 1
    assert err == (
        f"error: {lex}:2: frequency '1e3' for '三服务' is not a whole number >= 0; "
        "write e.g. '新质生产力 1000' or leave it out\n"
    )
    assert not (tmp_path / "o").exists()


def test_bad_config_value_names_the_line(capsys, tmp_path):
    cfg = tmp_path / "my.toml"
    cfg.write_text("[terms]\nmin_chars = 0\n", encoding="utf-8")
    code, _, err = run(capsys, "report", "seeds", "--config", str(cfg), "-q")
    assert code == 1
    assert err.startswith(f"error: {cfg}:2: the 'min_chars' parameter must be an int in [1, 10]")
    assert err.count("\n") == 1


def test_named_config_that_does_not_exist(capsys):
    code, _, err = run(capsys, "report", "seeds", "--config", "nope.toml", "-q")
    assert (code, err) == (
        1,
        "error: nope.toml: config file not found; give an existing .toml file\n",
    )


def test_wrong_usage_is_status_2(capsys):
    code, _, err = run(capsys, "report", "--lang", "fr")
    assert code == 2 and "Invalid value for '--lang'" in err


@pytest.mark.parametrize(
    "command",
    [["report"], ["slogans"], ["compare"], ["kwic"], ["stopwords"], ["stopwords", "suggest"],
     ["stopwords", "check"]],
)  # fmt: skip
def test_help_has_an_example(capsys, command):
    code, out, _ = run(capsys, *command, "-h")
    assert code == 0 and "Example:" in out and "tifa " in out


def test_no_traceback_from_the_real_entry_point(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(tmp_path / "none"), "-q"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_make_report_passes_seeds_and_out_through():
    proc = subprocess.run(
        ["make", "-n", "report", "SEEDS=my articles", "OUT=out dir"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert '-m analysis report "my articles" --out "out dir"' in proc.stdout


def test_a_folder_of_unreadable_files_names_each_and_why(capsys, tmp_path):
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (seeds / "blank.txt").write_text("\n \n", encoding="utf-8")
    code, _, err = run(capsys, "report", str(seeds), "--out", str(tmp_path / "o"), "-q")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {seeds}: no article could be read")
    assert "scan.txt (binary file" in lines[0] and "blank.txt (empty file)" in lines[0]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", [["report"], ["slogans"], ["stopwords", "check"]])
def test_warnings_are_printed_even_when_quiet(capsys, tmp_path, command):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (ROOT / "seeds").glob("*.txt"):
        (seeds / f.name).write_bytes(f.read_bytes())
    (seeds / "manifest.csv").write_text("file,date\nmissing.txt,2024\n", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "trad.txt").write_text(
        "我們要堅持發展經濟，推進改革開放，讓人民過上好日子。\n", encoding="utf-8"
    )
    args = [*command, str(seeds)]
    if command == ["report"]:
        args += ["--out", str(tmp_path / "o")]
    code, _, err = run(capsys, *args, "-q")
    assert code == 0
    assert f"warning: {seeds / 'manifest.csv'}:2: manifest row 'missing' matches no article" in err
    assert f"warning: {seeds / 'empty.txt'}: skipped: empty file" in err
    # converting traditional characters is a note, not a warning: quiet keeps it quiet
    assert "converted" not in err
    assert main(args) == 0 and "converted from traditional" in capsys.readouterr().err
