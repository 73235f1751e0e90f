"""Run the analysis stages in order and keep every result in one plain container."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Config
from .errors import Notice
from .ingest import Corpus, read_articles
from .segment import Tokens, make_segmenter, people_counts, tokens, tokens_filter
from .slogans import SloganResult, find_slogans
from .themes import (
    Themes,
    TooSmall,
    article_shares,
    fit_themes,
    read_theme_lexicon,
    representative,
)
from .vectorize import Dtm, dtm, dtm_group, stat_frequency
from .wordlists import Entry, read_keep, read_lexicon, read_stopwords, stopword_set

Log = Callable[[str], None]


@dataclass(frozen=True)
class Analysis:
    """Everything one run computed; tables and the report are built from this alone."""

    config: Config
    seed_dir: str
    corpus: Corpus
    engine: str
    lexicon: tuple[Entry, ...]
    stopwords: tuple[Entry, ...]
    keep: tuple[Entry, ...]
    raw_tokens: Tokens  # every word-like token, before stopwords
    tokens: Tokens  # the terms that are analysed
    paragraph_dtm: Dtm  # analysed paragraphs x terms
    article_dtm: Dtm  # articles x terms
    term_frequencies: pd.DataFrame
    people: pd.DataFrame
    themes: Themes | None = None  # None when the corpus is too small (see themes_note)
    themes_note: str = ""
    article_themes: np.ndarray | None = None  # articles x themes, rows sum to 1 (or 0)
    excerpts: tuple[tuple[int, ...], ...] = ()  # per theme, paragraph indices into tokens
    slogans: SloganResult | None = None
    cache_stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.corpus.notices

    @property
    def characters(self) -> int:
        return sum(a.characters for a in self.corpus.articles)


def _people_table(raw: Tokens) -> pd.DataFrame:
    rows = [(name, n, len(arts)) for name, (n, arts) in people_counts(raw).items()]
    df = pd.DataFrame(rows, columns=["name", "count", "articles"])
    return df.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


def analyse(
    seed_dir: str | Path,
    config: Config,
    *,
    cache_dir: str | Path | None = ".cache",
    log: Log | None = None,
    progress: Callable[[int, int], None] | None = None,
    fit: bool = True,
    slogans: bool = True,
) -> Analysis:
    """Read, segment and count a seeds folder according to ``config``; then find the slogans
    and fit the themes (``slogans`` and ``fit`` leave them out for commands that need less).

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse (see :func:`analysis.ingest.read_articles`).
    """
    say = log or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    corpus = read_articles(seed_dir, manifest=config.input.manifest)
    timings["read"] = time.perf_counter() - t0
    files = len({a.file for a in corpus.articles})
    say(f"read {len(corpus.articles)} articles from {files} files")

    t = time.perf_counter()
    lexicon = read_lexicon(config.segment.lexicon)
    stop_entries = read_stopwords(config.stopwords.paths, keep=config.stopwords.keep)
    keep_entries = read_keep(config.stopwords.keep)
    segmenter = make_segmenter(engine=config.segment.engine, lexicon=lexicon)
    raw, cache_stats = tokens(corpus.articles, segmenter, cache_dir=cache_dir, progress=progress)
    timings["segment"] = time.perf_counter() - t
    say(
        f"segmented {len(raw)} paragraphs with {segmenter.version} "
        f"({cache_stats['cached']} articles from cache, {cache_stats['segmented']} segmented)"
    )

    t = time.perf_counter()
    stop = stopword_set(stop_entries, keep_entries)
    kept = tokens_filter(
        raw,
        stopwords=stop,
        min_chars=config.terms.min_chars,
        exclude_people=config.terms.exclude_people,
    )
    para = dtm(kept)
    arts = dtm_group(para, kept.article, len(corpus.articles))
    characters = sum(a.characters for a in corpus.articles)
    freq = stat_frequency(arts, characters=characters)
    timings["count"] = time.perf_counter() - t

    found = None
    if slogans:
        t = time.perf_counter()
        base = make_segmenter(engine=config.segment.engine, lexicon=())
        found = find_slogans(
            corpus.articles, raw, tag=base.tag, is_word=base.has_word, stopwords=stop,
            max_sample_chars=config.slogans.sample_chars,
        )  # fmt: skip
        timings["slogans"] = time.perf_counter() - t
        top = ", ".join(s.text for s in found.slogans[:5])
        say(f"slogans: {len(found.slogans)} formulations found; the most salient: {top}")

    themes = note = shares = None
    excerpts = ()
    if fit:
        t = time.perf_counter()
        themes, note, shares, excerpts = _fit_themes(kept, config, len(corpus.articles), say)
        timings["themes"] = time.perf_counter() - t
    return Analysis(
        config=config,
        seed_dir=str(seed_dir),
        corpus=corpus,
        engine=segmenter.version,
        lexicon=tuple(lexicon),
        stopwords=tuple(stop_entries),
        keep=tuple(keep_entries),
        raw_tokens=raw,
        tokens=kept,
        paragraph_dtm=para,
        article_dtm=arts,
        term_frequencies=freq,
        people=_people_table(raw),
        themes=themes,
        themes_note=note or "",
        article_themes=shares,
        excerpts=excerpts,
        slogans=found,
        cache_stats=cache_stats,
        timings=timings,
    )


def _fit_themes(kept: Tokens, config: Config, n_articles: int, say: Log):
    """Fit themes, or explain in one line why the corpus is too small for them."""
    cfg = config.themes
    try:
        themes = fit_themes(
            kept,
            n_themes=cfg.n_themes,
            k_min=cfg.k_min,
            k_max=cfg.k_max,
            runs=cfg.runs,
            fraction=cfg.sample_fraction,
            margin=cfg.stability_margin,
            top_n=cfg.top_terms,
            min_unit_tokens=cfg.min_unit_tokens,
            random_state=config.random_state,
            lexicon=read_theme_lexicon(cfg.lexicon),
            progress=say,
        )
    except TooSmall as exc:
        return None, f"no themes: {exc}", None, ()
    how = "chosen by coherence and stability" if themes.chosen_by == "auto" else "set in tifa.toml"
    say(f"themes: {themes.k} ({how}): " + ", ".join(themes.labels))
    shares = article_shares(themes, kept, n_articles)
    excerpts = tuple(tuple(r) for r in representative(themes, kept, n=max(cfg.excerpts, 1)))
    return themes, "", shares, excerpts
