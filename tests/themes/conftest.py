"""The themes tests' shared run: the project's seeds analysed once for the whole folder."""

from __future__ import annotations

import pytest

from analysis.config import load_config
from analysis.pipeline import analyse

from ..conftest import SEEDS


@pytest.fixture(scope="package")
def seeds(tmp_path_factory):
    return analyse(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path_factory.mktemp("cache"))
