"""The data of ``report.html``: the searchable text and its uses, the query rules, tables
as JSON and the font subset (what the page embeds, not how it looks)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..kwic import cut, occurrences
from .tables import _column

MAX_TEXT_BYTES = 20_000_000  # above this the full text is not embedded (see search_data)
FALLBACK_TERMS = 300  # terms the search covers when the full text is not embedded
# uses embedded per word when the full text is not: the first ones in corpus order (every use:
# `tifa kwic`); see bench/diagnosis.md (d) for what every use of them weighed at 20 MB
MAX_USES = 100
KWIC_WIDTH = 20  # characters each side, as `tifa kwic`


def _utf16(text: str, offset: int) -> int:
    """The JavaScript (UTF-16) index of Python character ``offset`` of ``text``."""
    return len(text[:offset].encode("utf-16-le")) // 2


def paragraphs_data(articles: Sequence) -> list[list]:
    """Every paragraph that ``tifa kwic`` searches (all roles but duplicates): article index,
    role, text and the file lines it spans as [JavaScript offset, line] pairs.

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles.

    Returns
    -------
    list of list
        One row per paragraph.
    """
    out = []
    for i, a in enumerate(articles):
        for p in a.paragraphs:
            if p.role == "duplicate":
                continue
            lines = [[_utf16(p.text, start), ln] for start, ln in p.line_map] or [[0, p.line]]
            out.append([i, p.role, p.text, p.line, lines])
    return out


def find_uses(
    articles: Sequence, words: Sequence[str], width: int = KWIC_WIDTH, *, limit: int = MAX_USES
) -> dict:
    """The first ``limit`` uses of each of ``words``, as ``tifa kwic`` finds them: word ->
    [article index, role, line, left, right] (for the capped page, which cannot embed the text).

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles.
    words : sequence of str
        Words searched.
    width : int
        Context characters each side.
    limit : int
        Uses kept per word, the first in corpus order.

    Returns
    -------
    dict
        Word -> list of uses.
    """
    import ahocorasick  # noqa: PLC0415

    out: dict[str, list] = {}
    wanted = [w for w in dict.fromkeys(words) if w]
    if not wanted:
        return out
    # one Aho-Corasick pass per paragraph finds which words occur (a str.find per word and
    # paragraph was 117 million calls at 20 MB); each word's uses are then taken left to
    # right without overlap, as kwic.occurrences takes them
    automaton = ahocorasick.Automaton()
    for k, w in enumerate(wanted):
        automaton.add_word(w, k)
    automaton.make_automaton()
    for i, a in enumerate(articles):
        for p in a.paragraphs:
            if p.role == "duplicate":
                continue
            found = sorted({k for _, k in automaton.iter(p.text)})
            for k in found:
                w = wanted[k]
                uses = out.setdefault(w, [])
                for start in occurrences(p.text, w):
                    if len(uses) >= limit:
                        break
                    left, _, right = cut(p.text, start, start + len(w), width=width)
                    uses.append([i, p.role, p.line_at(start), left, right])
    return out


def search_data(analysis, *, cap: int = MAX_TEXT_BYTES) -> dict:
    """The search box's data: the full text when it fits under ``cap`` bytes of JSON, else
    the uses of every formulation and of the top terms (and the page says so).

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    cap : int
        Bytes of JSON at most for the full text.

    Returns
    -------
    dict
        ``mode`` (full or capped) and the data.
    """
    arts = analysis.corpus.articles
    paragraphs = paragraphs_data(arts)
    size = len(_json(paragraphs).encode("utf-8"))
    if size <= cap:
        return {"mode": "full", "paragraphs": paragraphs}
    words = [s.text for s in (analysis.slogans.slogans if analysis.slogans else ())]
    words += analysis.term_frequencies["term"].head(FALLBACK_TERMS).tolist()
    return {"mode": "capped", "uses": find_uses(arts, words), "cap_mb": cap // 1_000_000,
            "n_terms": FALLBACK_TERMS, "max_uses": MAX_USES}  # fmt: skip


_HAN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def query_rules(chars: str) -> dict:
    """What the page needs to normalise a query as ``tifa kwic`` does (``normalize_line`` then
    OpenCC ``t2s``): the character map and the patterns of :func:`analysis.ingest.normalize_text`,
    and the traditional forms of the simplified characters in ``chars`` (the page's text), so
    a traditional query finds what it finds in the terminal. OpenCC's conversion is applied
    one character at a time; its few phrase exceptions (乾隆 stays 乾) are not embedded.

    Parameters
    ----------
    chars : str
        Every character the page's text holds.

    Returns
    -------
    dict
        Character mappings for the page's script.
    """
    from ..ingest import normalize as ingest  # noqa: PLC0415

    han = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi)]
    simple = ingest.to_simplified("\n".join(han)).split("\n")
    present = set(chars)
    t2s = {a: b for a, b in zip(han, simple, strict=True) if a != b and set(b) <= present}
    return {
        "map": {chr(k): v or "" for k, v in sorted(ingest._TABLE.items())},
        "full": ingest._FULL,
        "cjk": ingest._CJK,
        "han": ingest.HAN,
        "t2s": t2s,
    }


def _search_text(search: dict) -> str:
    """All the text the search box can show."""
    if search["mode"] == "full":
        return "".join(p[2] for p in search["paragraphs"])
    return _json(search["uses"])


def table_data(df: pd.DataFrame) -> dict:
    """A table as the CSV writes it: column names and every row, cells as the CSV's text.

    Parameters
    ----------
    df : DataFrame
        A table of the run.

    Returns
    -------
    dict
        ``columns`` and ``rows``.
    """
    columns = [str(c) for c in df.columns]
    cells = [_column(df[c]) for c in df.columns]
    return {"columns": columns, "rows": [list(r) for r in zip(*cells, strict=True)] if cells else []}


def _json(obj) -> str:
    def default(o):
        if isinstance(o, np.integer):
            return int(o)
        if isinstance(o, np.floating):
            return float(o)
        if isinstance(o, tuple):
            return list(o)
        raise TypeError(type(o).__name__)

    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=default)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def font_subset(text: str) -> bytes:
    """The report font (Noto Sans CJK SC, SIL OFL) cut down to the characters of ``text``, so
    the page shows Chinese on a machine without CJK fonts, offline.

    Parameters
    ----------
    text : str
        The page's text.

    Returns
    -------
    bytes
        An OpenType font.
    """
    from fontTools import subset  # noqa: PLC0415 - matplotlib's dependency

    from .canvas import font_path  # noqa: PLC0415

    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.notdef_outline = True
    # subroutines inlined: a quarter less CPU than pruning them (5.3 s against 7.0 s for the
    # 3,100 characters of a 5 MB corpus), a font 0.5 % larger
    opts.desubroutinize = True
    font = subset.load_font(str(font_path()), opts)
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(set(text))) + "0123456789.,:;%+-−–…·*←→ ")
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
