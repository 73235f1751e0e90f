"""How segmentation records are cached: one entry per run of consecutive articles.

A cache entry costs a file, and creating a file costs about 0.65 ms of system time on ext4
(measured: 2,740 articles of a 20 MB corpus, about 1.8 s of CPU, as much as segmenting them).
So the cache holds one record per run of about :data:`RUN_ARTICLES` articles
(:func:`cache_runs`), keyed by its articles' keys (:func:`run_key`). The runs are cut where an
article's own key says so, not every so many articles: an edit of one article, or a file added
or removed, changes the runs up to the next article whose key ends a run, never every run after
it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from ..ingest import Article
from ..run.cache import Cache
from .engine import Segmenter

SEGMENT_STAGE = "segments"
# A run ends after an article whose key is 0 modulo this (about one in this many: runs of
# about 16 articles), or once it holds RUN_CHARS characters, so that a corpus of long
# articles still has runs enough for two workers (the Government Work Reports: 11).
RUN_ARTICLES = 16
RUN_CHARS = 100_000


def record_key(seg: Segmenter, article: Article) -> str:
    """The cache key of an article's record: the segmenter's key and the analysed text.

    Parameters
    ----------
    seg : the segmenter (engine, versions, lexicon: :attr:`Segmenter.key`)
    article : the article

    Returns
    -------
    str
        A SHA-256 hex digest.
    """
    h = hashlib.sha256(seg.key.encode())
    for p in article.analysed:
        h.update(b"\x1e" + p.content.encode())
    return h.hexdigest()


def cache_runs(keys: Sequence[str], sizes: Sequence[int]) -> list[list[int]]:
    """The corpus's articles cut into runs of consecutive positions, one cache entry each.

    A run ends after an article whose key (:func:`record_key`) is 0 modulo
    :data:`RUN_ARTICLES`, or once its articles hold :data:`RUN_CHARS` characters. Where a run
    ends depends only on the articles since the last such key, so runs away from an edit keep
    their keys.

    Parameters
    ----------
    keys : each article's key, in corpus order
    sizes : each article's analysed characters

    Returns
    -------
    list of list of int
        The runs in order; together they hold every position once.

    >>> cache_runs(["00", "a1", "b2", "00", "c3"], [1, 1, 1, 1, 1])
    [[0], [1, 2, 3], [4]]
    """
    out: list[list[int]] = []
    run: list[int] = []
    chars = 0
    for i, (key, size) in enumerate(zip(keys, sizes, strict=True)):
        run.append(i)
        chars += size
        if int(key[:8], 16) % RUN_ARTICLES == 0 or chars >= RUN_CHARS:
            out.append(run)
            run, chars = [], 0
    if run:
        out.append(run)
    return out


def run_key(keys: Sequence[str]) -> str:
    """The cache key of a run's record: its articles' keys, in order.

    Parameters
    ----------
    keys : the run's articles' keys (:func:`record_key`)

    Returns
    -------
    str
        A SHA-256 hex digest.
    """
    return hashlib.sha256("\x1e".join(["segment-run", *keys]).encode()).hexdigest()


Run = tuple[list[int], str]  # a run's article positions and its cache key


def corpus_runs(seg: Segmenter, articles: Sequence[Article]) -> tuple[list[Run], list[int]]:
    """The corpus's cache runs with their keys, and each article's analysed characters: what
    a local run (:mod:`analysis.segment.cached`) and the Dask path look the cache up by.

    Parameters
    ----------
    seg : the segmenter
    articles : the corpus's articles

    Returns
    -------
    (runs, sizes)
        ``(positions, run key)`` per run in corpus order (:func:`cache_runs`,
        :func:`run_key`), and the characters of each article.
    """
    keys = [record_key(seg, a) for a in articles]
    sizes = [sum(len(p.content) for p in a.analysed) for a in articles]
    return [(run, run_key([keys[i] for i in run])) for run in cache_runs(keys, sizes)], sizes


# A record's words and tags are stored as one UTF-8 string each, joined by this character
# (a word-like token never holds it: jieba yields control characters one by one); a word
# that held it would split into two, and the record would fail its check (recomputed).
_JOIN = "\x1f"


def _joined(words: Sequence[str]) -> np.ndarray:
    return np.frombuffer(_JOIN.join(words).encode(), dtype=np.uint8)


def _split(a: np.ndarray) -> list[str]:
    if a.dtype != np.uint8:
        raise KeyError("not a joined string")
    text = a.tobytes().decode()
    return text.split(_JOIN) if text else []


def to_arrays(record: dict) -> dict[str, np.ndarray]:
    """A record as plain arrays for the cache (words and tags as joined UTF-8 bytes).

    Parameters
    ----------
    record : from :func:`analysis.segment.records.segment_article` or ``segment_runs``

    Returns
    -------
    dict of str to ndarray
    """
    return {
        "vocab": _joined(record["vocab"]),
        "tags": _joined(record["tags"]),
        "codes": record["codes"],
        "lengths": record["lengths"],
        "words": np.asarray(len(record["vocab"]), dtype=np.int64),
        "articles": np.asarray(record.get("articles", 1), dtype=np.int64),
    }


def from_arrays(
    arrays: dict[str, np.ndarray], n_paragraphs: int, n_articles: int = 1
) -> dict | None:
    """The record :func:`to_arrays` stored, checked against the articles it is for.

    Parameters
    ----------
    arrays : as loaded from the cache
    n_paragraphs : the number of analysed paragraphs of the articles
    n_articles : the number of articles the record covers

    Returns
    -------
    dict or None
        The record (with ``articles`` when it covers more than one), or None when an array
        is missing or the record does not fit (damaged).
    """
    try:
        record = {
            "vocab": _split(arrays["vocab"]),
            "tags": _split(arrays["tags"]),
            "codes": arrays["codes"].astype(np.int32, copy=False),
            "lengths": arrays["lengths"].astype(np.int64, copy=False),
        }
        words = int(arrays["words"])
        articles = int(arrays["articles"])
    except (KeyError, UnicodeDecodeError, TypeError, ValueError):
        return None
    ok = (
        articles == n_articles
        and len(record["lengths"]) == n_paragraphs
        and len(record["vocab"]) == len(record["tags"]) == words
        and int(record["lengths"].sum()) == len(record["codes"])
        and (not len(record["codes"]) or 0 <= record["codes"].min() <= record["codes"].max() < len(record["vocab"]))
    )  # fmt: skip
    if ok and n_articles != 1:
        record["articles"] = n_articles
    return record if ok else None


def load_run(cache: Cache, key: str, articles: Sequence[Article]) -> dict | None:
    """The cached record of a run of ``articles`` under ``key``, or None (missing, damaged).

    Parameters
    ----------
    cache : the cache folder
    key : from :func:`run_key`
    articles : the run's articles (their paragraphs check the record)

    Returns
    -------
    dict or None
    """
    arrays = cache.load(SEGMENT_STAGE, key)
    if not arrays:
        return None
    return from_arrays(arrays, sum(len(a.analysed) for a in articles), len(articles))


def store_run(cache: Cache, key: str, record: dict) -> None:
    """Store a run's ``record`` in ``cache`` under ``key`` (from :func:`run_key`).

    Parameters
    ----------
    cache : the cache folder
    key : the run's key
    record : from :func:`analysis.segment.records.segment_runs`

    Returns
    -------
    None
    """
    cache.save(SEGMENT_STAGE, key, to_arrays(record))
