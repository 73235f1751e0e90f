"""Where a candidate is quoted: quotation marks around its counted uses, by document.

A term quoted in many documents is a formulation the texts set apart; the same term quoted in
every use of two documents (“四人帮” 128 times in the reports of 1977 and 1978) is the house
style of two years. The score (:mod:`analysis.slogans.score`) counts quoting by documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ingest import Article

_OPEN, _CLOSE = "“「『‘\"", "”」』’\""


def paragraph_texts(articles: Sequence[Article]) -> dict[tuple[int, int], str]:
    """The text of every paragraph, by (article position, paragraph index), as hits name it.

    Parameters
    ----------
    articles : sequence of Article
        The corpus.

    Returns
    -------
    dict of (int, int) to str
    """
    return {(a, p.index): p.text for a, art in enumerate(articles) for p in art.paragraphs}


def quoted_documents(hits: Sequence, texts: dict[tuple[int, int], str]) -> int:
    """The number of documents where one of the candidate's uses stands in quotation marks.

    Parameters
    ----------
    hits : sequence of Hit
        The candidate's occurrences.
    texts : dict of (int, int) to str
        The paragraph texts (see :func:`paragraph_texts`).

    Returns
    -------
    int
    """
    quoted_in: set[int] = set()
    for h in hits:
        if h.article in quoted_in or h.start == 0:
            continue
        text = texts.get((h.article, h.paragraph), "")
        if text[h.start - 1] in _OPEN and text[h.end : h.end + 1] in tuple(_CLOSE):
            quoted_in.add(h.article)
    return len(quoted_in)
