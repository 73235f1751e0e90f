"""The explicit detectors on short invented paragraphs: quoted, numbered, parallel."""

from __future__ import annotations

import pytest

from analysis.slogans.explicit import MAX_UNITS, compact_parallels, explicit_candidates

from .conftest import BASE


def _explicit(*texts):
    return explicit_candidates(list(texts), is_word=BASE.has_word, tag=BASE.tag)


def test_quoted_candidates_by_kind():
    found = _explicit(
        "常态化开展“三服务”工作，谱写“公园大渡口、多彩艺术湾”建设新篇章。",
        "“要全面贯彻落实党中央决策部署、市委工作要求，奋力实现开门红！”他说。",
        "构建“亲”“清”新型政商关系，守住“三条底线”，推广“枫桥经验”。",
    )
    kinds = {f.text: f.kind for f in found.values()}
    assert kinds["三服务"] == "numbered" and kinds["三条底线"] == "numbered"
    assert kinds["公园大渡口、多彩艺术湾"] == "parallel"
    assert kinds["枫桥经验"] == "quoted"
    assert kinds["亲清"] == "quoted"  # adjacent one-character quotes read as one formulation
    assert not any("党中央" in t for t in kinds)


def test_parallel_runs_are_slogans_and_noun_lists_are_not():
    found = _explicit(
        "各级各部门要强化稳进增效、除险固安、改革突破、惠民强企工作导向。",
        "希望进一步突出小而精、小而美、小而特、小而优，做靓打卡点。",
        "积极助力企业解决研发、资金、市场等实际问题。",
        "询问经营收入、生活变化、游玩感受等情况。",
        "详细了解各个项目的特色产品、民宿经济、发展规划、美食等具体情况。",
    )
    parallels = {f.text for f in found.values() if f.kind == "parallel"}
    assert parallels == {
        "稳进增效、除险固安、改革突破、惠民强企",
        "小而精、小而美、小而特、小而优",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("强化产业链招商，进一步延链补链强链，加快", ["延链补链强链"]),
        ("确保各项任务落实落细落地，谱写", ["落实落细落地"]),
        ("一方面要持续赋智赋资赋能，推动", ["赋智赋资赋能"]),
        ("推动经济发展和社会进步", []),
    ],
)
def test_compact_parallels_choose_the_right_alignment(text, expected):
    assert compact_parallels(text, is_word=BASE.has_word) == expected


def test_compact_parallels_are_bounded_runs_and_a_repeated_word_is_none():
    seven = "家人家风家规家训家事家和家兴"  # invented: 7 units sharing 家
    assert compact_parallels(f"弘扬{seven}，", is_word=BASE.has_word) == [seven]
    units = "人风规训事和兴道德善美礼信"  # 13 units: no formula is that long
    assert len(units) > MAX_UNITS
    long_run = "".join("家" + c for c in units)
    assert compact_parallels(f"弘扬{long_run}，", is_word=BASE.has_word) == []
    # one hostile line without punctuation: the same unit over and over is no formula
    assert compact_parallels("发展" * 5000, is_word=BASE.has_word) == []


def test_unquoted_numbered_formula_must_recur():
    once = _explicit("培育壮大五大百亿级产业集群。")
    twice = _explicit("培育壮大五大百亿级产业集群。", "优化完善五大百亿级产业集群培育政策。")
    assert "五大百亿级产业集群" not in once
    assert twice["五大百亿级产业集群"].kind == "numbered"


def test_an_enumeration_recurring_word_for_word_is_a_candidate():
    """A plain list (its members are dictionary words) that recurs in three paragraphs is a
    fixed list; the same members in another order, or a list seen twice, are not; a
    two-member list counts only as a whole clause."""
    found = _explicit(
        "坚持开放、绿色、廉洁理念，做优增量、盘活存量。",
        "秉持开放、绿色、廉洁，推进合作；做优增量、盘活存量，",
        "共建开放、绿色、廉洁之路，做优增量、盘活存量。要做优存量、盘活增量，",
        "农业、工业、商业同步发展，农业、工业、商业都要抓。",
        "绿色、开放、廉洁。",
    )
    assert found["开放、绿色、廉洁"].kind == "parallel"
    assert "recurring enumeration" in found["开放、绿色、廉洁"].evidence
    assert "做优增量、盘活存量" in found  # a whole clause, three times
    assert "做优存量、盘活增量" not in found  # once, and inside a clause
    assert "农业、工业、商业" not in found  # twice only
    assert "绿色、开放、廉洁" not in found


def test_a_two_member_slogan_after_its_verb_is_cut_from_it_when_it_recurs():
    """坚持|人民至上、生命至上: the first member carries the verb; cut at a word boundary to the
    second member's length, the pair is a candidate when it recurs; once, or with a
    preposition inside, or going on after the second member, it is not."""
    found = _explicit(
        "我们始终坚持人民至上、生命至上，全力救治。",
        "党中央坚持人民至上、生命至上。",
        "全面推行热线直办、马上就办，一次办好。",
        "保持物价在合理、均衡水平上稳定，物价在合理、均衡水平上稳定。",
        "实施东山镇、西湖办“菜篮子”工程，扩大东山镇、西湖办“菜篮子”基地。",
    )
    assert found["人民至上、生命至上"].kind == "parallel"
    assert "recurring enumeration of two" in found["人民至上、生命至上"].evidence
    assert "热线直办、马上就办" not in found  # once
    assert not [t for t in found if "均衡" in t]  # 在合理、均衡水平: goes on, and 在 inside
    assert "东山镇、西湖办" not in found  # two places naming the project after them
