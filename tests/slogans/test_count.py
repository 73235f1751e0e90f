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


def test_an_end_inside_a_suffix_compound_is_a_word_boundary(tmp_path):
    """志愿服务 in 志愿|服务队 and 战斗堡垒 in 战斗|堡垒作用 end inside a jieba token that joins
    their last word to a suffix: half a boundary with ``is_word``; a numeral part (十八届三中 in
    十八届|三中全会) and a cut at the start (志|愿服务队) are not."""
    from analysis.ingest import read_articles
    from analysis.slogans import Hit, boundary_share

    text = "他们组织志愿服务队，发挥战斗堡垒作用，学习十八届三中全会精神。\n"
    (tmp_path / "a.txt").write_text(text, "utf-8")
    arts = read_articles(tmp_path).articles
    p = arts[0].paragraphs[0]

    def hit(term):
        start = p.text.index(term)
        return [Hit(0, 0, p.index, start, start + len(term))]

    for term in ("志愿服务", "战斗堡垒"):
        assert boundary_share(hit(term), arts, tag=BASE.tag) == 0.0
        # half a boundary: it passes (over 0.5) only with other uses on boundaries
        assert boundary_share(hit(term), arts, tag=BASE.tag, is_word=BASE.has_word) == 0.5
    for term in ("十八届三中", "愿服务队"):
        assert boundary_share(hit(term), arts, tag=BASE.tag, is_word=BASE.has_word) == 0.0
