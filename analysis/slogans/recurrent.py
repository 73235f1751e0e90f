"""The recurrent-term detector: new-word discovery over n-grams, fixed expressions and
headline terms, trimmed to their noun-phrase core.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..ingest import HAN
from .model import Found
from .ngrams import NgramStats
from .shapes import EDGE, FIXED_TAGS, INNER, NAME_TAGS, TITLES

_NOMINAL_TAGS = frozenset("n nz vn an a b j l ng nt nl ns s i x eng".split())
HEAD_TAGS = frozenset("n nz vn ng nt j l s an nl i".split())
_FUNCTION_TAGS = frozenset("p c u r m q f y uj ul ud ug uv uz d dg zg e o".split())
_VERBAL = frozenset(
    "发展 建设 推进 推动 促进 加快 加强 实施 落实 完善 培育 打造 构建 提升 坚持 巩固 扩大 "
    "实现 保障 开展 做好 抓好 强化 优化 谱写 奋力 努力".split()
)


def title_terms(words: Sequence[tuple[str, str]]) -> list[str]:
    """The nominal terms of a headline: runs of nominal words of 3+ characters, without a
    leading action word (加快培育发展|新质生产力, 构建|现代化产业体系).

    Parameters
    ----------
    words : sequence of (str, str)
        The tagged words of the headlines.

    Returns
    -------
    list of str
        In the order they occur (repeats kept).
    """
    terms, run = [], []
    for w, t in [*words, ("", "")]:
        nominal = t in _NOMINAL_TAGS and not t.startswith("nr") and re.fullmatch(f"[{HAN}]+", w)
        if nominal and not (not run and w in _VERBAL):
            run.append(w)
            continue
        if len(run) >= 2 and len("".join(run)) >= 3:
            terms.append("".join(run))
        run = []
    return terms


def trim_edges(words: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop the function words at both ends of a tagged phrase (以|更大力度, 的|...).

    Parameters
    ----------
    words : sequence of (str, str)
        A tagged phrase.

    Returns
    -------
    list of (str, str)
        The phrase without its leading and trailing function words (possibly empty).
    """
    words = list(words)
    while words and function_word(*words[0]):
        words = words[1:]
    while words and function_word(*words[-1]):
        words = words[:-1]
    return words


# Chinese pronouns and determiners are a closed class built on these morphemes (我们, 这些,
# 各级, 其他, 自身, 任何, 一切, 有些, 别人, 该项); jieba's pronoun tag also covers content words
# without any of them (多边 of 多边主义, 大中 of 大中城市, 老少), which are not trimmed
_PRONOUN_MORPHEMES = frozenset(
    "这那哪我你他她它们其各每某本此彼谁啥何咱您俺吾己自另任诸之什怎咋如该别有一"
)


def function_word(word: str, tg: str) -> bool:
    """Whether a word at the edge of a phrase is a function word to trim (以, 的, 我们)."""
    if word in EDGE:
        return True
    if tg == "r" and len(word) >= 2:
        return any(ch in _PRONOUN_MORPHEMES for ch in word)
    return tg in _FUNCTION_TAGS


_PARTICLES = frozenset("的了和与及等是在也都而就着地得之其于并或由被让向给所这那各每该")


def _keeps_edges(words: Sequence[tuple[str, str]]) -> bool:
    """Whether an n-gram may keep the function words at its ends (至上 is an adverb to jieba,
    以 a preposition): neither end is a particle, a conjunction or a pronoun, and it does not
    end with a preposition, which governs what follows it (以习近平同志为| is cut before the
    Y of 以X为Y)."""
    if _open_frame(words):
        return False
    for w, t in (words[0], words[-1]):
        if not function_word(w, t):
            continue  # a content word (多边 of 多边主义, whatever its tag)
        if w in _PARTICLES or t[0] in "ucryeq" or (t[0] in "fm" and len(w) < 2):
            return False
    return words[-1][1] != "p"


def _open_frame(words: Sequence[tuple[str, str]]) -> bool:
    """Whether a phrase starts with the 以 of 以X为Y / 以X之Y without its 为 or 之 (以习近平|,
    cut from 以习近平同志为核心): the preposition belongs to the frame, not to X."""
    return words[0] == ("以", "p") and not any(w in ("为", "之") for w, _ in words[1:])


# the share of a core's uses inside a longer phrase that makes them one (as score.py's
# FRAGMENT_SHARE makes a candidate a piece of a longer one)
INSIDE_SHARE = 0.95


def _never_without(
    tagged: Sequence[tuple[str, str]], core: Sequence[tuple[str, str]], n: int, counts: dict
) -> bool:
    """Whether the words trimmed off a phrase belong to it: the core hardly occurs without
    them (:data:`INSIDE_SHARE` of its uses inside the phrase: 紧日子 in 过紧日子, 37 of 38 in
    a year of provincial reports, where jieba reads 过 as an aspect particle), and none is a
    particle, a conjunction, a pronoun, a number or a preposition at the end."""
    if not core or len(core) == len(tagged):
        return False
    if n < INSIDE_SHARE * counts.get("".join(w for w, _ in core), 0):
        return False
    k = next(i for i in range(len(tagged)) if tagged[i : i + len(core)] == list(core))
    trimmed = [*tagged[:k], *tagged[k + len(core) :]]
    if tagged[-1][1] == "p" or _open_frame(tagged):
        return False
    return not any(w in _PARTICLES or t[0] in "cryeqmf" for w, t in trimmed)


# an X的Y / X之Y term must be this fixed: 百年未有之大变局, 过渡时期的总路线, not 人民的生活
LINKED_BOUND = 0.5


def of_phrase(core: str) -> bool:
    """Whether ``core`` is X的Y or X之Y with one linking 的/之, two characters or more on
    each side and no other inner function character (百年未有之大变局, 过渡时期的总路线).

    Parameters
    ----------
    core : str
        A candidate term.

    Returns
    -------
    bool
    """
    inner = [i for i, ch in enumerate(core) if ch in INNER]
    return (
        len(inner) == 1
        and core[inner[0]] in "的之"
        and inner[0] >= 2
        and len(core) - inner[0] - 1 >= 2
    )


def bound(core: str, parts: Sequence[str], counts: dict[str, int]) -> float:
    """How fixed a multi-word term is: at its weakest split into a prefix and a suffix, the
    larger of the shares of the prefix's and the suffix's occurrences that are inside the term.
    高质量发展 scores near 1 (高质量 rarely stands elsewhere), 经济社会 low.

    Parameters
    ----------
    core : str
        The term.
    parts : sequence of str
        Its words, in order (their lengths give the split points).
    counts : dict of str to int
        N-gram counts of the text.

    Returns
    -------
    float
        Between 0 and 1; 0 when the term is not counted or is a single word.
    """
    total = counts.get(core, 0)
    if total == 0 or len(parts) < 2:
        return 0.0
    weakest = 1.0
    cut = 0
    for p in parts[:-1]:
        cut += len(p)
        a, b = core[:cut], core[cut:]
        ca, cb = counts.get(a) or total, counts.get(b) or total
        weakest = min(weakest, max(total / max(ca, total), total / max(cb, total)))
    return weakest


def aligned(
    term: str, text: str, *, tag: Callable[[str], list[tuple[str, str]]], samples: int = 5
) -> bool:
    """Whether ``term`` starts and ends on word boundaries where it occurs (in most of up to
    ``samples`` occurrences): 大力度 in 以更大|力度 and 加大|力度 does not; a fragment of a
    longer word is not a term.

    Parameters
    ----------
    term : str
        The candidate.
    text : str
        The text it occurs in.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    samples : int
        At most this many occurrences are checked.

    Returns
    -------
    bool
        False when ``term`` does not occur.
    """
    ok = seen = 0
    start = text.find(term)
    while start >= 0 and seen < samples:
        lo, hi = max(0, start - 4), min(len(text), start + len(term) + 4)
        window = text[lo:hi]
        cuts, pos = {0}, 0
        for w, _ in tag(window):
            pos += len(w)
            cuts.add(pos)
        a, b = start - lo, start - lo + len(term)
        ok += a in cuts and b in cuts
        seen += 1
        start = text.find(term, start + 1)
    return seen > 0 and ok * 2 > seen


QUANTITY_TAGS = frozenset("t m q mq".split())


def quantity_or_dated_name(words: Sequence[tuple[str, str]]) -> bool:
    """Whether a tagged term is one name, or only numbers, dates and names with one number or
    date at least (一九五八年, 十二亿元, 今年|中央财政). A term of several name-tagged words is
    not one: jieba's dictionary tags ns/nt/nr on ordinary words (美丽|中国, 文明|城市), and a
    phrase built of them is no name; what is used as a person's name is dropped by
    :func:`analysis.slogans.find_slogans`. A single name-tagged word stays out (黑龙江省, and
    the constant 港人治港 that would top a timeline of reports).

    Parameters
    ----------
    words : sequence of (str, str)
        The term as tagged.

    Returns
    -------
    bool
    """
    names = all(t in NAME_TAGS or t.startswith("nr") for _, t in words)
    return names and (len(words) == 1 or any(t in QUANTITY_TAGS for _, t in words))


def recurrent_candidates(
    stats: NgramStats,
    text: str,
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    min_count: int,
    titles: str = "",
    min_entropy: float = 0.25,
    min_bound: float = 0.0,
) -> dict[str, Found]:
    """Terms found by new-word discovery: closed, frequent n-grams whose ends vary freely,
    without function words at their ends (unless they belong: 人民至上), or
    dictionary words that are fixed expressions (tags l, nz, j, i) or 4+ characters long.

    These are candidates, not verdicts: part of speech (a verb-headed slogan), cohesion and
    entropy become features of the one score (see :mod:`analysis.slogans.score`); word
    boundaries are checked for every detector alike, on the counted occurrences.

    ``text`` is the discovery text (clauses joined) where occurrences are looked up.

    Parameters
    ----------
    stats : NgramStats
        N-gram statistics of the discovery sample.
    text : str
        The discovery text.
    tag : callable
        Part-of-speech tagging, ``str -> [(word, tag), ...]`` (jieba, no user lexicon).
    min_count : int
        Occurrences a term needs.
    titles : str
        The headline text, for headline formulations.
    min_entropy : float
        The lowest branching entropy at either end (for terms used 5 times or more).
    min_bound : float
        The lowest cohesion (see :func:`bound`) of a multi-word term.

    Returns
    -------
    dict of str to Found
        By term, each of kind ``recurrent``.
    """
    found: dict[str, Found] = {}
    for gram in sorted(stats.closed):
        n = stats.counts[gram]
        if len(gram) < 3 or n < min_count:
            continue
        tagged = tag(gram)
        words = trim_edges(tagged)
        if len(gram) >= 4 and len(words) < len(tagged) and _keeps_edges(tagged):
            words = tagged  # 人民至上, 以人民为中心: a function word that belongs to it
        elif len(gram) >= 4 and _never_without(tagged, words, n, stats.counts):
            words = tagged  # 过|紧日子: 紧日子 never stands without 过
        core = "".join(w for w, _ in words)
        if len(core) < 3 or core in found or any(t in core for t in TITLES):
            continue
        linked = of_phrase(core)
        if (any(ch in INNER for ch in core) and not linked) or core.startswith("百分之"):
            continue
        count = stats.counts.get(core, 0)
        if count < min_count:
            continue
        free = min(stats.left_entropy.get(core, 0.0), stats.right_entropy.get(core, 0.0))
        if free < min_entropy if count >= 5 else free <= 0.0:
            continue  # always preceded or followed by the same word: part of a longer phrase
        if quantity_or_dated_name(words):
            continue  # a name, a date or a quantity, or a name with a date (今年北京)
        if len(words) == 1:
            if words[0][1] not in FIXED_TAGS and len(core) < 4:
                continue  # a plain short dictionary word is the language, not a formulation
            b = 1.0
            evidence = f"fixed expression (jieba tag {words[0][1]}), {count}× in the text"
        else:
            b = bound(core, [w for w, _ in words], stats.counts)
            if b < (max(min_bound, LINKED_BOUND) if linked else min_bound):
                continue
            evidence = (
                f"new-word discovery: {count}× in the text, bound {b:.2f}, "
                f"boundary entropy {stats.left_entropy.get(core, 0):.1f}/"
                f"{stats.right_entropy.get(core, 0):.1f}"
            )
        found[core] = Found(core, "recurrent", {evidence}, {core}, bound=b, entropy=free)
    for term in sorted(set(title_terms(tag(titles)))):
        count = stats.counts.get(term, 0)
        parts = [w for w, _ in tag(term)]
        if any(t in term for t in TITLES):
            continue
        if term not in found and count >= 2 and bound(term, parts, stats.counts) >= 0.25:
            found[term] = Found(
                term, "recurrent", {f"headline formulation, {count}× in the text"}, {term}
            )
    return found
