"""Members of 、-lists that recur alone."""

from __future__ import annotations

from .conftest import BASE


def test_enumeration_members_that_recur_alone_are_candidates():
    from analysis.slogans import enumeration_members, ngram_stats

    texts = [
        "培育冰雪经济、银发经济、低空经济等新增长点。",
        "低空经济起步良好，银发经济加快发展。",
        "发展低空经济，做大银发经济，冰雪经济持续升温。",
    ]
    stats = ngram_stats(texts, min_count=2)
    found = enumeration_members(texts, stats.counts, tag=BASE.tag, min_count=2)
    assert {"低空经济", "银发经济"} <= set(found)
    assert "冰雪经济" not in found  # outside the list only once
