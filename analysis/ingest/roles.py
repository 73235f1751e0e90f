"""Roles of the paragraphs of one article: headline, kicker, byline, question, answer,
body, duplicate, foreign...
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .model import Paragraph, Piece
from .normalize import _HAS_HAN, HAN
from .turns import QUESTION

_SPEAKER = re.compile(rf"^([{HAN}·]{{2,5}})\s*[：:]\s*\S")
_NOT_SPEAKERS = frozenset(
    "各位代表 同志们 朋友们 女士们 先生们 注 答 问 附 备注 说明 其中 一是 二是 三是 四是 五是 "
    "首先 其次 再次 最后 第一 第二 第三 目标 原则 重点".split()
)
_OFFICIAL_BYLINE = re.compile(
    rf"^[{HAN}]{{0,14}}(?:总理|副总理|书记|副书记|主任|部长|省长|市长|区长|县长|主席|委员长)"
    rf"\s*[{HAN}·]{{1,2}}\s?[{HAN}·]{{1,3}}$"
)


def _header_role(pieces: Sequence[Piece], i: int, have_headline: bool) -> str:
    text = pieces[i].text
    nxt = next((q for q in pieces[i + 1 :] if q.kind != "caption"), None)
    if text.startswith(("—", "－", "-", "专访", "访", "对话", "记者专访")):
        return "kicker"
    if _OFFICIAL_BYLINE.match(text.replace(" ", "")):
        return "byline"
    if text[-1] in "：:":
        return "kicker" if nxt is not None and nxt.kind in ("titleish", "md") else "body"
    if have_headline and re.fullmatch(f"[{HAN}·]{{2,4}}", text.replace(" ", "")):
        return "byline"  # the speaker's name under the headline
    return "kicker" if have_headline else "headline"


def assign_roles(pieces: Sequence[Piece]) -> list[Paragraph]:
    """Give each piece of one article its role, speaker and label; mark duplicated text.

    Parameters
    ----------
    pieces : sequence of Piece
        The classified pieces of one article.

    Returns
    -------
    list of Paragraph
        One per piece, numbered from 0.
    """
    qa = any(p.kind == "question" for p in pieces)
    paragraphs: list[Paragraph] = []
    header = True
    have_headline = False
    speaker = ""
    in_answer = False
    for i, p in enumerate(pieces):
        text, label_len, who = p.text, 0, ""
        kind = p.kind
        if kind == "md":
            role = "headline" if p.level == 1 and not have_headline else "heading"
            header = header and role == "headline"
        elif kind in ("caption", "byline", "attendees", "footnote", "appendix"):
            role = kind
        elif kind == "question":
            role, header, in_answer = "question", False, True
            m = QUESTION.match(text)
            label_len = m.end() if m else 0
        elif kind == "titleish" and header:
            role = _header_role(pieces, i, have_headline)
            header = role != "body"
        elif kind == "titleish":
            # A line ending with a colon introduces what follows; it is text, not a heading.
            role = "body" if text[-1] in "：:" else "heading"
        else:
            header = False
            role = "body"
            if qa and in_answer:
                role = "answer"
                m = _SPEAKER.match(text)
                if m and m.group(1) not in _NOT_SPEAKERS and paragraphs[-1].role == "question":
                    speaker = m.group(1)
                    label_len = len(text) - len(text[m.end(1) :].lstrip("：: "))
                who = speaker
        have_headline = have_headline or role == "headline"
        paragraphs.append(
            Paragraph(
                index=len(paragraphs),
                role=role,
                text=text,
                line=p.line,
                speaker=who,
                label_len=label_len,
                converted=p.converted,
                line_map=p.line_map,
            )
        )
    return mark_duplicates(paragraphs)


def mark_duplicates(paragraphs: Sequence[Paragraph], *, min_chars: int = 10) -> list[Paragraph]:
    """Give role ``duplicate`` to analysed text that is repeated inside another paragraph.

    The copy that is contained in a longer paragraph (or repeats an earlier one) is the
    duplicate, so the repeated text is counted once.

    Parameters
    ----------
    paragraphs : sequence of Paragraph
        The paragraphs of one article.
    min_chars : int
        Shorter analysed text (whitespace removed) is never a duplicate.

    Returns
    -------
    list of Paragraph
    """
    analysed = [(p.index, re.sub(r"\s+", "", p.content)) for p in paragraphs if p.analysed]
    joined = "\x00".join(text for _, text in analysed)
    copies = Counter(text for _, text in analysed)
    dup: set[int] = set()
    seen: set[str] = set()
    for idx, text in analysed:
        if len(text) < min_chars:
            continue
        # Found more often than it has exact copies: a longer paragraph contains it.
        if text in seen or joined.count(text) > copies[text]:
            dup.add(idx)
        seen.add(text)
    return [replace(p, role="duplicate") if p.index in dup else p for p in paragraphs]


_FOREIGN_WORD = re.compile(r"[^\W\d_]{2,}")


def mark_foreign(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Give role ``foreign`` to paragraphs of two or more words in letters and no Chinese
    character (an English abstract, a translated version): they stay in ``paragraphs.csv`` but
    out of the analysis. A lone abbreviation (``［5］ESI：``, a glossary entry) is not foreign.

    Parameters
    ----------
    paragraphs : sequence of Paragraph
        The paragraphs of one article.

    Returns
    -------
    list of Paragraph
    """
    return [
        replace(p, role="foreign")
        if not _HAS_HAN.search(p.text) and len(_FOREIGN_WORD.findall(p.text)) >= 2
        else p
        for p in paragraphs
    ]
