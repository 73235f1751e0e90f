"""The data of a corpus: paragraphs, articles and the corpus with its notices.

``Piece`` is a paragraph while the layout rebuilds it (:mod:`analysis.ingest.layout`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..errors import Notice

ANALYSED_ROLES = ("body", "answer")
ROLES = (
    "headline", "kicker", "byline", "attendees", "caption", "heading",
    "question", "answer", "body", "duplicate", "foreign", "footnote", "appendix",
)  # fmt: skip


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article, as listed in ``paragraphs.csv``.

    ``text`` is the normalised paragraph (cuts rejoined, simplified characters); ``content`` is
    the part that is analysed: ``text`` without a speaker or interviewer label.
    ``line_map`` maps character offsets in ``text`` to 1-based file lines, so a match can be
    traced to the line it is on.
    """

    index: int
    role: str
    text: str
    line: int
    speaker: str = ""
    label_len: int = 0
    converted: bool = False
    line_map: tuple[tuple[int, int], ...] = ()

    @property
    def content(self) -> str:
        """The analysed part of ``text``: without a speaker or interviewer label."""
        return self.text[self.label_len :].strip()

    @property
    def analysed(self) -> bool:
        """Whether the paragraph's role is analysed (``ANALYSED_ROLES``)."""
        return self.role in ANALYSED_ROLES

    def line_at(self, offset: int) -> int:
        """Return the file line that holds character ``offset`` of ``text``.

        Parameters
        ----------
        offset : int
            A character offset in ``text``.

        Returns
        -------
        int
            The 1-based line number in the file.
        """
        line = self.line
        for start, ln in self.line_map:
            if start > offset:
                break
            line = ln
        return line


@dataclass(frozen=True)
class Article:
    """One article: a file, or one of several reports inside a file."""

    article_id: str
    file: str
    title: str
    date: str
    source: str
    paragraphs: tuple[Paragraph, ...]
    encoding: str = "utf-8"
    meta: tuple[tuple[str, str], ...] = ()
    duplicate_of: str = ""  # the earlier article this one repeats (its paragraphs: duplicate)

    @cached_property
    def analysed(self) -> tuple[Paragraph, ...]:
        """The analysed paragraphs, in order."""
        return tuple(p for p in self.paragraphs if p.analysed)

    @cached_property
    def characters(self) -> int:
        """Characters of analysed text (whitespace excluded): the base of every rate."""
        return sum(count_chars(p.content) for p in self.analysed)

    def get(self, key: str) -> str:
        """Return a metadata value: title, date, source or a manifest column.

        Parameters
        ----------
        key : str
            ``article_id``, ``file``, ``title``, ``date``, ``source`` or a manifest column.

        Returns
        -------
        str
            The value; ``""`` for a column the article has no value in.
        """
        if key in ("article_id", "file", "title", "date", "source"):
            return getattr(self, key)
        return dict(self.meta).get(key, "")


@dataclass(frozen=True)
class Corpus:
    """The articles read from a seeds folder, with what was skipped and why."""

    articles: tuple[Article, ...]
    notices: tuple[Notice, ...] = ()
    meta_columns: tuple[str, ...] = ()

    @property
    def skipped(self) -> tuple[Notice, ...]:
        """The notices of files that were left out."""
        return tuple(n for n in self.notices if n.message.startswith("skipped"))


@dataclass(slots=True)
class Piece:
    """A paragraph while it is being rebuilt: text, where it starts, and what it looks like."""

    text: str
    line: int
    kind: str = "text"
    line_map: tuple[tuple[int, int], ...] = ()
    converted: bool = False
    level: int = 0  # markdown heading level


def count_chars(text: str) -> int:
    """Characters of ``text`` without whitespace: the base of every rate.

    Parameters
    ----------
    text : str

    Returns
    -------
    int
        The characters of ``text`` that are not whitespace.
    """
    return sum(map(len, text.split()))  # str.split() cuts at exactly the isspace() characters


def iter_analysed(articles: Iterable[Article]) -> Iterable[tuple[int, Paragraph]]:
    """Yield (article position, paragraph) for every analysed paragraph, in corpus order.

    Parameters
    ----------
    articles : iterable of Article

    Yields
    ------
    (int, Paragraph)
        The article's position in ``articles`` and one of its analysed paragraphs.
    """
    for a_idx, article in enumerate(articles):
        for p in article.analysed:
            yield a_idx, p
