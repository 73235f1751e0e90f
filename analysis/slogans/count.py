"""Counting: every occurrence of every form (Aho-Corasick), standalone and total uses, the
halves of a two-part slogan, and how often uses fall on word boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..chars import NUMERAL_CHARS
from ..ingest import Article
from ..run.pool import map_in_runs
from .hits import HitBuffer, Hits, group_starts, reach_before
from .model import Hit
from .shapes import ORDINAL, UNITS

_NUMERALS_POINT = NUMERAL_CHARS | {"点"}
_FLUSH = 2_000_000  # matches held before they are reduced to one per place (total uses)


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
    workers: int = 1,
) -> Hits:
    """Every occurrence of every form in the paragraphs with ``roles``, with one Aho-Corasick
    automaton. ``longest``: leftmost-longest matches, so a slogan inside a longer one counts
    once (the standalone count); otherwise every match, a slogan inside a longer one
    included, and one hit per place for a slogan (the total count, see :func:`total_hits`).

    With ``workers`` > 1 and at least :data:`POOL_MIN_CHARS` characters, runs of articles are
    scanned on a pool of forked processes (they inherit the automaton); the result is the
    same whatever the runs, as every use is decided within its paragraph.

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
    workers : int
        Processes to scan on (1: here).

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
    sizes = [a.characters for a in articles]
    order = list(range(len(articles)))
    _POOL.update(automaton=automaton, articles=articles, roles=tuple(roles), longest=longest)
    try:
        parts = map_in_runs(
            _scan, order, sizes=sizes, workers=workers, pooled=sum(sizes) >= POOL_MIN_CHARS
        )
    finally:
        _POOL.clear()
    parts = [p for p in parts if len(p)] or [np.zeros((0, 5), np.int32)]
    rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
    if longest or len(parts) == 1:
        return Hits(rows)
    # each block is in (slogan, article, ...) order and the blocks in article order
    return Hits(rows[np.argsort(rows[:, 0], kind="stable")])


# What counting on a pool needs, set before the workers fork (they inherit it).
POOL_MIN_CHARS = 1_000_000  # as segmentation's: below it the pool costs more than it saves
_POOL: dict = {}


def _scan(indices: Sequence[int]) -> list[np.ndarray]:
    """The hits of the articles at ``indices`` (in order) as int32 blocks: one in reading
    order (leftmost-longest), or blocks reduced to one use per place (every match)."""
    automaton, articles = _POOL["automaton"], _POOL["articles"]
    roles, longest = _POOL["roles"], _POOL["longest"]
    found, parts = HitBuffer(), []
    for a_idx in indices:
        for p in articles[a_idx].paragraphs:
            if p.role not in roles:
                continue
            text, para, add = p.text, p.index, found.extend
            matches = automaton.iter_long(text) if longest else automaton.iter(text)
            for end, (idx, n, numeral) in matches:
                # the inner loop of counting (millions of matches): no call per hit
                if not (numeral and _is_number_here(text, end - n + 1, end)):
                    add((idx, a_idx, para, end - n + 1, end + 1))
        if not longest and len(found) >= _FLUSH:
            # one use per place is decided within a paragraph: reduce block by block, so that
            # the overlapping matches of the whole corpus are never held at once
            parts.append(total_hits(found.hits()).array)
            found = HitBuffer()
    if longest:
        return [np.array(found.hits().array)]
    if len(found):
        parts.append(total_hits(found.hits()).array)
    return parts


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
    a = Hits.of(hits).array
    order = np.lexsort((-a[:, 4], a[:, 3], a[:, 2], a[:, 1], a[:, 0]))
    end = a[order, 4]
    # kept: the first of its (slogan, article, paragraph), or reaching past every earlier one
    before = reach_before(end, group_starts([a[order, 0], a[order, 1], a[order, 2]]))
    return Hits(a[order[end > before]])


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
    end = a[order, 4]
    before = reach_before(end, group_starts([a[order, 1], a[order, 2]]))
    out = np.zeros(len(a), dtype=bool)
    out[order] = end <= before
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
    s = a if _in_order(a) else a[np.lexsort((a[:, 3], a[:, 2], a[:, 1], a[:, 0]))]
    pair = np.isin(s[:, 0], np.fromiter(two_part, dtype=np.int64, count=len(two_part)))
    if not pair.any():
        return Hits(s)
    at = np.flatnonzero(pair)
    keep = np.ones(len(s), dtype=bool)
    ends: dict[int, int] = {}  # row of the first half -> the end of the joined hit
    last, first = None, -1
    for k, h in zip(at.tolist(), s[at].tolist(), strict=True):
        # only two-part slogans' hits: a join depends on the last one
        if last is not None and last[:3] == h[:3] and last[4] <= h[3] <= last[4] + window:
            keep[k] = False
            last[4] = ends[first] = h[4]
            continue
        last, first = h, k
    out = s.copy()
    for k, end in ends.items():
        out[k, 4] = end
    return Hits(out[keep])


def _in_order(a: np.ndarray) -> bool:
    """Whether the rows are sorted by slogan, article, paragraph and start."""
    if len(a) < 2:
        return True
    later = np.zeros(len(a) - 1, dtype=bool)
    same = np.ones(len(a) - 1, dtype=bool)
    for c in range(4):
        later |= same & (a[1:, c] > a[:-1, c])
        same &= a[1:, c] == a[:-1, c]
    return bool((later | same).all())


def _end_ok(
    spans: Sequence[tuple[int, int]],
    start: int,
    end: int,
    is_word: Callable[[str], bool] | None,
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
    for h in hits[::step][:samples]:  # a slice: no Hit made for the uses not checked
        text = articles[h.article].paragraphs[h.paragraph].text
        lo, hi = max(0, h.start - 4), min(len(text), h.end + 4)
        spans, pos = [], lo
        for w, _ in tag(text[lo:hi]):
            spans.append((pos, pos + len(w)))
            pos += len(w)
        ok += _end_ok(spans, h.start, h.end, is_word, text)
        seen += 1
    return ok / seen


def boundary_shares(
    by_slogan: dict[int, Sequence[Hit]],
    articles: Sequence[Article],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    is_word: Callable[[str], bool] | None = None,
    workers: int = 1,
) -> dict[int, float]:
    """:func:`boundary_share` of every slogan's hits; with ``workers`` > 1 and at least
    :data:`POOL_MIN_CHARS` characters of text, on a pool of forked processes (each checks a
    run of slogans; the shares are the same).

    Parameters
    ----------
    by_slogan : dict of int to sequence of Hit
        The occurrences of each slogan.
    articles : sequence of Article
        The corpus the hits point into.
    tag, is_word : as :func:`boundary_share` takes them
    workers : int
        Processes to check on (1: here).

    Returns
    -------
    dict of int to float
        The share of each slogan of ``by_slogan``, in its order.
    """
    ids = list(by_slogan)
    big = sum(a.characters for a in articles) >= POOL_MIN_CHARS
    _POOL.update(by_slogan=by_slogan, articles=articles, tag=tag, is_word=is_word)
    try:
        shares = map_in_runs(_boundaries, ids, workers=workers, pooled=big)
    finally:
        _POOL.clear()
    return dict(zip(ids, shares, strict=True))


def _boundaries(ids: Sequence[int]) -> list[float]:
    """Pool worker: the boundary share of each slogan of ``ids`` (data inherited by fork)."""
    by_slogan, articles = _POOL["by_slogan"], _POOL["articles"]
    tag, is_word = _POOL["tag"], _POOL["is_word"]
    return [boundary_share(by_slogan[i], articles, tag=tag, is_word=is_word) for i in ids]
