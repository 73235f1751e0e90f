"""Counting: every occurrence of every form (Aho-Corasick), standalone and total uses, the
halves of a two-part slogan, and how often uses fall on word boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..chars import NUMERAL_CHARS
from ..ingest import Article
from .hits import HitBuffer, Hits, group_starts, reach_before
from .model import Hit
from .shapes import ORDINAL, UNITS

_NUMERALS_POINT = NUMERAL_CHARS | {"点"}


def _is_number_here(text: str, start: int, end: int) -> bool:
    """九五 in 一九五四年, 十五 in 二十五 or 十五年, 六五 in 三百八十六点六五斤: numerals that
    are part of a number at this place (``end`` is the index of the last character)."""
    if text[end] in NUMERAL_CHARS and end + 1 < len(text) and text[end + 1] in _NUMERALS_POINT:
        return True
    if text[start] not in NUMERAL_CHARS:
        return False
    if start > 0 and text[start - 1] in ORDINAL:
        return True
    return text[end + 1 : end + 2] in UNITS and all(
        ch in NUMERAL_CHARS for ch in text[start : end + 1]
    )


def find_hits(
    forms: dict[str, int],
    articles: Sequence[Article],
    *,
    roles: Sequence[str] = ("body", "answer"),
    longest: bool = True,
) -> Hits:
    """Every occurrence of every form in the paragraphs with ``roles``, with one Aho-Corasick
    automaton. ``longest``: leftmost-longest matches, so a slogan inside a longer one counts
    once (the standalone count); otherwise every match, a slogan inside a longer one
    included, and one hit per place for a slogan (the total count, see :func:`total_hits`).

    Parameters
    ----------
    forms : dict of str to int
        Every surface form to count, with the index of the slogan it belongs to.
    articles : sequence of Article
        The corpus.
    roles : sequence of str
        Paragraph roles that are counted (default: body and answer).
    longest : bool
        Leftmost-longest matches (standalone uses) or every match (total uses).

    Returns
    -------
    Hits
        In reading order per article (``longest``), or as :func:`total_hits` orders them.
    """
    import ahocorasick  # noqa: PLC0415

    if not forms:
        return Hits()
    automaton = ahocorasick.Automaton()
    for form, idx in forms.items():
        # only a form that starts or ends with a numeral can be part of a number
        numeral = form[0] in NUMERAL_CHARS or form[-1] in NUMERAL_CHARS
        automaton.add_word(form, (idx, len(form), numeral))
    automaton.make_automaton()
    found = HitBuffer()
    for a_idx, article in enumerate(articles):
        for p in article.paragraphs:
            if p.role not in roles:
                continue
            text = p.text
            matches = automaton.iter_long(text) if longest else automaton.iter(text)
            for end, (idx, n, numeral) in matches:
                start = end - n + 1
                if not (numeral and _is_number_here(text, start, end)):
                    found.add(idx, a_idx, p.index, start, end + 1)
    hits = found.hits()
    return hits if longest else total_hits(hits)


def total_hits(hits: Sequence[Hit]) -> Hits:
    """One hit per place for each slogan: a form inside another form of the same slogan (公园
    大渡口 inside 公园大渡口、多彩艺术湾) is one use.

    Parameters
    ----------
    hits : sequence of Hit
        Every match of every form (overlapping ones included).

    Returns
    -------
    Hits
        Sorted by slogan, article, paragraph and start; one per place and slogan.
    """
    h = Hits.of(hits)
    a = h.array
    order = np.lexsort((-a[:, 4], a[:, 3], a[:, 2], a[:, 1], a[:, 0]))
    s = a[order]
    # kept: the first of its (slogan, article, paragraph), or reaching past every earlier one
    before = reach_before(s[:, 4], group_starts([s[:, 0], s[:, 1], s[:, 2]]))
    return Hits(s[s[:, 4] > before])


def nested(hits: Sequence[Hit]) -> np.ndarray:
    """For each hit (in order), whether it lies inside a longer hit of another slogan at the
    same place (人类命运 inside 人类命运共同体): what leftmost-longest counting would not count.

    Parameters
    ----------
    hits : sequence of Hit
        Hits of any slogans.

    Returns
    -------
    ndarray of bool
        One flag per hit, in the order of ``hits``.
    """
    a = Hits.of(hits).array
    order = np.lexsort((-a[:, 4], a[:, 3], a[:, 2], a[:, 1]))
    s = a[order]
    before = reach_before(s[:, 4], group_starts([s[:, 1], s[:, 2]]))
    out = np.zeros(len(a), dtype=bool)
    out[order] = s[:, 4] <= before
    return out


def join_halves(hits: Sequence[Hit], two_part: set[int], *, window: int = 12) -> Hits:
    """The two halves of a two-part slogan written next to each other (建设公园大渡口，打造
    多彩艺术湾) are one use of it, not two.

    Parameters
    ----------
    hits : sequence of Hit
        Hits of any slogans.
    two_part : set of int
        Indices of the two-part slogans (``A、B``).
    window : int
        At most this many characters between the halves.

    Returns
    -------
    Hits
        Sorted by slogan, article, paragraph and start; adjacent halves joined into one hit.
    """
    a = Hits.of(hits).array
    s = a[np.lexsort((a[:, 3], a[:, 2], a[:, 1], a[:, 0]))]
    pair = np.isin(s[:, 0], np.fromiter(two_part, dtype=np.int64, count=len(two_part)))
    if not pair.any():
        return Hits(s)
    out: list[list[int]] = []
    for h in s[pair].tolist():  # only two-part slogans' hits: a join depends on the last one
        last = out[-1] if out else None
        if (
            last is not None
            and last[:3] == h[:3]
            and h[3] - last[4] <= window
            and h[3] >= last[4]
        ):
            last[4] = h[4]
            continue
        out.append(h)
    rows = np.concatenate([s[~pair], np.asarray(out, dtype=np.int32).reshape(-1, 5)])
    return Hits(rows[np.argsort(rows[:, 0], kind="stable")])


def _end_ok(
    spans: Sequence[tuple[int, int]], start: int, end: int, is_word: Callable[[str], bool] | None,
    text: str,
) -> float:
    """1 when ``text[start:end]`` starts and ends on token boundaries; 0.5 when it ends inside
    a token that joins the term's last word to a suffix (战斗|堡垒作用, 志愿|服务队, 居民|议事会:
    the part inside the term is a dictionary word of 2+ characters without numerals, not
    十八届|三中全会), so that a term always written so is still a fragment (非洲研究 of
    非洲研究院); 0 otherwise."""
    for a, b in spans:
        if a < start < b:
            return 0.0
        if a < end < b:
            inner = text[a:end]
            return 0.5 * bool(
                is_word and a >= start and len(inner) >= 2 and is_word(inner)
                and not any(ch in NUMERAL_CHARS for ch in inner)
            )  # fmt: skip
    return 1.0


def boundary_share(
    hits: Sequence[Hit],
    articles: Sequence[Article],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    is_word: Callable[[str], bool] | None = None,
    samples: int = 5,
) -> float:
    """The share of (up to ``samples``, evenly spread) occurrences that start and end on a
    jieba token boundary: 大力度 in 以更大|力度, a congress name cut after its plenum's
    number or a list whose first item lost a character do not. With ``is_word``, an end
    inside a token that joins the term's last word to a suffix counts as half a boundary
    (战斗堡垒 in 战斗|堡垒作用, 志愿服务 in 志愿|服务队): a term passes when it also stands
    on boundaries elsewhere, not when every use is inside the compound (非洲研究|院).

    Parameters
    ----------
    hits : sequence of Hit
        The occurrences of one slogan.
    articles : sequence of Article
        The corpus the hits point into.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    is_word : callable, optional
        Whether a string is one word of jieba's dictionary (default: token boundaries only).
    samples : int
        At most this many occurrences are checked.

    Returns
    -------
    float
        Between 0 and 1; 0 when there are no hits.
    """
    if not hits:
        return 0.0
    step = max(1, len(hits) // samples)
    ok = seen = 0
    for h in list(hits)[::step][:samples]:
        text = articles[h.article].paragraphs[h.paragraph].text
        lo, hi = max(0, h.start - 4), min(len(text), h.end + 4)
        spans, pos = [], lo
        for w, _ in tag(text[lo:hi]):
            spans.append((pos, pos + len(w)))
            pos += len(w)
        ok += _end_ok(spans, h.start, h.end, is_word, text)
        seen += 1
    return ok / seen
