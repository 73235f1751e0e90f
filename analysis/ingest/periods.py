"""Turn article dates into the periods that trends are counted over."""

from __future__ import annotations

from collections.abc import Sequence


def period_unit(dates: Sequence[str]) -> str:
    """``"month"`` when every article has a month, else ``"year"`` (``""``: no dated article).

    Parameters
    ----------
    dates : sequence of str
        The articles' ISO dates, ``""`` when undated.

    Returns
    -------
    str
        ``"month"``, ``"year"`` or ``""``.
    """
    known = [d for d in dates if d]
    if not known:
        return ""
    return "month" if len(known) == len(dates) and all(len(d) >= 7 for d in known) else "year"


def periods(dates: Sequence[str]) -> list[str]:
    """The period of each article: ``YYYY`` or ``YYYY-MM`` (see :func:`period_unit`), ``""``
    for an undated article.

    Parameters
    ----------
    dates : sequence of str
        The articles' ISO dates, ``""`` when undated.

    Returns
    -------
    list of str
        One period per date.
    """
    unit = period_unit(dates)
    width = 7 if unit == "month" else 4
    return [d[:width] if d else "" for d in dates]


def period_range(present: Sequence[str]) -> list[str]:
    """Every period from the first to the last of ``present``, gaps included, in order.

    Charts use it to leave a gap where no article falls, instead of drawing a zero.

    Parameters
    ----------
    present : sequence of str
        Periods (``YYYY`` or ``YYYY-MM``, all of one kind); ``""`` is ignored.

    Returns
    -------
    list of str
        Empty when no period is given.
    """
    known = sorted({p for p in present if p})
    if not known:
        return []
    if len(known[0]) == 4:
        return [str(y) for y in range(int(known[0]), int(known[-1]) + 1)]
    y0, m0 = map(int, known[0].split("-"))
    y1, m1 = map(int, known[-1].split("-"))
    out = []
    while (y0, m0) <= (y1, m1):
        out.append(f"{y0:04d}-{m0:02d}")
        y0, m0 = (y0 + 1, 1) if m0 == 12 else (y0, m0 + 1)
    return out
