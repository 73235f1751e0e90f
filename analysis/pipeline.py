"""Run the analysis stages in order and keep every result in one plain container."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .cache import Cache
from .config import Config
from .errors import Notice
from .ingest import Corpus, count_chars, read_articles, shown_name
from .segment import (
    Tokens,
    find_people,
    make_segmenter,
    manifest_names,
    people_counts,
    people_lexicon,
    tokens,
    tokens_filter,
)
from .stages import (
    cached_compare,
    cached_slogans,
    cached_themes,
    compare_key,
    theme_search,
    themes_inputs,
)
from .vectorize import Dtm, dtm, dtm_group, stat_frequency
from .wordlists import Entry, read_keep, read_lexicon, read_stopwords, stopword_set

if TYPE_CHECKING:
    from .compare import Comparison
    from .slogans import SloganResult
    from .themes import Themes

# themes, comparisons and trends (scipy.optimize, scikit-learn) are imported where they run,
# so that `tifa slogans` and `tifa stopwords check` start in a fraction of a second
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
    comparison: Comparison | None = None
    trends: pd.DataFrame | None = None  # trends.csv
    echo: object | None = None  # analysis.echo.EchoResult: against the reference corpus
    cache_stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    theme_search: dict = field(default_factory=dict)  # the k range searched (run.json)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.corpus.notices

    @property
    def characters(self) -> int:
        return sum(a.characters for a in self.corpus.articles)


def _people_table(raw: Tokens, people: dict[str, str]) -> pd.DataFrame:
    rows = [
        (name, n, len(arts), people[name]) for name, (n, arts) in people_counts(raw, people).items()
    ]
    df = pd.DataFrame(rows, columns=["name", "count", "articles", "evidence"])
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
    echo: bool = False,
    previous: dict | None = None,
    scheduler: str = "",
) -> Analysis:
    """Read, segment and count a seeds folder according to ``config``; then find the slogans
    and fit the themes (``slogans`` and ``fit`` leave them out for commands that need less);
    ``echo`` compares the slogans with the reference corpus of ``[echo]``.
    Every stage's result is cached in ``cache_dir`` (:mod:`analysis.stages`); ``previous``
    (the last ``run.json`` in the output folder) narrows the k search after an edit
    (:func:`analysis.stages.theme_search`). ``scheduler`` (a dask.distributed address)
    segments and counts on that cluster (:mod:`analysis.cluster`).

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse (see :func:`analysis.ingest.read_articles`).
    """
    say = log or (lambda _msg: None)
    timings: dict[str, float] = {}
    cache = Cache(cache_dir, max_mb=config.run.cache_max_mb, note=say)
    t0 = time.perf_counter()
    corpus = read_articles(seed_dir, manifest=config.input.manifest)
    timings["read"] = time.perf_counter() - t0
    files = len({a.file for a in corpus.articles})
    n_arts = len(corpus.articles)
    say(f"read {n_arts} article{'s' * (n_arts != 1)} from {files} file{'s' * (files != 1)}")

    t = time.perf_counter()
    lexicon, listed, from_manifest = people_lexicon(
        read_lexicon(config.segment.lexicon),
        manifest_names(corpus.meta_columns, [a.meta for a in corpus.articles]),
    )
    stop_entries = read_stopwords(config.stopwords.paths, keep=config.stopwords.keep)
    keep_entries = read_keep(config.stopwords.keep)
    segmenter = make_segmenter(engine=config.segment.engine, lexicon=lexicon)
    counts = None
    if scheduler:
        from .cluster import dask_tokens  # noqa: PLC0415

        raw, cache_stats, counts = dask_tokens(scheduler, corpus.articles, segmenter, cache)
    else:
        raw, cache_stats = tokens(corpus.articles, segmenter, cache_dir=cache, progress=progress)
    timings["segment"] = time.perf_counter() - t
    say(
        f"segmented {len(raw)} paragraphs with {segmenter.version} "
        f"({cache_stats['cached']} articles from cache, {cache_stats['segmented']} segmented)"
    )

    t = time.perf_counter()
    stop = stopword_set(stop_entries, keep_entries)
    texts = [p.content for a in corpus.articles for p in a.analysed]
    people = find_people(raw, listed=listed, from_manifest=from_manifest, texts=texts)
    kept = tokens_filter(
        raw,
        stopwords=stop,
        min_chars=config.terms.min_chars,
        exclude_people=config.terms.exclude_people,
        drop_numbers=config.terms.drop_numbers,
        people=frozenset(people),
    )
    para = dtm(kept)
    if counts is None:
        arts = dtm_group(para, kept.article, len(corpus.articles))
    else:  # the cluster's counts, merged
        from .cluster import article_dtm  # noqa: PLC0415

        arts = article_dtm(counts, raw, kept)
    characters = sum(a.characters for a in corpus.articles)
    freq = stat_frequency(arts, characters=characters)
    timings["count"] = time.perf_counter() - t

    found = None
    if slogans:
        t = time.perf_counter()
        base = make_segmenter(engine=config.segment.engine, lexicon=())
        not_formulations = read_stopwords([config.slogans.not_formulations])
        found = cached_slogans(
            corpus.articles, raw, segmenter_key=base.key, tag=base.tag, is_word=base.has_word,
            stopwords=stop, cache=cache, settings={
                "lexicon": [(e.word, e.tag) for e in lexicon],
                "not_formulations": frozenset(e.word for e in not_formulations),
                "max_sample_chars": config.slogans.sample_chars,
            },
        )  # fmt: skip
        timings["slogans"] = time.perf_counter() - t
        top = ", ".join(s.text for s in found.slogans[:5])
        say(f"slogans: {len(found.slogans)} formulations found" + (f"; the most salient: {top}" if top else ""))

    echoed = None
    if echo and found is not None:
        from .echo.stage import run_echo  # noqa: PLC0415

        t = time.perf_counter()
        echoed = run_echo(corpus, found, config, lexicon=lexicon, stopwords=stop, cache_dir=cache_dir, log=say)
        timings["echo"] = time.perf_counter() - t

    themes = note = shares = None
    excerpts, search = (), {}
    if fit:
        t = time.perf_counter()
        themes, note, shares, excerpts, search = _fit_themes(
            kept, config, len(corpus.articles), say, texts, cache=cache,
            previous=previous if (previous or {}).get("corpus") == shown_name(seed_dir) else None,
        )  # fmt: skip
        timings["themes"] = time.perf_counter() - t
    comparison = trends = None
    if fit:
        t = time.perf_counter()
        theme_chars = _theme_characters(corpus, kept, themes) if themes is not None else None
        comparison, trends = cached_compare(
            cache, compare_key(config, corpus.articles, arts, found, themes, shares, theme_chars),
            lambda: (
                _compare(corpus, config, arts, found, themes, shares, theme_chars),
                _trends(corpus, config, arts, found, themes, theme_chars),
            ),
        )  # fmt: skip
        timings["compare"] = time.perf_counter() - t
    cache.prune()
    cache_stats = {**cache_stats, **cache.stats}
    reused = [n for n in ("slogans", "themes", "compare") if cache.stats.get(f"{n}_hit")]
    if reused:
        say("from the cache: " + ", ".join(reused))
    return Analysis(
        config=config,
        seed_dir=shown_name(seed_dir),
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
        people=_people_table(raw, people),
        themes=themes,
        themes_note=note or "",
        article_themes=shares,
        excerpts=excerpts,
        slogans=found,
        comparison=comparison,
        trends=trends,
        echo=echoed,
        cache_stats=cache_stats,
        timings=timings,
        theme_search=search,
    )


def _fit_themes(kept: Tokens, config: Config, n_articles: int, say: Log, texts=None, *, cache, previous):
    """Fit themes, or explain in one line why the corpus is too small for them."""
    from .themes import TooSmall, article_shares, fit_themes, read_theme_lexicon, representative  # noqa: PLC0415

    cfg = config.themes
    from .themes import window_cuts  # noqa: PLC0415

    cuts, window = window_cuts(texts, kept) if texts is not None else (None, 0)
    settings = {
        "n_themes": cfg.n_themes, "runs": cfg.runs, "fraction": cfg.sample_fraction,
        "margin": cfg.stability_margin, "top_n": cfg.top_terms,
        "min_unit_tokens": cfg.min_unit_tokens, "random_state": config.random_state,
        "stability_floor": cfg.stability_floor, "guided": cfg.guided,
    }  # fmt: skip
    lexicon = read_theme_lexicon(cfg.lexicon)
    search = theme_search(
        previous, themes_inputs(kept, settings, lexicon), k_min=cfg.k_min, k_max=cfg.k_max
    )
    if search["previous_k"] is not None:
        say(
            f"themes: the last run had k={search['previous_k']}: searching k={search['k_min']}-{search['k_max']}"
        )
    k_min, k_max = search["k_min"], search["k_max"]
    try:
        themes = cached_themes(fit_themes, kept, dict(
            n_themes=cfg.n_themes,
            k_min=k_min,
            k_max=k_max,
            runs=cfg.runs,
            fraction=cfg.sample_fraction,
            margin=cfg.stability_margin,
            top_n=cfg.top_terms,
            min_unit_tokens=cfg.min_unit_tokens,
            random_state=config.random_state,
            lexicon=lexicon,
            progress=say,
            cuts=cuts,
            window_tokens=window,
            stability_floor=cfg.stability_floor,
            guided=cfg.guided,
        ), cache)  # fmt: skip
    except TooSmall as exc:
        return None, f"no themes: {exc}", None, (), search
    how = "chosen by coherence and stability" if themes.chosen_by == "auto" else "set in tifa.toml"
    say(f"themes: {themes.k} ({how}): " + ", ".join(themes.labels))
    shares = article_shares(themes, kept, n_articles)
    excerpts = tuple(tuple(r) for r in representative(themes, kept, n=max(cfg.excerpts, 1)))
    return themes, "", shares, excerpts, search


def _theme_characters(corpus: Corpus, kept: Tokens, themes: Themes) -> np.ndarray:
    """Articles x themes: the characters of each article that each theme explains."""
    chars = np.array(
        [count_chars(p.content) for a in corpus.articles for p in a.analysed], dtype=np.float64
    )
    out = np.zeros((len(corpus.articles), themes.k))
    np.add.at(out, kept.article, themes.paragraph_weights * chars[:, None])
    return out


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
