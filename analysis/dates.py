"""One date format in the PDF and the HTML: every date at the corpus's common precision.

Articles are dated at the precision their source gives (``2023``, ``2024-02``,
``2017-03-05``). The report shows each date cut to the coarsest precision among the corpus's
dated articles, so that a label, a table column and a source line never mix ``2017-03-05``
with ``2018``. The CSVs keep the ISO dates as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

PRECISIONS = (4, 7, 10)  # YYYY, YYYY-MM, YYYY-MM-DD


def common_precision(dates: Iterable[str]) -> int:
    """The length of the coarsest date among ``dates`` (4, 7 or 10); 10 when none is dated.

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

    Examples
    --------
    >>> shown_date("2017-03-05", 4), shown_date("2018", 4), shown_date("", 4)
    ('2017', '2018', '')
    """
    return date[:precision] if date else date


def corpus_precision(analysis) -> int:
    """:func:`common_precision` of an analysis's articles."""
    return common_precision(a.date for a in analysis.corpus.articles)
