"""How a candidate sits inside longer candidates: the share of its uses one longer candidate
accounts for (C-value's nesting), the share it is the unfinished first part of one or two, and
which of a ranked list nest in none before them (what a headline names).
"""

from __future__ import annotations

from collections.abc import Sequence


def contained(texts: Sequence[str], counts: Sequence[int]) -> list[float]:
    """For each candidate, the largest share of its uses that one longer candidate containing
    it can account for (C-value's nesting, Frantzi et al. 2000): 1 for 一带 when 一带一路 is
    used as often, low for 中国特色社会主义, which also stands alone.

    Parameters
    ----------
    texts : sequence of str
        The candidates.
    counts : sequence of int
        Their uses, nested ones included (``count_total``).

    Returns
    -------
    list of float
        One share per candidate, in [0, 1].
    """
    at = {t: k for k, t in enumerate(texts)}
    best = [0.0] * len(texts)
    for t, n in zip(texts, counts, strict=True):
        inner = {t[i:j] for i in range(len(t)) for j in range(i + 2, len(t) + (i > 0))}
        for sub in inner:
            k = at.get(sub)
            if k is not None and counts[k]:
                share = min(1.0, n * t.count(sub) / counts[k])
                best[k] = max(best[k], share)
    return best


def prefix_of(texts: Sequence[str], counts: Sequence[int]) -> list[float]:
    """For each candidate, the share of its uses that are the first part of one or two longer
    candidates (the two that account for most, neither a prefix of the other): 中国特色 of
    中国特色社会主义 and 中国特色大国外交, 高质量 of 高质量发展. A Chinese phrase ends in its
    head, so a phrase nearly always continued by the same one or two words is unfinished,
    while one that ends longer candidates (以旧换新 of 消费品以旧换新) is their head and stands.
    An enumeration (a candidate with 、) is no continuation: its members stand on their own.

    Parameters
    ----------
    texts : sequence of str
        The candidates.
    counts : sequence of int
        Their uses, nested ones included (``count_total``).

    Returns
    -------
    list of float
        One share per candidate, in [0, 1].
    """
    at = {t: k for k, t in enumerate(texts)}
    longer: list[list[tuple[float, str]]] = [[] for _ in texts]
    for t, n in zip(texts, counts, strict=True):
        if "、" in t:
            continue
        for j in range(2, len(t)):
            k = at.get(t[:j])
            if k is not None and counts[k]:
                longer[k].append((min(1.0, n / counts[k]), t))
    out = []
    for pairs in longer:
        if not pairs:
            out.append(0.0)
            continue
        pairs.sort(key=lambda p: (-p[0], p[1]))
        share, first = pairs[0]
        second = next(
            (s for s, t in pairs[1:] if not (t.startswith(first) or first.startswith(t))), 0.0
        )
        out.append(min(1.0, share + second))
    return out


def distinct(texts: Sequence[str], n: int) -> list[int]:
    """Positions of the first ``n`` of ``texts`` none of which contains, or sits inside, an
    earlier one chosen (not 命运共同体 after 人类命运共同体, nor the reverse): what a headline
    names, so that one formulation is not named twice under two lengths."""
    chosen: list[int] = []
    for i, text in enumerate(texts):
        if len(chosen) == n:
            break
        if not any(text in texts[j] or texts[j] in text for j in chosen):
            chosen.append(i)
    return chosen
