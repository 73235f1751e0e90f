"""A decoded file to front matter and articles: the pure pipeline of the ingest stage.

normalize_text    str -> str                         (widths, punctuation, spaces, t2s)
split_blocks ... split_articles                      (:mod:`analysis.ingest.layout`)
assign_roles      list[Piece] -> list[Paragraph]     (:mod:`analysis.ingest.roles`)
"""

from __future__ import annotations

import re

from ..errors import TifaError
from .back_matter import mark_back_matter
from .layout import (
    _MD_HEADING,
    classify,
    rejoin_cuts,
    split_articles,
    split_blocks,
)
from .markup import is_web_page, page_text
from .model import Paragraph
from .normalize import mark_inline_paragraphs, normalize_text, split_marked, to_simplified
from .roles import assign_roles, mark_foreign

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def split_front_matter(
    text: str, *, path: str, bad: list[TifaError] | None = None
) -> tuple[dict[str, str], int]:
    """Return the ``key: value`` pairs of a ``---`` block at the top, and the lines it takes.

    Parameters
    ----------
    text : str
        A decoded file, line breaks ``\\n``.
    path : str
        The file, for error messages only.
    bad : list of TifaError, optional
        Given: a malformed line is appended to it and skipped instead of raised.

    Returns
    -------
    meta : dict of str to str
        Keys lower-cased, values unquoted; empty without front matter.
    lines : int
        How many lines the block takes (0 without one).

    Raises
    ------
    TifaError
        A line of the block is not ``key: value``.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for i, raw in enumerate(m.group(1).splitlines(), start=2):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip():
            error = TifaError(
                f"front matter line {raw.strip()[:80]!r} is not 'key: value'; "
                "write e.g. 'date: 2024-02-19'",
                path=path,
                line=i,
            )
            if bad is None:
                raise error
            bad.append(error)
            continue
        meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, m.group(0).count("\n")


def parse_text(
    text: str, *, path: str = "<text>", bad: list[TifaError] | None = None
) -> tuple[dict[str, str], list[list[Paragraph]]]:
    """Turn a decoded file into front-matter metadata and articles (lists of paragraphs).

    Pure: no file access. ``path`` is only used in error messages.

    Parameters
    ----------
    text : str
        A decoded file.
    path : str
        The file, for error messages only.
    bad : list of TifaError, optional
        Given: malformed front-matter lines are collected in it, not raised.

    Returns
    -------
    front : dict of str to str
        The front-matter metadata (see :func:`split_front_matter`).
    articles : list of list of Paragraph
        The paragraphs of each article in the file, roles assigned.

    Raises
    ------
    TifaError
        Malformed front matter (without ``bad``).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_web_page(text):
        text = page_text(text)
    front, skip = split_front_matter(text, path=path, bad=bad)
    raw_lines = text.split("\n")
    normalised = normalize_text(mark_inline_paragraphs(text)).split("\n")
    normalised[:skip] = [""] * skip
    joined = "\n".join(normalised)
    simplified = to_simplified(joined)
    if simplified != joined and simplified.count("\n") == joined.count("\n"):
        s_lines = simplified.split("\n")
        flags = [s != o for s, o in zip(s_lines, normalised, strict=True)]
    else:
        s_lines, flags = normalised, [False] * len(normalised)
    # A line of only invisible characters (zero-width spaces) is dropped, not a paragraph break.
    lines = [
        (i + 1, s, conv)
        for i, (s, conv, raw) in enumerate(zip(s_lines, flags, raw_lines, strict=True))
        if s or not raw.strip() or i < skip
    ]
    pieces = split_blocks(split_marked(lines))
    for piece in pieces:
        piece.kind = classify(piece.text)
        if piece.kind == "md":
            m = _MD_HEADING.match(piece.text)
            piece.level, piece.text = len(m.group(1)), m.group(2).strip()
    pieces = rejoin_cuts(pieces)
    for piece in pieces:  # a rejoined piece may now look different (longer than a title)
        if piece.kind == "text":
            piece.kind = classify(piece.text)
    pieces = mark_back_matter(pieces)
    return front, [mark_foreign(assign_roles(a)) for a in split_articles(pieces)]
