"""Fitting units: long paragraphs as windows at sentence ends."""

from __future__ import annotations

from analysis.segment import Tokens
from analysis.themes.units import sentence_ends, unit_offsets


def test_long_paragraphs_are_fitted_as_windows_at_sentence_ends():
    sentences = ["推进乡村振兴发展特色农业。", "加快工业园区建设引进企业。"] * 10
    text = "".join(sentences)
    words = [w for s_ in sentences for w in (s_[:2], s_[2:4], s_[4:6], s_[6:8], s_[8:10], s_[10:12])]
    ends = sentence_ends(text, words)
    assert list(ends) == list(range(6, len(words), 6))
    toks = Tokens.from_docs([words, ["发展", "改革"] * 7], article=[0, 0])
    offsets, unit_of = unit_offsets(toks, min_tokens=12, window_tokens=24, cuts=[ends, None])
    # 120 terms in windows of 24 (at sentence ends), then the short paragraph as its own unit
    assert list(offsets) == [0, 24, 48, 72, 96, 120, 134]
    assert list(unit_of) == [0, 5]
    assert list(unit_offsets(toks, min_tokens=12)[0]) == [0, 120, 134]  # no windows asked
