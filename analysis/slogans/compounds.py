"""The quoted-compound detector: a formulation that holds a quoted one (高质量共建“一带一路”,
第二届“一带一路”国际合作高峰论坛), which n-grams never see as they stop at quotation marks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..chars import NUMERAL_CHARS
from ..ingest import HAN
from .model import Found
from .recurrent import function_word

_QUOTED = rf"[“‘「][{HAN}]{{1,12}}[”’」]"
# anchored where a run of Han characters starts, so that a long run without quotation marks
# is scanned once, not once per character
_RUN = re.compile(rf"(?<![{HAN}])[{HAN}]*(?:{_QUOTED}[{HAN}]*)+")
_SPLIT = re.compile(f"({_QUOTED})")
_UNQUOTE = re.compile(r"[“”‘’「」]")
# an ordinal names an edition: 第二届“一带一路”国际合作高峰论坛 is one event
_ORDINAL = re.compile(rf"第[{''.join(sorted(NUMERAL_CHARS))}0-9]+[届次批期]")
_VERBS = frozenset("v vd vg vi vl".split())
_PREDICATES = _VERBS | {"a", "ad"}  # after the quoted item: 走深走实, 显著


def _phrase(lw: tuple, rw: tuple) -> bool:
    """Whether the words around a quoted item make a phrase or a clause, not a compound: a
    function word (在, 的, 沿着; an ordinal such as 第二届 names an edition), a verb first
    (推动“一带一路”), or a predicate after it (“一带一路”走深走实, “百日攻坚”成效显著)."""
    if any(function_word(*w) and not _ORDINAL.fullmatch(w[0]) for w in (*lw, *rw)):
        return True
    return bool(lw and lw[0][1] in _VERBS) or any(t in _PREDICATES for _, t in rw)


# nouns that end in 式 or 型 and head a phrase themselves (“宝安模式”, “发展方式”)
_NOMINAL_SHI = frozenset(
    "模式 方式 形式 样式 仪式 公式 程式 款式 格式 类型 模型 典型 造型 句型 体型 原型 机型 车型 户型 "
    "血型".split()
)


def _attributive(quoted: str, lw: tuple, rw: tuple) -> bool:
    """Whether the quoted item is an attributive in 式 or 型 before the compound's head noun
    (“内卷式”竞争, “保姆式”服务, “组团式”帮扶): X式 and X型 do not head a phrase, so the
    compound is the unit, however much of the quoted item's use it holds."""
    inner = quoted[1:-1]
    return (
        not lw
        and len(rw) >= 1
        and rw[-1][1].startswith(("n", "vn"))
        and len(inner) >= 2
        and inner[-1] in "式型"
        and inner[-2:] not in _NOMINAL_SHI
    )


def quoted_compounds(
    texts: Sequence[str],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    min_count: int,
    max_words: int = 3,
) -> dict[str, Found]:
    """Whole words written right before or after a quoted item, recurring with it: the
    compound is a candidate when it occurs ``min_count`` times or more and

    - is free: no one-word longer compound holds more than half of its uses (一带一路国际 of
      一带一路国际合作 is not one);
    - none of its words is a function word (以, 的, 在, 我们; an ordinal such as 第二届 names
      an edition, it is not a number);
    - it neither starts with a verb nor holds a verb or an adjective after the quoted item
      (推动“一带一路”, “一带一路”走深走实: a predicate of the quoted item, a clause;
      高质量共建“一带一路” is a compound);
    - the quoted item is mostly used outside it: where the compound holds most of its quoted
      uses (金融“五篇大文章”), the quotation marks say the unit is the quoted item, which
      stays the formulation; unless the quoted item is an attributive in 式 or 型 before the
      head noun (“内卷式”竞争), which cannot be the unit.

    Parameters
    ----------
    texts : sequence of str
        The paragraph texts of the discovery sample.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    min_count : int
        Occurrences a compound needs.
    max_words : int
        At most this many words on each side of the quoted item.

    Returns
    -------
    dict of str to Found
        By compound without its quotation marks (the quoted spelling is a form), each of
        kind ``recurrent``.
    """
    counts: Counter[tuple] = Counter()
    quoted_uses: Counter[str] = Counter()
    for text in texts:
        quoted_uses.update(re.findall(_QUOTED, text))
        for m in _RUN.finditer(text):
            pieces = _SPLIT.split(m.group())
            if len(pieces) < 3 or not any(pieces[::2]):
                continue  # quoted items only
            words = [tag(p) if p else [] for p in pieces[::2]]
            for k in range(1, len(pieces), 2):
                left, right = words[k // 2], words[k // 2 + 1]
                for a in range(min(max_words, len(left)) + 1):
                    for b in range(min(max_words, len(right)) + 1):
                        if a or b:
                            lw = tuple(left[len(left) - a :])
                            counts[(lw, pieces[k], tuple(right[:b]))] += 1
    longest: Counter[tuple] = Counter()  # the most frequent one-word longer compound
    for (lw, quoted, rw), n in counts.items():
        if _phrase(lw, rw):
            continue  # 整治“内卷式”竞争 is a clause: it leaves “内卷式”竞争 free
        for shorter in ((lw[1:], quoted, rw), (lw, quoted, rw[:-1])):
            if shorter != (lw, quoted, rw) and (shorter[0] or shorter[2]):
                longest[shorter] = max(longest[shorter], n)
    # an attributive with its head (“内卷式”竞争) is the unit whatever precedes it (综合整治,
    # 部分行业): only a longer head (“内卷式”竞争措施) can hold it
    longest_right: Counter[tuple] = Counter()
    for (lw, quoted, rw), n in counts.items():
        if not lw and len(rw) > 1 and not _phrase(lw, rw):
            shorter = ((), quoted, rw[:-1])
            longest_right[shorter] = max(longest_right[shorter], n)
    found: dict[str, Found] = {}
    for (lw, quoted, rw), n in sorted(counts.items()):
        attributive = _attributive(quoted, lw, rw)
        longer = longest_right if attributive else longest
        if n < min_count or longer[(lw, quoted, rw)] * 2 > n:
            continue  # rare, or mostly part of a longer compound (一带一路国际|合作)
        if _phrase(lw, rw):
            continue
        if n * 2 > quoted_uses[quoted] and not attributive:
            continue  # the quotes mark the unit: 金融“五篇大文章” is most uses of 五篇大文章
        form = "".join(w for w, _ in lw) + quoted + "".join(w for w, _ in rw)
        text = _UNQUOTE.sub("", form)
        found[text] = Found(
            text, "recurrent", {f"holds quoted {quoted}: {n}× in the text"}, {text, form}
        )
    return found
