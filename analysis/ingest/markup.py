"""A web page saved as ``.txt`` (a news site's article, a government portal's page): its text
without the markup, line for line, so that every paragraph keeps the line it starts on."""

from __future__ import annotations

import html
import itertools
import re

from .normalize import PARA_MARK

# what says a file is a page, not a text that mentions a tag (<b> in a sentence stays literal)
_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_BLOCK = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|"
    r"blockquote|dd|dt|dl|hr|pre|title|figure|figcaption|caption|center)\b[^<>]*>",
    re.I,
)
MIN_BLOCK_TAGS = 20  # block tags that make a file a page without <html> or <body>
# or this many paragraphs each opened and closed (<p>...</p>): a CMS's article body saved
# without its page, which a text that mentions a tag does not have
_PARAGRAPH = re.compile(r"<p\b[^<>]*>[^<>]*</p\s*>", re.I)
MIN_PARAGRAPHS = 3
# elements whose content is no text: dropped from the opening tag to the closing one
_OPENS = re.compile(r"<(script|style|noscript|template|svg)\b|<!--", re.I)
_CLOSES = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "noscript", "template", "svg")
}
_COMMENT_END = re.compile("-->")
_DECLARATION = re.compile(r"<!doctype[^<>]*>|<\?xml[^<>]*\?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")


def _lines_of(m: re.Match) -> str:
    return "\n" * m.group().count("\n")


def _drop_elements(text: str) -> str:
    """``text`` without scripts, styles and comments (their lines kept as line breaks); one
    pass, whatever is left unclosed goes to the end."""
    out, pos = [], 0
    while (m := _OPENS.search(text, pos)) is not None:
        close = _CLOSES[m.group(1).lower()] if m.group(1) else _COMMENT_END
        end = close.search(text, m.end())
        stop = end.end() if end else len(text)
        out += [text[pos : m.start()], "\n" * text.count("\n", m.start(), stop)]
        pos = stop
    out.append(text[pos:])
    return "".join(out)


def is_web_page(text: str) -> bool:
    """Whether ``text`` is an HTML page: ``<html>``, ``<head>``, ``<body>`` or a doctype near
    its start, ``MIN_BLOCK_TAGS`` block tags (<p>, <br>, <div>...) or more, or
    ``MIN_PARAGRAPHS`` paragraphs each opened and closed (<p>...</p>: an article body)."""
    if _PAGE.search(text[:5000]):
        return True
    if len(_BLOCK.findall(text, 0, 200_000)) >= MIN_BLOCK_TAGS:
        return True
    found = itertools.islice(_PARAGRAPH.finditer(text, 0, 200_000), MIN_PARAGRAPHS)
    return sum(1 for _ in found) >= MIN_PARAGRAPHS


def page_text(text: str) -> str:
    """The text of an HTML page with as many lines as the page: scripts, styles and comments
    go, a block tag (<p>, <br>, <div>, <li>, a table cell...) ends a paragraph where it
    stands, other tags go, entities are decoded (&nbsp; &ldquo;).

    Examples
    --------
    >>> page = "<html><body>\\n<p>第一段&ldquo;甲&rdquo;。</p><p>第二段。</p>\\n</body></html>"
    >>> page_text(page).replace(PARA_MARK, "|").split("\\n")
    ['', '|第一段“甲”。||第二段。|', '']
    """
    text = _DECLARATION.sub(_lines_of, _drop_elements(text))
    text = _BLOCK.sub(lambda m: PARA_MARK + _lines_of(m), text)
    text = _TAG.sub(_lines_of, text)
    lines = text.split("\n")
    return "\n".join(
        html.unescape(line).replace("\n", " ").replace("\r", " ") if "&" in line else line
        for line in lines
    )
