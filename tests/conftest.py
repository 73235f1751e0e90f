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


@pytest.fixture(scope="session")
def reference_cache(tmp_path_factory):
    """A cache folder holding only the shipped reference corpus, processed with tifa.toml's
    settings (as any corpus after the first finds it, and as `make bench`'s cold runs start).

    Tests that run whole reports in fresh caches copy it (:func:`warm_cache`) instead of
    processing the reference again in each one; the echo tests still process it themselves.
    """
    import os

    from analysis.config import load_config
    from analysis.echo.reference import load_reference, resolve_folders
    from analysis.wordlists import read_lexicon

    root = tmp_path_factory.mktemp("reference-cache")
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        cfg = load_config("tifa.toml")
        load_reference(
            resolve_folders(cfg.echo.reference_corpus), manifest=cfg.input.manifest,
            engine=cfg.segment.engine, lexicon=read_lexicon(cfg.segment.lexicon),
            stopwords=frozenset(), sample_chars=cfg.slogans.sample_chars, cache_dir=root,
        )  # fmt: skip
    finally:
        os.chdir(here)
    return root


@pytest.fixture(scope="session")
def gwr_cache(tmp_path_factory, reference_cache):
    """One cache folder for the tests that analyse the whole Government Work Reports with
    tifa.toml's settings: the first fills it, the others reuse its stages (a cache only saves
    computing the same thing; tests/run/test_cache.py holds that to account)."""
    if not GWR.is_dir():
        pytest.skip("../shared/corpora/gov-work-reports is not present")
    return warm_cache(reference_cache, tmp_path_factory.mktemp("gwr-cache"))


def warm_cache(reference_cache, path):
    """``path``: a new cache folder holding the processed reference (:func:`reference_cache`)."""
    import shutil

    shutil.copytree(reference_cache, path, dirs_exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _run_in_project(monkeypatch):
    """Tests run from the project folder, as `make test` does (default paths are relative)."""
    monkeypatch.chdir(ROOT)
