"""Shape rules: numbered formulas, quoted formulations."""

from __future__ import annotations

import pytest

from analysis.slogans.shapes import is_formula, is_numbered


@pytest.mark.parametrize(
    "text, numbered",
    [
        ("三服务", True), ("六个统筹", True), ("三条底线", True), ("五大百亿级产业集群", True),
        ("三攻坚一盘活", True), ("三去一降一补", True), ("一核两带", True),
        ("2个指挥部+15个专项工作组", True), ("四个全面", True),
        ("2月19日", False), ("338.89亿元", False), ("一方面", False), ("一年来", False),
        ("一季度", False), ("百分之三十", False), ("三方面", False), ("4000万盒", False),
    ],
)  # fmt: skip
def test_numbered_formulas_but_not_dates_or_amounts(text, numbered):
    assert is_numbered(text) is numbered


@pytest.mark.parametrize(
    "quoted, formula",
    [
        ("三服务", True),
        ("公园大渡口、多彩艺术湾", True),
        ("抓项目就是抓投资、抓投资就是抓发展", True),
        ("要全面贯彻落实党中央决策部署、市委工作要求，奋力实现一季度经济社会发展开门红！", False),
        ("我们必须坚持。", False),
        ("2022", False),
    ],
)
def test_quoted_formulation_is_not_quoted_speech(quoted, formula):
    assert is_formula(quoted) is formula


def test_a_number_and_unit_that_name_a_campaign_are_not_a_quantity():
    from analysis.slogans.shapes import never_formulation  # noqa: PLC0415

    assert not never_formulation("百日攻坚")  # a span that names a campaign
    assert not never_formulation("一户一阀")  # a second numbered unit: 一X一Y
    for amount in ("一年以来", "一季度末", "两年时间", "一月一日", "三百八十六点六五斤", "2019年底"):
        assert never_formulation(amount), amount
