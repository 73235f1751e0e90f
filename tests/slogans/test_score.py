"""The score's nesting feature: the share of a candidate's uses inside one longer candidate,
and the fragment rule built on it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.slogans.score import contained, fragments


def test_contained_is_the_share_one_longer_candidate_accounts_for():
    texts = ["一带", "一带一路", "中国特色社会主义", "建设中国特色社会主义", "一路"]
    counts = [40, 40, 30, 6, 41]
    share = dict(zip(texts, contained(texts, counts), strict=True))
    assert share["一带"] == 1.0 and round(share["一路"], 3) == round(40 / 41, 3)
    assert share["中国特色社会主义"] == 0.2  # stands alone in 24 of its 30 uses
    assert share["一带一路"] == 0.0 and share["建设中国特色社会主义"] == 0.0


def test_fragments_spare_bare_numbers_lexicon_entries_and_rare_candidates():
    table = pd.DataFrame(
        {
            "text": ["一带", "九五", "人类命运", "新质生产力", "中国特色社会主义"],
            "count_total": [40, 14, 30, 1, 30],
            "contained": [1.0, 1.0, 0.97, 1.0, 0.2],
            "k_lexicon": [0.0, 0.0, 1.0, 0.0, 0.0],
        }
    )
    assert fragments(table).tolist() == [True, False, False, False, False]


def test_dispersion_tells_even_use_from_use_bunched_in_one_document():
    import numpy as np  # noqa: PLC0415

    from analysis.dispersion import uses_dp  # noqa: PLC0415

    sizes = np.array([0.25, 0.25, 0.25, 0.25])
    assert uses_dp([0, 1, 2, 3], sizes) == 0.0  # in proportion to the documents' sizes
    assert uses_dp([2, 2, 2, 2], sizes) == 0.75  # all in a quarter of the text
    assert uses_dp([0, 0, 1], sizes) == pytest.approx(0.5 * (5 / 12 + 1 / 12 + 0.5))
    assert uses_dp([], sizes) == 0.0


def test_ordinariness_is_the_mean_dictionary_frequency_of_the_words():
    from analysis.slogans.background import dictionary_frequencies, ordinariness  # noqa: PLC0415

    freq = {"甲": 162754, "乙": 162754, "丙": 0}  # invented: two everyday words, one unknown
    assert ordinariness(["甲", "乙"], freq) == pytest.approx(math.log1p(162754) / 12)
    assert ordinariness(["甲", "丙"], freq) == pytest.approx(math.log1p(162754) / 24)
    assert ordinariness(["2025", "、"], freq) == 0.0  # no Han word
    words = dictionary_frequencies()  # jieba's own dict.txt: everyday words are frequent
    assert (
        ordinariness(["经济", "发展"], words) > 0.85 > 0.5 > ordinariness(["精准", "扶贫"], words)
    )


def test_spread_is_weighted_apart_over_a_timeline_and_within_one_time(tmp_path):
    from analysis.ingest import read_articles  # noqa: PLC0415
    from analysis.slogans.model import Found, Hit  # noqa: PLC0415
    from analysis.slogans.score import features  # noqa: PLC0415

    from .conftest import BASE  # noqa: PLC0415

    for k in range(6):  # six invented reports, each naming 低空经济 once
        (tmp_path / f"r{k}.txt").write_text("发展低空经济。\n", encoding="utf-8")
    articles = read_articles(tmp_path).articles
    hits = [[Hit(0, a, 0, 2, 6) for a in range(6)], [Hit(1, a, 0, 2, 4) for a in range(3)]]
    f = [Found("低空经济", "recurrent", set(), {"低空经济"}), Found("低空", "recurrent")]

    def table(periods):
        return features(
            f, hits, [1.0, 1.0], articles=articles, periods=periods, is_word=BASE.has_word,
            tag=BASE.tag,
        )  # fmt: skip

    dated, one_time = table([str(2010 + k) for k in range(6)]), table(["2026"] * 6)
    # used in every report of a 6-year timeline: constancy (boilerplate)
    assert dated["spread_timeline"].tolist() == [1.0, 0.5]
    assert dated["spread_single"].tolist() == dated["docs_single"].tolist() == [0.0, 0.0]
    # in every report of one year: the agenda of the day, weighted on its own
    assert one_time["spread_timeline"].tolist() == [0.0, 0.0]
    assert one_time["spread_single"].tolist() == [1.0, 0.5]
    assert one_time["docs_single"].tolist() == [0.0, math.log1p(3) - math.log1p(6)]
    assert 0 < one_time["ordinary"].iloc[0] < 1


def test_documents_of_every_candidate_in_one_pass():
    """Each candidate's documents and uses per document, sorted as numpy.unique gives them,
    whatever the order of its hits; DP from them is uses_dp's."""
    import numpy as np

    from analysis.dispersion import dp_of_counts, uses_dp
    from analysis.slogans import Hit
    from analysis.slogans.hits import documents_of

    hits = [
        [Hit(0, 3, 0, 0, 2), Hit(0, 1, 0, 0, 2), Hit(0, 3, 1, 0, 2)],
        [],
        [Hit(2, 0, 0, 0, 2), Hit(2, 0, 0, 4, 6), Hit(2, 2, 0, 0, 2)],
    ]
    runs = documents_of(hits)
    sizes = np.array([0.1, 0.2, 0.3, 0.4])
    for k, hs in enumerate(hits):
        docs, uses = runs(k)
        want = np.unique([h.article for h in hs], return_counts=True)
        assert docs.tolist() == want[0].tolist() and uses.tolist() == want[1].tolist()
        assert dp_of_counts(docs, uses, sizes) == uses_dp([h.article for h in hs], sizes)


def test_keyness_compares_the_corpus_rate_with_the_dictionary_rate():
    from analysis.slogans.background import keyness  # noqa: PLC0415

    freq = {"甲乙丙丁": 9, "戊": 999_991}  # an invented dictionary of a million uses
    # 10 uses in 1 M characters against 10 (9 + 1) per million in general text: as common
    assert keyness("甲乙丙丁", 10, 1_000_000, freq) == pytest.approx(0.0)
    # the same uses in 10,000 characters: a hundred times the general rate
    assert keyness("甲乙丙丁", 10, 10_000, freq) == pytest.approx(math.log(100))
    assert keyness("戊", 10, 10_000, freq) < 0 < keyness("己庚", 1, 10_000, freq)  # unlisted
    assert keyness("甲乙丙丁", 0, 10_000, freq) == 0.0


def test_a_fixed_expression_used_in_one_stretch_of_a_timeline_marks_an_era(tmp_path):
    from analysis.ingest import read_articles  # noqa: PLC0415
    from analysis.slogans.model import Found, Hit  # noqa: PLC0415
    from analysis.slogans.score import features  # noqa: PLC0415

    from .conftest import BASE  # noqa: PLC0415

    for k in range(6):  # six invented yearly reports; the idiom in the first two only
        text = "坚持拨乱反正。\n" if k < 2 else "继续努力工作。\n"
        (tmp_path / f"r{k}.txt").write_text(text, encoding="utf-8")
    articles = read_articles(tmp_path).articles
    hits = [[Hit(0, a, 0, 2, 6) for a in range(2)], [Hit(1, a, 0, 2, 6) for a in range(2)]]
    f = [
        Found("拨乱反正", "recurrent", {"fixed expression (jieba tag i), 2× in the text"}),
        Found("坚持拨乱", "recurrent", {"new-word discovery: 2× in the text"}),
    ]
    t = features(
        f, hits, [1.0, 1.0], articles=articles, periods=[str(1978 + k) for k in range(6)],
        is_word=BASE.has_word, tag=BASE.tag,
    )  # fmt: skip
    assert t["fixed_era"].iloc[0] == pytest.approx(1 - 2 / 6)  # two of six years
    assert t["fixed_era"].iloc[1] == 0.0  # not a fixed expression
    assert t["keyness"].iloc[0] > 0  # a dictionary word, far more used here than in general
    assert t["keyness"].iloc[1] == 0.0  # not one word of the dictionary
    undated = features(
        f, hits, [1.0, 1.0], articles=articles, periods=[""] * 6, is_word=BASE.has_word,
        tag=BASE.tag,
    )  # fmt: skip
    assert undated["fixed_era"].tolist() == [0.0, 0.0]  # no timeline, no era


def test_prefix_of_is_the_share_one_or_two_longer_candidates_continue():
    from analysis.slogans.nesting import prefix_of  # noqa: PLC0415

    # invented: 甲乙特色 continued by two different phrases in 18 of its 20 uses; 丙丁改造 is
    # the head of a longer candidate, not its first part; a list is no continuation
    texts = ["甲乙特色", "甲乙特色主义", "甲乙特色外交", "甲乙特色主义道路", "丙丁改造",
             "戊己丙丁改造", "丙丁改造、庚辛", "庚辛"]  # fmt: skip
    counts = [20, 10, 8, 6, 10, 9, 9, 12]
    share = dict(zip(texts, prefix_of(texts, counts), strict=True))
    # 主义 (10) and 外交 (8): 主义道路 is inside 主义, not a third continuation
    assert share["甲乙特色"] == pytest.approx(18 / 20)
    assert share["甲乙特色主义"] == pytest.approx(0.6)
    assert share["丙丁改造"] == 0.0  # ends 戊己丙丁改造; 丙丁改造、庚辛 is a list
    assert share["庚辛"] == 0.0 and share["甲乙特色外交"] == 0.0


def test_an_unfinished_first_part_is_ranked_down_unless_quoted_alone():
    import numpy as np  # noqa: PLC0415

    from analysis.slogans.score import score, unfinished  # noqa: PLC0415

    table = pd.DataFrame(
        {
            "text": ["甲乙特色", "丙丁服", "戊己", "庚辛壬", "八五"],
            "count_total": [20, 20, 20, 3, 9],
            "prefix_of": [0.9, 0.9, 0.5, 1.0, 1.0],
            # 丙丁服 is quoted where the quotes close before what follows (“丙丁服”改革)
            "quoted_share": [0.0, 0.8, 0.0, 0.0, 0.0],
            "contained": [0.5, 0.5, 0.5, 1.0, 1.0],
            "k_lexicon": [0.0, 0.0, 0.0, 0.0, 0.0],
            "x": [1.0] * 5,
        }
    )
    assert unfinished(table).tolist() == [True, False, False, False, False]
    weights = {"features": ["x"], "mean": [0.0], "scale": [1.0], "coef": [0.0], "intercept": 0.0}
    p = score(table, weights)
    assert p[0] == pytest.approx(0.5 * 0.1) and np.allclose(p[1:], 0.5)


def test_a_coinage_quoted_in_the_last_period_is_measured_by_its_rate_since(tmp_path):
    from analysis.ingest import read_articles  # noqa: PLC0415
    from analysis.slogans.model import Found, Hit  # noqa: PLC0415
    from analysis.slogans.score import features  # noqa: PLC0415

    from .conftest import BASE  # noqa: PLC0415

    for k in range(10):  # ten invented yearly reports; a quoted coinage in the last one
        text = "推进“甲乙丙”。\n" if k == 9 else "继续努力工作。\n"
        (tmp_path / f"r{k}.txt").write_text(text, encoding="utf-8")
    articles = read_articles(tmp_path).articles
    hits = [[Hit(0, 9, 0, 3, 6)], [Hit(1, a, 0, 2, 4) for a in range(10)]]
    f = [Found("甲乙丙", "quoted", {"quoted 1×"}, quoted=1), Found("努力", "recurrent")]
    t = features(
        f, hits, [1.0, 1.0], articles=articles, periods=[str(2000 + k) for k in range(10)],
        is_word=BASE.has_word, tag=BASE.tag,
    )  # fmt: skip
    assert t["new_last"].tolist() == [1.0, 0.0]
    # quoted in its one use, in the one report since it appeared: ten at that rate over ten
    assert t["new_coined"].iloc[0] == pytest.approx(math.log1p(10))
    assert t["new_coined"].iloc[1] == 0.0  # used from the start, never quoted


def test_one_pair_of_quotes_among_many_uses_is_emphasis(tmp_path):
    from analysis.ingest import read_articles  # noqa: PLC0415
    from analysis.slogans.model import Found, Hit  # noqa: PLC0415
    from analysis.slogans.score import features  # noqa: PLC0415

    from .conftest import BASE  # noqa: PLC0415

    # invented: 甲乙覆盖 written twelve times, quoted once; 丙丁戊 quoted in both of its uses
    (tmp_path / "r.txt").write_text(
        "实现“甲乙覆盖”。" + "实现甲乙覆盖。" * 11 + "\n", encoding="utf-8"
    )
    articles = read_articles(tmp_path).articles
    hits = [[Hit(0, 0, 0, 3 + 7 * k, 7 + 7 * k) for k in range(12)], [Hit(1, 0, 0, 3, 6)] * 2]
    f = [Found("甲乙覆盖", "quoted", {"quoted 1×"}, quoted=1),
         Found("丙丁戊", "quoted", {"quoted 2×"}, quoted=2)]  # fmt: skip
    t = features(
        f, hits, [1.0, 1.0], articles=articles, periods=[""], is_word=BASE.has_word, tag=BASE.tag
    )  # fmt: skip
    assert t["quoted_once"].tolist() == [1.0, 0.0]
