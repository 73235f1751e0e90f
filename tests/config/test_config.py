"""tifa.toml: every default written out, every key checked, errors with line numbers."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from analysis.config import SECTIONS, Config, load_config, parse_config, with_overrides
from analysis.errors import TifaError


def test_tifa_toml_writes_out_every_default_with_a_comment():
    path = Path("tifa.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    defaults = Config()
    assert data["random_state"] == defaults.random_state
    assert set(data) - {"random_state"} == set(SECTIONS)
    lines = path.read_text(encoding="utf-8").splitlines()
    for name in SECTIONS:
        section = getattr(defaults, name)
        fields = {f.name for f in dataclasses.fields(section)}
        assert set(data[name]) == fields, name
        for key, value in data[name].items():
            expected = getattr(section, key)
            if isinstance(value, dict):  # a TOML table ([compare] eras) is kept as pairs
                value = tuple(value.items())
            assert (tuple(value) if isinstance(value, list) else value) == expected, (name, key)
            at = next(i for i, line in enumerate(lines) if line.startswith(f"{key} ="))
            assert lines[at - 1].startswith("#"), f"{key} has no comment above it"
    assert load_config(path) == defaults


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "[terms]\nmin_chars = 0\n",
            "tifa.toml:2: the 'min_chars' parameter must be an int in [1, 10]. Got 0 instead",
        ),
        (
            "random_state = -1\n",
            "tifa.toml:1: the 'random_state' parameter must be an int in [0, 4294967295]. Got -1 instead",
        ),
        (
            '[report]\nlang = "fr"\n',
            "tifa.toml:2: the 'lang' parameter must be \"zh\" or \"en\". Got 'fr' instead",
        ),
        (
            "[terms]\n\nmin_char = 2\n",
            "tifa.toml:3: unknown setting [terms] 'min_char'; did you mean 'min_chars'? known here: drop_numbers,",
        ),
        ("[theme]\nx = 1\n", "tifa.toml:1: unknown section [theme]; known sections:"),
        (
            '[terms]\nexclude_people = "yes"\n',
            "tifa.toml:2: the 'exclude_people' parameter must be true or false",
        ),
        ("[terms\n", "tifa.toml:1: not valid TOML"),
    ],
)
def test_bad_settings_name_the_line(text, message):
    with pytest.raises(TifaError) as err:
        parse_config(text, path=Path("tifa.toml"))
    assert str(err.value).startswith(message)


def test_cli_values_override_the_file():
    cfg = parse_config('[report]\nlang = "zh"\n', path=Path("x.toml"))
    assert with_overrides(cfg, report={"lang": "en"}).report.lang == "en"
    assert with_overrides(cfg, report={"lang": None}).report.lang == "zh"


def test_missing_default_file_means_defaults_but_a_named_file_must_exist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config("tifa.toml") == Config()
    with pytest.raises(TifaError, match="config file not found"):
        load_config(tmp_path / "mine.toml")


def test_readme_documents_every_setting():
    readme = Path("README.md").read_text(encoding="utf-8")
    defaults = Config()
    assert "`random_state`" in readme
    for name in SECTIONS:
        for f in dataclasses.fields(getattr(defaults, name)):
            assert f"`[{name}] {f.name}`" in readme, f"[{name}] {f.name} is not in README.md"
