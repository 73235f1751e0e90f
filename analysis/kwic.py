"""Keyword in context: the one way tifa cuts a context around an occurrence.

Used by ``tifa kwic`` (any term, every paragraph but duplicates, each line labelled with its
file and line) and by ``kwic.csv`` (the counted uses of each formulation, analysed roles only,
see :func:`analysis.slogans.tables.slogan_tables`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .ingest import Article


def cut(text: str, start: int, end: int, *, width: int) -> tuple[str, str, str]:
    """The context of ``text[start:end]``: up to ``width`` characters on each side.

    Parameters
    ----------
    text : str
        The paragraph text.
    start, end : int
        The span of the occurrence in ``text``.
    width : int
        Characters of context on each side (fewer at the ends of the paragraph).

    Returns
    -------
    tuple of str
        ``(left, match, right)``.
    """
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]


def occurrences(text: str, query: str) -> Iterator[int]:
    """The start of every non-overlapping occurrence of ``query`` in ``text``, left to right.

    Parameters
    ----------
    text : str
        The text searched.
    query : str
        The (non-empty) string looked for.

    Returns
    -------
    iterator of int
        Offsets into ``text``.
    """
    start = text.find(query)
    while start >= 0:
        yield start
        start = text.find(query, start + len(query))


def term_contexts(
    articles: Sequence[Article],
    query: str,
    *,
    width: int,
    skip_roles: Sequence[str] = ("duplicate",),
) -> Iterator[tuple[Article, int, str, str, str]]:
    """Every occurrence of ``query`` in the paragraphs of ``articles``, in reading order.

    Parameters
    ----------
    articles : sequence of Article
        The corpus.
    query : str
        The (non-empty, normalised) term.
    width : int
        Characters of context on each side.
    skip_roles : sequence of str
        Paragraph roles not searched (default: the repeated text of near-duplicates).

    Returns
    -------
    iterator of tuple
        ``(article, line, left, match, right)``: ``line`` is the file line of the start.
    """
    for article in articles:
        for p in article.paragraphs:
            if p.role in skip_roles:
                continue
            for start in occurrences(p.text, query):
                left, match, right = cut(p.text, start, start + len(query), width=width)
                yield article, p.line_at(start), left, match, right
