"""Character classes shared by the stages: one name for each set of numeral characters.

Each set has the meaning its users need; they differ on purpose (a formulation's number
never has 亿, a count word may), so each has its own name instead of one ``_NUM`` that
means different things in different modules.
"""

from __future__ import annotations

#: Chinese numerals that number a formulation (三服务, 十四五): no 〇/零, no 亿.
FORMULA_NUMERALS = "一二三四五六七八九十两百千万"

#: Every character that can be part of a number inside a formulation, Arabic digits included.
NUMERAL_CHARS = frozenset(FORMULA_NUMERALS + "〇零0123456789")

#: Numerals of a counted quantity (a number word in segmentation: 三千, 两亿).
QUANTITY_NUMERALS = "〇零一二三四五六七八九十百千万亿两"

#: A regular-expression class body for the digits of a year or date (二〇二四, 2024, ２０２４).
DATE_DIGITS = "0-9０-９〇○零一二三四五六七八九十"
