"""The echo stage: the corpus's formulations against a dated reference corpus (see
:mod:`analysis.echo.reference`): which it repeats, which it anticipates, which it coins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .diffusion import diffusion
from .matching import count_formulations
from .origins import (
    COLUMNS,
    ORIGINS,
    echo_gaps,
    echo_rates,
    echo_table,
    reference_uses,
)


@dataclass(frozen=True)
class EchoResult:
    """The echo tables and what the report says about the reference."""

    echo: pd.DataFrame
    rates: pd.DataFrame
    gaps: pd.DataFrame
    diffusion: pd.DataFrame
    reuse: pd.DataFrame
    folders: tuple[str, ...]
    reference_articles: int
    reference_span: tuple[str, str]
    missing_years: tuple[int, ...]
    by: str
    reuse_threshold: float
    formulations: tuple[str, ...] = ()  # every formulation asked about, most salient first
    groups: int = 0  # groups of [echo] by that have a value
    cached: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    # the reference's formulations the corpus uses at all (before the stopword filter): the
    # gaps are computed from these after the cache (see :func:`with_gaps`)
    reference_used: tuple[str, ...] = ()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The contract's echo tables by name (``echo.csv`` without the helper ``uses``).

        The lags stay nullable integers (their CSV cells are empty where missing): an object
        column of Python ints would cost 140 MB at 100 MB of text, for the same cells."""
        return {
            "echo": self.echo[list(COLUMNS["echo"])],
            "echo_rates": self.rates,
            "echo_gaps": self.gaps,
            "diffusion": self.diffusion,
            "reuse": self.reuse,
        }


def formulations(
    slogans: Sequence[tuple[str, Sequence[str]]],
    lexicon_words: Sequence[str],
    corpus_texts: Sequence[str],
    ref_texts: Sequence[str],
) -> list[tuple[str, tuple[str, ...]]]:
    """The formulations whose origin is asked: the corpus's slogans (with their variants),
    then the user-lexicon words that both the corpus and the reference use and that no slogan
    covers (a lexicon is declared vocabulary: a place or firm name in it is no formulation the
    corpus coins, but a central word the reference confirms is one the corpus may echo).

    Parameters
    ----------
    slogans : sequence of (str, sequence of str)
        The corpus's slogans and their variants.
    lexicon_words : sequence of str
        The user lexicon's words.
    corpus_texts, ref_texts : sequence of str
        The texts of the corpus and of the reference.

    Returns
    -------
    list of (str, tuple of str)
        (name, variants).
    """
    out = [(s, tuple(v) or (s,)) for s, v in slogans]
    known = {f for _, v in out for f in v}
    extra = [w for w in dict.fromkeys(lexicon_words) if w and w not in known and len(w) >= 2]
    if extra:
        corpus_text = "\n".join(corpus_texts)
        ref_text = "\n".join(ref_texts)
        out += [(w, (w,)) for w in extra if w in corpus_text and w in ref_text]
    return out


def analyse_echo(
    articles: Sequence,
    slogans: Sequence[tuple[str, Sequence[str]]],
    reference,
    *,
    lexicon_words: Sequence[str] = (),
    central: Collection[str] = (),
    by: str = "article",
    gaps_top: int = 20,
    reuse_threshold: float = 0.4,
    reuse_min_chars: int = 15,
    workers: int = 2,
) -> EchoResult:
    """Run the whole echo analysis of ``articles`` against a processed ``reference``.

    Parameters
    ----------
    articles : the corpus's articles (:class:`analysis.ingest.Article`)
    slogans : (slogan, variants) of the corpus, most salient first (the slogans table)
    reference : :class:`analysis.echo.reference.Reference`
    lexicon_words : user-lexicon words (see :func:`formulations`)
    central : known formulations of the centre (``[slogans] lexicon``): one the reference never
        uses is ``central``, not ``own``, where a corpus uses it (or one of its variants)
    by : manifest column (or ``article``, ``period``) whose values are the diffusion groups
    gaps_top : leading reference formulations per year looked at for ``echo_gaps.csv``
    reuse_threshold, reuse_min_chars : see :func:`analysis.echo.reuse.reused_sentences`
    workers : processes for counting formulations in a large corpus (the counts do not depend
        on it)

    Returns
    -------
    EchoResult
    """
    import time  # noqa: PLC0415

    from ..compare.groups import group_labels  # noqa: PLC0415
    from ..ingest.periods import periods as article_periods  # noqa: PLC0415
    from ..run.memory import release_memory  # noqa: PLC0415
    from .reuse import reused_sentences  # noqa: PLC0415

    t = time.perf_counter()
    ids = [a.article_id for a in articles]
    dates = [a.date for a in articles]
    corpus_texts = ["\n".join(p.text for p in a.analysed) for a in articles]
    ref_texts = ["\n".join(t for _, t in r.paragraphs) for r in reference.articles]
    ref_dates = [r.date for r in reference.articles]
    forms = formulations(slogans, lexicon_words, corpus_texts, ref_texts)
    names = [n for n, _ in forms]
    variants = [v for _, v in forms]
    corpus_counts = count_formulations(variants, corpus_texts, workers=workers)
    # which reference formulations the corpus uses at all (no form spans two articles)
    ref_forms = [s.variants for s in reference.slogans]
    ref_used = set().union(*count_formulations(ref_forms, corpus_texts, workers=workers))
    used_names = tuple(reference.slogans[i].text for i in sorted(ref_used))
    del corpus_texts  # the whole corpus's text once more: not kept to the end
    ref_counts = count_formulations(variants, ref_texts, workers=workers)
    uses = reference_uses(ref_counts, ref_dates, len(forms))
    centre = frozenset(central)
    of_centre = frozenset(
        i for i, (n, v) in enumerate(forms) if n in centre or not centre.isdisjoint(v)
    )
    echo = echo_table(names, ids, dates, corpus_counts, uses, central=of_centre)
    del corpus_counts  # a Counter per article: millions of entries at 100 MB
    release_memory()
    timings = {"match": time.perf_counter() - t}

    t = time.perf_counter()
    reuse = reused_sentences(
        articles, reference.articles, threshold=reuse_threshold, min_chars=reuse_min_chars
    )
    reused = reuse.groupby("article_id")["text"].apply(
        lambda s: sum(len("".join(x.split())) for x in s)
    )
    timings["reuse"] = time.perf_counter() - t

    per = article_periods(dates)
    rates = echo_rates(
        echo, ids, per, [a.characters for a in articles],
        [int(reused.get(i, 0)) for i in ids],
    )  # fmt: skip
    labels = group_labels(articles, by)  # ValueError: no article has that column
    diff = diffusion(echo, dict(zip(ids, labels, strict=True)))
    known = sorted(d for d in ref_dates if d)
    result = EchoResult(
        echo=echo, rates=rates, gaps=pd.DataFrame(), diffusion=diff, reuse=reuse,
        folders=reference.folders, reference_articles=len(reference.articles),
        reference_span=(known[0], known[-1]) if known else ("", ""),
        missing_years=reference.missing, by=by, reuse_threshold=reuse_threshold,
        formulations=tuple(names), groups=len({g for g in labels if g}), cached=reference.cached, timings=timings,
        reference_used=used_names,
    )  # fmt: skip
    return with_gaps(result, reference, dates, top=gaps_top)


def with_gaps(result: EchoResult, reference, dates: Sequence[str], *, top: int) -> EchoResult:
    """``result`` with its ``echo_gaps.csv`` table computed from ``reference``'s formulations
    (:func:`analysis.echo.origins.echo_gaps`) and the ones ``result`` found the corpus using.

    The only part of the echo analysis that follows the stopword lists (through the reference's
    formulations, see :func:`analysis.echo.reference.filter_reference`), so it is done after
    the cache: a stopword edit does not match the whole corpus against the reference again.

    Parameters
    ----------
    result : EchoResult
        With ``reference_used`` (the reference formulations the corpus uses).
    reference : :class:`analysis.echo.reference.Reference`
        The reference, its formulations filtered by the stopwords.
    dates : sequence of str
        The corpus articles' dates.
    top : int
        Leading reference formulations per year looked at.

    Returns
    -------
    EchoResult
    """
    from ..ingest.periods import periods as article_periods  # noqa: PLC0415

    used = frozenset(result.reference_used)
    names = [s.text for s in reference.slogans]
    gaps = echo_gaps(
        names, [s.uses for s in reference.slogans], [r.date for r in reference.articles],
        {i for i, n in enumerate(names) if n in used}, article_periods(list(dates)), top=top,
    )  # fmt: skip
    return dataclasses.replace(result, gaps=gaps)


def cached_echo(cache, parts, compute):
    """``compute()`` (an :class:`EchoResult`) or the one stored in ``cache`` under the digest
    of ``parts`` (the corpus, its formulations, the reference, the settings) and the echo code;
    a stored result comes back with ``timings`` empty. (It lives here, not beside the other
    cached stages in :mod:`analysis.run.stages`: the reference already imports that module,
    and the echo package importing it back would make a cycle.)

    Parameters
    ----------
    cache : :class:`analysis.run.cache.Cache`
    parts : everything the echo analysis depends on
    compute : the analysis

    Returns
    -------
    EchoResult
    """
    from .. import __version__  # noqa: PLC0415
    from ..run.arrays import arrays_dataclass, dataclass_arrays  # noqa: PLC0415
    from ..run.cache import code_digest, digest  # noqa: PLC0415

    key = digest("echo", __version__, code_digest(
        "analysis.echo", "analysis.run.arrays", "analysis.compare.groups", "analysis.ingest.periods"
    ), *parts)
    arrays = cache.load("echo", key)
    if arrays is not None:
        try:
            return dataclasses.replace(arrays_dataclass(EchoResult, arrays, "echo"), timings={})
        except (KeyError, ValueError, TypeError):
            pass
    result = compute()
    cache.save("echo", key, dataclass_arrays(dataclasses.replace(result, timings={}), "echo"))
    return result


def known_formulations(path: str) -> frozenset[str]:
    """The phrases of the known-formulations file (``[slogans] lexicon``; "" for none)."""
    from ..wordlists import read_stopwords  # noqa: PLC0415 - the same one-per-line format

    return frozenset(e.word for e in read_stopwords([path] if path else []))


def run_echo(corpus, found, config, *, lexicon, stopwords, cache_dir, log=None):
    """The echo stage of the pipeline: load (or reuse from the cache) the reference of
    ``[echo] reference_corpus`` and compare the corpus's slogans with it; ``None`` when the
    reference is turned off.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    found : SloganResult
        Its formulations.
    config : Config
        The run's configuration (``[echo]``, ``[input]``, ``[segment]``, ``[slogans]``).
    lexicon : sequence of Entry
        The user lexicon.
    stopwords : frozenset of str
        The stopwords.
    cache_dir : str or Path, optional
        The cache folder.
    log : callable, optional
        Progress messages.

    Returns
    -------
    EchoResult or None

    Raises
    ------
    TifaError
        A reference folder is missing or unreadable, or ``[echo] by`` names no column.
    """
    from ..errors import TifaError  # noqa: PLC0415
    from ..run.arrays import articles_digest  # noqa: PLC0415
    from ..run.cache import Cache  # noqa: PLC0415
    from ..slogans.lexicon import NOT_FORMULATION_TAGS  # noqa: PLC0415
    from .reference import (  # noqa: PLC0415
        filter_reference,
        reference_digests,
        reference_without,
        resolve_folders,
        text_digest,
        unfiltered_reference,
    )

    say = log or (lambda _msg: None)
    cfg = config.echo
    folders = resolve_folders(cfg.reference_corpus)
    if not folders:
        return None
    own = {text_digest([p.text for p in a.analysed]) for a in corpus.articles}

    def dropped_note(dropped: int) -> None:
        say(
            f"echo: {dropped} reference text(s) are articles of the corpus itself and are left "
            "out of the reference (a text never echoes itself)"
        )

    # before processing the reference: when every text of it is the corpus's own (a corpus
    # that is the reference), nothing would be left, so nothing is segmented or discovered
    digests = reference_digests(folders, manifest=config.input.manifest, cache_dir=cache_dir)
    if digests and all(d in own for d in digests):
        dropped_note(len(digests))
        say("echo: no reference text is left beside the corpus's own; no echo analysis")
        return None
    # the reference before the stopword filter: the matching, cached below, does not depend on
    # the stopword lists; only the gaps do (with_gaps, after the cache)
    whole, words = unfiltered_reference(
        folders, manifest=config.input.manifest, engine=config.segment.engine, lexicon=lexicon,
        sample_chars=config.slogans.sample_chars, cache_dir=cache_dir,
    )  # fmt: skip
    whole, dropped = reference_without(whole, own)
    if dropped:
        dropped_note(dropped)
        if not whole.articles:
            say("echo: no reference text is left beside the corpus's own; no echo analysis")
            return None
    ref = filter_reference(whole, stopwords, words)
    slogans = [(s.text, tuple(s.variants)) for s in found.slogans]
    central = sorted(known_formulations(config.slogans.lexicon))
    # the lexicon's places, people and organisations are vocabulary, not formulations
    vocabulary = [e.word for e in lexicon if (e.tag or "") not in NOT_FORMULATION_TAGS]

    def compute() -> EchoResult:
        try:
            return analyse_echo(
                corpus.articles, slogans, whole, lexicon_words=vocabulary, central=central, by=cfg.by,
                gaps_top=cfg.gaps_top, reuse_threshold=cfg.reuse_threshold,
                reuse_min_chars=cfg.reuse_min_chars,
            )  # fmt: skip
        except ValueError as exc:
            raise TifaError(f"[echo] by: {exc}") from None

    parts = (
        articles_digest(corpus.articles), slogans, vocabulary, central, dataclasses.asdict(cfg),
        repr(whole.folders), repr(whole.articles), repr(whole.slogans), repr(whole.missing),
    )  # fmt: skip
    result = cached_echo(Cache(cache_dir), parts, compute)
    result = with_gaps(result, ref, [a.date for a in corpus.articles], top=cfg.gaps_top)
    if result.cached != ref.cached:  # whether the reference came from the cache this time
        result = dataclasses.replace(result, cached=ref.cached)
    counts = result.echo["origin"].value_counts()
    how = "from cache" if ref.cached else "processed"
    say(
        f"echo: {len(ref.articles)} reference texts ({how}); "
        + ", ".join(f"{counts.get(o, 0)} {o}" for o in ORIGINS if counts.get(o, 0))
        + f"; {len(result.reuse)} reused sentences"
    )
    return result
