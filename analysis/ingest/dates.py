"""One date format in the PDF and the HTML: every date at the corpus's common precision.

Articles are dated at the precision their source gives (``2023``, ``2024-02``,
``2017-03-05``). The report shows each date cut to the coarsest precision among the corpus's
dated articles, so that a label, a table column and a source line never mix ``2017-03-05``
with ``2018``. The CSVs keep the ISO dates as they are.

Dates are read from a manifest, front matter, a file name or an article's lead
(:func:`parse_date`, :func:`date_from_stem`, :func:`date_from_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from .model import Paragraph

PRECISIONS = (4, 7, 10)  # YYYY, YYYY-MM, YYYY-MM-DD


def common_precision(dates: Iterable[str]) -> int:
    """The length of the coarsest date among ``dates`` (4, 7 or 10); 10 when none is dated.

    Parameters
    ----------
    dates : iterable of str
        ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); ``""`` for an undated article.

    Returns
    -------
    int
        4, 7 or 10.

    Examples
    --------
    >>> common_precision(["2017-03-05", "2018", ""])
    4
    >>> common_precision(["2024-02-01", "2024-03"])
    7
    """
    lengths = [len(d) for d in dates if d and len(d) in PRECISIONS]
    return min(lengths, default=10)


def shown_date(date: str, precision: int) -> str:
    """``date`` as the report shows it: cut to ``precision`` characters (``""`` stays ``""``).

    Parameters
    ----------
    date : str
        An ISO date, or ``""``.
    precision : int
        The number of characters to keep (see :func:`common_precision`).

    Returns
    -------
    str

    Examples
    --------
    >>> shown_date("2017-03-05", 4), shown_date("2018", 4), shown_date("", 4)
    ('2017', '2018', '')
    """
    return date[:precision] if date else date


def corpus_precision(analysis) -> int:
    """:func:`common_precision` of an analysis's articles.

    Parameters
    ----------
    analysis : Analysis
        Any object with ``corpus.articles`` (the result of :func:`analysis.pipeline.analyse`).

    Returns
    -------
    int
        4, 7 or 10.
    """
    corpus = analysis.corpus
    if _PRECISION and _PRECISION[0][0] is corpus:  # the report asks once per article
        return _PRECISION[0][1]
    value = common_precision(a.date for a in corpus.articles)
    _PRECISION[:] = [(corpus, value)]
    return value


_PRECISION: list = []  # (corpus, precision) of the last call


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_LOOSE = re.compile(r"^(\d{4})\s*[-/.年]?\s*(?:(\d{1,2})\s*[-/.月]?\s*(?:(\d{1,2})\s*日?)?)?$")
_STEM_DATE = re.compile(r"^((?:19|20|21)\d{2})(?:[-_.]?(\d{2})(?:[-_.]?(\d{2}))?)?(?=\D|$)")
_TEXT_FULL = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_BYLINE_DATE = re.compile(r"^\D{0,6}((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
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

    Parameters
    ----------
    value : str
        A date as a manifest or front matter writes it.

    Returns
    -------
    str or None
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when ``value`` is not a valid date.
    """
    value = value.strip()
    m = _ISO.match(value) or _LOOSE.match(value)
    return _iso(*m.groups()) if m else None


def date_from_stem(stem: str) -> str:
    """Return the date a file name starts with (``2018``, ``2024-02-19-visit``), or ``""``.

    Parameters
    ----------
    stem : str
        A file name without ``.txt``.

    Returns
    -------
    str
        The ISO date, possibly partial; ``""`` when the name starts with no valid date.
    """
    m = _STEM_DATE.match(stem)
    return (_iso(*m.groups()) or "") if m else ""


def date_from_text(paragraphs: Sequence[Paragraph], base: str) -> str:
    """Refine ``base`` with a date in the article's lead, when the two agree.

    A full date (``2024年3月5日``, or ``2024-03-05`` opening a byline among the first four
    paragraphs: a web page's dateline) is used on its own; a month and day (``2月20日``) only
    when the year is known from ``base``.

    Parameters
    ----------
    paragraphs : sequence of Paragraph
        The article's paragraphs; the first four of its kicker, headline, body and answer
        paragraphs are its lead.
    base : str
        The date known so far (manifest, front matter or file name), or ``""``.

    Returns
    -------
    str
        The refined date, or ``base``.
    """
    lead = [p for p in paragraphs if p.role in ("kicker", "headline", "body", "answer")][:4]
    # a web page's dateline (2024-03-15 09:30 来源：...) before the text: its publication date
    for p in paragraphs[:4]:
        if p.role == "byline" and (m := _BYLINE_DATE.match(p.text)):
            found = _iso(*m.groups())
            if found and (not base or found.startswith(base)):
                return found if len(found) > len(base) else base
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


def span_days(dates: Sequence[str]) -> int:
    """Days from the earliest to the latest of ISO ``dates`` (``2026``, ``2026-01``,
    ``2026-01-14``; a year or month counts from its first day); 0 without two dates.

    Examples
    --------
    >>> span_days(["2026-01-14", "2026-02-05", ""]), span_days(["2018", "2019-07"])
    (22, 546)
    """
    days = []
    for d in dates:
        if d:
            y, m, day = (d.split("-") + ["1", "1"])[:3]
            days.append(dt.date(int(y), int(m), int(day)).toordinal())
    return max(days) - min(days) if days else 0
