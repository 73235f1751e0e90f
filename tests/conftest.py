"""Shared fixtures: the project's own seeds, and the real corpora in ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GWR = SHARED / "corpora" / "gov-work-reports"


def needs_gwr():
    return pytest.mark.skipif(
        not GWR.is_dir(), reason="../shared/corpora/gov-work-reports is not present"
    )


@pytest.fixture(scope="session")
def seed_corpus():
    from analysis.ingest import read_articles

    return read_articles(SEEDS)


@pytest.fixture(scope="session")
def gwr_corpus():
    if not GWR.is_dir():
        pytest.skip("../shared/corpora/gov-work-reports is not present")
    from analysis.ingest import read_articles

    return read_articles(GWR)


@pytest.fixture(autouse=True)
def _run_in_project(monkeypatch):
    """Tests run from the project folder, as `make test` does (default paths are relative)."""
    monkeypatch.chdir(ROOT)
