"""Count formulations in texts: every variant, without overlap, never inside a longer number
(the counts :mod:`analysis.echo.origins` dates and :mod:`analysis.echo.stage` tabulates)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..chars import NUMERAL_CHARS
from ..run.pool import map_in_runs

_NUMERALS = NUMERAL_CHARS
_ORDINAL = _NUMERALS | {"第", "之"}
_UNITS = frozenset("年月日天个万亿元倍次件项条人种位家所名届岁点")


POOL_MIN_CHARS = 1_000_000  # as the slogans' counting: below it the pool costs more than it saves
_POOL: dict = {}  # what a worker needs, set before the pool forks (the workers inherit it)


def count_formulations(
    variants: Sequence[Sequence[str]], texts: Sequence[str], *, workers: int = 1
) -> list[Counter[int]]:
    """Count each formulation (any of its variants) in each text.

    Each formulation is counted on its own (高质量发展 also inside 推动高质量发展), its
    variants' matches without overlap; a numeral form inside a longer number (九五 in
    一九五四年, 十五 in 二十五) does not count.

    Parameters
    ----------
    variants : per formulation, the forms that count as it (the slogans table's ``variants``)
    texts : the texts to search
    workers : processes; with more than one and at least :data:`POOL_MIN_CHARS` characters,
        runs of texts are counted on a pool of forked processes (the counts do not depend on it)

    Returns
    -------
    list of Counter
        Per text, formulation index -> count (only formulations that occur).
    """
    import ahocorasick  # noqa: PLC0415

    automaton = ahocorasick.Automaton()
    owners: dict[str, list[int]] = {}
    for i, forms in enumerate(variants):
        for form in forms:
            if form:
                owners.setdefault(form, []).append(i)
    if not owners:
        return [Counter() for _ in texts]
    for form, idx in owners.items():
        automaton.add_word(form, (len(form), tuple(idx)))
    automaton.make_automaton()
    sizes = [len(t) for t in texts]
    order = list(range(len(texts)))
    _POOL.update(automaton=automaton, texts=texts)
    try:
        big = sum(sizes) >= POOL_MIN_CHARS
        return map_in_runs(_count, order, sizes=sizes, workers=workers, pooled=big)
    finally:
        _POOL.clear()


def _count(positions: Sequence[int]) -> list[Counter[int]]:
    """The counts of the texts at ``positions`` (the automaton and texts in ``_POOL``)."""
    automaton, texts = _POOL["automaton"], _POOL["texts"]
    out = []
    for text in (texts[k] for k in positions):
        spans: dict[int, list[tuple[int, int]]] = {}
        for end, (n, idx) in automaton.iter(text):
            start = end - n + 1
            if (text[start] in _NUMERALS and start > 0 and text[start - 1] in _ORDINAL) or (
                text[end] in _NUMERALS and end + 1 < len(text) and text[end + 1] in _NUMERALS
            ):
                continue
            if (
                all(ch in _NUMERALS for ch in text[start : end + 1])
                and text[end + 1 : end + 2] in _UNITS
            ):
                continue
            for i in idx:
                spans.setdefault(i, []).append((start, end + 1))
        counts: Counter[int] = Counter()
        for i, found in spans.items():
            last = -1
            for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
                if start >= last:
                    counts[i] += 1
                    last = end
        out.append(counts)
    return out
