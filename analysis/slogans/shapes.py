"""Shape rules: what a formula, a numbered formula or a parallel run looks like, and what
never is a formulation (character classes, regular expressions, small predicates).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..chars import FORMULA_NUMERALS, NUMERAL_CHARS
from ..ingest import HAN

ORDINAL = NUMERAL_CHARS | {"第", "之", "点", "分"}  # 第十五, 百分之十五, 点六五: a number here
UNITS = frozenset("年月日天个万亿元倍次件项条人种位家所名届岁点斤亩户吨米号期")
QUOTE = re.compile(r"[“「『‘]([^“”「」『』‘’\n]{1,40})[”」』’]")
ADJACENT_QUOTES = re.compile(r"(?:[“「‘][^“”「」‘’]{1,4}[”」’]){2,}")
_SENTENCE = re.compile(r"[。！？!?；;：:，,]")
_NUMBERED = re.compile(
    rf"^(?:[{FORMULA_NUMERALS}]+|\d{{1,3}})(?:个|大|条|项|种|类|张|支|批|级|型|化|位|点)?[{HAN}]{{1,7}}$"
)
COMPOUND = re.compile(rf"^(?:(?:[{FORMULA_NUMERALS}]|\d{{1,2}})(?:个)?[{HAN}]{{1,3}}){{2,4}}$")
_PLUS = re.compile(
    rf"^(?:\d{{1,3}}|[{FORMULA_NUMERALS}]+)个[{HAN}]{{2,8}}(?:\+(?:\d{{1,3}}|[{FORMULA_NUMERALS}]+)个[{HAN}]{{2,8}})+$"
)
MEASURE = re.compile(
    r"[年月日天周季度倍元亿万千百%％斤亩户吨米号点多余来几成]|小时|分钟|公里|平方|人次|千米"
)
_GENERIC_HEADS = frozenset(
    "方面 问题 阶段 部分 时期 地方 单位 部门 环节 人 次 件 项 条 个 种 倍 层次 方向 领域".split()
)
PARALLEL = re.compile(rf"[{HAN}]{{2,9}}(?:、[{HAN}]{{2,9}}){{1,7}}")
# Characters that never start or end a formulation (particles, prepositions, conjunctions).
EDGE = frozenset("的了和与及等是在要把对为以将从也都而就着地得之其于并或由被让向给所这那各每该有")
FIXED_TAGS = frozenset("l nz j i".split())
NAME_TAGS = frozenset("nr nrfg nrt ns nt t m q mq".split())
TITLES = (
    "书记", "区长", "市长", "省长", "县长", "总理", "主席", "主任", "部长", "委员", "记者",
    "代表大会", "常委会",
)  # fmt: skip


def is_formula(text: str) -> bool:
    """A quoted string shaped like a formulation: short, no sentence punctuation.

    Parameters
    ----------
    text : str
        The text between quotation marks.

    Returns
    -------
    bool
    """
    text = text.strip()
    if not 2 <= len(text) <= 30 or _SENTENCE.search(text):
        return False
    if not re.search(f"[{HAN}]", text) or re.fullmatch(r"[\d.%]+", text):
        return False
    return True


def is_numbered(text: str) -> bool:
    """Whether ``text`` is a numbered formula: 三服务, 六个统筹, 三条底线, 五大百亿级产业集群,
    三去一降一补, 一核两带, 2个指挥部+15个专项工作组; not 2月19日, 338.89亿元, 一方面, 一年来.

    Parameters
    ----------
    text : str
        A candidate.

    Returns
    -------
    bool
    """
    if _PLUS.match(text):
        return True
    if not (_NUMBERED.match(text) or COMPOUND.match(text)):
        return False
    if text.startswith(("一方面", "一是", "一要", "第", "百分之")):
        return False
    after = re.sub(rf"^(?:[{FORMULA_NUMERALS}]+|\d+)", "", text)
    if MEASURE.match(after):
        return False  # a quantity or a date: 一季度, 一年来, 4000万盒, 2月19日
    head = re.sub(r"^(?:个|大|条|项|种|类)", "", after)
    return head not in _GENERIC_HEADS and len(head) >= 1


def parallel_elements(text: str) -> list[str] | None:
    """The elements of a parallel enumeration, or None if ``text`` is not one.

    Parameters
    ----------
    text : str
        A candidate (elements joined by 、).

    Returns
    -------
    list of str or None
        Two or more distinct elements of one length (2+ characters), or None.
    """
    parts = text.split("、")
    if len(parts) < 2 or len({len(p) for p in parts}) != 1 or len(parts[0]) < 2:
        return None
    if len(set(parts)) != len(parts):
        return None
    return parts


def trim_run(run: str) -> str | None:
    """Cut an unquoted 、-run to its same-length elements (the middle ones set the length).

    Parameters
    ----------
    run : str
        Three or more elements joined by 、.

    Returns
    -------
    str or None
        The trimmed run, or None when the middle elements differ in length or an end is short.
    """
    parts = run.split("、")
    if len(parts) < 3:
        return None
    middle = {len(p) for p in parts[1:-1]}
    if len(middle) != 1:
        return None
    n = middle.pop()
    if len(parts[0]) < n or len(parts[-1]) < n:
        return None
    return "、".join([parts[0][-n:], *parts[1:-1], parts[-1][:n]])


INNER = frozenset("的了着地得等之")


def looks_like_slogan(
    elements: Sequence[str],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    is_word: Callable[[str], bool],
) -> bool:
    """An unquoted enumeration that reads as one slogan rather than a list of nouns.

    Its elements (3+ characters, no particle) share a character in the same place (小而精、
    小而美; 守土有责、守土担责), or most of them are coined: they contain a word that jieba's
    dictionary does not know, or a single character (稳进增效 and 惠民强企 do; 经营收入 does not).

    Parameters
    ----------
    elements : sequence of str
        The elements of the enumeration (one length).
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    is_word : callable
        Whether a string is one word of jieba's dictionary.

    Returns
    -------
    bool
    """
    n = len(elements[0])
    if n < 3 or any(ch in INNER for e in elements for ch in e):
        return False
    if any(e[0] in EDGE or e[-1] in EDGE for e in elements):
        return False
    if any(len({e[i] for e in elements}) == 1 for i in range(n)):
        return True
    coined = sum(any(len(w) < 2 or not is_word(w) for w, _ in tag(e)) for e in elements)
    return coined * 2 >= len(elements)


_NUMBER = rf"[{FORMULA_NUMERALS}〇零0-9点.．%％]"


def never_formulation(text: str) -> bool:
    """The few things that are never a formulation, whatever the evidence: one character,
    punctuation, pure numbers (not quoted: see :func:`~analysis.slogans.find.find_slogans`),
    dates and amounts (2019年, 第三季度, 三百八十六点六五斤, 338.89亿元).

    Parameters
    ----------
    text : str
        A candidate.

    Returns
    -------
    bool
    """
    core = re.sub(r"[\s、，,+＋·“”‘’「」『』]", "", text)
    if len(core) < 2 or not re.search(f"[{HAN}]", core):
        return True
    m = re.match(rf"^第?{_NUMBER}+", core)
    unit = MEASURE.match(core[m.end() :]) if m and m.end() < len(core) else None
    if unit:
        if not core[0].isdigit() and _named_tail(core[m.end() + unit.end() :]):
            return False  # 百日攻坚, 一户一阀: a campaign named by its span or its unit
        return len(core) - m.end() <= 3  # a quantity or a date with at most a short tail
    return False


# what follows a number and its unit in a quantity or a date (一年以来, 三季度末, 两年时间)
_AFTER_QUANTITY = frozenset("以左前后之多来内底末初中间半余上下里外时期度月日年号")


def _named_tail(tail: str) -> bool:
    """After a Chinese number and its unit: a second numbered unit (一户|一阀) or a two-character
    word that is not part of a quantity (百日|攻坚), so the whole is a name, not an amount."""
    if re.fullmatch(rf"[{FORMULA_NUMERALS}][{HAN}]", tail):
        return not MEASURE.match(tail[1])
    return bool(re.fullmatch(f"[{HAN}]{{2}}", tail)) and tail[0] not in _AFTER_QUANTITY


def pure_number(text: str) -> bool:
    """Whether ``text`` is only numerals (九五, 十四五).

    Parameters
    ----------
    text : str
        A candidate.

    Returns
    -------
    bool
    """
    return all(ch in NUMERAL_CHARS for ch in text)


# What follows a numbered plan's name and names the plan itself or a part of its span:
# “十五五”时期, 十四五规划, 七五计划, 十五五开局, 十三五收官. A use of 十五五 inside 十五五时期 is a
# use of 十五五 (its count_total holds it); inside 七五普法 the numeral names another cycle.
PLAN_WORDS = frozenset(
    "时期 期间 规划 计划 纲要 开局 收官 以来 前期 中期 后期 末期 期末 初期 目标 任务".split()
)


def names_the_plan(numeral: str, longer: str) -> bool:
    """Whether ``longer`` is the numbered plan ``numeral`` followed by a word of
    :data:`PLAN_WORDS` (十五五时期 for 十五五; not 七五普法 for 七五).

    Parameters
    ----------
    numeral : str
        A bare numeral formulation (:func:`pure_number`).
    longer : str
        A longer formulation that starts with it.

    Returns
    -------
    bool
    """
    rest = longer[len(numeral) :]
    return longer.startswith(numeral) and any(rest.startswith(w) for w in PLAN_WORDS)
