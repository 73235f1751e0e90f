"""The enumeration-member detector: members of 、-lists that also recur on their own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from .model import Found
from .recurrent import trim_edges
from .shapes import PARALLEL


def enumeration_members(
    texts: Sequence[str],
    counts: dict[str, int],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    min_count: int,
) -> dict[str, Found]:
    """Members of 、-lists (数字经济、海洋经济、银发经济) that also recur on their own,
    outside any list, at least ``min_count`` times: candidates in their own right.

    The first and last members of an unquoted run are cut to the length of their neighbours
    at word boundaries (发展|数字经济); ``counts`` are the n-gram counts of the same texts.

    Parameters
    ----------
    texts : sequence of str
        The paragraph texts of the discovery sample.
    counts : dict of str to int
        The n-gram counts of ``texts`` (see :func:`analysis.slogans.ngrams.ngram_stats`).
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    min_count : int
        Uses outside the lists a member needs.

    Returns
    -------
    dict of str to Found
        By member, each of kind ``recurrent``.
    """
    inside: Counter[str] = Counter()
    for text in texts:
        for m in PARALLEL.finditer(text):
            parts = m.group().split("、")
            for k, part in enumerate(parts):
                words = tag(part)
                if k == 0 and len(parts) > 1:
                    while len(words) > 1 and len("".join(w for w, _ in words[1:])) >= len(
                        parts[1]
                    ):
                        words = words[1:]
                if k == len(parts) - 1 and len(parts) > 1:
                    while len(words) > 1 and len("".join(w for w, _ in words[:-1])) >= len(
                        parts[-2]
                    ):
                        words = words[:-1]
                member = "".join(w for w, _ in trim_edges(words))
                if len(member) >= 3:
                    inside[member] += 1
    found = {}
    for member, n in sorted(inside.items()):
        outside = counts.get(member, 0) - n
        if outside >= min_count:
            found[member] = Found(
                member, "recurrent", {f"member of 、-lists ({n}×), {outside}× outside them"},
                {member},
            )  # fmt: skip
    return found
