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
    store_record,
)
from .tokens import Tokens

# Segmenting on two processes pays from about this many characters still to segment (measured:
# below it the pool's start and the records' transfer cost more than the second core saves).
POOL_MIN_CHARS = 1_000_000
_POOL: dict = {}


def _segment_chunk(indices: Sequence[int]) -> list[dict]:
    """Pool worker: segment these articles (inherited by ``fork``) and store them."""
    seg, articles, cache = _POOL["seg"], _POOL["articles"], _POOL["cache"]
    out = []
    for i in indices:
        record = segment_article(seg, articles[i])
        store_record(cache, record_key(seg, articles[i]), record)
        out.append(record)
    return out


def segment_missing(
    articles: Sequence[Article],
    missing: Sequence[int],
    segmenter: Segmenter,
    cache: Cache,
    *,
    workers: int = 2,
    min_chars: int = POOL_MIN_CHARS,
) -> Iterator[tuple[int, dict]]:
    """Segment the articles at positions ``missing`` and store them in ``cache``.

    On a pool of ``workers`` processes (``fork``) when they hold at least ``min_chars``
    characters, else here. Each worker returns one compact record per article (its words
    once, then integer codes).

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
    Iterator of (int, dict)
        ``(position, record)`` in the order of ``missing``, as they come, so that the caller
        merges them without holding every record.
    """
    sizes = [sum(len(p.content) for p in articles[i].analysed) for i in missing]
    parallel = workers > 1 and sum(sizes) >= min_chars and len(missing) > 1 and fork_available()
    if missing:
        segmenter._ready()  # once, before the workers fork
    _POOL.update(seg=segmenter, articles=articles, cache=cache)
    try:
        if not parallel:
            for i in missing:
                yield i, _segment_chunk([i])[0]
            return
        chunks = size_runs(missing, sizes, max(sum(sizes) / max(workers * 8, 1), 1))
        parts = fork_map(_segment_chunk, chunks, workers=workers)
        for chunk, part in zip(chunks, parts, strict=True):
            yield from zip(chunk, part, strict=True)
    finally:
        _POOL.clear()


def tokens(
    articles: Sequence[Article],
    segmenter: Segmenter,
    *,
    cache_dir: str | Path | Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 2,
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
        fresh = segment_missing(articles, missing, segmenter, cache, workers=workers)
        upcoming = next(fresh, None)
        done = 0
        for i, article in enumerate(articles):
            if upcoming is not None and upcoming[0] == i:
                record, upcoming = upcoming[1], next(fresh, None)
            else:
                record = load_record(cache, keys[i], article)
                if record is None:  # damaged: recomputed here
                    record = segment_article(segmenter, article)
                    store_record(cache, keys[i], record)
                    stats["cached"] -= 1
                    stats["segmented"] += 1
            done += sum(len(p.content) for p in article.analysed)
            if progress is not None:
                progress(done, total)
            yield record

    return merge_records(articles, records()), stats
