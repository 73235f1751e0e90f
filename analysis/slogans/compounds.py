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
      stays the formulation.

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
        for shorter in ((lw[1:], quoted, rw), (lw, quoted, rw[:-1])):
            if shorter != (lw, quoted, rw) and (shorter[0] or shorter[2]):
                longest[shorter] = max(longest[shorter], n)
    found: dict[str, Found] = {}
    for (lw, quoted, rw), n in sorted(counts.items()):
        if n < min_count or longest[(lw, quoted, rw)] * 2 > n:
            continue  # rare, or mostly part of a longer compound (一带一路国际|合作)
        if any(function_word(*w) and not _ORDINAL.fullmatch(w[0]) for w in (*lw, *rw)):
            continue  # 在, 的, 沿着: a phrase around the quoted item, not a compound
        if (lw and lw[0][1] in _VERBS) or any(t in _PREDICATES for _, t in rw):
            continue  # 推动“一带一路”, “一带一路”走深走实, “百日攻坚”成效显著: a clause
        if n * 2 > quoted_uses[quoted]:
            continue  # the quotes mark the unit: 金融“五篇大文章” is most uses of 五篇大文章
        form = "".join(w for w, _ in lw) + quoted + "".join(w for w, _ in rw)
        text = _UNQUOTE.sub("", form)
        found[text] = Found(
            text, "recurrent", {f"holds quoted {quoted}: {n}× in the text"}, {text, form}
        )
    return found
