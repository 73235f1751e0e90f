"""Numbers written in Chinese numerals, which are no terms (years, shares, ordinals)."""

from __future__ import annotations

import re

from ..chars import QUANTITY_NUMERALS as _NUM

# a number, year, share or ordinal in Chinese numerals: 一九五八年, 九五三年, 一九五, 二〇二五, 千万,
# 百分之四点, 第六个; a day of the month (十一日, 二十三日); a number of several numerals
# with a measure that counts anything (二十五个, 一百四十一个, 十一次); about so many (六千余, 万余,
# 七千多万). Counted things (一年, 亿元, 万人, 万亿元) stay, and so do a single numeral's count
# (四个, 十个), the measures that name (二十大, 十四届, 三十条, 一号 of 一号文件) and months, which
# are also seasons (二月春意浓).
_DIGITS = "〇零一二三四五六七八九两"
_NUMBER_WORD = re.compile(
    rf"(?:[{_NUM}]+|[{_NUM}]{{3,}}年|[{_NUM}]*百分之[{_NUM}点]*|第[{_NUM}]+[个次条项届]?"
    r"|(?:[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]|[二三]十)日"
    rf"|(?=[{_NUM}]*[{_DIGITS}])[{_NUM}]{{2,}}[个倍次项件种名位家户所天]|[{_NUM}]+[余多][{_NUM}]*)"
)
# five-year plan names: 六五 ... 九五, 十五, 十一五 ... 十九五
_PLAN_NAME = re.compile(r"(?:[六七八九]|十[一二三四五六七八九]?)五")


def is_number_word(word: str) -> bool:
    """Whether ``word`` is a year, share or ordinal written in Chinese numerals.

    Such a word says nothing about a theme; five-year plan names (``九五``, ``十一五``) and
    counted things (``亿元``) are not number words.

    Parameters
    ----------
    word : the token

    Returns
    -------
    bool
    """
    return _NUMBER_WORD.fullmatch(word) is not None and _PLAN_NAME.fullmatch(word) is None
