"""Compact hits: the int32-backed sequence and the vectorised total/nested/join steps give
what the one-Hit-at-a-time rules give."""

import random

import numpy as np

from analysis.slogans import Hit, Hits, join_halves, nested, renumber, total_hits


def _total_by_loop(hits):
    out = []
    for h in sorted(hits, key=lambda h: (h.slogan, h.article, h.paragraph, h.start, -h.end)):
        last = out[-1] if out else None
        if last and (last.slogan, last.article, last.paragraph) == (
            h.slogan, h.article, h.paragraph
        ) and h.end <= last.end:  # fmt: skip
            continue
        out.append(h)
    return out


def _nested_by_loop(hits):
    order = sorted(range(len(hits)), key=lambda k: (hits[k].article, hits[k].paragraph,
                                                     hits[k].start, -hits[k].end))  # fmt: skip
    out, where, reach = [False] * len(hits), None, -1
    for k in order:
        h = hits[k]
        if (h.article, h.paragraph) != where:
            where, reach = (h.article, h.paragraph), -1
        out[k] = h.end <= reach
        reach = max(reach, h.end)
    return out


def _join_by_loop(hits, two_part, window=12):
    out = []
    for h in sorted(hits, key=lambda h: (h.slogan, h.article, h.paragraph, h.start)):
        last = out[-1] if out else None
        if (
            h.slogan in two_part and last is not None
            and (last.slogan, last.article, last.paragraph) == (h.slogan, h.article, h.paragraph)
            and last.end <= h.start <= last.end + window
        ):  # fmt: skip
            out[-1] = Hit(h.slogan, h.article, h.paragraph, last.start, h.end)
            continue
        out.append(h)
    return out


def _random_hits(seed, n=600):
    rng = random.Random(seed)
    hits = []
    for _ in range(n):
        start = rng.randrange(0, 60)
        hits.append(Hit(rng.randrange(5), rng.randrange(4), rng.randrange(3), start,
                        start + rng.randrange(2, 9)))  # fmt: skip
    return hits


def test_hits_is_a_sequence_of_hit():
    rows = [Hit(1, 2, 3, 4, 9), Hit(0, 0, 1, 0, 2)]
    hits = Hits.of(rows)
    assert len(hits) == 2 and hits[0] == rows[0] and list(hits) == rows
    assert hits == rows and hits == Hits.of(rows) and hits[1:] == rows[1:]
    assert hits.array.dtype == np.int32 and hits.column("end").tolist() == [9, 2]
    assert {k: list(v) for k, v in hits.by_slogan().items()} == {0: [rows[1]], 1: [rows[0]]}
    assert list(renumber(hits, {1: 0})) == [Hit(0, 2, 3, 4, 9)]


def test_total_hits_keeps_one_use_per_place():
    # 公园大渡口 (0..5) inside 公园大渡口、多彩艺术湾 (0..11): one use; the later form is another
    inner, outer, later = Hit(0, 0, 0, 0, 5), Hit(0, 0, 0, 0, 11), Hit(0, 0, 0, 20, 25)
    assert list(total_hits([inner, later, outer])) == [outer, later]
    for seed in range(5):
        hits = _random_hits(seed)
        assert list(total_hits(hits)) == _total_by_loop(hits)


def test_nested_flags_hits_inside_longer_ones():
    long, short, apart = Hit(1, 0, 0, 3, 8), Hit(0, 0, 0, 3, 7), Hit(0, 0, 1, 3, 7)
    assert nested([short, long, apart]).tolist() == [True, False, False]
    for seed in range(5):
        hits = _random_hits(seed)
        assert nested(hits).tolist() == _nested_by_loop(hits)


def test_join_halves_joins_chains_of_two_part_halves_only():
    a, b, c = Hit(2, 0, 0, 2, 7), Hit(2, 0, 0, 10, 15), Hit(2, 0, 0, 40, 45)
    assert list(join_halves([c, b, a], {2})) == [Hit(2, 0, 0, 2, 15), c]
    assert list(join_halves([c, b, a], set())) == [a, b, c]
    for seed in range(5):
        hits = _random_hits(seed)
        assert list(join_halves(hits, {1, 3})) == _join_by_loop(hits, {1, 3})


def test_total_uses_are_the_same_when_reduced_block_by_block(tmp_path, monkeypatch):
    from analysis.ingest import read_articles
    from analysis.slogans import count, find_hits

    topics = ["春耕备耕", "城市更新", "招商引资", "文化旅游", "生态保护", "社区治理"]
    for k, topic in enumerate(topics):
        (tmp_path / f"a{k}.txt").write_text(
            f"围绕{topic}建设公园大渡口、多彩艺术湾，打造公园大渡口。\n"
            f"今年{topic}工作要把公园大渡口建设好，多彩艺术湾。\n",
            "utf-8",
        )
    arts = read_articles(tmp_path).articles
    forms = {"公园大渡口、多彩艺术湾": 0, "公园大渡口": 0, "多彩艺术湾": 0, "大渡口": 1}
    whole = find_hits(forms, arts, longest=False)
    n = sum(any(p.role == "body" for p in a.paragraphs) for a in arts)  # not near-duplicates
    assert n >= 3
    # per article: 公园大渡口、多彩艺术湾 is one use of slogan 0 (not three), 大渡口 three of 1
    assert np.bincount(whole.column("slogan")).tolist() == [4 * n, 3 * n]
    monkeypatch.setattr(count, "_FLUSH", 3)
    assert find_hits(forms, arts, longest=False) == whole
