"""Lines that begin a paragraph even inside a block of soft line breaks: the turns of an
interview and a speech's date line.

In a file whose paragraphs are separated by blank lines, a line break inside a block is a soft
break. Two kinds of line are never the continuation of the line before: a question or an
answer (问：…？ and 答：… on the next line were one paragraph, all of it a question, and the
answer was lost), and the bracketed date line under a speech's title (title, date and the
speaker's name were one headline).
"""

from __future__ import annotations

import re

from .normalize import HAN

QUESTION = re.compile(r"^(?:《[^》]{1,30}》\s*(?:记者)?|(?:本报)?记者|主持人|问|Q)\s*[：:]")
_TURN = re.compile(QUESTION.pattern + r"|^(?:答|A)\s*[：:]")  # a question, or 答：/A：
_NAMED_TURN = re.compile(rf"^[{HAN}·]{{2,5}}\s*[：:]\s*\S")  # 汪文斌：… answering a question
# （2024年12月20日） or （二〇二四年十二月二十日，根据录音整理）
_DATE_LINE = re.compile(r"^[（(]\s*(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年[^（()）]{0,30}[）)]$")


def starts_turn(line: str, before_ends_sentence: bool, paragraph_so_far: str) -> bool:
    """Whether ``line`` begins a turn of an interview: after a finished sentence, a question
    or an answer line, or a speaker's name with a colon right after a question.

    Parameters
    ----------
    line : str
        The line.
    before_ends_sentence : bool
        Whether the line before ends a sentence (a wrapped line after an unfinished sentence
        that begins with 问 is no question).
    paragraph_so_far : str
        The paragraph the line would continue (its beginning is enough).

    Returns
    -------
    bool
    """
    if not before_ends_sentence:
        return False
    return bool(
        _TURN.match(line) or (_NAMED_TURN.match(line) and QUESTION.match(paragraph_so_far))
    )


def is_date_line(line: str) -> bool:
    """Whether ``line`` is a speech's bracketed date line (a paragraph of its own).

    Parameters
    ----------
    line : str

    Returns
    -------
    bool
    """
    return _DATE_LINE.match(line) is not None
