"""The era detector: dictionary terms whose use marks a stretch of a dated corpus's timeline."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..ingest import HAN
from ..segment import Tokens
from .model import Found
from .recurrent import HEAD_TAGS
from .shapes import TITLES


def marks_era(used: Sequence[int], n_periods: int) -> bool:
    """Whether a term used in the periods ``used`` (indices into the corpus's ordered periods)
    marks an era: used in three periods or more, and absent from the whole first or last
    quarter of the timeline (it rose, like 高质量发展, or fell, like 人民公社).

    Parameters
    ----------
    used : sequence of int
        The periods the term is used in.
    n_periods : int
        The number of periods of the corpus.

    Returns
    -------
    bool
        False below five periods or three periods of use.
    """
    if n_periods < 5 or len(set(used)) < 3:
        return False
    quarter = n_periods / 4
    return min(used) >= quarter or max(used) < n_periods - quarter


def concentrated(used: Sequence[int], n_periods: int, *, max_span: float = 0.6) -> bool:
    """Whether a term's use spans at most ``max_span`` of the timeline (人民公社 1959-1979 of
    1954-2025 does; 政策措施 1986-2025 does not).

    Parameters
    ----------
    used : sequence of int
        The periods the term is used in (not empty).
    n_periods : int
        The number of periods of the corpus.
    max_span : float
        The largest share of the timeline its first to last use may span.

    Returns
    -------
    bool
    """
    return max(used) - min(used) + 1 <= max_span * n_periods


def era_candidates(
    toks: Tokens, article_periods: Sequence[str], *, min_count: int = 5
) -> dict[str, Found]:
    """In a corpus dated over five periods or more: dictionary terms (3+ characters, nominal,
    not names) that mark an era (see :func:`marks_era`) or are new in the last two periods.
    Candidates only: how far they rise and fall is a feature of the score, not a gate.

    Parameters
    ----------
    toks : Tokens
        Every word of the analysed paragraphs, with tags, by article.
    article_periods : sequence of str
        The period of each article ("" when undated).
    min_count : int
        Uses a term needs over the whole corpus.

    Returns
    -------
    dict of str to Found
        Empty below five dated periods.
    """
    present = sorted({p for p in article_periods if p})
    if len(present) < 5:
        return {}
    col = {p: i for i, p in enumerate(present)}
    doc_period = np.array([col.get(article_periods[a], -1) for a in toks.article], dtype=np.int64)
    token_period = np.repeat(doc_period, toks.lengths())
    ok = token_period >= 0
    import scipy.sparse as sp  # noqa: PLC0415

    m = sp.csr_matrix(
        (np.ones(int(ok.sum())), (toks.codes[ok], token_period[ok])),
        shape=(len(toks.vocab), len(present)),
    )
    m.sum_duplicates()
    counts = np.asarray(m.sum(axis=1)).ravel()
    found = {}
    for code in np.flatnonzero(counts >= min_count):
        word, tg = toks.vocab[code], toks.tags[code]
        if (
            len(word) < 3
            or tg in ("ns", "t", "m", "q")
            or tg.startswith("nr")
            or tg not in HEAD_TAGS
        ):
            continue  # organisations (nt: 人民公社) may mark an era, places and persons not
        if not re.fullmatch(f"[{HAN}]+", word) or word.startswith("百分之"):
            continue
        if any(t in word for t in TITLES):
            continue
        used = m.indices[m.indptr[code] : m.indptr[code + 1]]
        new = used.min() >= len(present) - 2  # 新质生产力 2024: new in the last periods
        if marks_era(used, len(present)) or new:
            span = f"{present[used.min()]}–{present[used.max()]}"
            found[word] = Found(word, "recurrent", {f"marks an era: used {span}"}, {word})
    return found
