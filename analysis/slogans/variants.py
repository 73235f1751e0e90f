"""Variants of one formulation: reorderings, optional 的/之/有 forms and the halves of a
two-part slogan merge into one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from ..ingest import HAN
from .model import KINDS, Found
from .shapes import parallel_elements


def _chunk_key(text: str) -> str | None:
    """A key shared by reorderings of the same 2-character parts (延链补链强链 / 补链延链强链)."""
    if len(text) >= 6 and len(text) % 2 == 0 and re.fullmatch(f"[{HAN}]+", text):
        return "".join(sorted(text[i : i + 2] for i in range(0, len(text), 2)))
    return None


_OPTIONAL = "的之"


def _function_key(text: str) -> str:
    """The text without the optional function characters: 有中国特色的社会主义 and
    中国特色社会主义 share a key (a leading 有, an inner 的 or 之)."""
    if len(text) >= 5 and text.startswith("有"):
        text = text[1:]
    if len(text) >= 5 and re.fullmatch(f"[{HAN}]+", text):
        text = text[0] + re.sub(f"[{_OPTIONAL}]", "", text[1:-1]) + text[-1]
    return text


def function_variants(text: str, *, tag: Callable[[str], list[tuple[str, str]]]) -> list[str]:
    """The forms of ``text`` with an optional 的 or 之 between two of its words, with or
    without a leading 有 (中国特色社会主义 → 中国特色的社会主义, 有中国特色的社会主义).

    Parameters
    ----------
    text : str
        A formulation of Chinese characters only.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).

    Returns
    -------
    list of str
        Empty when ``text`` is short, not all Chinese, or of one or more than six words.
    """
    if len(text) < 4 or not re.fullmatch(f"[{HAN}]+", text):
        return []
    words = [w for w, _ in tag(text)]
    if len(words) < 2 or len(words) > 6:
        return []
    out = []
    for k in range(1, len(words)):
        for ch in _OPTIONAL:
            v = "".join(words[:k]) + ch + "".join(words[k:])
            out += [v, "有" + v]
    return out


def _near(text: str, a: str, b: str, *, window: int = 12) -> tuple[int, int]:
    """How often ``a`` occurs in ``text``, and how often ``b`` is within ``window``
    characters of it (on either side) in the same sentence."""
    n = near = 0
    for m in re.finditer(re.escape(a), text):
        n += 1
        lo, hi = max(0, m.start() - window - len(b)), m.end() + window + len(b)
        before = re.split(r"[。！？；!?;\n]", text[lo : m.start()])[-1]
        after = re.split(r"[。！？；!?;\n]", text[m.end() : hi])[0]
        near += b in before or b in after
    return n, near


def merge_variants(
    found: dict[str, Found], *, is_word: Callable[[str], bool], text: str = ""
) -> list[Found]:
    """Merge candidates that are one formulation: reorderings, parallel runs in another order,
    forms with an optional 的/之/有 (see :func:`_function_key`), and the halves of a two-part
    slogan (公园大渡口、多彩艺术湾 counts 公园大渡口 alone too).

    A half merges only when it is coined (not a dictionary word) and, in ``text``, occurs
    next to the other half in most of its uses: 和平统一 alone, in 朝鲜的和平统一, is not
    和平统一、一国两制; a half used mostly apart stays a formulation of its own.

    Parameters
    ----------
    found : dict of str to Found
        The candidates (merged in place: the head of each group gathers the others).
    is_word : callable
        Whether a string is one word of jieba's dictionary.
    text : str
        The discovery text, where halves are checked for being used together.

    Returns
    -------
    list of Found
        One per formulation, in the order of their merge keys.
    """
    groups: dict[str, list[Found]] = defaultdict(list)
    for f in found.values():
        elements = parallel_elements(f.text) if f.kind == "parallel" else None
        if elements:
            key = "、".join(sorted(elements))
        else:
            key = _chunk_key(f.text) or _function_key(f.text)
        groups[key].append(f)
    merged: list[Found] = []
    for key in sorted(groups):
        members = groups[key]
        head = min(members, key=lambda f: (KINDS.index(f.kind), len(f.text), f.text))
        for other in members:
            if other is not head:
                head.forms |= other.forms | {other.text}
                head.evidence |= other.evidence
                head.quoted += other.quoted
                head.bound, head.entropy = (
                    max(head.bound, other.bound),
                    max(head.entropy, other.entropy),
                )
        merged.append(head)
    by_text = {f.text: f for f in merged}
    gone: set[int] = set()  # id() of the heads absorbed (Found compares by value: slow)
    for f in merged:
        elements = parallel_elements(f.text) if f.kind == "parallel" else None
        if not (elements and len(elements) == 2):
            continue
        for half, other in (elements, elements[::-1]):
            if is_word(half) or len(half) < 3:
                continue
            n, near = _near(text, half, other) if text else (0, 0)
            if n and near * 2 <= n:
                continue  # used apart in most of its uses: a formulation of its own
            f.forms.add(half)
            absorbed = by_text.pop(half, None)
            if absorbed is not None and absorbed is not f and id(absorbed) not in gone:
                f.evidence |= absorbed.evidence
                gone.add(id(absorbed))
    return [f for f in merged if id(f) not in gone]
