"""Read seed files into articles: decode, normalise, rebuild paragraphs, assign roles and metadata.

The stages, each a pure function over plain data::

    decode_bytes      bytes -> str                       (UTF-8/BOM, UTF-16, GB18030, Big5)
    normalize_text    str -> str                         (widths, punctuation, spaces, t2s)
    split_blocks      lines -> list[Piece]               (blank-line or one-per-line layout)
    classify          Piece -> kind                      (caption, question, title-like, ...)
    rejoin_cuts       list[Piece] -> list[Piece]         (page breaks that cut a sentence)
    split_articles    list[Piece] -> list[list[Piece]]   (several reports in one file)
    assign_roles      list[Piece] -> list[Paragraph]     (headline, kicker, answer, duplicate, ...)

``read_articles`` is the only function here that touches the file system.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

from .errors import Notice, TifaError

ANALYSED_ROLES = ("body", "answer")
ROLES = (
    "headline", "kicker", "byline", "attendees", "caption", "heading",
    "question", "answer", "body", "duplicate", "foreign", "footnote", "appendix",
)  # fmt: skip

# --------------------------------------------------------------------------- data


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
        return self.text[self.label_len :].strip()

    @property
    def analysed(self) -> bool:
        return self.role in ANALYSED_ROLES

    def line_at(self, offset: int) -> int:
        """Return the file line that holds character ``offset`` of ``text``."""
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
        return tuple(p for p in self.paragraphs if p.analysed)

    @cached_property
    def characters(self) -> int:
        """Characters of analysed text (whitespace excluded): the base of every rate."""
        return sum(count_chars(p.content) for p in self.analysed)

    def get(self, key: str) -> str:
        """Return a metadata value: title, date, source or a manifest column."""
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
    return sum(map(len, text.split()))  # str.split() cuts at exactly the isspace() characters


# --------------------------------------------------------------------------- decoding


class DecodeFailure(Exception):
    """A file that is not text tifa can read; the caller skips it with a warning."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (NUL high bytes of ASCII): the byte order with
    more NULs in the high byte, if the whole file decodes to printable text."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    codec = "utf-16-le" if odd >= even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if not all(ch.isprintable() or ch in "\n\r\t\ufeff" for ch in text):
        return None
    return text, codec


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a seed file, detecting its encoding.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are recognised directly, UTF-16 without
    BOM by its NUL bytes when it decodes to printable text; anything else is
    given to charset-normalizer restricted to GB18030 and Big5, because GB18030 decodes Big5
    bytes without error and only a language model can tell them apart.

    Returns
    -------
    (text, encoding)

    Raises
    ------
    DecodeFailure
        Binary data, or bytes that are none of the supported encodings.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", " with BOM")
            except UnicodeDecodeError as exc:
                raise DecodeFailure(
                    f"starts with a {codec} byte-order mark but is not {codec} "
                    f"(bad byte at offset {exc.start})"
                ) from None
    if b"\x00" in data[:65536]:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise DecodeFailure("binary file (NUL bytes), not text")
        return guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    import charset_normalizer  # noqa: PLC0415 - only needed for non-UTF-8 files

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise DecodeFailure(
            f"not UTF-8, GB18030 or Big5 text (first bad UTF-8 byte at offset {utf8_error}); "
            "save it as UTF-8"
        )
    return str(best), best.encoding.replace("_", "-")


# --------------------------------------------------------------------------- normalising

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = HAN + "\u3000-\u303f\uff01-\uff60\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\x0c"))
# Control characters (a terminal escape, a bell) and bidi overrides, which can make text show
# in another order than it is stored in (a table opened in a spreadsheet, the PDF), go too.
_ZERO_WIDTH.update(
    dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)])
)
_ZERO_WIDTH.update(dict.fromkeys([0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_WIDTH = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: ord("%"), 0xFF0B: ord("+"), 0xFF0E: ord("."), 0xFF0F: ord("/"),
    0x00A0: ord(" "), 0x2002: ord(" "), 0x2003: ord(" "), 0x2009: ord(" "), 0x202F: ord(" "),
    0x09: ord(" "),
}  # fmt: skip
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_TABLE = {**_ZERO_WIDTH, **{k: chr(v) for k, v in _WIDTH.items()}}
_TO_MAP = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,:;!?()]|[,:;!?()](?=[{_CJK}])")
_ASCII_STOP = re.compile(rf"(?<=[{HAN}])\.(?=$|[ {HAN}”’」』）])", re.M)
_SPACES = re.compile(r"[ \u3000]+")
_HAS_HAN = re.compile(f"[{HAN}]")


# An in-line paragraph mark: an ideographic-space indent (two or more U+3000) inside a line, or
# a run of four or more spaces after the end of a sentence; pasted official text often holds a
# whole speech on one line this way. Marked before normalisation collapses the spaces.
_INLINE_PARA = re.compile(r"(?<=\S)[ \t\u00a0]*\u3000{2,}[ \t\u00a0\u3000]*(?=\S)"
                          r"|(?<=[。！？!?；”’」』）)])[ \t\u00a0]{4,}(?=\S)")  # fmt: skip
PARA_MARK = "\ue000"  # private use: survives normalisation, split out into paragraphs


def mark_inline_paragraphs(text: str) -> str:
    """Replace in-line paragraph marks (see ``_INLINE_PARA``) with ``PARA_MARK``.

    An indent after a sentence's end always marks a paragraph; after other text (a heading) only
    when what follows is a paragraph of its own (20 characters or more, or a sentence), so the
    aligned spaces of a byline (区长\u3000\u3000杜联合) stay.

    Examples
    --------
    >>> mark_inline_paragraphs("第一段。\u3000\u3000第二段。") == "第一段。" + PARA_MARK + "第二段。"
    True
    """
    if "\u3000\u3000" not in text and "    " not in text:
        return text

    def cut(m: re.Match) -> str:
        before = text[max(0, m.start() - 1) : m.start()]
        if before and before in _TERMINAL:
            return PARA_MARK
        line_start = text.rfind("\n", 0, m.start()) + 1
        nxt = _INLINE_PARA.search(text, m.end())
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        end = min(nxt.start(), line_end) if nxt else line_end
        following = text[m.end() : end].rstrip()
        if m.start() - line_start >= 4 and (len(following) >= 20 or following[-1:] in _TERMINAL):
            return PARA_MARK
        return m.group()

    return _INLINE_PARA.sub(cut, text)


def split_marked(lines: Sequence[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Cut lines at ``PARA_MARK``: the parts become blank-line separated lines (the same line
    number), so they are paragraphs whatever the file's layout."""
    out: list[tuple[int, str, bool]] = []
    for ln, text, conv in lines:
        if PARA_MARK not in text:
            out.append((ln, text, conv))
            continue
        parts = [p.strip() for p in text.split(PARA_MARK)]
        parts = [p for p in parts if p]
        for k, part in enumerate(parts):
            if k:
                out.append((ln, "", conv))
            out.append((ln, part, conv))
        out.append((ln, "", conv))
    return out


def normalize_text(text: str) -> str:
    """Normalise text line by line (line breaks are kept, so line numbers stay right).

    Full-width digits and letters become ASCII, ASCII punctuation between Chinese clauses
    becomes full-width, straight double quotes around Chinese become curly, zero-width
    characters go, runs of spaces and ideographic spaces become one space, lines are stripped.

    Examples
    --------
    >>> normalize_text("\u3000\u3000余长明强调,新年新气象\u200b,２０２４年(右三)")
    '余长明强调，新年新气象，2024年（右三）'
    """
    text = _ANSI.sub("", text) if "\x1b" in text else text  # terminal colours, pasted in
    # A regex finds the few characters to map far faster than str.translate scans them all.
    text = _TO_MAP.sub(lambda m: _TABLE[ord(m.group())] or "", text)
    text = _ASCII_PUNCT.sub(lambda m: _FULL[m.group()], text)
    text = _ASCII_STOP.sub("。", text)
    text = _SPACES.sub(" ", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if '"' in line and line.count('"') % 2 == 0 and _HAS_HAN.search(line):
            parts = line.split('"')
            line = parts[0] + "".join("“”"[i % 2] + part for i, part in enumerate(parts[1:]))
        lines[i] = line.strip()
    return "\n".join(lines)


def normalize_line(line: str) -> str:
    """Normalise one line (see :func:`normalize_text`)."""
    return normalize_text(line)


@cache
def _t2s():
    import opencc  # noqa: PLC0415 - heavy import, only when reading

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (OpenCC ``t2s``); simplified text is kept."""
    return _t2s().convert(text) if text else text


# --------------------------------------------------------------------------- front matter

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def split_front_matter(text: str, *, path: str) -> tuple[dict[str, str], int]:
    """Return the ``key: value`` pairs of a ``---`` block at the top, and the lines it takes."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for i, raw in enumerate(m.group(1).splitlines(), start=2):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip():
            raise TifaError(
                f"front matter line {raw.strip()!r} is not 'key: value'; write e.g. 'date: 2024-02-19'",
                path=path,
                line=i,
            )
        meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, m.group(0).count("\n")


# --------------------------------------------------------------------------- pieces

_PAGE_MARK = re.compile(
    r"^[-—–_\s]*(\d{1,4}|第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[-—–_\s]*$"
)
_SEPARATOR = re.compile(r"^([-=*_~#＝＊—·•※]\s*){3,}$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_CAPTION = re.compile(
    r"(?:[/／]\s*摄(?:影)?\s*$"
    r"|[（(]\s*(?:记者|通讯员|摄影)?\s*[" + HAN + r"·\s、]{2,20}\s*摄(?:影)?\s*[）)]\s*$"
    r"|^(?:图为|图片[:：]|图[:：]|上图|下图|左图|右图|资料图)"
    r"|(?:供图|图片来源[:：].{0,30}|摄影[:：].{0,20})$)"
)
_QUESTION = re.compile(r"^(?:《[^》]{1,30}》\s*(?:记者)?|(?:本报)?记者|主持人|问|Q)\s*[：:]")
_SPEAKER = re.compile(rf"^([{HAN}·]{{2,5}})\s*[：:]\s*\S")
_NOT_SPEAKERS = frozenset(
    "各位代表 同志们 朋友们 女士们 先生们 注 答 问 附 备注 说明 其中 一是 二是 三是 四是 五是 "
    "首先 其次 再次 最后 第一 第二 第三 目标 原则 重点".split()
)
_BYLINE = re.compile(
    r"^[（(]?(?:(?:本报记者|本报通讯员|特约记者|记者|通讯员|文|撰文|作者|编辑|责任编辑|责编|摄影|摄)"
    rf"(?:\s+|\s*[：:/｜|]\s*)[{HAN}·A-Za-z]{{2,}}(?:[\s、，,][{HAN}·A-Za-z]{{2,}})*"
    r"|(?:来源|稿件来源|本文来源|转自)\s*[：:]\s*\S.*)[）)]?$"
)
_OFFICIAL_BYLINE = re.compile(
    rf"^[{HAN}]{{0,14}}(?:总理|副总理|书记|副书记|主任|部长|省长|市长|区长|县长|主席|委员长)"
    rf"\s*[{HAN}·]{{1,2}}\s?[{HAN}·]{{1,3}}$"
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
_TERMINAL = set("。！？!?；;：:…”’」』）)】》\"'")
_SENTENCE_END = re.compile(r"[。！？!?；;…：:][”’」』）)】》]*$")
_SENTENCE_INSIDE = re.compile(r"[。；！？!?;]")
_HAS_WORD = re.compile(rf"[{HAN}A-Za-z0-9]")


def is_titleish(text: str) -> bool:
    """Return True for a short line without sentence punctuation: a headline or a heading."""
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
    letters at all), ``md`` (markdown heading), ``caption``, ``question``, ``byline``,
    ``attendees``, ``titleish`` (headline, kicker or heading, decided by position) and ``text``.
    """
    if len(text) > 200:  # long text can only be a heading marker, a question or text
        return "md" if _MD_HEADING.match(text) else "question" if _QUESTION.match(text) else "text"
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
    if _QUESTION.match(text):
        return "question"
    if len(text) <= 40 and _BYLINE.match(text):
        return "byline"
    if len(text) <= 120 and _ATTENDEES.search(text) and _ATTENDEE_HINT.search(text):
        if len(_SENTENCE_INSIDE.findall(text[:-1])) == 0:
            return "attendees"
    if is_titleish(text):
        return "titleish"
    return "text"


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return f"{a} {b}"
    return a + b


def _merge(a: Piece, b: Piece) -> Piece:
    text = _join(a.text, b.text)
    shift = len(text) - len(b.text)
    line_map = a.line_map + tuple((off + shift, ln) for off, ln in b.line_map)
    return replace(a, text=text, line_map=line_map, converted=a.converted or b.converted)


def split_blocks(lines: Sequence[tuple[int, str, bool]]) -> list[Piece]:
    """Group normalised lines into paragraph pieces.

    Lines between blank lines form a block. When blank lines separate the paragraphs of a file,
    or when a block's lines mostly end mid-sentence (hard-wrapped text, wiki exports that break
    around markup), a block's lines are joined. Otherwise (one paragraph per line) each line is
    a piece, and :func:`rejoin_cuts` later joins the few that a page break cut.

    Parameters
    ----------
    lines : sequence of (line_number, text, converted)
        Normalised lines; blank lines are ``""``.
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
    n_lines = sum(map(len, blocks))
    # Paragraphs separated by blank lines: any line break inside a block is a soft break.
    blank_separated = len(blocks) >= 3 and len(blocks) >= 0.25 * n_lines
    pieces: list[Piece] = []
    for block in blocks:
        ends = [_SENTENCE_END.search(text) is not None for _, text, _ in block[:-1]]
        wrapped = blank_separated or (bool(ends) and sum(ends) < 0.5 * len(ends))
        piece = None
        for ln, text, conv in block:
            part = Piece(text=text, line=ln, line_map=((0, ln),), converted=conv)
            # A markdown heading, rule line or page number is never part of a sentence.
            if piece is not None and (
                not wrapped or classify(text) in ("md", "separator", "page")
            ):
                pieces.append(piece)
                piece = None
            piece = part if piece is None else _merge(piece, part)
        if piece is not None:
            pieces.append(piece)
    return pieces


_NOTE_MARK_END = re.compile(r"(?:\[\d{1,3}\]|［\d{1,3}］|[①-⑳]|↑)+$")


def _unfinished(text: str) -> bool:
    """A body text that stops mid-sentence (a page break cut it); a footnote mark after the
    full stop (。[1], 。①) does not count."""
    text = _NOTE_MARK_END.sub("", text) or text
    return text[-1] not in _TERMINAL and ("，" in text or "、" in text or len(text) >= 30)


def rejoin_cuts(pieces: Sequence[Piece]) -> list[Piece]:
    """Join text cut in two by a page break; a caption or page number inside the cut moves out.

    A piece of kind ``text`` that ends without closing punctuation is continued by the next
    ``text`` piece, skipping captions and page numbers that the layout put in between.
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
        while _unfinished(piece.text):
            j = i
            while j < len(pieces) and pieces[j].kind in ("caption", "page", "junk"):
                j += 1
            if j < len(pieces) and pieces[j].kind == "text":
                held.extend(p for p in pieces[i:j] if p.kind == "caption")
                piece = _merge(piece, pieces[j])
                i = j + 1
            else:
                break
        out.append(piece)
        out.extend(held)
        held = []
    return [p for p in out if p.kind not in ("page", "junk")]


# Back matter: a heading that opens an appendix or a block of notes; from it to the end of the
# article (a separator or a level-1 heading ends it) nothing is analysed or splits the article.
_APPENDIX_HEAD = re.compile(
    r"^(?:附件\s*[\d一二三四五六七八九十]*|附表\s*\d*|附录|名词解释|名词注释|有关名词解释|"
    r"参考文献|相关链接|延伸阅读)\s*[：:]?(?:\s.{0,30})?$"
)
_FOOTNOTE_HEAD = re.compile(r"^(?:注释|注解|脚注|注|字库未存字注释|编者注|附注)\s*[：:]?$")
# A footnote line: [1] ..., ［1］..., ↑ ..., 〔注〕..., 注：..., ①... after a note heading.
_FOOTNOTE_LINE = re.compile(r"^(?:\[\d{1,3}\]|［\d{1,3}］|↑|\^|〔注\d*〕|[（(]注\d*[）)]|注\d*[：:]|注释\d*[：:])")
_NOTE_ITEM = re.compile(r"^[@＠]?[①-⑳]")


def mark_back_matter(pieces: Sequence[Piece]) -> list[Piece]:
    """Give kind ``appendix`` or ``footnote`` to back matter, so that it is neither analysed
    nor taken for the start of a new article.

    An appendix heading (附件1, 名词解释...) or a note heading (注释：) opens a block that runs to
    the end of the article; a footnote line (``[1] ...``, ``↑ ...``, ``〔注〕...``) is a footnote
    wherever it is.
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


def _starts_article(pieces: Sequence[Piece], i: int) -> bool:
    """Does a new article start at ``pieces[i]`` (after some body text)?"""
    p = pieces[i]
    if p.kind == "md":
        return p.level == 1
    if p.kind != "titleish" or _NUMBERED.match(p.text):
        return False
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
    """Split a file's pieces into articles at separators and at new headline groups."""
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
    """Give each piece of one article its role, speaker and label; mark duplicated text."""
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
            m = _QUESTION.match(text)
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


# --------------------------------------------------------------------------- dates

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_LOOSE = re.compile(r"^(\d{4})\s*[-/.年]?\s*(?:(\d{1,2})\s*[-/.月]?\s*(?:(\d{1,2})\s*日?)?)?$")
_STEM_DATE = re.compile(r"^((?:19|20|21)\d{2})(?:[-_.]?(\d{2})(?:[-_.]?(\d{2}))?)?(?=\D|$)")
_TEXT_FULL = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TEXT_MD = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            dt.date(int(year), int(month), 1)
            return f"{int(year):04d}-{int(month):02d}"
        return f"{int(year):04d}"
    except (ValueError, TypeError):
        return None


def parse_date(value: str) -> str | None:
    """Return an ISO 8601 (possibly partial) date for ``value``, or None if it is not one.

    Accepts ``2024``, ``2024-02``, ``2024-02-19``, ``2024/2/19``, ``2024.2.19`` and
    ``2024年2月19日``.
    """
    value = value.strip()
    m = _ISO.match(value) or _LOOSE.match(value)
    return _iso(*m.groups()) if m else None


def date_from_stem(stem: str) -> str:
    """Return the date a file name starts with (``2018``, ``2024-02-19-visit``), or ``""``."""
    m = _STEM_DATE.match(stem)
    return (_iso(*m.groups()) or "") if m else ""


def date_from_text(paragraphs: Sequence[Paragraph], base: str) -> str:
    """Refine ``base`` with a date in the article's lead, when the two agree.

    A full date (``2024年3月5日``) is used on its own; a month and day (``2月20日``) only when the
    year is known from ``base``.
    """
    lead = [p for p in paragraphs if p.role in ("kicker", "headline", "body", "answer")][:4]
    for p in lead:
        for m in _TEXT_FULL.finditer(p.text):
            found = _iso(*m.groups())
            if found and (not base or found.startswith(base)):
                return found if len(found) > len(base) else base
        if base:
            for m in _TEXT_MD.finditer(p.text):
                found = _iso(base[:4], *m.groups())
                if found and found.startswith(base):
                    return found if len(found) > len(base) else base
    return base


# --------------------------------------------------------------------------- manifest

MANIFEST_KEYS = ("article_id", "file")
COMPUTED_COLUMNS = frozenset(
    "paragraphs characters tokens words encoding converted".split()
)  # columns of articles.csv that a copied manifest may carry; they are recomputed


@dataclass(frozen=True)
class ManifestRow:
    key: str  # article_id (with '#') or file name without .txt
    values: tuple[tuple[str, str], ...]
    line: int


def read_manifest(path: Path) -> tuple[list[ManifestRow], tuple[str, ...]]:
    """Read ``manifest.csv``: a key column (``file`` or ``article_id``) and metadata columns.

    Returns the rows and the names of the extra metadata columns, in file order.
    """
    try:
        text, _ = decode_bytes(path.read_bytes())
    except DecodeFailure as exc:
        raise TifaError(f"{exc}", path=path) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], ()
    if not any(k in header for k in MANIFEST_KEYS):
        raise TifaError(
            "the first row must name a 'file' or 'article_id' column; "
            "e.g. 'file,title,date,source'",
            path=path,
            line=1,
        )
    extras = tuple(
        h
        for h in header
        if h and h not in (*MANIFEST_KEYS, "title", "date", "source") and h not in COMPUTED_COLUMNS
    )
    rows = []
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise TifaError(
                f"{len(values)} fields but the header has {len(header)}; "
                "quote values that contain commas",
                path=path,
                line=line,
            )
        record = {h: v.strip() for h, v in zip(header, values, strict=False) if h}
        key = record.get("article_id") or record.get("file", "")
        key = key.removesuffix(".txt")
        if not key:
            raise TifaError("row has no 'file' or 'article_id' value", path=path, line=line)
        if record.get("date"):
            iso = parse_date(record["date"])
            if iso is None:
                raise TifaError(
                    f"date {record['date']!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
                    path=path,
                    line=line,
                )
            record["date"] = iso
        kept = tuple(
            (k, v)
            for k, v in record.items()
            if k not in MANIFEST_KEYS and k not in COMPUTED_COLUMNS and v
        )
        rows.append(ManifestRow(key=key, values=kept, line=line))
    return rows, extras


# --------------------------------------------------------------------------- files


def parse_text(text: str, *, path: str = "<text>") -> tuple[dict[str, str], list[list[Paragraph]]]:
    """Turn a decoded file into front-matter metadata and articles (lists of paragraphs).

    Pure: no file access. ``path`` is only used in error messages.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, skip = split_front_matter(text, path=path)
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


_FOREIGN_WORD = re.compile(r"[^\W\d_]{2,}")


def mark_foreign(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Give role ``foreign`` to paragraphs of two or more words in letters and no Chinese
    character (an English abstract, a translated version): they stay in ``paragraphs.csv`` but
    out of the analysis. A lone abbreviation (``［5］ESI：``, a glossary entry) is not foreign."""
    return [
        replace(p, role="foreign")
        if not _HAS_HAN.search(p.text) and len(_FOREIGN_WORD.findall(p.text)) >= 2
        else p
        for p in paragraphs
    ]


def _article_ids(stem: str, n: int) -> list[str]:
    return [stem] if n == 1 else [f"{stem}#{k}" for k in range(1, n + 1)]


def _headline(paragraphs: Sequence[Paragraph]) -> str:
    return next((p.text for p in paragraphs if p.role == "headline"), "")


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown_name(name: str | os.PathLike) -> str:
    """A file name or path as the user can find it: printable, on one line.

    Names are bytes on Linux; Python keeps undecodable bytes as surrogates, which cannot be
    printed or written as UTF-8. Bytes that are not UTF-8 are decoded as GB18030 (zip archives
    made on Chinese Windows hold GBK names) where that works, else shown as ``\\xNN`` escapes;
    control and right-to-left characters are escaped (``\\n``, ``\\u202e``).

    Examples
    --------
    >>> shown_name(os.fsdecode("报告.txt".encode("gbk")))
    '报告.txt'
    >>> shown_name(os.fsdecode(b"\\xff.txt"))
    '\\\\xff.txt'
    """
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "backslashreplace")
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs")
        else ch
        for ch in text
    )


def list_seed_files(seeds: Path) -> tuple[Path, list[Path], list[Notice], bool]:
    """The ``.txt`` files of a corpus, and what was left out and why.

    ``seeds`` is a folder (its ``*.txt``, sorted by name) or one ``.txt`` file. A folder named
    ``x.txt``, a FIFO or device, a symlink loop and a symlink to anything outside the folder
    are skipped with a notice: a corpus is the folder the user gave, nothing more.

    Returns
    -------
    (folder, files, notices, single)
        ``folder`` holds the manifest; ``single`` is True when ``seeds`` is one file.

    Raises
    ------
    TifaError
        ``seeds`` does not exist, is a file that is not ``.txt``, or holds no ``.txt`` files.
    """
    if seeds.is_file():
        if seeds.suffix.lower() != ".txt":
            raise TifaError(
                "is a file but not a .txt file; give a .txt file or the folder that holds them",
                path=shown_name(seeds),
            )
        return seeds.parent, [seeds], [], True
    if not seeds.is_dir():
        raise TifaError(
            "no such folder; give the folder that holds your .txt articles", path=shown_name(seeds)
        )
    root = seeds.resolve()
    files: list[Path] = []
    notices: list[Notice] = []
    for path in sorted(p for p in seeds.iterdir() if p.name.endswith(".txt")):
        shown = shown_name(path)
        why = ""
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # a loop, or a link to nothing
                why = "a symlink loop or a link to nothing"
            else:
                if not target.is_relative_to(root):
                    why = "a symlink to a file outside the corpus folder; copy the file in instead"
        if not why and path.is_dir():
            why = "a folder, not a file"
        elif not why and not path.is_file():
            why = "not a regular file"
        if why:
            notices.append(Notice(f"skipped: {why}", path=shown))
        else:
            files.append(path)
    if not files and not notices:
        raise TifaError(
            "no .txt files in this folder; put your articles there", path=shown_name(seeds)
        )
    return seeds, files, notices, False


NO_CHINESE = "no Chinese text in it (tifa analyses Chinese; an English text is left out)"


def _unique_stem(stem: str, n_articles: int, taken: set[str]) -> str:
    """``stem``, or ``stem~2``, ``stem~3`` ... when two file names show alike or an id is taken
    already (``a#1.txt`` beside a file ``a.txt`` of two articles, ``a#1`` and ``a#2``)."""
    candidate, n = stem, 1
    while candidate in taken or taken.intersection(_article_ids(candidate, n_articles)):
        n += 1
        candidate = f"{stem}~{n}"
    return candidate


def read_articles(seed_dir: str | Path, *, manifest: str = "manifest.csv") -> Corpus:
    """Read every ``*.txt`` in ``seed_dir`` (sorted by name), or the one ``.txt`` file it
    names, into articles.

    Unreadable, empty, binary and non-Chinese files, folders named ``*.txt`` and symlinks that
    leave the folder are skipped with a notice; metadata comes from the manifest, then front
    matter, then a date at the start of the file name, then the text. For one file, the
    manifest of its folder applies when it names the file. File names that are not UTF-8 are
    shown as :func:`shown_name` gives them, in messages, ``file`` and ``article_id``.

    Raises
    ------
    TifaError
        The folder does not exist, holds no ``.txt`` files, or no article could be read; or the
        manifest is malformed.
    """
    seed_dir = Path(seed_dir)
    folder, files, listing, single = list_seed_files(seed_dir)
    notices: list[Notice] = list(listing)
    manifest_path = folder / manifest
    rows, extras = read_manifest(manifest_path) if manifest_path.is_file() else ([], ())
    by_key: dict[str, ManifestRow] = {}
    for row in rows:
        by_key[row.key] = row
    used: set[str] = set()
    taken: set[str] = set()
    articles: list[Article] = []
    converted, converted_files = 0, set()
    no_chinese: list[str] = []
    for path in files:
        shown = shown_name(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            notices.append(Notice(f"skipped: cannot be read ({exc.strerror})", path=shown))
            continue
        try:
            text, encoding = decode_bytes(data)
        except DecodeFailure as exc:
            notices.append(Notice(f"skipped: {exc}", path=shown))
            continue
        if not text.strip():
            notices.append(Notice("skipped: empty file", path=shown))
            continue
        front, parsed = parse_text(text, path=shown) if _HAS_HAN.search(text) else ({}, [])
        if parsed and any(_HAS_HAN.search(p.text) for a in parsed for p in a):
            pass
        elif parsed or not _HAS_HAN.search(text):  # (Chinese only in the front matter)
            notices.append(Notice(f"skipped: {NO_CHINESE}", path=shown))
            no_chinese.append(shown_name(path.name))
            continue
        else:
            notices.append(Notice("skipped: no paragraph of text in it", path=shown))
            continue
        name = shown_name(path.name)
        file_stem = name.removesuffix(".txt")
        stem = _unique_stem(file_stem, len(parsed), taken)  # every article_id is unique
        taken.update({stem, *_article_ids(stem, len(parsed))})
        for article_id, paragraphs in zip(_article_ids(stem, len(parsed)), parsed, strict=True):
            meta: dict[str, str] = {k: v for k, v in front.items()}
            if "date" in meta:
                iso = parse_date(meta["date"])
                if iso is None:
                    raise TifaError(
                        f"front matter date {meta['date']!r} is not a date; write YYYY-MM-DD",
                        path=shown,
                    )
                meta["date"] = iso
            for key in dict.fromkeys((file_stem, stem, article_id)):
                if key in by_key:
                    meta.update(dict(by_key[key].values))
                    used.add(key)
            base = meta.get("date") or date_from_stem(file_stem)
            date = date_from_text(paragraphs, base)
            title = meta.get("title") or _headline(paragraphs) or article_id
            extra = tuple((k, meta.get(k, "")) for k in extras)
            articles.append(
                Article(
                    article_id=article_id,
                    file=name,
                    title=title,
                    date=date,
                    source=meta.get("source", ""),
                    paragraphs=tuple(paragraphs),
                    encoding=encoding,
                    meta=extra,
                )
            )
            converted += sum(p.converted for p in paragraphs)
            if any(p.converted for p in paragraphs):
                converted_files.add(name)
    if converted:
        names = sorted(converted_files)
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        notices.append(
            Notice(
                f"{converted} paragraph(s) in {len(names)} file(s) converted from traditional "
                f"to simplified characters ({listed}); articles.csv counts them per article",
                path=shown_name(seed_dir),
                warning=False,
            )
        )
    if no_chinese and articles:
        notices.append(
            Notice(
                f"{len(no_chinese)} file(s) without Chinese text left out: "
                + ", ".join(no_chinese[:3])
                + (f" and {len(no_chinese) - 3} more" if len(no_chinese) > 3 else ""),
                path=shown_name(seed_dir),
                warning=False,
            )
        )
    for row in rows:
        if row.key not in used and not single:
            notices.append(
                Notice(
                    f"manifest row {row.key!r} matches no article",
                    path=shown_name(manifest_path),
                    line=row.line,
                )
            )
    if not articles and no_chinese and len(no_chinese) == len(notices):
        raise TifaError(
            "no Chinese text in any file (tifa analyses Chinese); give Chinese .txt articles",
            path=shown_name(seed_dir),
        )
    articles, repeats = mark_duplicate_articles(articles, where=shown_name(seed_dir))
    notices.extend(repeats)
    if not articles:
        why = [f"{n.path.rsplit('/', 1)[-1]} ({n.message.removeprefix('skipped: ')})"
               for n in notices if n.message.startswith("skipped")]  # fmt: skip
        listed = "; ".join(why[:3]) + (f"; and {len(why) - 3} more" if len(why) > 3 else "")
        raise TifaError(
            f"no article could be read, every file was skipped: {listed}; give UTF-8, GB18030, "
            "Big5 or UTF-16 text files",
            path=shown_name(seed_dir),
        )
    return Corpus(articles=tuple(articles), notices=tuple(notices), meta_columns=extras)


def mark_duplicate_articles(
    articles: Sequence[Article], *, threshold: float | None = None, where: str = ""
) -> tuple[list[Article], list[Notice]]:
    """Mark articles that repeat an earlier one (near-identical analysed text, see
    :mod:`analysis.duplicates`): ``duplicate_of`` names the earlier article and their analysed
    paragraphs get the role ``duplicate``, so the text is analysed once. One warning names them.
    """
    from .duplicates import THRESHOLD, find_duplicates  # noqa: PLC0415

    texts = ["\n".join(p.content for p in a.analysed) for a in articles]
    found = find_duplicates(texts, threshold=THRESHOLD if threshold is None else threshold)
    if not found:
        return list(articles), []
    out = list(articles)
    for later, earlier, _sim in found:
        art = out[later]
        paragraphs = tuple(
            replace(p, role="duplicate") if p.analysed else p for p in art.paragraphs
        )
        out[later] = replace(art, paragraphs=paragraphs, duplicate_of=articles[earlier].article_id)
    pairs = [f"{articles[i].article_id} = {articles[j].article_id} ({s:.2f})" for i, j, s in found]
    listed = "; ".join(pairs[:5]) + (f"; and {len(pairs) - 5} more" if len(pairs) > 5 else "")
    notice = Notice(
        f"{len(found)} article(s) repeat an earlier one (near-identical text) and are analysed "
        f"once: {listed}; articles.csv lists them in duplicate_of",
        path=where or None,
    )
    return out, [notice]


def iter_analysed(articles: Iterable[Article]) -> Iterable[tuple[int, Paragraph]]:
    """Yield (article position, paragraph) for every analysed paragraph, in corpus order."""
    for a_idx, article in enumerate(articles):
        for p in article.analysed:
            yield a_idx, p
