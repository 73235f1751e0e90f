"""Segmentation as compact records (their words once, then integer codes) of an article or a
run of articles, and how records merge into the corpus's :class:`Tokens`.

The same functions serve a local run (:mod:`analysis.segment.cached`) and the Dask path
(:mod:`analysis.run.cluster`), so that both segment and merge records alike; how records are
cached is :mod:`analysis.segment.store`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..ingest import HAN, Article
from .engine import Segmenter
from .store import _JOIN
from .tokens import Tokens

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
        self._filled = 0  # words copied into the object arrays below (grown by doubling)
        self._vocab = np.empty(0, dtype=object)
        self._tags = np.empty(0, dtype=object)

    def _refresh(self) -> None:
        n = len(self.vocab)
        if n > len(self._vocab):
            size = max(n, 2 * len(self._vocab), 1024)
            for name in ("_vocab", "_tags"):
                grown = np.empty(size, dtype=object)
                grown[: self._filled] = getattr(self, name)[: self._filled]
                setattr(self, name, grown)
        self._vocab[self._filled : n] = self.vocab[self._filled :]
        self._tags[self._filled : n] = self.tags[self._filled :]
        self._filled = n

    def vocab_array(self) -> np.ndarray:
        """The words as an object array (indexed by NumPy without a Python loop)."""
        self._refresh()
        return self._vocab

    def tags_array(self) -> np.ndarray:
        """The tags, as :meth:`vocab_array`."""
        self._refresh()
        return self._tags

    def _learn(self, seg: Segmenter, text: str, words: list[str]) -> list[int]:
        """The codes of ``words`` (the cut of ``text``), giving the new ones theirs."""
        codes, sentence_tags = self.codes, None
        out = []
        for w in words:
            c = codes.get(w)
            if c is None:
                if _WORDLIKE.search(w):
                    tag = seg.word_tag(w)
                    if tag is None:  # cut alone, the word falls apart: its tag in the text
                        sentence_tags = sentence_tags or dict(seg.tag(text))
                        tag = sentence_tags[w]
                    c = codes[w] = len(self.vocab)
                    self.vocab.append(w)
                    self.tags.append(tag)
                else:
                    c = codes[w] = -1
            out.append(c)
        return out

    def sentence(self, seg: Segmenter, text: str) -> np.ndarray:
        a = self.sentences.get(text)
        if a is None:
            words = seg.cut(text)
            found = list(map(self.codes.get, words))  # no Python loop when every word is known
            if None in found:
                found = self._learn(seg, text, words)
            a = np.array(found, dtype=np.int32)
            a = a[a >= 0]
            if len(self.sentences) < MEMO_SENTENCES:
                self.sentences[text] = a
        return a


_MEMO: list[_Memo] = []


def _memo(seg: Segmenter) -> _Memo:
    if not _MEMO or _MEMO[0].key != seg.key:
        _MEMO[:] = [_Memo(seg.key)]
    return _MEMO[0]


def _memo_codes(memo: _Memo, seg: Segmenter, article: Article) -> tuple[np.ndarray, list[int]]:
    """An article's tokens as the memo's codes, and its tokens per analysed paragraph."""
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
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)), lengths


def _record(memo: _Memo, codes: np.ndarray, lengths: Sequence[int]) -> dict:
    """A record from the memo's codes: its words numbered in order of first appearance."""
    local, words = pd.factorize(codes)  # uniques in order of first appearance
    return {
        "vocab": memo.vocab_array()[words].tolist(),
        "tags": memo.tags_array()[words].tolist(),
        "codes": local.astype(np.int32),
        "lengths": np.asarray(lengths, dtype=np.int64),
    }


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
    return _record(memo, *_memo_codes(memo, seg, article))


def segment_runs(
    seg: Segmenter, runs: Sequence[Sequence[Article]], *, joint: bool = True
) -> tuple[list[dict], dict | None]:
    """Segment runs of consecutive articles: each run's record, and one record for them all.

    Parameters
    ----------
    seg : the segmenter
    runs : runs of consecutive articles of the corpus, the runs themselves consecutive
    joint : whether to build the record of every run together

    Returns
    -------
    (records, joint)
        One record per run (as :func:`segment_article`, over the run's paragraphs, with
        ``articles``: how many articles it holds), for the cache; and the record of all the
        runs (None unless ``joint``), which :func:`merge_records` takes in their place: far
        fewer words to send to the parent process and to merge.
    """
    memo = _memo(seg)
    records, codes, lengths = [], [], []
    for run in runs:
        run_codes, run_lengths = [], []
        for article in run:
            c, n = _memo_codes(memo, seg, article)
            run_codes.append(c)
            run_lengths += n
        c = np.concatenate(run_codes) if run_codes else np.zeros(0, np.int32)
        records.append({**_record(memo, c, run_lengths), "articles": len(run)})
        codes.append(c)
        lengths += run_lengths
    if not joint:
        return records, None
    together = _record(memo, np.concatenate(codes) if codes else np.zeros(0, np.int32), lengths)
    together["articles"] = sum(len(run) for run in runs)
    return records, together


def _compact(strings: list[str]) -> tuple[str, ...]:
    """``strings`` as new string objects, made once the merge's temporaries are gone.

    The corpus's words are the first occurrences among millions of per-record strings: kept
    as they are, each pins the allocator's arena it sits in, and the freed words around it
    stay resident for the rest of the run (a 20 MB corpus: 170 MB). Copies made now sit
    together in a few arenas."""
    if not strings or any(_JOIN in w for w in strings):
        return tuple(strings)
    text = _JOIN.join(strings)
    del strings[:]  # the last references to the scattered originals
    return tuple(text.split(_JOIN))


def merge_records(articles: Sequence[Article], records: Iterable[dict]) -> Tokens:
    """One :class:`Tokens` from records (a list or a stream), codes assigned in corpus order.

    A record covers one article, or ``record["articles"]`` consecutive ones
    (:func:`segment_runs`). The corpus's words are numbered in order of first appearance: one
    ``pandas.factorize`` of every record's words in turn (each record lists its words in order
    of first appearance), so that no Python loop runs per word.

    Parameters
    ----------
    articles : the corpus's articles
    records : records in corpus order, covering every article once

    Returns
    -------
    Tokens
    """
    index: dict[str, int] = {}  # word -> code, in order of first appearance
    vocab_tags: list[str] = []  # the tag of each word where it first appears
    code_parts, length_parts, art, par = [], [], [], []
    a_idx = 0
    for record in records:
        n = record.get("articles", 1)
        if a_idx + n > len(articles):
            raise ValueError("more records than articles")
        known = len(index)
        local = [index.setdefault(w, len(index)) for w in record["vocab"]]
        # a record lists each of its words once: its new words took the next codes in order
        vocab_tags += [t for t, c in zip(record["tags"], local, strict=True) if c >= known]
        code_parts.append(np.asarray(local, dtype=np.int32)[record["codes"]])
        length_parts.append(record["lengths"])
        for article in articles[a_idx : a_idx + n]:
            art += [a_idx] * len(article.analysed)
            par += [p.index for p in article.analysed]
            a_idx += 1
    if a_idx != len(articles):
        raise ValueError("fewer records than articles")
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    codes = np.concatenate(code_parts) if code_parts else np.zeros(0, dtype=np.int32)
    vocab = list(index)
    del index, code_parts
    return Tokens(
        vocab=_compact(vocab),
        tags=_compact(vocab_tags),
        codes=codes,
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        article=np.asarray(art, dtype=np.int32),
        paragraph=np.asarray(par, dtype=np.int32),
    )
