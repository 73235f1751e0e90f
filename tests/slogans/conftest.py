"""Shared by the slogans tests: jieba's own dictionary, no user lexicon."""

from __future__ import annotations

from analysis.segment import make_segmenter

BASE = make_segmenter(lexicon=())
