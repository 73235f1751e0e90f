"""Tokens: the words of the analysed paragraphs as integer codes, and the filters on them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..ingest import HAN
from .names import is_person
from .numbers import is_number_word


@dataclass(frozen=True, eq=False)
class Tokens:
    """Words of the analysed paragraphs as integer codes into a vocabulary.

    Paragraph ``i`` is ``vocab[codes[offsets[i]:offsets[i + 1]]]``; ``tags[c]`` is the
    part-of-speech tag of ``vocab[c]``. ``article[i]`` is the position of paragraph ``i``'s
    article in the corpus and ``paragraph[i]`` its index in that article (as in
    ``paragraphs.csv``). Codes keep a 20 MB corpus in tens of megabytes, where a Python string
    per token took a gigabyte, and make filtering a NumPy mask.
    """

    vocab: tuple[str, ...]
    tags: tuple[str, ...]
    codes: np.ndarray  # int32, all tokens in corpus order
    offsets: np.ndarray  # int64, len(docs) + 1
    article: np.ndarray  # int32
    paragraph: np.ndarray  # int32

    @classmethod
    def from_docs(
        cls,
        docs: Sequence[Sequence[str]],
        *,
        tags: Sequence[Sequence[str]] | None = None,
        article: Sequence[int] | None = None,
        paragraph: Sequence[int] | None = None,
    ) -> Tokens:
        """Build tokens from word lists (tests and small inputs).

        Parameters
        ----------
        docs : the words of each paragraph
        tags : the tag of each word (default ``"x"``); a word keeps the tag of its first occurrence
        article : each paragraph's article position (default: one article per paragraph)
        paragraph : each paragraph's index in its article (default 0)

        Returns
        -------
        Tokens
        """
        index: dict[str, int] = {}
        vocab_tags: list[str] = []
        codes = []
        for i, doc in enumerate(docs):
            for j, w in enumerate(doc):
                if w not in index:
                    index[w] = len(index)
                    vocab_tags.append(tags[i][j] if tags is not None else "x")
                codes.append(index[w])
        n = len(docs)
        return cls(
            vocab=tuple(index),
            tags=tuple(vocab_tags),
            codes=np.asarray(codes, dtype=np.int32),
            offsets=np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64),
            article=np.asarray(article if article is not None else range(n), dtype=np.int32),
            paragraph=np.asarray(paragraph if paragraph is not None else [0] * n, dtype=np.int32),
        )

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Tokens)
            and self.docs == other.docs
            and (
                np.array_equal(self.article, other.article)
                and np.array_equal(self.paragraph, other.paragraph)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def n_tokens(self) -> int:
        """The number of tokens in all paragraphs.

        Returns
        -------
        int
        """
        return int(self.offsets[-1] - self.offsets[0]) if len(self.offsets) else 0

    def doc(self, i: int) -> tuple[str, ...]:
        """The words of paragraph ``i``.

        Parameters
        ----------
        i : the paragraph's position

        Returns
        -------
        tuple of str
        """
        return tuple(self.vocab[c] for c in self.codes[self.offsets[i] : self.offsets[i + 1]])

    @property
    def docs(self) -> tuple[tuple[str, ...], ...]:
        """Every paragraph as a tuple of words (builds Python strings: for small data).

        Returns
        -------
        tuple of tuple of str
        """
        return tuple(self.doc(i) for i in range(len(self)))

    def lengths(self) -> np.ndarray:
        """Tokens per paragraph.

        Returns
        -------
        numpy.ndarray
            int64, one count per paragraph.
        """
        return np.diff(self.offsets)


def tokens_keep(toks: Tokens, keep: np.ndarray) -> Tokens:
    """``toks`` with only the tokens whose vocabulary entry has ``keep[code]`` True.

    Parameters
    ----------
    toks : the tokens
    keep : bool, one per vocabulary entry

    Returns
    -------
    Tokens
        The same vocabulary and paragraphs, fewer codes.
    """
    mask = keep[toks.codes]
    kept_before = np.concatenate([[0], np.cumsum(mask)])
    return replace(
        toks, codes=toks.codes[mask], offsets=kept_before[toks.offsets].astype(np.int64)
    )


_HAS_LETTER = re.compile(rf"[{HAN}A-Za-z]")


def tokens_filter(
    toks: Tokens,
    *,
    stopwords: frozenset[str] = frozenset(),
    min_chars: int = 2,
    exclude_people: bool = True,
    drop_numbers: bool = True,
    people: frozenset[str] | None = None,
) -> Tokens:
    """Keep the tokens that can be terms.

    Drops stopwords, tokens shorter than ``min_chars``, tokens without a Chinese character or a
    letter (numbers, amounts), when ``drop_numbers`` numbers in Chinese numerals
    (:func:`is_number_word`), and, when ``exclude_people``, personal names: the names in
    ``people`` (from :func:`~analysis.segment.people.find_people`), or without it every token
    :func:`is_person` accepts.

    Parameters
    ----------
    toks : every word-like token
    stopwords : words to drop
    min_chars : the shortest term, in characters
    exclude_people : drop personal names
    drop_numbers : drop numbers written in Chinese numerals
    people : the names to drop (None: the :func:`is_person` rule)

    Returns
    -------
    Tokens
    """
    keep = np.fromiter(
        (
            len(w) >= min_chars
            and w not in stopwords
            and _HAS_LETTER.search(w) is not None
            and not (drop_numbers and is_number_word(w))
            and not (exclude_people and (w in people if people is not None else is_person(w, t)))
            for w, t in zip(toks.vocab, toks.tags, strict=True)
        ),
        dtype=bool,
        count=len(toks.vocab),
    )
    return tokens_keep(toks, keep)


def tokens_remove(toks: Tokens, words: frozenset[str]) -> Tokens:
    """``toks`` without the tokens in ``words`` (idempotent).

    Parameters
    ----------
    toks : the tokens
    words : the words to remove

    Returns
    -------
    Tokens
    """
    keep = np.fromiter((w not in words for w in toks.vocab), dtype=bool, count=len(toks.vocab))
    return tokens_keep(toks, keep)
