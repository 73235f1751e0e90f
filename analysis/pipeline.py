"""Run the analysis stages in order and keep every result in one plain container."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .config import Config
from .ingest import shown_name
from .result import Analysis, theme_characters
from .run.cache import Cache
from .run.comparison import cached_compare, cached_trends, compare_key
from .run.memory import release_memory
from .segment import CORPUS_NAME_SOURCES
from .steps import (
    Counts,
    Formulations,
    Log,
    analysed_texts,
    article_years,
    count_corpus,
    find_formulations,
    fit_corpus_themes,
)

if TYPE_CHECKING:
    from .compare import Comparison
    from .slogans import SloganResult

# themes, comparisons and trends (scipy.optimize, scikit-learn) are imported where they run,
# so that `tifa slogans` and `tifa stopwords check` start in a fraction of a second


def _timed(timings: dict[str, float], name: str, stage: Callable[[], object]):
    """Run ``stage()``, recording its wall time as ``timings[name]``."""
    t = time.perf_counter()
    out = stage()
    timings[name] = time.perf_counter() - t
    release_memory()
    return out


def _echo(counted: Counts, found: SloganResult, config: Config, *, cache_dir, log: Log):
    """The formulations against the reference corpus of ``[echo]``.

    The reference is segmented with the user lexicon alone, not with the names found in this
    corpus's manifest or beside its titles (its people are no part of another corpus's text):
    so it is processed once per lexicon, whatever the corpus, and its cache entry serves every
    corpus. (lexicon/people.txt is part of the user lexicon, its entries tagged as people.)
    """
    from .echo.stage import run_echo  # noqa: PLC0415

    user = [e for e in counted.lexicon if e.path not in CORPUS_NAME_SOURCES]
    return run_echo(
        counted.corpus, found, config, lexicon=user,
        stopwords=counted.stopword_set, cache_dir=cache_dir, log=log,
    )  # fmt: skip


def _finish(cache: Cache, counted: Counts, say: Log) -> dict[str, int]:
    """Prune the cache; say which stages came from it; the run's cache statistics."""
    cache.prune()
    reused = [n for n in ("slogans", "themes", "compare") if cache.stats.get(f"{n}_hit")]
    if reused:
        say("from the cache: " + ", ".join(reused))
    return {**counted.cache_stats, **cache.stats}


def analyse_counts(
    seed_dir: str | Path,
    config: Config,
    *,
    cache_dir: str | Path | None = ".cache",
    log: Log | None = None,
    progress: Callable[[int, int], None] | None = None,
    scheduler: str = "",
) -> Counts:
    """Read, segment and count a seeds folder, and nothing more.

    Parameters
    ----------
    seed_dir : str or Path
        The folder (or one file) of articles.
    config : Config
        The settings of the run.
    cache_dir : str, Path or None
        The cache folder (None: no cache).
    log : callable, optional
        Receives one line per step.
    progress : callable, optional
        ``progress(done, total)`` while segmenting.
    scheduler : str
        A dask.distributed address, or ``""`` to run here.

    Returns
    -------
    Counts
        See :func:`count_corpus`.

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse.
    """
    say = log or (lambda _msg: None)
    cache = Cache(cache_dir, max_mb=config.run.cache_max_mb, note=say)
    counted = count_corpus(
        seed_dir, config, cache=cache, log=say, progress=progress, scheduler=scheduler
    )
    return dataclasses.replace(counted, cache_stats=_finish(cache, counted, say))


def analyse_formulations(
    seed_dir: str | Path,
    config: Config,
    *,
    cache_dir: str | Path | None = ".cache",
    log: Log | None = None,
    progress: Callable[[int, int], None] | None = None,
    echo: bool = False,
    scheduler: str = "",
) -> Formulations:
    """Read, segment and count a seeds folder and find its formulations (``tifa slogans``,
    ``tifa stopwords check``); no themes, no comparisons.

    Parameters
    ----------
    seed_dir : str or Path
        The folder (or one file) of articles.
    config : Config
        The settings of the run.
    cache_dir : str, Path or None
        The cache folder (None: no cache).
    log : callable, optional
        Receives one line per step.
    progress : callable, optional
        ``progress(done, total)`` while segmenting.
    echo : bool
        Also compare the formulations with the reference corpus of ``[echo]``.
    scheduler : str
        A dask.distributed address, or ``""`` to run here.

    Returns
    -------
    Formulations
        The counts, the formulations and (with ``echo``) their echo.

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse.
    """
    say = log or (lambda _msg: None)
    cache = Cache(cache_dir, max_mb=config.run.cache_max_mb, note=say)
    counted = count_corpus(
        seed_dir, config, cache=cache, log=say, progress=progress, scheduler=scheduler
    )
    timings = counted.timings
    found = _timed(
        timings, "slogans", lambda: find_formulations(counted, config, cache=cache, log=say)
    )
    echoed = None
    if echo:
        echoed = _timed(
            timings, "echo", lambda: _echo(counted, found, config, cache_dir=cache_dir, log=say)
        )
    fields = {f.name: getattr(counted, f.name) for f in dataclasses.fields(Counts)}
    fields["cache_stats"] = _finish(cache, counted, say)
    return Formulations(**fields, slogans=found, echo=echoed)


def analyse(
    seed_dir: str | Path,
    config: Config,
    *,
    cache_dir: str | Path | None = ".cache",
    log: Log | None = None,
    progress: Callable[[int, int], None] | None = None,
    echo: bool = False,
    previous: dict | None = None,
    scheduler: str = "",
    early: Callable[[Analysis], None] | None = None,
) -> Analysis:
    """Run every stage on a seeds folder: read, segment, count, formulations, themes,
    comparisons and trends (``echo``: also the echo of the reference corpus).

    Every stage's result is cached in ``cache_dir`` (:mod:`analysis.run.stages`). Commands that need
    less call :func:`analyse_counts` or :func:`analyse_formulations`.

    Parameters
    ----------
    seed_dir : str or Path
        The folder (or one file) of articles.
    config : Config
        The settings of the run.
    cache_dir : str, Path or None
        The cache folder (None: no cache).
    log : callable, optional
        Receives one line per step.
    progress : callable, optional
        ``progress(done, total)`` while segmenting.
    echo : bool
        Compare the formulations with the reference corpus of ``[echo]``.
    previous : dict, optional
        The last ``run.json`` in the output folder: narrows the k search after an edit
        (:func:`analysis.run.stages.theme_search`).
    scheduler : str
        A dask.distributed address: segment and count on that cluster (:mod:`analysis.run.cluster`).
    early : callable, optional
        Called with the results so far: before the comparison (no comparison, themes or trends
        yet), again with the comparison (without its theme shares) before the themes are
        fitted, and with the themes once they are: the report starts drawing the figures it
        can draw already.

    Returns
    -------
    Analysis
        Every result of the run.

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse (see :func:`analysis.ingest.read_articles`).
    """
    from .wordlists import read_theme_lexicon  # noqa: PLC0415

    say = log or (lambda _msg: None)
    cache = Cache(cache_dir, max_mb=config.run.cache_max_mb, note=say)
    counted = count_corpus(
        seed_dir, config, cache=cache, log=say, progress=progress, scheduler=scheduler
    )
    release_memory()  # segmentation's temporaries
    corpus, kept, arts, timings = (
        counted.corpus,
        counted.tokens,
        counted.article_dtm,
        counted.timings,
    )
    found = _timed(
        timings, "slogans", lambda: find_formulations(counted, config, cache=cache, log=say)
    )
    echoed = None
    if echo:
        echoed = _timed(
            timings, "echo", lambda: _echo(counted, found, config, cache_dir=cache_dir, log=say)
        )

    so_far = Analysis(
        seed_dir=counted.seed_dir, corpus=corpus, engine=counted.engine, lexicon=counted.lexicon,
        stopwords=counted.stopwords, keep=counted.keep, raw_tokens=counted.raw_tokens,
        tokens=kept, article_dtm=arts,
        term_frequencies=counted.term_frequencies, people=counted.people, slogans=found,
        echo=echoed, timings=timings,
    )  # fmt: skip
    if early is not None:
        early(so_far)
    # the comparison needs no themes (the groups' theme shares are added once they are
    # fitted): its figures are drawn while the themes are
    t = time.perf_counter()
    comparison = cached_compare(
        cache, compare_key(config, corpus.articles, arts, found, None, None, None),
        lambda: _compare(corpus, config, arts, found, None, None, None),
    )  # fmt: skip
    timings["compare"] = time.perf_counter() - t
    so_far = dataclasses.replace(so_far, comparison=comparison)
    if early is not None:
        early(so_far)
    cfg = config.themes
    t = time.perf_counter()
    themes, note, shares, excerpts, search = fit_corpus_themes(
        kept, len(corpus.articles), say, analysed_texts(corpus), cache=cache,
        previous=previous if (previous or {}).get("corpus") == shown_name(seed_dir) else None,
        lexicon=read_theme_lexicon(cfg.lexicon), random_state=config.random_state,
        n_themes=cfg.n_themes, k_min=cfg.k_min, k_max=cfg.k_max, runs=cfg.runs,
        sample_fraction=cfg.sample_fraction, stability_margin=cfg.stability_margin,
        top_terms=cfg.top_terms, min_unit_tokens=cfg.min_unit_tokens,
        article_years=article_years(corpus),
        stability_floor=cfg.stability_floor, guided=cfg.guided, excerpts=cfg.excerpts,
    )  # fmt: skip
    timings["themes"] = time.perf_counter() - t
    release_memory()
    if early is not None and themes is not None:  # their figures, while the trends are counted
        early(dataclasses.replace(so_far, themes=themes, article_themes=shares, excerpts=excerpts))
    from .compare.stage import with_group_themes  # noqa: PLC0415

    t = time.perf_counter()
    theme_chars = theme_characters(corpus, kept, themes) if themes is not None else None
    comparison = with_group_themes(comparison, theme_chars if themes is not None else None)
    trends = cached_trends(
        cache, compare_key(config, corpus.articles, arts, found, themes, shares, theme_chars, kind="trends"),
        lambda: _trends(corpus, config, arts, found, themes, theme_chars),
    )  # fmt: skip
    timings["compare"] += time.perf_counter() - t
    release_memory()
    cache_stats = _finish(cache, counted, say)
    return dataclasses.replace(
        so_far, themes=themes, themes_note=note or "", article_themes=shares, excerpts=excerpts,
        comparison=comparison, trends=trends, cache_stats=cache_stats, theme_search=search,
    )  # fmt: skip


def _compare(corpus, config, arts, found, themes, shares, theme_chars) -> Comparison:
    """Group the articles as [compare] says and compare the groups."""
    from .compare.stage import compare_groups  # noqa: PLC0415

    cfg = config.compare
    has_slogans = found is not None and bool(found.slogans)
    return compare_groups(
        corpus.articles, arts.matrix, arts.terms,
        slogans=[s.text for s in found.slogans] if has_slogans else (),
        slogan_counts=found.counts if has_slogans else None,
        theme_chars=theme_chars if themes is not None else None,
        by=cfg.by, eras=cfg.eras, target=cfg.target, reference=cfg.reference,
        against=cfg.against, method=cfg.method, min_count=cfg.min_count, top=cfg.top,
        random_state=config.random_state,
    )  # fmt: skip


def _trends(corpus, config, arts, found, themes, theme_chars) -> pd.DataFrame:
    """``trends.csv``: themes, the frequent (and the pinned) terms and the salient slogans per
    period, for the periods that have articles."""
    from .compare.stage import trends_table  # noqa: PLC0415

    cfg = config.trends
    return trends_table(
        corpus.articles, arts.matrix, arts.terms,
        pinned_terms=cfg.terms, top_terms_n=cfg.top_terms,
        theme_chars=theme_chars if themes is not None else None,
        theme_labels=themes.labels if themes is not None else (),
        slogan_periods=found.periods if found is not None else None,
        slogans=[s.text for s in found.slogans[: cfg.top_slogans]] if found is not None else (),
    )  # fmt: skip
