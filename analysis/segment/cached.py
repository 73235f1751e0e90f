"""Segment a corpus: every article's record from the cache, or segmented (on a process pool
when there is enough to segment) and stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..ingest import Article
from ..run.cache import Cache
from ..run.pool import fork_available, fork_map, size_runs
from .engine import Segmenter
from .records import (
    SEGMENT_STAGE,
    load_record,
    merge_records,
    record_key,
    segment_article,
    segment_run,
    store_record,
)
from .tokens import Tokens

# Segmenting on two processes pays from about this many characters still to segment (measured:
# below it the pool's start and the records' transfer cost more than the second core saves).
POOL_MIN_CHARS = 1_000_000
_POOL: dict = {}


def _segment_chunk(indices: Sequence[int]) -> dict:
    """Pool worker: segment these consecutive articles (inherited by ``fork``), store each
    one's record and return their joint record (:func:`segment_run`)."""
    seg, articles, cache = _POOL["seg"], _POOL["articles"], _POOL["cache"]
    run = [articles[i] for i in indices]
    records, joint = segment_run(seg, run)
    for article, record in zip(run, records, strict=True):
        store_record(cache, record_key(seg, article), record)
    return joint


def _consecutive(missing: Sequence[int], sizes: Sequence[int], target: float) -> list[list[int]]:
    """``missing`` cut into runs of consecutive positions of about ``target`` characters."""
    out: list[list[int]] = []
    start = 0
    for k in range(1, len(missing) + 1):
        if k == len(missing) or missing[k] != missing[k - 1] + 1:
            out += size_runs(missing[start:k], sizes[start:k], target)
            start = k
    return out


def segment_missing(
    articles: Sequence[Article],
    missing: Sequence[int],
    segmenter: Segmenter,
    cache: Cache,
    *,
    workers: int = 2,
    min_chars: int = POOL_MIN_CHARS,
) -> Iterator[tuple[list[int], dict]]:
    """Segment the articles at positions ``missing`` and store them in ``cache``.

    On a pool of ``workers`` processes (``fork``) when they hold at least ``min_chars``
    characters, else here. The articles go in runs of consecutive positions; each run comes
    back as one compact record (its words once, then integer codes: :func:`segment_run`).

    Parameters
    ----------
    articles : the corpus's articles
    missing : the positions to segment, in order
    segmenter : the segmenter
    cache : where the records are stored
    workers : processes of the pool
    min_chars : the characters to segment from which the pool is used

    Returns
    -------
    Iterator of (list of int, dict)
        ``(positions, record)`` in the order of ``missing``, as they come, so that the caller
        merges them without holding every record.
    """
    sizes = [sum(len(p.content) for p in articles[i].analysed) for i in missing]
    parallel = workers > 1 and sum(sizes) >= min_chars and len(missing) > 1 and fork_available()
    if missing:
        segmenter._ready()  # once, before the workers fork
    _POOL.update(seg=segmenter, articles=articles, cache=cache)
    try:
        if not parallel:
            # one run per article here: nothing is sent, and the runs stay small
            for i in missing:
                yield [i], _segment_chunk([i])
            return
        chunks = _consecutive(missing, sizes, max(sum(sizes) / max(workers * 8, 1), 1))
        parts = fork_map(_segment_chunk, chunks, workers=workers)
        yield from zip(chunks, parts, strict=True)
    finally:
        _POOL.clear()


def tokens(
    articles: Sequence[Article],
    segmenter: Segmenter,
    *,
    cache_dir: str | Path | Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 2,
    min_chars: int = POOL_MIN_CHARS,
) -> tuple[Tokens, dict[str, int]]:
    """Segment the analysed paragraphs of ``articles``, reusing cached results.

    The cache holds one record per article (``.npz``, data only), keyed by the paragraphs'
    text, the engine and its version, and the lexicon: editing stopwords never re-segments,
    editing the lexicon re-segments everything. What is not cached is segmented on
    ``workers`` processes when there is enough of it (:func:`segment_missing`).

    Parameters
    ----------
    articles : the corpus's articles
    segmenter : from :func:`analysis.segment.make_segmenter`
    cache_dir : a cache folder, a :class:`Cache`, or None (nothing cached)
    progress : called with (characters done, characters in all) after each article
    workers : processes for what is not cached
    min_chars : the characters still to segment from which the pool is used

    Returns
    -------
    tokens : Tokens
        Every word-like token (punctuation and whitespace dropped), with its tag.
    stats : dict
        ``{"cached": n_articles_from_cache, "segmented": n_articles_segmented}``.
    """
    cache = cache_dir if isinstance(cache_dir, Cache) else Cache(cache_dir)
    keys = [record_key(segmenter, a) for a in articles]
    missing = [i for i, k in enumerate(keys) if not cache.has(SEGMENT_STAGE, k)]
    stats = {"cached": len(articles) - len(missing), "segmented": len(missing)}
    total = sum(len(p.content) for a in articles for p in a.analysed) or 1

    def records() -> Iterator[dict]:
        fresh = segment_missing(
            articles, missing, segmenter, cache, workers=workers, min_chars=min_chars
        )
        upcoming = next(fresh, None)
        done, i = 0, 0
        while i < len(articles):
            if upcoming is not None and upcoming[0][0] == i:
                (run, record), upcoming = upcoming, next(fresh, None)
            else:
                run, record = [i], load_record(cache, keys[i], articles[i])
                if record is None:  # damaged: recomputed here
                    record = segment_article(segmenter, articles[i])
                    store_record(cache, keys[i], record)
                    stats["cached"] -= 1
                    stats["segmented"] += 1
            for j in run:
                done += sum(len(p.content) for p in articles[j].analysed)
            i = run[-1] + 1
            if progress is not None:
                progress(done, total)
            yield record

    return merge_records(articles, records()), stats
