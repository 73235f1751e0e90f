"""The user lexicon and formulations: its entries as candidates, and found formulations as
lexicon lines for the user to copy (``tifa slogans --candidates``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Found, SloganResult
from .shapes import never_formulation

NOT_FORMULATION_TAGS = frozenset("ns nr nt nrt nrfg".split())


def lexicon_candidates(entries: Sequence[tuple[str, str | None]]) -> dict[str, Found]:
    """Every user-lexicon entry is a known formulation (kind ``lexicon``) whatever its part of
    speech, except places, people and organisations (tags ns, nr, nt, nrt: 大渡口, 海康威视).

    Parameters
    ----------
    entries : sequence of (str, str or None)
        The (word, tag) entries of the user lexicon.

    Returns
    -------
    dict of str to Found
        By word, each of kind ``lexicon``.
    """
    found = {}
    for word, tg in entries:
        if (tg or "") in NOT_FORMULATION_TAGS or never_formulation(word):
            continue
        found[word] = Found(word, "lexicon", {"user lexicon"}, {word})
    return found


KIND_LABELS = {
    "lexicon": "user-lexicon formulation", "numbered": "numbered formula", "parallel": "parallel run", "quoted": "quoted formulation",
    "recurrent": "recurring term",
}  # fmt: skip


def candidates_text(result: SloganResult, *, lexicon: set[str]) -> str:
    """The slogans that could be user-lexicon words, as lexicon lines with a comment each.

    Left out: those already in the lexicon, and those that are not one word (runs with 、 or +,
    which segmentation should keep apart).

    Parameters
    ----------
    result : SloganResult
        The found formulations.
    lexicon : set of str
        The words of the user lexicon.

    Returns
    -------
    str
        A commented lexicon file (``word nz  # why``), ending with a newline.
    """
    lines = [
        "# tifa slogan candidates for the user lexicon (written by `tifa slogans --candidates`).",
        "# Copy the lines you accept into a file in lexicon/ (e.g. lexicon/local.txt): from the",
        "# next run on, segmentation keeps them whole. Format: word [freq] [tag] # comment.",
    ]
    table = result.table
    for r in table.itertuples():
        if r.slogan in lexicon or re.search(r"[、+＋·，,\s]", r.slogan) or len(r.slogan) > 12:
            continue
        lines.append(
            f"{r.slogan} nz  # {KIND_LABELS[r.kind]}, {r.count}×, {r.articles} article(s)"
        )
    return "\n".join(lines) + "\n"
