"""One article's segmentation as a compact record (its words once, then integer codes), how it
is cached, and how records merge into the corpus's :class:`Tokens`.

The same functions serve a local run (:mod:`analysis.segment.cached`) and the Dask path
(:mod:`analysis.run.cluster`), so that both store, check and merge records alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np

from ..ingest import HAN, Article
from ..run.cache import Cache, str_array, str_list
from .engine import Segmenter
from .tokens import Tokens

SEGMENT_STAGE = "segments"
_WORDLIKE = re.compile(rf"[{HAN}A-Za-z0-9]")


# jieba segments each run of Han characters, letters and digits on its own (its ``re_han``
# blocks), so a text cut after a sentence end gives the tokens of the whole text (checked on
# every paragraph of the Government Work Reports; tests/segment/test_tokens.py). Sentences
# that recur (boilerplate, reprints, the benchmark's resampled sentences) are segmented once
# per process, up to this many kept.
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
MEMO_SENTENCES = 200_000


class _Memo:
    """One process's segmentation memory for one segmenter: every word-like word seen (code,
    tag) and the codes of the sentences segmented so far."""

    def __init__(self, key: str):
        self.key = key
        self.codes: dict[str, int] = {}  # word -> code; -1: not word-like (punctuation)
        self.vocab: list[str] = []
        self.tags: list[str] = []
        self.sentences: dict[str, np.ndarray] = {}

    def encode(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        out = []
        codes = self.codes
        for w, t in pairs:
            c = codes.get(w)
            if c is None:
                if _WORDLIKE.search(w):
                    c = codes[w] = len(self.vocab)
                    self.vocab.append(w)
                    self.tags.append(t)
                else:
                    c = codes[w] = -1
            if c >= 0:
                out.append(c)
        return np.asarray(out, dtype=np.int32)

    def sentence(self, seg: Segmenter, text: str) -> np.ndarray:
        a = self.sentences.get(text)
        if a is None:
            a = self.encode(seg.tag(text))
            if len(self.sentences) < MEMO_SENTENCES:
                self.sentences[text] = a
        return a


_MEMO: list[_Memo] = []


def _memo(seg: Segmenter) -> _Memo:
    if not _MEMO or _MEMO[0].key != seg.key:
        _MEMO[:] = [_Memo(seg.key)]
    return _MEMO[0]


def segment_article(seg: Segmenter, article: Article) -> dict:
    """Segment one article's analysed paragraphs into a compact, cacheable record.

    Parameters
    ----------
    seg : the segmenter
    article : the article; only its analysed paragraphs are segmented

    Returns
    -------
    dict
        ``vocab`` (its words, once each, in order of appearance), ``tags`` (theirs),
        ``codes`` (int32, every word-like token as an index into ``vocab``) and ``lengths``
        (int64, tokens per analysed paragraph).
    """
    memo = _memo(seg)
    parts: list[np.ndarray] = []
    lengths: list[int] = []
    for p in article.analysed:
        n = 0
        for s in _SENTENCE_END.split(p.content):
            if s:
                a = memo.sentence(seg, s)
                parts.append(a)
                n += len(a)
        lengths.append(n)
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    # the memo's codes to the article's own, numbered in order of first appearance
    uniq, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    words = uniq[order].tolist()
    return {
        "vocab": [memo.vocab[c] for c in words],
        "tags": [memo.tags[c] for c in words],
        "codes": rank[inverse.reshape(-1)].astype(np.int32, copy=False),
        "lengths": np.asarray(lengths, dtype=np.int64),
    }


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


def to_arrays(record: dict) -> dict[str, np.ndarray]:
    """A record as plain arrays for the cache (strings as Unicode arrays).

    Parameters
    ----------
    record : from :func:`segment_article`

    Returns
    -------
    dict of str to ndarray
    """
    return {
        "vocab": str_array(record["vocab"]),
        "tags": str_array(record["tags"]),
        "codes": record["codes"],
        "lengths": record["lengths"],
    }


def from_arrays(arrays: dict[str, np.ndarray], n_paragraphs: int) -> dict | None:
    """The record :func:`to_arrays` stored, checked against the article it is for.

    Parameters
    ----------
    arrays : as loaded from the cache
    n_paragraphs : the number of analysed paragraphs of the article

    Returns
    -------
    dict or None
        The record, or None when an array is missing or the record does not fit (damaged).
    """
    try:
        record = {
            "vocab": str_list(arrays["vocab"]),
            "tags": str_list(arrays["tags"]),
            "codes": arrays["codes"].astype(np.int32, copy=False),
            "lengths": arrays["lengths"].astype(np.int64, copy=False),
        }
    except KeyError:
        return None
    ok = (
        len(record["lengths"]) == n_paragraphs
        and len(record["vocab"]) == len(record["tags"])
        and int(record["lengths"].sum()) == len(record["codes"])
        and (not len(record["codes"]) or 0 <= record["codes"].min() <= record["codes"].max() < len(record["vocab"]))
    )  # fmt: skip
    return record if ok else None


def load_record(cache: Cache, key: str, article: Article) -> dict | None:
    """The cached record of ``article`` under ``key``, or None (missing or damaged).

    Parameters
    ----------
    cache : the cache folder
    key : from :func:`record_key`
    article : the article the record is for (its paragraphs check the record)

    Returns
    -------
    dict or None
    """
    arrays = cache.load(SEGMENT_STAGE, key)
    return from_arrays(arrays, len(article.analysed)) if arrays else None


def store_record(cache: Cache, key: str, record: dict) -> None:
    """Store ``record`` in ``cache`` under ``key`` (from :func:`record_key`).

    Parameters
    ----------
    cache : the cache folder
    key : the record's key
    record : from :func:`segment_article`

    Returns
    -------
    None
    """
    cache.save(SEGMENT_STAGE, key, to_arrays(record))


def merge_records(articles: Sequence[Article], records: Iterable[dict]) -> Tokens:
    """One :class:`Tokens` from per-article records (a list or a stream), codes assigned in
    corpus order.

    Parameters
    ----------
    articles : the corpus's articles
    records : one record per article, in the same order

    Returns
    -------
    Tokens
    """
    index: dict[str, int] = {}
    vocab_tags: list[str] = []
    code_parts, length_parts, art, par = [], [], [], []
    for a_idx, (article, record) in enumerate(zip(articles, records, strict=True)):
        local = np.empty(len(record["vocab"]), dtype=np.int32)
        for i, (w, t) in enumerate(zip(record["vocab"], record["tags"], strict=True)):
            code = index.get(w)
            if code is None:
                code = index[w] = len(index)
                vocab_tags.append(t)
            local[i] = code
        code_parts.append(local[record["codes"]])
        length_parts.append(record["lengths"])
        art.extend([a_idx] * len(article.analysed))
        par.extend(p.index for p in article.analysed)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    return Tokens(
        vocab=tuple(index),
        tags=tuple(vocab_tags),
        codes=np.concatenate(code_parts) if code_parts else np.zeros(0, dtype=np.int32),
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        article=np.asarray(art, dtype=np.int32),
        paragraph=np.asarray(par, dtype=np.int32),
    )
