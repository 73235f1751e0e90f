"""New-word discovery's X的Y / X之Y terms: taken when the whole is fixed, not when its parts
mostly stand apart."""

from __future__ import annotations

from analysis.slogans import ngram_stats
from analysis.slogans.recurrent import of_phrase, recurrent_candidates, trim_edges

from .conftest import BASE


def _recurrent(texts: list[str]) -> dict:
    """The recurrent candidates of invented paragraphs, from two uses."""
    stats = ngram_stats(texts, min_count=2)
    return recurrent_candidates(stats, "\n".join(texts), tag=BASE.tag, min_count=2)


def test_a_fixed_x_zhi_y_term_is_a_candidate_and_an_ordinary_x_de_y_is_not():
    texts = [  # invented paragraphs
        "当今世界正经历百年未有之大变局，我们要保持定力。",
        "面对百年未有之大变局，改善人民的生活，生活富裕。",
        "深刻认识百年未有之大变局。人民的期待，人民的心声，人民的利益。",
        "把握百年未有之大变局，保障人民的生活，美好生活，幸福生活。",
    ]
    found = _recurrent(texts)
    assert "百年未有之大变局" in found  # 大变局 is never used apart from it
    assert "人民的生活" not in found  # 人民的 and 生活 mostly stand apart (bound under 0.5)


def test_of_phrase_takes_one_linking_de_or_zhi_between_two_words():
    assert of_phrase("百年未有之大变局") and of_phrase("过渡时期的总路线")
    assert not of_phrase("我的家")  # one character before 的
    assert not of_phrase("发展的了不起的")  # other inner function characters
    assert not of_phrase("中国特色社会主义")


def test_a_pronoun_tagged_content_word_is_kept_and_a_preposition_never_ends_a_term():
    texts = [  # invented paragraphs
        "我们坚持多边主义，反对单边主义。以人民群众为中心推进工作。",
        "各国要维护多边主义。践行多边主义，以人民群众为根本。",
        "真正的多边主义需要行动。倡导多边主义，以人民群众为主体。",
        "弘扬多边主义精神，捍卫多边主义。以人民群众为依靠。",
    ]
    found = _recurrent(texts)
    assert "多边主义" in found  # 多边 is a pronoun to jieba, but no pronoun morpheme is in it
    assert not [t for t in found if t.endswith("为")]  # 以人民群众为|: the Y of 以X为Y is cut
    assert trim_edges(BASE.tag("我们的多边主义")) == [("多边", "r"), ("主义", "n")]


def test_a_trimmed_word_the_core_never_stands_without_belongs_to_the_term():
    texts = [  # invented paragraphs
        "机关要过紧日子，取得了重大进展。",
        "政府带头过紧日子，工作取得了重大进展。",
        "坚持过紧日子，各项改革取得了重大进展。重大进展来之不易。",
        "习惯过紧日子。重大进展鼓舞人心，重大进展值得总结。",
    ]
    found = _recurrent(texts)
    assert "过紧日子" in found  # 过 is an aspect particle to jieba; 紧日子 never goes without it
    assert not [t for t in found if t.startswith("了")]  # 了 is a particle: always trimmed


def test_a_phrase_of_name_tagged_words_is_a_candidate_and_a_dated_name_is_not():
    from analysis.slogans.recurrent import quantity_or_dated_name  # noqa: PLC0415

    texts = [  # invented paragraphs
        "我们要建设美丽中国，今年北京很热。",
        "努力建设美丽中国。今年北京下雨。",
        "美丽中国是目标，今年北京举办活动。",
        "共建美丽中国，今年北京发展。",
    ]
    found = _recurrent(texts)
    assert "美丽中国" in found  # jieba tags 美丽 as a place (ns): a tag is not a use as a name
    assert not [t for t in found if t.startswith("今年")]  # a date with a name
    assert quantity_or_dated_name(BASE.tag("今年北京"))
    assert quantity_or_dated_name(BASE.tag("一九五八年"))
    assert quantity_or_dated_name(BASE.tag("北京"))  # one name-tagged word is a name
    assert not quantity_or_dated_name(BASE.tag("美丽中国"))


def test_a_leading_yi_is_kept_only_with_the_wei_of_its_frame():
    texts = [  # invented paragraphs
        "以张建国为代表的人们，以张建国的精神工作。",
        "以张建国为榜样，以张建国同志的名义。",
        "以张建国为首，以张建国作为例子。",
        "以张建国为核心，以张建国来说明。",
    ]
    found = _recurrent(texts)
    assert not [t for t in found if t.startswith("以") and "为" not in t]  # 以张建国| is cut
    words = BASE.tag("以张建国为")
    assert words[0] == ("以", "p")
