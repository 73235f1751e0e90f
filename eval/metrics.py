"""Pure metric functions of the formulation evaluation: normalise, match, recall, precision.

Plain data in, plain numbers out; ``eval/run_eval.py`` feeds them tifa's ranked slogan list and
a gold list (see ``eval/README.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# function characters that optional spellings add or drop (有中国特色的社会主义), list marks,
# middle dots, quotes of every kind, and white space
_DROP = re.compile(r"[的之、·・•“”‘’\"'「」『』〝〞\s\u3000]")


@dataclass(frozen=True)
class Ranked:
    """One item of tifa's ranked list: the slogan, its variants and its first date."""

    text: str
    variants: tuple[str, ...] = ()
    first_date: str = ""


@dataclass(frozen=True)
class Gold:
    """One gold entry: formulation, variant spellings and first year ('' when unknown)."""

    formulation: str
    variants: tuple[str, ...] = ()
    first_year: str = ""


def normalise(text: str) -> str:
    """Return ``text`` without 的/之/、/middle dots/quotes/spaces, for matching spellings.

    Examples
    --------
    >>> normalise("有中国特色的社会主义")
    '有中国特色社会主义'
    >>> normalise("“亲”“清”")
    '亲清'
    """
    return _DROP.sub("", text)


def gold_keys(gold: Gold) -> frozenset[str]:
    """Return the normalised spellings that count as ``gold`` (formulation and variants)."""
    return frozenset(k for k in map(normalise, (gold.formulation, *gold.variants)) if k)


def matches(item: Ranked, keys: frozenset[str]) -> bool:
    """Whether a ranked slogan is the gold entry of ``keys``: its text or one of its own
    variants equals one of the gold spellings after :func:`normalise`."""
    return any(normalise(s) in keys for s in (item.text, *item.variants))


def first_rank(ranked: Sequence[Ranked], gold: Gold) -> int | None:
    """Return the 0-based rank of the first slogan matching ``gold``, or ``None``."""
    keys = gold_keys(gold)
    return next((i for i, item in enumerate(ranked) if matches(item, keys)), None)


def recall(ranked: Sequence[Ranked], golds: Sequence[Gold], top: int = 200) -> float:
    """Share of ``golds`` matched by one of the first ``top`` slogans (0.0 for no gold)."""
    if not golds:
        return 0.0
    head = ranked[:top]
    return sum(first_rank(head, g) is not None for g in golds) / len(golds)


def precision(ranked: Sequence[Ranked], golds: Sequence[Gold], top: int = 50) -> float:
    """Share of the first ``top`` slogans (fewer if the list is shorter) that match a gold
    entry (0.0 for an empty list)."""
    head = ranked[:top]
    if not head:
        return 0.0
    keys = frozenset().union(*(gold_keys(g) for g in golds)) if golds else frozenset()
    return sum(matches(item, keys) for item in head) / len(head)


def first_years(
    ranked: Sequence[Ranked], golds: Sequence[Gold], top: int = 200
) -> tuple[int, int]:
    """Return (right, judged): of the gold entries with a ``first_year`` that are found in the
    first ``top`` slogans, how many have the year of the matching slogan's ``first_date``."""
    head = ranked[:top]
    right = judged = 0
    for g in golds:
        i = first_rank(head, g)
        if i is None or not g.first_year:
            continue
        judged += 1
        right += head[i].first_date[:4] == g.first_year
    return right, judged


def not_in_top(ranked: Sequence[Ranked], fragments: Iterable[str], top: int = 50) -> list[str]:
    """Return the ``fragments`` (not formulations) that match one of the first ``top`` slogans,
    in the order given."""
    head = ranked[:top]
    return [f for f in fragments if any(matches(item, frozenset({normalise(f)})) for item in head)]


VERDICTS = ("real", "not", "fragment")


def judge_top(
    ranked: Sequence[Ranked],
    golds: Sequence[Gold],
    verdicts: dict[str, str],
    top: int = 50,
) -> dict[str, list[str]]:
    """Sort the first ``top`` slogans by verdict: a gold match is ``real``; otherwise the hand
    verdict of its normalised text (``real``, ``not`` or ``fragment``), else ``unjudged``.

    ``verdicts`` maps :func:`normalise`-d items to a verdict. Returns
    ``{"real": [...], "not": [...], "fragment": [...], "unjudged": [...]}`` in rank order.
    """
    keys = frozenset().union(*(gold_keys(g) for g in golds)) if golds else frozenset()
    out: dict[str, list[str]] = {v: [] for v in (*VERDICTS, "unjudged")}
    for item in ranked[:top]:
        if matches(item, keys):
            verdict = "real"
        else:
            verdict = next(
                (
                    verdicts[k]
                    for k in map(normalise, (item.text, *item.variants))
                    if k in verdicts
                ),
                "unjudged",
            )
        out[verdict].append(item.text)
    return out
