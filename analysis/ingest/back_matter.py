"""Back matter: appendices and notes at the end of an article, which are neither analysed nor
taken for the start of a new article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .model import Piece

# Back matter: a heading that opens an appendix or a block of notes; from it to the end of the
# article (a separator or a level-1 heading ends it) nothing is analysed or splits the article.
_APPENDIX_HEAD = re.compile(
    r"^(?:附件\s*[\d一二三四五六七八九十]*|附表\s*\d*|附录|名词解释|名词注释|有关名词解释|"
    r"参考文献|相关链接|延伸阅读)\s*[：:]?(?:\s.{0,30})?$"
)
_FOOTNOTE_HEAD = re.compile(r"^(?:注释|注解|脚注|注|字库未存字注释|编者注|附注)\s*[：:]?$")
# A footnote line: [1] ..., ［1］..., ↑ ..., 〔注〕..., 注：..., ①... after a note heading.
_FOOTNOTE_LINE = re.compile(
    r"^(?:\[\d{1,3}\]|［\d{1,3}］|↑|\^|〔注\d*〕|[（(]注\d*[）)]|注\d*[：:]|注释\d*[：:])"
)
_NOTE_ITEM = re.compile(r"^[@＠]?[①-⑳]")


def mark_back_matter(pieces: Sequence[Piece]) -> list[Piece]:
    """Give kind ``appendix`` or ``footnote`` to back matter, so that it is neither analysed
    nor taken for the start of a new article.

    An appendix heading (附件1, 名词解释...) or a note heading (注释：) opens a block that runs to
    the end of the article; a footnote line (``[1] ...``, ``↑ ...``, ``〔注〕...``) is a footnote
    wherever it is.

    Parameters
    ----------
    pieces : sequence of Piece
        The classified pieces of one file, cuts rejoined.

    Returns
    -------
    list of Piece
        The same pieces, back matter given its kind.
    """
    out = []
    block = ""
    for p in pieces:
        text = p.text
        if p.kind == "separator" or (p.kind == "md" and p.level == 1):
            block = ""
        elif len(text) <= 40 and _APPENDIX_HEAD.match(text):
            block = "appendix"
        elif len(text) <= 20 and _FOOTNOTE_HEAD.match(text):
            block = "footnote"
        elif block == "footnote" and len(text) > 80 and not _NOTE_ITEM.match(text):
            block = ""  # a note block holds short notes; long text after it is text again
        kind = block or p.kind
        if not block and p.kind in ("text", "titleish") and _FOOTNOTE_LINE.match(text):
            kind = "footnote"
        out.append(replace(p, kind=kind) if kind != p.kind else p)
    return out
