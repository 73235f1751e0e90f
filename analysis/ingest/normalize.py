"""Normalise decoded text: widths, punctuation, spaces, in-line paragraph marks, t2s.

Pure functions over strings; line breaks are kept, so line numbers stay right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

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
_TERMINAL = set("。！？!?；;：:…”’」』）)】》\"'")


# An in-line paragraph mark: an ideographic-space indent (two or more U+3000) inside a line,
# four or more spaces after a sentence's end or a closing bracket or quote, or after a full
# stop (。！？；, with its closing quote) two or more spaces (no-break spaces: &nbsp;&nbsp; of a
# web page) or a tab, but not after a heading's number (（一）  总体要求) or a quoted item.
# Pasted official text often holds a whole speech on one line this way. Chinese prose has no
# space after a full stop but a single one, typed or pasted (the six dev corpora have five,
# each inside a paragraph), and none of two or more. Marked before normalisation collapses
# the spaces. U+2028 and U+2029 (line and paragraph separators of word processors and JSON
# exports) are marks as well.
_INLINE_PARA = re.compile(r"(?<=\S)[ \t\u00a0]*\u3000{2,}[ \t\u00a0\u3000]*(?=\S)"
                          r"|(?<=[。！？!?；”’」』）)])[ \t\u00a0]{4,}(?=\S)"
                          r"|(?:(?<=[。！？；])|(?<=[。！？；][”’」』]))(?:[ \u00a0]{2,}|[ \u00a0]*\t)[ \t\u00a0]*(?=\S)")  # fmt: skip
_SEPARATORS = re.compile("[\u2028\u2029]")
PARA_MARK = "\ue000"  # private use: survives normalisation, split out into paragraphs


def mark_inline_paragraphs(text: str) -> str:
    """Replace in-line paragraph marks (see ``_INLINE_PARA``) with ``PARA_MARK``.

    An indent after a sentence's end always marks a paragraph; after other text (a heading) only
    when what follows is a paragraph of its own (20 characters or more, or a sentence), so the
    aligned spaces of a byline (区长\u3000\u3000杜联合) stay.

    Parameters
    ----------
    text : str
        Decoded text, before :func:`normalize_text`.

    Returns
    -------
    str

    Examples
    --------
    >>> mark_inline_paragraphs("第一段。\u3000\u3000第二段。") == "第一段。" + PARA_MARK + "第二段。"
    True
    """
    text = _SEPARATORS.sub(PARA_MARK, text)
    if "\u3000\u3000" not in text and "  " not in text and "\t" not in text and "\u00a0" not in text:
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
    number), so they are paragraphs whatever the file's layout.

    Parameters
    ----------
    lines : sequence of (line_number, text, converted)
        Normalised lines.

    Returns
    -------
    list of (line_number, text, converted)
    """
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


# a transcript's stage direction: （掌声）, （热烈掌声）, （长时间热烈鼓掌）, (笑声), （全场欢呼）:
# no words of the speech (掌声 was the top term of a speech corpus)
_STAGE = re.compile(r"[（(][^（）()\n]{0,8}?(?:掌声|鼓掌|笑声|欢呼声?)[^（）()\n]{0,6}[）)]")


def normalize_text(text: str) -> str:
    """Normalise text line by line (line breaks are kept, so line numbers stay right).

    Full-width digits and letters become ASCII, ASCII punctuation between Chinese clauses
    becomes full-width, straight double quotes around Chinese become curly, zero-width
    characters and a transcript's stage directions (（掌声）, （长时间热烈鼓掌）) go, runs of spaces
    and ideographic spaces become one space, lines are stripped.

    Parameters
    ----------
    text : str
        Decoded text, line breaks ``\\n``.

    Returns
    -------
    str
        The normalised text, with as many lines as ``text``.

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
    if "掌" in text or "笑声" in text or "欢呼" in text:
        text = _STAGE.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if '"' in line and line.count('"') % 2 == 0 and _HAS_HAN.search(line):
            parts = line.split('"')
            line = parts[0] + "".join("“”"[i % 2] + part for i, part in enumerate(parts[1:]))
        lines[i] = line.strip()
    return "\n".join(lines)


def normalize_line(line: str) -> str:
    """Normalise one line (see :func:`normalize_text`).

    Parameters
    ----------
    line : str

    Returns
    -------
    str
    """
    return normalize_text(line)


@cache
def _t2s():
    import opencc  # noqa: PLC0415 - heavy import, only when reading

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified (OpenCC ``t2s``); simplified text is kept.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``text`` in simplified characters.
    """
    return _t2s().convert(text) if text else text
