"""Segment a corpus: every run of articles' record from the cache, or segmented (on a process
pool when there is enough to segment) and stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..ingest import Article
from ..run.cache import Cache
from ..run.pool import fork_available, fork_map, size_runs
from .engine import Segmenter
from .records import merge_records, segment_runs
from .store import SEGMENT_STAGE, Run, corpus_runs, load_run, store_run
from .tokens import Tokens

# Segmenting on two processes pays from about this many characters still to segment (measured:
# below it the pool's start and the records' transfer cost more than the second core saves).
POOL_MIN_CHARS = 1_000_000
_POOL: dict = {}


def _segment_task(task: Sequence[int]) -> dict:
    """Pool worker: segment these runs (positions in ``_POOL["runs"]``, inherited by
    ``fork``), store each run's record and return their joint record (:func:`segment_runs`)."""
    seg, articles, cache, runs = (_POOL[k] for k in ("seg", "articles", "cache", "runs"))
    records, joint = segment_runs(seg, [[articles[i] for i in runs[r][0]] for r in task])
    for r, record in zip(task, records, strict=True):
        store_run(cache, runs[r][1], record)
    return joint


def _tasks(runs: Sequence[Run], sizes: Sequence[int], target: float) -> list[list[int]]:
    """The runs' indices in tasks of about ``target`` characters, each of runs that follow
    one another in the corpus (so that a task's joint record covers consecutive articles)."""
    out: list[list[int]] = []
    start = 0
    for k in range(1, len(runs) + 1):
        if k == len(runs) or runs[k][0][0] != runs[k - 1][0][-1] + 1:
            out += size_runs(list(range(start, k)), sizes[start:k], target)
            start = k
    return out


def segment_missing(
    articles: Sequence[Article],
    runs: Sequence[Run],
    segmenter: Segmenter,
    cache: Cache,
    *,
    workers: int = 2,
    min_chars: int = POOL_MIN_CHARS,
) -> Iterator[tuple[list[int], dict]]:
    """Segment the runs of articles ``runs`` and store each run's record in ``cache``.

    On a pool of ``workers`` processes (``fork``) when they hold at least ``min_chars``
    characters, else here. The runs go in tasks of runs that follow one another; each task
    comes back as one compact record (its words once, then integer codes: :func:`segment_runs`).

    Parameters
    ----------
    articles : the corpus's articles
    runs : the runs to segment, in corpus order: (positions, key) (:func:`cache_runs`)
    segmenter : the segmenter
    cache : where the records are stored
    workers : processes of the pool
    min_chars : the characters to segment from which the pool is used

    Returns
    -------
    Iterator of (list of int, dict)
        ``(positions, record)`` in the order of ``runs``, as they come, so that the caller
        merges them without holding every record.
    """
    sizes = [sum(len(p.content) for i in run for p in articles[i].analysed) for run, _ in runs]
    parallel = workers > 1 and sum(sizes) >= min_chars and len(runs) > 1 and fork_available()
    if runs:
        segmenter._ready()  # once, before the workers fork
    _POOL.update(seg=segmenter, articles=articles, cache=cache, runs=runs)
    try:
        if not parallel:
            # one run at a time here: nothing is sent, and the records stay small
            for r, (positions, _) in enumerate(runs):
                yield positions, _segment_task([r])
            return
        tasks = _tasks(runs, sizes, max(sum(sizes) / max(workers * 8, 1), 1))
        parts = fork_map(_segment_task, tasks, workers=workers)
        for task, part in zip(tasks, parts, strict=True):
            yield [i for r in task for i in runs[r][0]], part
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

    The cache holds one record per run of about 16 consecutive articles (``.npz``, data only:
    :mod:`analysis.segment.store`), keyed by the paragraphs' text, the engine and its version,
    and the lexicon: editing stopwords never re-segments, editing the lexicon re-segments
    everything, editing an article re-segments its run. What is not cached is segmented on
    ``workers`` processes when there is enough of it (:func:`segment_missing`).

    Parameters
    ----------
    articles : the corpus's articles
    segmenter : from :func:`analysis.segment.make_segmenter`
    cache_dir : a cache folder, a :class:`Cache`, or None (nothing cached)
    progress : called with (characters done, characters in all) after each run
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
    runs, sizes = corpus_runs(segmenter, articles)
    missing = [run for run in runs if not cache.has(SEGMENT_STAGE, run[1])]
    n_missing = sum(len(run) for run, _ in missing)
    stats = {"cached": len(articles) - n_missing, "segmented": n_missing}
    total = sum(sizes) or 1
    run_at = {run[0]: (run, key) for run, key in runs}

    def records() -> Iterator[dict]:
        fresh = segment_missing(
            articles, missing, segmenter, cache, workers=workers, min_chars=min_chars
        )
        upcoming = next(fresh, None)
        done, i = 0, 0
        while i < len(articles):
            if upcoming is not None and upcoming[0][0] == i:
                (positions, record), upcoming = upcoming, next(fresh, None)
            else:
                positions, key = run_at[i]
                run = [articles[j] for j in positions]
                record = load_run(cache, key, run)
                if record is None:  # damaged: recomputed here
                    record = segment_runs(segmenter, [run], joint=False)[0][0]
                    store_run(cache, key, record)
                    stats["cached"] -= len(run)
                    stats["segmented"] += len(run)
            done += sum(sizes[j] for j in positions)
            i = positions[-1] + 1
            if progress is not None:
                progress(done, total)
            yield record

    return merge_records(articles, records()), stats
