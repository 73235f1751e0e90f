"""The fitting units: short paragraphs merged with their neighbours, long ones cut into windows."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..segment import Tokens


def paragraph_units(toks: Tokens, *, min_tokens: int) -> np.ndarray:
    """Assign each analysed paragraph to a unit of at least ``min_tokens`` terms.

    Consecutive short paragraphs of one article (a one-line lead-in such as 一是经济平稳增长。,
    a short answer) are merged with their neighbours: alone they are too small for a stable
    theme. A short remainder at the end of an article joins the unit before it.

    Parameters
    ----------
    toks
        The analysed paragraphs' tokens.
    min_tokens
        The fewest terms a unit holds (an article's last unit may hold fewer when the
        article has only one).

    Returns
    -------
    ndarray of int
        The unit index of each paragraph (``len(toks)`` entries, units numbered in order).
    """
    lengths = toks.lengths()
    unit = np.zeros(len(toks), dtype=np.int64)
    current, size, start_of_article = -1, min_tokens, True
    for i in range(len(toks)):
        new_article = i == 0 or toks.article[i] != toks.article[i - 1]
        if new_article:
            start_of_article = True
        if start_of_article or size >= min_tokens:
            current += 1
            size = 0
        start_of_article = False
        unit[i] = current
        size += int(lengths[i])
        last_of_article = i + 1 == len(toks) or toks.article[i + 1] != toks.article[i]
        if last_of_article and size < min_tokens and current > 0:
            first = np.flatnonzero(unit[: i + 1] == current)[0]
            if first > 0 and toks.article[first - 1] == toks.article[i]:
                unit[unit == current] = current - 1  # fold the short tail into the unit before
                current -= 1
    return unit


WINDOW_CHARS = 300  # a long paragraph is fitted as windows of about this many characters


def sentence_ends(text: str, words: Sequence[str]) -> np.ndarray:
    """Positions in ``words`` (the paragraph's analysed terms, in order) after which a sentence
    of ``text`` ends (。！？；), found by walking through ``text``.

    Parameters
    ----------
    text
        The paragraph's analysed text.
    words
        Its analysed terms, in order (stopwords removed: terms not found in ``text`` are
        skipped).

    Returns
    -------
    ndarray of int
        ``j`` means a sentence ends after ``words[j - 1]``; increasing, without 0 and
        ``len(words)``.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or not words:
        return np.zeros(0, dtype=np.int64)
    out, pos, e = [], 0, 0
    for j, w in enumerate(words):
        found = text.find(w, pos)
        if found < 0:
            continue
        while e < len(ends) and ends[e] <= found:
            if j and (not out or out[-1] != j):
                out.append(j)
            e += 1
        pos = found + len(w)
    return np.asarray(out, dtype=np.int64)


_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")


def window_cuts(
    texts: Sequence[str], toks: Tokens, *, window_chars: int = WINDOW_CHARS
) -> tuple[list[np.ndarray | None], int]:
    """Sentence ends of the long paragraphs, and the window size in terms.

    ``texts[i]`` is the analysed text of paragraph ``i`` of ``toks``. The window of
    ``window_chars`` characters is turned into terms by the corpus's own ratio of terms to
    characters; only paragraphs longer than 1.5 windows are walked through.

    Parameters
    ----------
    texts
        The analysed text of each paragraph of ``toks``.
    toks
        The analysed paragraphs' tokens.
    window_chars
        The size of a window in characters.

    Returns
    -------
    (cuts, window_tokens)
        ``cuts[i]`` as :func:`sentence_ends` (``None`` for a paragraph that is not cut).
    """
    chars = sum(len(t) for t in texts)
    if not chars or not toks.n_tokens:
        return [None] * len(toks), 0
    window = max(10, round(window_chars * toks.n_tokens / chars))
    lengths = toks.lengths()
    cuts: list[np.ndarray | None] = [None] * len(toks)
    for i in np.flatnonzero(lengths >= 1.5 * window):
        cuts[i] = sentence_ends(texts[i], toks.doc(int(i)))
    return cuts, window


def _windows(length: int, cuts: np.ndarray | None, window: int) -> list[int]:
    """Cut points (token positions) that split a paragraph of ``length`` terms into windows
    of about ``window`` terms, at sentence ends when ``cuts`` gives them."""
    if window <= 0 or length < 1.5 * window:
        return []
    points = cuts if cuts is not None and len(cuts) else np.arange(window, length, window)
    out, start = [], 0
    for c in points:
        c = int(c)
        if c - start >= window and length - c >= window / 2:
            out.append(c)
            start = c
    return out


def unit_offsets(
    toks: Tokens,
    *,
    min_tokens: int,
    window_tokens: int = 0,
    cuts: Sequence[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The fitting units: token offsets of each unit, and the unit of each paragraph's start.

    Short paragraphs are merged with their neighbours (:func:`paragraph_units`); a paragraph
    longer than 1.5 ``window_tokens`` terms is cut into windows of about ``window_tokens``
    terms at sentence ends (``cuts[i]``, from :func:`sentence_ends`), so that a long paragraph
    that moves through several subjects is not fitted as one. Weights are computed for every
    paragraph from its own terms afterwards, whatever its units.

    Parameters
    ----------
    toks
        The analysed paragraphs' tokens.
    min_tokens
        As for :func:`paragraph_units`.
    window_tokens
        The window size in terms (0: no windows).
    cuts
        The sentence ends of each paragraph (``None`` entries, or no ``cuts``: cut every
        ``window_tokens`` terms).

    Returns
    -------
    (offsets, unit_of)
        ``offsets`` has one entry per unit plus one (indices into ``toks.codes``).
    """
    unit_of = paragraph_units(toks, min_tokens=min_tokens)
    lengths = toks.lengths()
    starts: list[int] = []
    seen_unit = -1
    for i in range(len(toks)):
        if unit_of[i] != seen_unit:
            starts.append(int(toks.offsets[i]))
            seen_unit = unit_of[i]
        for c in _windows(int(lengths[i]), cuts[i] if cuts is not None else None, window_tokens):
            starts.append(int(toks.offsets[i]) + c)
    offsets = np.asarray([*starts, int(toks.offsets[-1])], dtype=np.int64)
    first = np.searchsorted(offsets, toks.offsets[:-1], side="right") - 1
    return offsets, np.maximum(first, 0).astype(np.int64)
