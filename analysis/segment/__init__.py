"""Segment analysed paragraphs into words with jieba's dictionary, a user lexicon and a cache.

- :mod:`~analysis.segment.engine`: the segmenter (rjieba or jieba, plus the lexicon);
- :mod:`~analysis.segment.tokens`: :class:`Tokens` (integer codes per paragraph) and the
  filters that keep the terms;
- :mod:`~analysis.segment.numbers`, :mod:`~analysis.segment.names`: numbers in Chinese
  numerals; what a personal name looks like;
- :mod:`~analysis.segment.people`: personal names with their evidence;
- :mod:`~analysis.segment.records`: the record of an article or a run of articles, merged;
- :mod:`~analysis.segment.store`: records in the cache, one per run of articles;
- :mod:`~analysis.segment.cached`: :func:`tokens`, a corpus through the cache and the pool.
"""

from __future__ import annotations

from .cached import POOL_MIN_CHARS, segment_missing, tokens
from .engine import CACHE_FORMAT, LEXICON_TAG, Segmenter, engine_available, make_segmenter
from .names import PERSON_COLUMN, PERSON_LIST, TITLES_AFTER, TITLES_BEFORE, is_person, name_like
from .numbers import is_number_word
from .people import (
    CORPUS_NAME_SOURCES,
    find_people,
    manifest_names,
    people_counts,
    people_lexicon,
    title_names,
)
from .records import merge_records, segment_article
from .store import SEGMENT_STAGE
from .tokens import _HAS_LETTER, Tokens, tokens_filter, tokens_keep, tokens_remove

__all__ = [
    "CACHE_FORMAT",
    "LEXICON_TAG",
    "PERSON_COLUMN",
    "PERSON_LIST",
    "POOL_MIN_CHARS",
    "SEGMENT_STAGE",
    "TITLES_AFTER",
    "TITLES_BEFORE",
    "_HAS_LETTER",
    "Segmenter",
    "Tokens",
    "engine_available",
    "find_people",
    "is_number_word",
    "is_person",
    "make_segmenter",
    "manifest_names",
    "merge_records",
    "name_like",
    "people_counts",
    "people_lexicon",
    "CORPUS_NAME_SOURCES",
    "title_names",
    "segment_article",
    "segment_missing",
    "tokens",
    "tokens_filter",
    "tokens_keep",
    "tokens_remove",
]
