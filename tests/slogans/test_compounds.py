"""The quoted-compound detector: formulations holding a quoted formulation."""

from __future__ import annotations

from analysis.slogans.compounds import quoted_compounds

from .conftest import BASE


def test_a_compound_around_a_quoted_formulation_is_a_candidate_not_a_phrase_or_its_unit():
    texts = [  # invented paragraphs
        "我们要深度共建“山海协作”，推动“山海协作”走深走实。",
        "各地深度共建“山海协作”，“山海协作”成效明显。",
        "继续深度共建“山海协作”。全面推进“山海协作”，“山海协作”在沿海展开。",
        "打造“飞地园区”样板，建设“飞地园区”样板，“飞地园区”样板初具规模。",
    ]
    found = quoted_compounds(texts, tag=BASE.tag, min_count=3)
    assert "深度共建山海协作" in found
    assert "深度共建“山海协作”" in found["深度共建山海协作"].forms  # the written spelling
    assert "共建山海协作" not in found  # always after 深度: part of the longer compound
    assert "推进山海协作" not in found and "推动山海协作" not in found  # a verb and its object
    assert not [t for t in found if "在" in t]  # 山海协作|在沿海: a phrase, not a compound
    assert "飞地园区样板" not in found  # every quoted use is in it: the quoted item is the unit


def test_an_attributive_in_shi_or_xing_with_its_head_is_the_unit_whatever_precedes_it():
    texts = [  # invented paragraphs: the quoted item is always before 服务, after varied words
        "综合推行“保姆式”服务，深入推行“保姆式”服务。",
        "企业享受“保姆式”服务，部分园区“保姆式”服务到位。",
        "打造“宝安模式”样板，建设“宝安模式”样板，“宝安模式”样板初具规模。",
    ]
    found = quoted_compounds(texts, tag=BASE.tag, min_count=3)
    assert "保姆式服务" in found  # 保姆式 cannot head a phrase: the compound is the unit
    assert "“保姆式”服务" in found["保姆式服务"].forms
    assert "宝安模式样板" not in found  # 模式 is a noun: the quoted item stays the unit


def test_an_ordinal_names_an_edition_of_a_quoted_event_and_a_number_does_not():
    texts = [  # invented paragraphs
        "出席第三届“丝路花语”文化节，第三届“丝路花语”文化节开幕。",
        "筹办第三届“丝路花语”文化节。“丝路花语”深入人心，“丝路花语”影响广泛。",
        "三个“丝路花语”项目，三个“丝路花语”项目，三个“丝路花语”项目。",
    ]
    found = quoted_compounds(texts, tag=BASE.tag, min_count=3)
    assert "第三届丝路花语文化节" in found
    assert not [t for t in found if t.startswith("三个")]  # a number is no part of a name


def test_a_long_run_before_the_quoted_item_is_read_from_where_it_starts():
    # invented: a line without punctuation, then the compound; the run is scanned from its
    # start, so the words right before the quotation marks are still the compound's
    filler = "发展" * 3000
    texts = [
        f"{filler}{w}深度共建“山海协作”，“山海协作”成效明显。" for w in ("各地", "今年", "全省")
    ]
    found = quoted_compounds(texts, tag=BASE.tag, min_count=3)
    assert "深度共建山海协作" in found
