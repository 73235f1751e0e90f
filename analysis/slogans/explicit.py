"""The explicit detectors: quoted, numbered and parallel candidates in the raw text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from ..chars import FORMULA_NUMERALS, NUMERAL_CHARS
from ..ingest import HAN
from .model import KINDS, Found
from .shapes import (
    ADJACENT_QUOTES,
    COMPOUND,
    MEASURE,
    PARALLEL,
    QUOTE,
    is_formula,
    is_numbered,
    looks_like_slogan,
    parallel_elements,
    trim_run,
)

# Lookaheads, so that overlapping candidates (务落实落细落 / 落实落细落地) are all seen. At most
# MAX_UNITS units (real ones have up to 7: 家人家风家规家训家事家和家兴); a longer run is no
# formula, and the bound keeps a hostile line (发展发展… without punctuation) linear.
MAX_UNITS = 12
_MODIFIER_TAGS = frozenset({"a", "ad", "d"})  # jieba: adjective, adverbial adjective, adverb
_SHARED_FIRST = re.compile(rf"(?=((?P<a>[{HAN}])[{HAN}](?:(?P=a)[{HAN}]){{2,{MAX_UNITS - 1}}}))")
_SHARED_SECOND = re.compile(rf"(?=([{HAN}](?P<b>[{HAN}])(?:[{HAN}](?P=b)){{2,{MAX_UNITS - 1}}}))")


def compact_parallels(text: str, *, is_word: Callable[[str], bool]) -> list[str]:
    """Parallel formulas written without 、: three or more two-character units sharing a
    character in the same place (延链补链强链, 赋智赋资赋能, 落实落细落地).

    Where two alignments overlap (务落|实落|细落 against 落实|落细|落地), the one whose units
    are more often dictionary words wins, then the one that ends where the clause ends.

    Parameters
    ----------
    text : str
        One paragraph.
    is_word : callable
        Whether a string is one word of jieba's dictionary.

    Returns
    -------
    list of str
        The chosen runs, in the order they occur.
    """
    han = re.compile(f"[{HAN}]")
    spans = []
    for pattern in (_SHARED_FIRST, _SHARED_SECOND):
        first = pattern is _SHARED_FIRST
        too_long = [-1, -1]  # by parity of the start: where a run too long to be one ends
        for m in pattern.finditer(text):
            found, start = m.group(1), m.start()
            end = start + len(found)
            if start < too_long[start % 2]:
                continue  # inside a run of more than MAX_UNITS units
            if _goes_on(text, end, found, first=first):
                while _goes_on(text, end, found, first=first):
                    end += 2
                too_long[start % 2] = end
                continue
            units = [found[k : k + 2] for k in range(0, len(found), 2)]
            if len(set(units)) == len(units):
                edges = (end == len(text) or not han.match(text[end])) + (
                    start == 0 or not han.match(text[start - 1])
                )
                spans.append((start, end, sum(map(is_word, units)), edges, found))
    spans.sort(key=lambda x: (-x[2], -x[3], -(x[1] - x[0]), x[0]))
    chosen: list[tuple] = []
    for span in spans:
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    return [c[4] for c in sorted(chosen)]


def _goes_on(text: str, end: int, found: str, *, first: bool) -> bool:
    """Whether the run ``found`` ending at ``end`` continues with one more unit."""
    unit = text[end : end + 2]
    if len(unit) < 2 or not all(_IS_HAN.match(c) for c in unit):
        return False
    return unit[0] == found[0] if first else unit[1] == found[1]


_IS_HAN = re.compile(f"[{HAN}]")


# paragraphs an enumeration that does not read as a slogan must recur in, word for word
RECURRING_LIST = 3


def _whole_pair(text: str, m: re.Match) -> str | None:
    """A two-member enumeration that is a whole clause (做优增量、盘活存量), members of 3+
    characters and one length; None otherwise (its first member may carry a verb)."""
    parts = m.group().split("、")
    if len(parts) != 2 or len(parts[0]) != len(parts[1]) or len(parts[0]) < 3:
        return None
    han = re.compile(f"[{HAN}]")
    before = m.start() > 0 and han.match(text[m.start() - 1])
    after = m.end() < len(text) and han.match(text[m.end()])
    return None if before or after else m.group()


# places a two-member slogan written after its verb must recur in (坚持人民至上、生命至上)
RECURRING_PAIR = 2
_ENDS_CLAUSE = frozenset("，。；：！？,;:!?\n")  # what may follow its second member


def _cut_pair(text: str, m: re.Match, *, tag) -> str | None:
    """A two-member run whose first member carries what precedes it (坚持|人民至上、生命至上;
    牢记|不忘初心、牢记使命): the first member cut to the second's length at a word boundary,
    the second ending a clause, members of 3 to 6 characters without a preposition, a
    conjunction or a particle."""
    parts = m.group().split("、")
    if len(parts) != 2:
        return None
    first, second = parts
    n = len(second)
    if not 3 <= n <= 6 or len(first) <= n:
        return None
    if m.end() < len(text) and text[m.end()] not in _ENDS_CLAUSE:
        return None  # the second member goes on: 融资贵|问题, 奋斗镇、建设办|“菜篮子”工程
    cuts, pos = set(), 0
    for w, _ in tag(first):
        cuts.add(pos)
        pos += len(w)
    if len(first) - n not in cuts:
        return None
    members = [first[-n:], second]
    if members[0] == members[1] or any(
        t.startswith(("p", "c", "u")) for e in members for _, t in tag(e)
    ):
        return None  # 在合理、均衡水平: a preposition, a conjunction or a particle inside
    return "、".join(members)


def explicit_candidates(
    texts: Sequence[str],
    *,
    is_word: Callable[[str], bool],
    tag: Callable[[str], list[tuple[str, str]]],
) -> dict[str, Found]:
    """Quoted, numbered and parallel candidates from raw paragraph texts.

    Parameters
    ----------
    texts : sequence of str
        The paragraph texts of the discovery sample.
    is_word : callable
        Whether a string is one word of jieba's dictionary.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).

    Returns
    -------
    dict of str to Found
        By candidate text; ``quoted`` holds how often each stood in quotation marks.
    """
    found: dict[str, Found] = {}
    quoted_counts: Counter[str] = Counter()
    unquoted_numbered: Counter[str] = Counter()
    lists: Counter[str] = Counter()  # enumerations that do not read as slogans: if they recur
    pairs: Counter[str] = Counter()  # two members that read as a slogan, after a verb

    def add(text: str, kind: str, evidence: str, form: str | None = None) -> None:
        f = found.get(text)
        if f is None:
            f = found[text] = Found(text, kind)
        elif KINDS.index(kind) < KINDS.index(f.kind):
            f.kind = kind
        f.evidence.add(evidence)
        f.forms.add(form or text)

    for text in texts:
        # “亲”“清”: adjacent short quotes read as one formulation (亲清).
        for m in ADJACENT_QUOTES.finditer(text):
            parts = QUOTE.findall(m.group())
            joined = "".join(parts)
            if 2 <= len(joined) <= 12:
                add(joined, "quoted", "adjacent quotes", form=m.group()[1:-1])
        for m in QUOTE.finditer(text):
            q = m.group(1).strip()
            if not is_formula(q):
                continue
            if all(ch in NUMERAL_CHARS for ch in q):
                # “七五”计划 and “七五”普法: a quoted number is a name; the word that follows
                # tells its homographs apart (they recur as numeral + word, see below)
                after = tag(text[m.end() : m.end() + 6])
                word = after[0][0] if after else ""
                if len(word) >= 2 and re.fullmatch(f"[{HAN}]+", word):
                    unquoted_numbered[q + word] += 1
            quoted_counts[q] += 1
            elements = parallel_elements(q)
            if is_numbered(q):
                add(q, "numbered", "quoted")
            elif elements:
                add(q, "parallel", "quoted")
            else:
                add(q, "quoted", "quoted")
        for m in PARALLEL.finditer(text):
            run = trim_run(m.group())
            elements = parallel_elements(run) if run else None
            if elements and looks_like_slogan(elements, tag=tag, is_word=is_word):
                add(run, "parallel", "enumeration")
                continue
            run = run if elements else _whole_pair(text, m)
            if run and parallel_elements(run):
                lists[run] += 1
            elif (pair := _cut_pair(text, m, tag=tag)) and looks_like_slogan(
                pair.split("、"), tag=tag, is_word=is_word
            ):
                pairs[pair] += 1
        for compact in compact_parallels(text, is_word=is_word):
            add(compact, "parallel", "parallel units")
        for m in re.finditer(rf"(?:[{FORMULA_NUMERALS}]|\d{{1,2}})(?:个|大)?[{HAN}]{{1,7}}", text):
            # 第一个五年计划, 三百八十六点六五斤, 1.5倍: part of an ordinal, a number or a decimal
            if (
                m.start() == 0
                or text[m.start() - 1] not in "第点.．" + FORMULA_NUMERALS + "0123456789"
            ):
                unquoted_numbered[m.group()] += 1
    # The same enumeration, word for word, in several paragraphs: a fixed list (开放、绿色、
    # 廉洁; 调整、改革、整顿、提高), a candidate for the score to judge
    for run, n in lists.items():
        if n >= RECURRING_LIST and run not in found:
            add(run, "parallel", "recurring enumeration")
    for run, n in pairs.items():
        if n >= RECURRING_PAIR and run not in found:
            add(run, "parallel", "recurring enumeration of two")
    # Unquoted numbered formulas must recur, in their exact shape, to count.
    for text, n in unquoted_numbered.items():
        if n < 2:
            continue
        numeral = re.match(rf"[{FORMULA_NUMERALS}〇零]{{2,3}}(?![{FORMULA_NUMERALS}〇零])", text)
        if numeral and not MEASURE.match(text[numeral.end() :]):
            # 七五计划 / 七五普法: a run of numerals named by the word that follows
            rest = tag(text[numeral.end() :])
            word = rest[0][0] if rest else ""
            span = numeral.group() + word
            if len(word) >= 2 and is_word(word) and span not in found:
                # “十五五”良好开局, 十四五圆满收官: an adjective or adverb describes the plan
                # and names nothing
                if rest[0][1] not in _MODIFIER_TAGS:
                    add(span, "numbered", "recurs unquoted")
                    found[span].forms.add(f"“{numeral.group()}”{word}")
                continue
        for cut in range(len(text), 2, -1):
            span = text[:cut]
            if span in found or not is_numbered(span) or is_word(span):
                continue
            # 三去一降一补, 一核两带; 四个全面, 五大百亿级产业集群
            if COMPOUND.match(span) or re.match(
                rf"^[{FORMULA_NUMERALS}](?:个|大|项|条)[{HAN}]{{2,}}$", span
            ):
                add(span, "numbered", "recurs unquoted")
                break
    for f in found.values():
        f.quoted = quoted_counts[f.text]
        if f.quoted:
            f.evidence.add(f"quoted {f.quoted}×")
            f.evidence.discard("quoted")
    return found
