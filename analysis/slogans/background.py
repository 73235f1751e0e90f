"""General Chinese as a background model: jieba's own dictionary frequencies (``dict.txt``).

How common a word is in general text is free evidence against a candidate being a
formulation of this corpus: an everyday word sequence (经济发展) is the language, a dictionary
word used far more often here than in general text (批林批孔 in a few reports) is marked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from ..ingest import HAN


@cache
def dictionary_frequencies() -> dict[str, int]:
    """The frequency of each word of jieba's own dictionary (``dict.txt``, the user lexicon
    left out): how common a word is in general Chinese text, read once per process.

    Returns
    -------
    dict of str to int
        Word to frequency; empty when jieba's dictionary cannot be read.
    """
    try:
        text = resources.files("jieba").joinpath("dict.txt").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        return {}
    out = {}
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        freq = rest.split(" ", 1)[0]
        if freq.isdigit():
            out[word] = int(freq)
    return out


def ordinariness(words: Sequence[str], freq: dict[str, int] | None = None) -> float:
    """How everyday a candidate's words are: the mean of ``log(1 + f) / 12`` over its Han
    words, ``f`` their frequency in jieba's dictionary (:func:`dictionary_frequencies`).
    经济发展 (经济 48718, 发展 68664) is ordinary, 精准扶贫 (精准 99, 扶贫 717) much less.

    Parameters
    ----------
    words : sequence of str
        The candidate as segmented.
    freq : dict of str to int, optional
        Word frequencies (default: jieba's dictionary).

    Returns
    -------
    float
        Around 0 (unknown words) to 1 (the commonest words); 0 when no word is Han.
    """
    freq = dictionary_frequencies() if freq is None else freq
    logs = [math.log1p(freq.get(w, 0)) / 12 for w in words if re.fullmatch(f"[{HAN}]+", w)]
    return sum(logs) / len(logs) if logs else 0.0


@cache
def _dictionary_total() -> int:
    return sum(dictionary_frequencies().values())


def keyness(word: str, uses: int, chars: int, freq: dict[str, int] | None = None) -> float:
    """How much more frequent a dictionary word is in the corpus than in general text: the
    natural log of its uses per million characters here over its frequency per million in
    jieba's dictionary (add-one: a word the dictionary lacks counts once), positive when the
    corpus uses it more than general text does.

    Parameters
    ----------
    word : str
        The candidate (one word of the dictionary).
    uses : int
        Its uses in the corpus.
    chars : int
        The corpus's characters.
    freq : dict of str to int, optional
        Word frequencies (default: jieba's dictionary).

    Returns
    -------
    float
        0 when ``uses`` or ``chars`` is 0.
    """
    if uses <= 0 or chars <= 0:
        return 0.0
    if freq is None or freq is dictionary_frequencies():
        freq, total = dictionary_frequencies(), _dictionary_total()
    else:
        total = sum(freq.values())
    here = uses / chars * 1e6
    general = (freq.get(word, 0) + 1) / max(1, total) * 1e6
    return math.log(here / general)
