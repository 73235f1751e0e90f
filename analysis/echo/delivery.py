"""Delivery dates and year runs of the reference texts: the date a Government Work Report says
it was delivered (in Arabic, full-width or Chinese numerals), the years without a text, and
their runs as the report prints them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..chars import DATE_DIGITS

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_DIGITS |= {c: i for i, c in enumerate("0123456789")} | {
    c: i for i, c in enumerate("０１２３４５６７８９")
}
_NUM = DATE_DIGITS
_DELIVERY = re.compile(
    rf"([{_NUM}]{{4}})\s*年\s*([{_NUM}]{{1,3}})\s*月\s*([{_NUM}]{{1,3}})\s*日\s*(?:在|于)"
    r"\s*(?:第.{1,4}届)?\s*全国人民代表大会"
)


def cn_number(text: str) -> int | None:
    """The value of a small number written in Arabic, full-width or Chinese numerals.

    ``一九五七`` -> 1957 (digit by digit), ``二十六`` -> 26, ``十`` -> 10, ``０５`` -> 5;
    ``None`` when ``text`` is not a number.

    Parameters
    ----------
    text : str
        The digits.

    Returns
    -------
    int or None
    """
    if not text:
        return None
    if "十" not in text:
        if not all(c in _DIGITS for c in text):
            return None
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    if (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS) or len(ones) > 1:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def delivery_date(text: str) -> str:
    """The date a report states it was delivered, ``YYYY-MM-DD``, or ``""``.

    Looks for the speaker line of a report to the National People's Congress, e.g.
    ``——2024年3月5日在第十四届全国人民代表大会第二次会议上`` or
    ``一九五七年六月二十六日在第一届全国人民代表大会第四次会议上``, in Arabic, full-width or
    Chinese numerals; line breaks and zero-width spaces inside it are ignored.

    Parameters
    ----------
    text : str
        The report's text.

    Returns
    -------
    str
    """
    flat = re.sub(r"[\s\u200b\ufeff]+", "", text)
    m = _DELIVERY.search(flat)
    if not m:
        return ""
    y, mo, d = (cn_number(g) for g in m.groups())
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def missing_years(years: Sequence[int]) -> list[int]:
    """The years between the first and the last of ``years`` that have no text.

    Parameters
    ----------
    years : sequence of int
        Years that have a text.

    Returns
    -------
    list of int
    """
    have = set(years)
    return [y for y in range(min(have), max(have) + 1) if y not in have] if have else []


def year_spans(years: Sequence[int]) -> str:
    """``1961-1963, 1965, 2020``: runs of consecutive years.

    Parameters
    ----------
    years : sequence of int
        The years.

    Returns
    -------
    str
    """
    out: list[str] = []
    for y in sorted(set(years)):
        if out and int(out[-1].split("–")[-1]) == y - 1:
            out[-1] = f"{out[-1].split('–')[0]}–{y}"
        else:
            out.append(str(y))
    return ", ".join(out)
