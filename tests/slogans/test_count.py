"""Counting: occurrences on word boundaries."""

from __future__ import annotations

from .conftest import BASE


def test_numbered_and_parallel_candidates_must_fall_on_word_boundaries(tmp_path):
    from analysis.ingest import read_articles
    from analysis.slogans import Hit, boundary_share

    (tmp_path / "a.txt").write_text("党的十九届五中全会提出要求。\n", "utf-8")
    arts = read_articles(tmp_path).articles
    p = arts[0].paragraphs[0]
    start = p.text.index("九届五")
    cut = [Hit(0, 0, p.index, start, start + 3)]  # 十|九届五|中全会: cut mid-word
    whole = [
        Hit(0, 0, p.index, p.text.index("十九届五中全会"), p.text.index("十九届五中全会") + 7)
    ]
    assert boundary_share(cut, arts, tag=BASE.tag) == 0.0
    assert boundary_share(whole, arts, tag=BASE.tag) == 1.0
