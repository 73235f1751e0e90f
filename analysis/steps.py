"""The stage calls that :func:`analysis.pipeline.analyse` strings together: read and count a
corpus, find its formulations, fit its themes. Each takes the values it needs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .config import Config
from .errors import Notice
from .ingest import Corpus, read_articles, shown_name
from .run.cache import Cache
from .run.reading import cached_duplicates, start_title_names
from .run.stages import cached_slogans, cached_themes, theme_search, themes_inputs
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
from .vectorize import Dtm, dtm, dtm_group, stat_frequency
from .wordlists import Entry, read_keep, read_lexicon, read_stopwords, stopword_set

if TYPE_CHECKING:
    from .slogans import SloganResult

Log = Callable[[str], None]


def _people_table(raw: Tokens, people: dict[str, str]) -> pd.DataFrame:
    """``people.csv``: each personal name with its count, articles and evidence."""
    rows = [
        (name, n, len(arts), people[name]) for name, (n, arts) in people_counts(raw, people).items()
    ]
    df = pd.DataFrame(rows, columns=["name", "count", "articles", "evidence"])
    return df.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


@dataclass(frozen=True)
class Counts:
    """The read, segmented and counted corpus (:func:`count_corpus`): what every command needs."""

    seed_dir: str
    corpus: Corpus
    engine: str
    lexicon: tuple[Entry, ...]
    stopwords: tuple[Entry, ...]
    keep: tuple[Entry, ...]
    stopword_set: frozenset[str]  # the words removed: stopwords minus the keep list
    raw_tokens: Tokens  # every word-like token, before stopwords
    tokens: Tokens  # the terms that are analysed
    article_dtm: Dtm  # articles x terms
    term_frequencies: pd.DataFrame
    people: pd.DataFrame
    cache_stats: dict[str, int]
    timings: dict[str, float]

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.corpus.notices

    @property
    def paragraph_dtm(self) -> Dtm:
        """Analysed paragraphs x terms, counted when asked for (not kept: see
        :attr:`analysis.result.Analysis.paragraph_dtm`)."""
        return dtm(self.tokens)

    @property
    def characters(self) -> int:
        return sum(a.characters for a in self.corpus.articles)


@dataclass(frozen=True)
class Formulations(Counts):
    """:class:`Counts` and the formulations found (:func:`analysis.pipeline.analyse_formulations`)."""

    slogans: SloganResult
    echo: object | None = None  # analysis.echo.EchoResult, when asked for


def count_corpus(
    seed_dir: str | Path,
    config: Config,
    *,
    cache: Cache,
    log: Log,
    progress: Callable[[int, int], None] | None = None,
    scheduler: str = "",
) -> Counts:
    """Read a seeds folder, segment it and count its terms.

    Parameters
    ----------
    seed_dir : str or Path
        The folder (or one file) of articles.
    config : Config
        The settings of the run (``[input]``, ``[segment]``, ``[stopwords]``, ``[terms]``).
    cache : Cache
        Where segmented paragraphs are kept between runs.
    log : callable
        Receives one line per step.
    progress : callable, optional
        ``progress(done, total)`` while segmenting.
    scheduler : str
        A dask.distributed address: segment and count on that cluster (:mod:`analysis.run.cluster`).

    Returns
    -------
    Counts
        The corpus, its word lists, tokens, document-term matrices, frequencies and people.

    Raises
    ------
    TifaError
        Bad input that leaves nothing to analyse (see :func:`analysis.ingest.read_articles`).
    """
    say = log
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    user_lexicon = read_lexicon(config.segment.lexicon)
    # Names jieba would cut (李/红梅, 余长/明同), found by a title beside them, join the
    # manifest's names: added whole to the lexicon, so segmentation keeps them. On a large
    # corpus they are found on a process of their own while the near-duplicate check runs.
    base = make_segmenter(engine=config.segment.engine, lexicon=user_lexicon)
    started: list[Callable[[], list[str]]] = []

    def find_names(articles) -> None:
        texts = [p.text for a in articles for p in a.paragraphs]
        started.append(start_title_names(cache, base, texts))

    corpus = read_articles(
        seed_dir,
        manifest=config.input.manifest,
        on_read=find_names,
        find_duplicates=cached_duplicates(cache),
    )
    timings["read"] = time.perf_counter() - t0
    files = len({a.file for a in corpus.articles})
    n_arts = len(corpus.articles)
    say(f"read {n_arts} article{'s' * (n_arts != 1)} from {files} file{'s' * (files != 1)}")

    t = time.perf_counter()
    titled = started[0]()
    lexicon, listed, from_manifest = people_lexicon(
        user_lexicon,
        manifest_names(corpus.meta_columns, [a.meta for a in corpus.articles]),
        titled,
    )
    stop_entries = read_stopwords(config.stopwords.paths, keep=config.stopwords.keep)
    keep_entries = read_keep(config.stopwords.keep)
    segmenter = base.extended(lexicon)  # the names added to the loaded dictionary, if loaded
    counts = None
    if scheduler:
        from .run.cluster import dask_tokens  # noqa: PLC0415

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
    texts = analysed_texts(corpus)
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
        from .run.cluster import article_dtm  # noqa: PLC0415

        arts = article_dtm(counts, raw, kept)
    characters = sum(a.characters for a in corpus.articles)
    freq = stat_frequency(arts, characters=characters)
    timings["count"] = time.perf_counter() - t
    return Counts(
        seed_dir=shown_name(seed_dir),
        corpus=corpus,
        engine=segmenter.version,
        lexicon=tuple(lexicon),
        stopwords=tuple(stop_entries),
        keep=tuple(keep_entries),
        stopword_set=stop,
        raw_tokens=raw,
        tokens=kept,
        article_dtm=arts,
        term_frequencies=freq,
        people=_people_table(raw, people),
        cache_stats=cache_stats,
        timings=timings,
    )


def analysed_texts(corpus: Corpus) -> list[str]:
    """The analysed paragraphs' text, in token order."""
    return [p.content for a in corpus.articles for p in a.analysed]


def article_years(corpus: Corpus) -> list[int]:
    """Each article's year (0: undated), for the era rule of the theme names."""
    return [int(a.date[:4]) if a.date[:4].isdigit() else 0 for a in corpus.articles]


def formulation_lexicon(lexicon, known: str) -> list[tuple[str, str | None]]:
    """The (word, tag) entries discovery takes as known formulations: the user lexicon's, then
    the phrases of ``[slogans] lexicon`` (``known``: a file, or "" for none) it lacks.

    Parameters
    ----------
    lexicon : sequence of Entry
        The user lexicon (segmentation words with their tags).
    known : str
        The known-formulations file.

    Returns
    -------
    list of (str, str or None)
        In order, each word once.
    """
    out = {e.word: e.tag for e in lexicon}
    for e in read_stopwords([known] if known else []):
        out.setdefault(e.word, None)
    return list(out.items())


def find_formulations(counted: Counts, config: Config, *, cache: Cache, log: Log) -> SloganResult:
    """Discover and count the formulations of a counted corpus (cached).

    Parameters
    ----------
    counted : Counts
        From :func:`count_corpus`.
    config : Config
        The settings of the run (``[segment] engine``, ``[slogans]``).
    cache : Cache
        Where the result is kept between runs.
    log : callable
        Receives one line.

    Returns
    -------
    SloganResult
        The formulations, their variants and counts.
    """
    base = make_segmenter(engine=config.segment.engine, lexicon=())
    not_formulations = read_stopwords([config.slogans.not_formulations])
    found = cached_slogans(
        counted.corpus.articles, counted.raw_tokens, segmenter_key=base.key, tag=base.tag,
        is_word=base.has_word, stopwords=counted.stopword_set, cache=cache, settings={
            "lexicon": formulation_lexicon(counted.lexicon, config.slogans.lexicon),
            "not_formulations": frozenset(e.word for e in not_formulations),
            "max_sample_chars": config.slogans.sample_chars,
        },
    )  # fmt: skip
    top = ", ".join(s.text for s in found.slogans[:5])
    log(f"slogans: {len(found.slogans)} formulations found" + (f"; the most salient: {top}" if top else ""))
    return found



def fit_corpus_themes(
    kept: Tokens, n_articles: int, say: Log, texts=None, *, cache, previous, lexicon,
    random_state: int, n_themes, k_min: int, k_max: int, runs: int, sample_fraction: float,
    stability_margin: float, top_terms: int, min_unit_tokens: int, stability_floor: float,
    guided: bool, excerpts: int, article_years=None,
):  # fmt: skip
    """Fit themes (cached), or explain in one line why the corpus is too small for them.

    Parameters
    ----------
    kept : Tokens
        The analysed terms.
    n_articles : int
        The articles of the corpus.
    say : callable
        Receives one line per step.
    texts : list of str, optional
        The analysed paragraphs' text (:func:`analysed_texts`), for the coherence windows.
    cache : Cache
        Where the fitted themes are kept between runs.
    previous : dict or None
        The last ``run.json`` of the same corpus: narrows the k search.
    lexicon : object
        The theme lexicon (``[themes] lexicon``, read by the caller).
    random_state, n_themes, k_min, k_max, runs, sample_fraction, stability_margin, top_terms, \
min_unit_tokens, stability_floor, guided, excerpts
        The ``[themes]`` settings and the run's seed.
    article_years : list of int, optional
        Each article's year (0: undated): no theme takes a name that entered official use
        after most of the theme's text was written (:func:`analysis.themes.theme_names`).

    Returns
    -------
    tuple
        ``(themes, note, article_shares, excerpts, search)``: themes None and a one-line note
        when the corpus is too small.
    """
    from .themes import (  # noqa: PLC0415
        TooSmall,
        article_shares,
        fit_themes,
        representative,
        window_cuts,
    )

    cuts, window = window_cuts(texts, kept) if texts is not None else (None, 0)
    settings = {
        "n_themes": n_themes, "runs": runs, "fraction": sample_fraction,
        "margin": stability_margin, "top_n": top_terms,
        "min_unit_tokens": min_unit_tokens, "random_state": random_state,
        "stability_floor": stability_floor, "guided": guided,
    }  # fmt: skip
    search = theme_search(
        previous, themes_inputs(kept, settings, lexicon), k_min=k_min, k_max=k_max
    )
    if search["previous_k"] is not None:
        say(
            f"themes: the last run had k={search['previous_k']}: searching k={search['k_min']}-{search['k_max']}"
        )
    k_min, k_max = search["k_min"], search["k_max"]
    years = (
        np.asarray(article_years, dtype=np.int64)[np.asarray(kept.article)]
        if article_years is not None
        else None
    )
    try:
        themes = cached_themes(fit_themes, kept, dict(
            n_themes=n_themes,
            k_min=k_min,
            k_max=k_max,
            runs=runs,
            fraction=sample_fraction,
            margin=stability_margin,
            top_n=top_terms,
            min_unit_tokens=min_unit_tokens,
            random_state=random_state,
            lexicon=lexicon,
            progress=say,
            cuts=cuts,
            window_tokens=window,
            stability_floor=stability_floor,
            guided=guided,
            years=years,
        ), cache)  # fmt: skip
    except TooSmall as exc:
        return None, f"no themes: {exc}", None, (), search
    how = "chosen by coherence and stability" if themes.chosen_by == "auto" else "set in tifa.toml"
    say(f"themes: {themes.k} ({how}): " + ", ".join(themes.labels))
    shares = article_shares(themes, kept, n_articles)
    excerpts_ = tuple(tuple(r) for r in representative(themes, kept, n=max(excerpts, 1)))
    return themes, "", shares, excerpts_, search
