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


def _corpus(tmp_path):
    from analysis.ingest import read_articles

    texts = [
        "坚持绿水青山理念，推进绿水青山就是金山银山。一九五四年的九五规划不是九五。\n",
        "绿水青山是金山银山，乡村振兴战略推进乡村振兴。\n",
        "实施乡村振兴战略，守护绿水青山。\n",
        "九五计划完成，金山银山在望。\n",
    ]
    for k, t in enumerate(texts):
        (tmp_path / f"{k}.txt").write_text(t, "utf-8")
    return read_articles(tmp_path).articles


def test_counting_on_a_pool_gives_the_hits_counted_here(tmp_path, monkeypatch):
    """Runs of articles scanned on two forked processes: the same hits, in the same order,
    standalone and total (a form inside another of its slogan counted once per place)."""
    from analysis.slogans import count

    arts = _corpus(tmp_path)
    forms = {"绿水青山": 0, "绿水青山就是金山银山": 0, "金山银山": 1, "乡村振兴": 2,
             "乡村振兴战略": 3, "九五": 4}  # fmt: skip
    here = [count.find_hits(forms, arts, longest=b) for b in (True, False)]
    monkeypatch.setattr(count, "POOL_MIN_CHARS", 0)
    monkeypatch.setattr(count, "_FLUSH", 2)  # blocks reduced inside each run, too
    pooled = [count.find_hits(forms, arts, longest=b, workers=2) for b in (True, False)]
    assert len(here[1]) > len(here[0]) > 0
    for a, b in zip(here, pooled, strict=True):
        assert a.array.tolist() == b.array.tolist()


def test_boundary_shares_on_a_pool_are_the_shares_checked_here(tmp_path, monkeypatch):
    from analysis.slogans import count

    arts = _corpus(tmp_path)
    forms = {"绿水青山": 0, "水青": 1, "乡村振兴": 2, "村振": 3}
    by_slogan = count.find_hits(forms, arts, longest=False).by_slogan()
    here = count.boundary_shares(by_slogan, arts, tag=BASE.tag, is_word=BASE.has_word)
    monkeypatch.setattr(count, "POOL_MIN_CHARS", 0)
    pooled = count.boundary_shares(by_slogan, arts, tag=BASE.tag, is_word=BASE.has_word, workers=2)
    assert list(pooled.items()) == list(here.items())
    assert here[0] == 1.0 and here[1] == 0.0
