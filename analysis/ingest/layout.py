"""Rebuild paragraphs from lines: blocks, kinds, rejoined page-break cuts, back matter and
the split of a file into articles.

    split_blocks      lines -> list[Piece]               (blank-line or one-per-line layout)
    classify          Piece -> kind                      (caption, question, title-like, ...)
    rejoin_cuts       list[Piece] -> list[Piece]         (page breaks that cut a sentence)
    mark_back_matter  list[Piece] -> list[Piece]         (appendices, footnotes: back_matter.py)
    split_articles    list[Piece] -> list[list[Piece]]   (several reports in one file)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from .model import Piece
from .normalize import _TERMINAL, HAN
from .turns import QUESTION, is_date_line, starts_turn

_PAGE_MARK = re.compile(
    r"^[-—–_\s]*(\d{1,4}|第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[/，,]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?)[-—–_\s]*$"
)
_SEPARATOR = re.compile(r"^([-=*_~#＝＊—·•※]\s*){3,}$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_CAPTION = re.compile(
    r"(?:[/／]\s*摄(?:影)?\s*$"
    r"|[（(]\s*(?:记者|通讯员|摄影)?\s*[" + HAN + r"·\s、]{2,20}\s*摄(?:影)?\s*[）)]\s*$"
    r"|^[（(]?(?:图为|图片[:：]|图[:：]|上图|下图|左图|右图|资料图)"
    r"|(?:供图|图片来源[:：].{0,30}|摄影[:：].{0,20})$)"
)
_BYLINE = re.compile(
    r"^[（(]?(?:(?:本报记者|本报通讯员|特约记者|记者|通讯员|文|撰文|作者|编辑|责任编辑|责编|摄影|摄)"
    rf"(?:\s+|\s*[：:/｜|]\s*)[{HAN}·A-Za-z]{{2,}}(?:[\s、，,][{HAN}·A-Za-z]{{2,}})*"
    r"|(?:来源|稿件来源|本文来源|转自)\s*[：:]\s*\S.*)[）)]?$"
)
_ATTENDEES = re.compile(
    r"(?:参加|陪同|出席|参与)(?:了)?(?:调研|活动|会议|座谈会?|检查|考察|视察)?[。.]?$"
)
_ATTENDEE_HINT = re.compile(r"领导|负责人|同志|陪同")
_NUMBERED = re.compile(
    r"^(?:第[一二三四五六七八九十百零]+[部分章节条篇]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]\s*\D)"
)
_DATELINE = re.compile(
    r"^(?:本报讯|【[^】]{0,24}】|[（(]?(?:新华社|中新社|人民网|央视网|本报)\S{0,16}电|"
    r"\d{1,2}月\d{1,2}日[，,])"
)
# A web page's chrome, kept by a copy-and-paste or a scraper: breadcrumbs (首页 > 新闻中心),
# share and print buttons, font-size switches, QR-code prompts, previous / next links. Dropped.
_WEB_CHROME = re.compile(
    r"^(?:(?:首页|当前位置|您的位置|您现在的位置|位置)\s*[:：]?\s*(?:首页)?\s*[>＞»→/]"
    r"|(?:分享到|分享至)\s*[:：]?"
    r"|[【\[]?\s*(?:打印本页|打印此页|打印|关闭窗口|关闭本页|返回顶部|加入收藏|我要纠错)\s*[】\]]?\s*$"
    r"|.{0,40}[【\[(（]?\s*字号\s*[:：]?\s*[大中小](?:\s*[大中小]){1,2}"
    r"|扫一扫|(?:上一篇|下一篇|上一条|下一条)\s*[:：])"
)
# a dateline of a web page: a date (and time) then the source, author or views (来源：...)
_WEB_DATELINE = re.compile(
    r"^(?:发布时间|发布日期|时间|日期)?\s*[:：]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:$|(?:来源|作者|编辑|责任编辑|浏览|点击|阅读)\S*\s*[:：])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;…：:][”’」』）)】》]*$")
_SENTENCE_INSIDE = re.compile(r"[。；！？!?;]")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z0-9]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def is_titleish(text: str) -> bool:
    """Return True for a short line without sentence punctuation: a headline or a heading.

    Parameters
    ----------
    text : str
        A normalised paragraph.

    Returns
    -------
    bool
    """
    if not 2 <= len(text) <= 50:
        return False
    if text[-1] in "。！？!?；;，,、…—":
        return False
    if _SENTENCE_INSIDE.search(text[:-1]):
        return False
    return text.count("，") + text.count(",") <= 1


def classify(text: str) -> str:
    """Return the kind of a rebuilt paragraph, judged on its own text.

    Kinds: ``page`` (page number), ``separator`` (a rule line between articles), ``junk`` (no
    letters at all, or a web page's chrome: 首页 > ..., 分享到, 打印本页, 上一篇: ...), ``md`` (markdown heading), ``caption``, ``question``, ``byline``,
    ``attendees``, ``titleish`` (headline, kicker or heading, decided by position) and ``text``.

    Parameters
    ----------
    text : str
        A rebuilt, normalised paragraph.

    Returns
    -------
    str
        One of the kinds above.
    """
    if len(text) > 200:  # long text can only be a heading marker, a question or text
        return "md" if _MD_HEADING.match(text) else "question" if QUESTION.match(text) else "text"
    if _PAGE_MARK.match(text):
        return "page"
    if _SEPARATOR.match(text):
        return "separator"
    if not _HAS_WORD.search(text):
        return "junk"
    if _MD_HEADING.match(text):
        return "md"
    if len(text) <= 200 and _CAPTION.search(text):
        return "caption"
    if QUESTION.match(text):
        return "question"
    if len(text) <= 40 and _BYLINE.match(text):
        return "byline"
    if len(text) <= 120 and _WEB_DATELINE.match(text):
        return "byline"
    if len(text) <= 80 and _WEB_CHROME.match(text):
        return "junk"
    if len(text) <= 120 and _ATTENDEES.search(text) and _ATTENDEE_HINT.search(text):
        if len(_SENTENCE_INSIDE.findall(text[:-1])) == 0:
            return "attendees"
    if is_titleish(text):
        return "titleish"
    return "text"


class _Run:
    """Pieces being joined into one, in time linear in their total length (joining them one at
    a time copied the text so far for every line: 200,000 one-character lines took minutes).

    A space goes between two ASCII letters or digits, as between wrapped English words."""

    TAIL = 64  # characters kept for the end of the text (notes marks at the end, its last char)

    def __init__(self, first: Piece):
        self.first, self.texts, self.line_map = first, [first.text], list(first.line_map)
        self.length, self.tail = len(first.text), first.text[-self.TAIL :]
        self.converted = first.converted
        self.commas = "，" in first.text or "、" in first.text

    def add(self, piece: Piece) -> None:
        text = piece.text
        if self.tail and text and _ascii_word(self.tail[-1]) and _ascii_word(text[0]):
            self.texts.append(" ")
            self.length += 1
            self.tail = (self.tail + " ")[-self.TAIL :]
        self.line_map.extend((off + self.length, ln) for off, ln in piece.line_map)
        self.texts.append(text)
        self.length += len(text)
        self.tail = (self.tail + text)[-self.TAIL :]
        self.converted = self.converted or piece.converted
        self.commas = self.commas or "，" in text or "、" in text

    def unfinished(self) -> bool:
        """Whether the joined text stops mid-sentence (a page break cut it): it does not end
        in closing punctuation (a footnote mark after the full stop, 。[1] 。①, does not count)
        and holds a comma or is 30 characters or longer."""
        tail = _NOTE_MARK_END.sub("", self.tail) or self.tail
        return tail[-1] not in _TERMINAL and (self.commas or self.length >= 30)

    def titleish(self) -> bool:
        """Whether the text so far reads as a title (:func:`is_titleish`)."""
        return self.length <= 50 and is_titleish("".join(self.texts))

    def piece(self) -> Piece:
        if len(self.texts) == 1:
            return self.first
        return replace(
            self.first,
            text="".join(self.texts),
            line_map=tuple(self.line_map),
            converted=self.converted,
        )


def _ascii_word(c: str) -> bool:
    return c.isascii() and c.isalnum()


WRAP_FULL = 0.8  # a line this share of the block's width long or longer is a full line


def _line_width(block: Sequence[tuple[int, str, bool]]) -> float:
    """The width a hard-wrapped block is broken at: the median length of its lines that end
    mid-sentence (full lines), of those without Latin letters or digits when there are some
    (a line with digits holds more characters)."""
    mid = [text for _, text, _ in block[:-1] if _SENTENCE_END.search(text) is None]
    chinese = [len(t) for t in mid if not _ASCII_ALNUM.search(t)]  # digits widen a line
    return float(median(chinese or [len(t) for t in mid])) if mid else 0.0


def _width(block: Sequence[tuple[int, str, bool]]) -> int:
    """A block's line width: the 90th percentile of its line lengths."""
    lengths = sorted(len(text) for _, text, _ in block)
    return lengths[int(0.9 * (len(lengths) - 1))]


def _hard_wrapped(block: Sequence[tuple[int, str, bool]]) -> bool:
    """Whether a block's lines are one text broken at a fixed width: most of its lines end
    mid-sentence, and most of those are full lines (``WRAP_FULL`` of the block's width, the
    90th percentile of its line lengths, or longer). One paragraph per line whose short lines
    end without a full stop (a web page's title, dateline and share buttons, a bulleted list,
    a timeline of dates) is no wrapped text: its lines stay paragraphs."""
    ends = [_SENTENCE_END.search(text) is not None for _, text, _ in block[:-1]]
    if not ends or sum(ends) >= 0.5 * len(ends):
        return False
    width = _width(block)
    mid = [len(text) for (_, text, _), end in zip(block[:-1], ends, strict=True) if not end]
    return sum(n >= WRAP_FULL * width for n in mid) >= 0.5 * len(mid)


def split_blocks(lines: Sequence[tuple[int, str, bool]]) -> list[Piece]:
    """Group normalised lines into paragraph pieces.

    Lines between blank lines form a block. When blank lines separate the paragraphs of a file
    (wiki exports that also break around markup), or when a block is hard-wrapped text
    (:func:`_hard_wrapped`), a block's lines are joined. Otherwise (one paragraph per line) each line is
    a piece, and :func:`rejoin_cuts` later joins the few that a page break cut.

    Parameters
    ----------
    lines : sequence of (line_number, text, converted)
        Normalised lines; blank lines are ``""``.

    Returns
    -------
    list of Piece
        Pieces of kind ``text`` (:func:`classify` gives the kinds later), each with its line map.
    """
    blocks: list[list[tuple[int, str, bool]]] = []
    current: list[tuple[int, str, bool]] = []
    for item in lines:
        if item[1]:
            current.append(item)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    # Paragraphs separated by blank lines: any line break inside a block is a soft break. The
    # blank lines around a page number or rule line separate no paragraphs: a PDF's text with
    # a blank line around each page number is one paragraph per line, not one per page.
    sizes: list[int] = []
    after_mark = False
    for block in blocks:
        if len(block) == 1 and classify(block[0][1]) in ("separator", "page"):
            after_mark = True
            continue
        if after_mark and sizes:
            sizes[-1] += len(block)
        else:
            sizes.append(len(block))
        after_mark = False
    blank_separated = len(sizes) >= 3 and len(sizes) >= 0.25 * sum(sizes)
    pieces: list[Piece] = []
    for block in blocks:
        hard = not blank_separated and _hard_wrapped(block)
        wrapped = blank_separated or hard
        # in hard-wrapped text a line that ends a sentence short of the width ends its
        # paragraph: a PDF's text copied with its line breaks keeps its paragraphs, not one
        # per block (a full line may end a sentence inside a paragraph)
        short = _line_width(block) - 1 if hard else 0
        run = None
        for ln, text, conv in block:
            part = Piece(text=text, line=ln, line_map=((0, ln),), converted=conv)
            # A markdown heading, rule line or page number is never part of a sentence: a
            # piece of its own. But a bare number on a line inside a block of a blank-line
            # layout is text (the 2 of 广义货币M, broken around its subscript markup).
            kind = classify(text) if wrapped else "text"
            bare = not hard and len(block) > 1 and text.strip().isdigit()
            mark = kind in ("md", "separator") or (kind == "page" and not bare)
            mark = mark or (wrapped and is_date_line(text))  # a speech's date line
            turn = run is not None and starts_turn(
                text, _SENTENCE_END.search(run.tail) is not None, run.first.text
            )
            # ——在…上的报告 under a title: the subtitle, not the title's end
            turn = turn or (run is not None and text.startswith("—") and run.titleish())
            if run is not None and (not wrapped or mark or turn):
                pieces.append(run.piece())
                run = None
            if run is None:
                run = _Run(part)
            else:
                run.add(part)
            if mark or (len(text) < short and _SENTENCE_END.search(text)):
                pieces.append(run.piece())  # or the end of a paragraph in wrapped text
                run = None
        if run is not None:
            pieces.append(run.piece())
    return pieces


_NOTE_MARK_END = re.compile(r"(?:\[\d{1,3}\]|［\d{1,3}］|[①-⑳]|↑)+$")


def rejoin_cuts(pieces: Sequence[Piece]) -> list[Piece]:
    """Join text cut in two by a page break; a caption or page number inside the cut moves out.

    A piece of kind ``text`` that ends without closing punctuation is continued by the next
    ``text`` piece, skipping captions and page numbers that the layout put in between.

    Parameters
    ----------
    pieces : sequence of Piece
        The classified pieces of one file, in order.

    Returns
    -------
    list of Piece
        The pieces with cuts joined; page numbers and junk dropped.
    """
    out: list[Piece] = []
    held: list[Piece] = []  # captions lifted out of the current cut
    i = 0
    pieces = list(pieces)
    while i < len(pieces):
        piece = pieces[i]
        i += 1
        if piece.kind != "text":
            out.append(piece)
            continue
        run = _Run(piece)
        while run.unfinished():
            j = i
            while j < len(pieces) and pieces[j].kind in ("caption", "page", "junk"):
                j += 1
            if j < len(pieces) and pieces[j].kind == "text":
                held.extend(p for p in pieces[i:j] if p.kind == "caption")
                run.add(pieces[j])
                i = j + 1
            else:
                break
        out.append(run.piece())
        out.extend(held)
        held = []
    return [p for p in out if p.kind not in ("page", "junk")]


# what never opens an article: a bare date (a timeline's 2018年11月—12月) or an attribution
# (——2019年3月26日，国家主席…的讲话)
_NO_HEADLINE = re.compile(r"^(?:[—–]|\d[\d\s年月日号—–\-~至]*[年月]\s*[\d\s年月日号—–\-~至]*$)")


def _starts_article(pieces: Sequence[Piece], i: int) -> bool:
    """Does a new article start at ``pieces[i]`` (after some body text)?"""
    p = pieces[i]
    if p.kind == "md":
        return p.level == 1
    if p.kind != "titleish" or _NUMBERED.match(p.text) or _NO_HEADLINE.match(p.text):
        return False
    k = i - 1
    while k >= 0 and pieces[k].kind == "titleish":
        if _NO_HEADLINE.match(pieces[k].text):
            return False  # the lines under a timeline's date belong to its entry
        k -= 1
    j = i
    while j < len(pieces) and pieces[j].kind in ("titleish", "caption"):
        if _NUMBERED.match(pieces[j].text):
            return False
        j += 1
    titles = [q.text for q in pieces[i:j] if q.kind == "titleish"]
    while titles and titles[-1][-1] in "：:":  # a salutation or lead-in, not a headline
        titles.pop()
    group = len(titles)
    nxt = pieces[j] if j < len(pieces) else None
    if nxt is None:
        return False
    if nxt.kind == "byline":
        return True
    if nxt.kind != "text":
        return False
    return group >= 2 or bool(_DATELINE.match(nxt.text))


def split_articles(pieces: Sequence[Piece]) -> list[list[Piece]]:
    """Split a file's pieces into articles at separators and at new headline groups.

    Parameters
    ----------
    pieces : sequence of Piece
        The classified pieces of one file, back matter marked.

    Returns
    -------
    list of list of Piece
        One list per article; a part without text or question pieces is dropped.
    """
    articles: list[list[Piece]] = [[]]
    seen_body = False
    for i, p in enumerate(pieces):
        if p.kind == "separator":
            if seen_body:
                articles.append([])
                seen_body = False
            continue
        if seen_body and _starts_article(pieces, i):
            articles.append([])
            seen_body = False
        articles[-1].append(p)
        if p.kind in ("text", "question"):
            seen_body = True
    return [a for a in articles if any(p.kind in ("text", "question") for p in a)]
