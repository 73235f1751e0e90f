"""Excerpts: the paragraphs that express each theme most clearly."""

from __future__ import annotations

import numpy as np

from ..segment import Tokens
from .model import Themes

EXCERPT_MIN_WEIGHT = 0.2  # an excerpt's theme explains at least this much of it
EXCERPT_LEAD = 1.5  # ... and at least this many times what any other theme explains


def representative(
    themes: Themes, toks: Tokens, *, n: int = 3, min_tokens: int = 8
) -> list[list[int]]:
    """For each theme, the analysed paragraphs (indices into ``toks``) that express it most.

    Scored on each paragraph's own weights (a paragraph merged with its neighbours for fitting
    still has weights of its own). A paragraph qualifies when the theme leads it clearly: the
    theme explains at least ``EXCERPT_MIN_WEIGHT`` of it and ``EXCERPT_LEAD`` times what the
    next theme explains, so a paragraph of its own vocabulary that one common word ties to the
    theme (a visit's scenery, a journalist's lead-in) is no excerpt. The highest weight wins,
    then the longest; a paragraph from another article is preferred while its weight is at
    least half the best one's.

    Parameters
    ----------
    themes
        The fitted themes.
    toks
        The analysed paragraphs they were fitted on.
    n
        The most excerpts per theme.
    min_tokens
        The fewest terms of an excerpt.

    Returns
    -------
    list of list of int
        For each theme, its excerpts (possibly none), the best first.
    """
    lengths = toks.lengths()
    W = themes.paragraph_weights
    lead = W.argmax(axis=1) if len(W) else np.zeros(0, dtype=int)
    second = np.sort(W, axis=1)[:, -2] if W.shape[1] > 1 else np.zeros(len(W))
    out = []
    for t in range(themes.k):
        w = W[:, t]
        order = np.lexsort((np.arange(len(w)), -lengths, -w))
        ok = [
            int(i) for i in order
            if lead[i] == t and lengths[i] >= min_tokens and w[i] >= EXCERPT_MIN_WEIGHT
            and w[i] >= EXCERPT_LEAD * second[i]
        ]  # fmt: skip
        chosen: list[int] = []
        seen: set[int] = set()
        if ok:
            best = w[ok[0]]
            for i in ok:
                if len(chosen) < n and toks.article[i] not in seen and w[i] >= 0.5 * best:
                    chosen.append(i)
                    seen.add(int(toks.article[i]))
            for i in ok:
                if len(chosen) < n and i not in chosen:
                    chosen.append(i)
            chosen.sort(key=lambda i: (-w[i], -lengths[i], i))
        out.append(chosen)
    return out
