"""Discover official formulations (提法) in the text itself, count them and follow them in time.

Four detectors, each returning candidates with the evidence that found them:

- ``quoted``: text inside “”, 「」 or ‘’ that is shaped like a formula, not a quoted sentence;
- ``numbered``: a numeral and a short noun phrase (三服务, 六个统筹, 三去一降一补, 2个指挥部+15个...);
- ``parallel``: runs of same-length phrases joined by 、 that act as one slogan
  (稳进增效、除险固安、改革突破、惠民强企);
- ``recurrent``: new-word discovery over character n-grams: strings that recur, hold together
  (pointwise mutual information of their parts) and vary freely at both ends (branching
  entropy), trimmed to their noun-phrase core; fixed expressions of the dictionary (jieba tags
  l, nz, j) that recur; and, in a dated corpus, dictionary terms whose use is concentrated in a
  few periods (人民公社).

Variants merge (延链补链强链 / 补链延链强链; “亲”“清” and 亲清; the halves of a two-part slogan)
and every form is counted with one Aho-Corasick pass over the analysed text.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .ingest import HAN, Article
from .ingest.periods import periods as article_periods
from .segment import Tokens, is_person

KINDS = ("numbered", "parallel", "quoted", "recurrent", "lexicon")  # by priority
DISCOVERY_ROLES = ("headline", "kicker", "heading", "question", "body", "answer")
TITLE_ROLES = ("headline", "kicker")

# --------------------------------------------------------------------------- shapes

_NUM = "一二三四五六七八九十两百千万"
_NUMERALS = frozenset(_NUM + "〇零0123456789")
_ORDINAL = _NUMERALS | {"第", "之", "点", "分"}  # 第十五, 百分之十五, 点六五: a number here
_UNITS = frozenset("年月日天个万亿元倍次件项条人种位家所名届岁点斤亩户吨米号期")
_QUOTE = re.compile(r"[“「『‘]([^“”「」『』‘’\n]{1,40})[”」』’]")
_ADJACENT_QUOTES = re.compile(r"(?:[“「‘][^“”「」‘’]{1,4}[”」’]){2,}")
_SENTENCE = re.compile(r"[。！？!?；;：:，,]")
_NUMBERED = re.compile(
    rf"^(?:[{_NUM}]+|\d{{1,3}})(?:个|大|条|项|种|类|张|支|批|级|型|化|位|点)?[{HAN}]{{1,7}}$"
)
_COMPOUND = re.compile(rf"^(?:(?:[{_NUM}]|\d{{1,2}})(?:个)?[{HAN}]{{1,3}}){{2,4}}$")
_PLUS = re.compile(
    rf"^(?:\d{{1,3}}|[{_NUM}]+)个[{HAN}]{{2,8}}(?:\+(?:\d{{1,3}}|[{_NUM}]+)个[{HAN}]{{2,8}})+$"
)
_MEASURE = re.compile(
    r"[年月日天周季度倍元亿万千百%％斤亩户吨米号点多余来几成]|小时|分钟|公里|平方|人次|千米"
)
_GENERIC_HEADS = frozenset(
    "方面 问题 阶段 部分 时期 地方 单位 部门 环节 人 次 件 项 条 个 种 倍 层次 方向 领域".split()
)
_PARALLEL = re.compile(rf"[{HAN}]{{2,9}}(?:、[{HAN}]{{2,9}}){{1,7}}")
# Characters that never start or end a formulation (particles, prepositions, conjunctions).
_EDGE = frozenset("的了和与及等是在要把对为以将从也都而就着地得之其于并或由被让向给所这那各每该有")
_LEAD_TAGS = frozenset("v vd vn d p c u r m q f ad uj ul ud ug uv uz vg dg".split())
_TRAIL_TAGS = frozenset("v vd d p c u r m q f y uj ul ud ug uv uz dg zg".split())
_FIXED_TAGS = frozenset("l nz j i".split())
_NAME_TAGS = frozenset("nr nrfg nrt ns nt t m q mq".split())
_TITLES = (
    "书记", "区长", "市长", "省长", "县长", "总理", "主席", "主任", "部长", "委员", "记者",
    "代表大会", "常委会",
)  # fmt: skip


def is_formula(text: str) -> bool:
    """A quoted string shaped like a formulation: short, no sentence punctuation."""
    text = text.strip()
    if not 2 <= len(text) <= 30 or _SENTENCE.search(text):
        return False
    if not re.search(f"[{HAN}]", text) or re.fullmatch(r"[\d.%]+", text):
        return False
    return True


def is_numbered(text: str) -> bool:
    """三服务, 六个统筹, 三条底线, 五大百亿级产业集群, 三去一降一补, 一核两带,
    2个指挥部+15个专项工作组; not 2月19日, 338.89亿元, 一方面, 一年来."""
    if _PLUS.match(text):
        return True
    if not (_NUMBERED.match(text) or _COMPOUND.match(text)):
        return False
    if text.startswith(("一方面", "一是", "一要", "第", "百分之")):
        return False
    after = re.sub(rf"^(?:[{_NUM}]+|\d+)", "", text)
    if _MEASURE.match(after):
        return False  # a quantity or a date: 一季度, 一年来, 4000万盒, 2月19日
    head = re.sub(r"^(?:个|大|条|项|种|类)", "", after)
    return head not in _GENERIC_HEADS and len(head) >= 1


def parallel_elements(text: str) -> list[str] | None:
    """The elements of a parallel enumeration, or None if ``text`` is not one."""
    parts = text.split("、")
    if len(parts) < 2 or len({len(p) for p in parts}) != 1 or len(parts[0]) < 2:
        return None
    if len(set(parts)) != len(parts):
        return None
    return parts


def _trim_run(run: str) -> str | None:
    """Cut an unquoted 、-run to its same-length elements (the middle ones set the length)."""
    parts = run.split("、")
    if len(parts) < 3:
        return None
    middle = {len(p) for p in parts[1:-1]}
    if len(middle) != 1:
        return None
    n = middle.pop()
    if len(parts[0]) < n or len(parts[-1]) < n:
        return None
    return "、".join([parts[0][-n:], *parts[1:-1], parts[-1][:n]])


_INNER = frozenset("的了着地得等之")


def looks_like_slogan(
    elements: Sequence[str],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    is_word: Callable[[str], bool],
) -> bool:
    """An unquoted enumeration that reads as one slogan rather than a list of nouns.

    Its elements (3+ characters, no particle) share a character in the same place (小而精、
    小而美; 守土有责、守土担责), or most of them are coined: they contain a word that jieba's
    dictionary does not know, or a single character (稳进增效 and 惠民强企 do; 经营收入 does not).
    """
    n = len(elements[0])
    if n < 3 or any(ch in _INNER for e in elements for ch in e):
        return False
    if any(e[0] in _EDGE or e[-1] in _EDGE for e in elements):
        return False
    if any(len({e[i] for e in elements}) == 1 for i in range(n)):
        return True
    coined = sum(any(len(w) < 2 or not is_word(w) for w, _ in tag(e)) for e in elements)
    return coined * 2 >= len(elements)


# --------------------------------------------------------------------------- candidates


@dataclass
class Found:
    """A candidate formulation as found: its kind and how it was found."""

    text: str
    kind: str
    evidence: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)  # surface forms in the text
    quoted: int = 0  # times it stood inside quotation marks
    bound: float = 0.0  # cohesion of its parts (see :func:`bound`); 0 when not measured
    entropy: float = 0.0  # the lower of its left and right branching entropies
    successor_of: str = ""  # the formulation it renames (a list whose members changed)


# Lookaheads, so that overlapping candidates (务落实落细落 / 落实落细落地) are all seen.
_SHARED_FIRST = re.compile(rf"(?=((?P<a>[{HAN}])[{HAN}](?:(?P=a)[{HAN}]){{2,}}))")
_SHARED_SECOND = re.compile(rf"(?=([{HAN}](?P<b>[{HAN}])(?:[{HAN}](?P=b)){{2,}}))")


def compact_parallels(text: str, *, is_word: Callable[[str], bool]) -> list[str]:
    """Parallel formulas written without 、: three or more two-character units sharing a
    character in the same place (延链补链强链, 赋智赋资赋能, 落实落细落地).

    Where two alignments overlap (务落|实落|细落 against 落实|落细|落地), the one whose units
    are more often dictionary words wins, then the one that ends where the clause ends."""
    han = re.compile(f"[{HAN}]")
    spans = []
    for pattern in (_SHARED_FIRST, _SHARED_SECOND):
        for m in pattern.finditer(text):
            found, start = m.group(1), m.start()
            end = start + len(found)
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


def explicit_candidates(
    texts: Sequence[str],
    *,
    is_word: Callable[[str], bool],
    tag: Callable[[str], list[tuple[str, str]]],
) -> dict[str, Found]:
    """Quoted, numbered and parallel candidates from raw paragraph texts."""
    found: dict[str, Found] = {}
    quoted_counts: Counter[str] = Counter()
    unquoted_numbered: Counter[str] = Counter()

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
        for m in _ADJACENT_QUOTES.finditer(text):
            parts = _QUOTE.findall(m.group())
            joined = "".join(parts)
            if 2 <= len(joined) <= 12:
                add(joined, "quoted", "adjacent quotes", form=m.group()[1:-1])
        for m in _QUOTE.finditer(text):
            q = m.group(1).strip()
            if not is_formula(q):
                continue
            if all(ch in _NUMERALS for ch in q):
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
        for m in _PARALLEL.finditer(text):
            run = _trim_run(m.group())
            elements = parallel_elements(run) if run else None
            if elements and looks_like_slogan(elements, tag=tag, is_word=is_word):
                add(run, "parallel", "enumeration")
        for compact in compact_parallels(text, is_word=is_word):
            add(compact, "parallel", "parallel units")
        for m in re.finditer(rf"(?:[{_NUM}]|\d{{1,2}})(?:个|大)?[{HAN}]{{1,7}}", text):
            # 第一个五年计划, 三百八十六点六五斤, 1.5倍: part of an ordinal, a number or a decimal
            if m.start() == 0 or text[m.start() - 1] not in "第点.．" + _NUM + "0123456789":
                unquoted_numbered[m.group()] += 1
    # Unquoted numbered formulas must recur, in their exact shape, to count.
    for text, n in unquoted_numbered.items():
        if n < 2:
            continue
        numeral = re.match(rf"[{_NUM}〇零]{{2,3}}(?![{_NUM}〇零])", text)
        if numeral and not _MEASURE.match(text[numeral.end() :]):
            # 七五计划 / 七五普法: a run of numerals named by the word that follows
            rest = tag(text[numeral.end() :])
            word = rest[0][0] if rest else ""
            span = numeral.group() + word
            if len(word) >= 2 and is_word(word) and span not in found:
                add(span, "numbered", "recurs unquoted")
                found[span].forms.add(f"“{numeral.group()}”{word}")
                continue
        for cut in range(len(text), 2, -1):
            span = text[:cut]
            if span in found or not is_numbered(span) or is_word(span):
                continue
            # 三去一降一补, 一核两带; 四个全面, 五大百亿级产业集群
            if _COMPOUND.match(span) or re.match(rf"^[{_NUM}](?:个|大|项|条)[{HAN}]{{2,}}$", span):
                add(span, "numbered", "recurs unquoted")
                break
    for f in found.values():
        f.quoted = quoted_counts[f.text]
        if f.quoted:
            f.evidence.add(f"quoted {f.quoted}×")
            f.evidence.discard("quoted")
    return found


# --------------------------------------------------------------------------- n-grams


@dataclass(frozen=True)
class NgramStats:
    """Counts of the frequent character n-grams of a text sample, and their boundary entropy."""

    counts: dict[str, int]
    left_entropy: dict[str, float]
    right_entropy: dict[str, float]
    closed: frozenset[str]  # no one-character extension occurs as often
    total: int


def _entropy(key_idx: np.ndarray, neighbours: np.ndarray, n_keys: int) -> np.ndarray:
    """Branching entropy of each key from its neighbouring characters; a clause edge counts as
    a new neighbour each time (an n-gram that often stands alone is free at that side)."""
    neighbours = neighbours.astype(np.int64)
    edge = neighbours == 0
    neighbours[edge] = 0x110000 + np.arange(int(edge.sum()))  # beyond any code point
    pair = (key_idx.astype(np.int64) << 32) | neighbours
    uniq, pair_counts = np.unique(pair, return_counts=True)
    keys = uniq >> 32
    totals = np.bincount(keys, weights=pair_counts, minlength=n_keys)
    p = pair_counts / totals[keys]
    return -np.bincount(keys, weights=p * np.log(p), minlength=n_keys)


def ngram_stats(texts: Sequence[str], *, max_n: int = 12, min_count: int = 3) -> NgramStats:
    """Count the frequent character n-grams (n = 1..``max_n``) inside runs of Chinese
    characters, with their left/right branching entropy and whether they are closed.

    Vectorised with rolling 64-bit hashes; an n-gram is counted only where both its
    (n-1)-gram parts are frequent (Apriori pruning), so memory grows with the text, not with
    every possible n-gram.
    """
    clauses = [run for t in texts for run in re.findall(f"[{HAN}]{{2,}}", t)]
    joined = "\x00".join(clauses) + "\x00"
    c = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    length = len(c)
    n_chars = int((c != 0).sum())
    if n_chars == 0:
        return NgramStats({}, {}, {}, frozenset(), 0)
    c_pad = np.concatenate([c, np.zeros(max_n + 1, dtype=np.uint64)])
    prime = np.uint64(1_000_003)
    counts: dict[str, int] = {}
    left_e: dict[str, float] = {}
    right_e: dict[str, float] = {}
    closed: set[str] = set()
    level = None  # the previous level: its positions, counts, ids, texts and entropies

    def record(lv, not_closed_ids):
        for d, p in enumerate(lv["first"]):
            text = joined[p : p + lv["n"]]
            counts[text] = int(lv["cnt"][d])
            left_e[text] = float(lv["le"][d])
            right_e[text] = float(lv["re"][d])
            if not not_closed_ids[d]:
                closed.add(text)

    with np.errstate(over="ignore"):
        h = c.copy()
        for n in range(1, max_n + 1):
            if n == 1:
                positions = np.flatnonzero(c != 0)
            else:
                # the n-gram at i is worth counting only if its (n-1)-grams at i and i+1 are
                positions = np.flatnonzero(
                    level["freq"][: length - n + 1] & level["freq"][1 : length - n + 2]
                )
                if len(positions) == 0:
                    record(level, np.zeros(len(level["first"]), dtype=bool))
                    level = None
                    break
                h_new = np.zeros(length, dtype=np.uint64)
                h_new[positions] = h[positions] * prime + c[positions + n - 1]
                h = h_new
            _, inv, cnt = np.unique(h[positions], return_inverse=True, return_counts=True)
            keep = cnt[inv] >= min_count
            pos = positions[keep]
            if len(pos) == 0:
                if level is not None:
                    record(level, np.zeros(len(level["first"]), dtype=bool))
                    level = None
                break
            ids, dense = np.unique(inv[keep], return_inverse=True)
            here = np.zeros(length + 1, dtype=np.int64)
            here[pos] = cnt[ids][dense]
            id_at = np.full(length + 1, -1, dtype=np.int64)
            id_at[pos] = dense
            if level is not None:
                # an (n-1)-gram is not closed when a one-character extension is as frequent
                not_closed = np.zeros(len(level["first"]), dtype=bool)
                same_prefix = pos[here[pos] == level["here"][pos]]
                same_suffix = pos[here[pos] == level["here"][pos + 1]]
                not_closed[level["id_at"][same_prefix]] = True
                not_closed[level["id_at"][same_suffix + 1]] = True
                record(level, not_closed)
            first = np.zeros(len(ids), dtype=np.int64)
            first[dense[::-1]] = pos[::-1]
            left = np.where(pos > 0, c[np.maximum(pos - 1, 0)], 0)
            freq = np.zeros(length + 1, dtype=bool)
            freq[pos] = True
            level = {
                "n": n, "first": first, "cnt": cnt[ids], "here": here, "id_at": id_at,
                "freq": freq,
                "le": _entropy(dense, left, len(ids)),
                "re": _entropy(dense, c_pad[pos + n], len(ids)),
            }  # fmt: skip
        if level is not None:
            record(level, np.zeros(len(level["first"]), dtype=bool))
    return NgramStats(counts, left_e, right_e, frozenset(closed), n_chars)


# --------------------------------------------------------------------------- recurrent terms

_NOMINAL_TAGS = frozenset("n nz vn an a b j l ng nt nl ns s i x eng".split())
_HEAD_TAGS = frozenset("n nz vn ng nt j l s an nl i".split())
_FUNCTION_TAGS = frozenset("p c u r m q f y uj ul ud ug uv uz d dg zg e o".split())
_VERBAL = frozenset(
    "发展 建设 推进 推动 促进 加快 加强 实施 落实 完善 培育 打造 构建 提升 坚持 巩固 扩大 "
    "实现 保障 开展 做好 抓好 强化 优化 谱写 奋力 努力".split()
)


def title_terms(words: Sequence[tuple[str, str]]) -> list[str]:
    """The nominal terms of a headline: runs of nominal words of 3+ characters, without a
    leading action word (加快培育发展|新质生产力, 构建|现代化产业体系)."""
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
    """Drop the function words at both ends of a tagged phrase (以|更大力度, 的|...)."""
    words = list(words)
    while words and (words[0][1] in _FUNCTION_TAGS or words[0][0] in _EDGE):
        words = words[1:]
    while words and (words[-1][1] in _FUNCTION_TAGS or words[-1][0] in _EDGE):
        words = words[:-1]
    return words


_PARTICLES = frozenset("的了和与及等是在也都而就着地得之其于并或由被让向给所这那各每该")


def _keeps_edges(words: Sequence[tuple[str, str]]) -> bool:
    """Whether an n-gram may keep the function words at its ends (至上 is an adverb to jieba,
    以 a preposition): neither end is a particle, a conjunction or a pronoun."""
    for w, t in (words[0], words[-1]):
        if w in _PARTICLES or t[0] in "ucryeq" or (t[0] in "fm" and len(w) < 2):
            return False
    return True


def bound(core: str, parts: Sequence[str], counts: dict[str, int]) -> float:
    """How fixed a multi-word term is: at its weakest split into a prefix and a suffix, the
    larger of the shares of the prefix's and the suffix's occurrences that are inside the term.
    高质量发展 scores near 1 (高质量 rarely stands elsewhere), 经济社会 low."""
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
    longer word is not a term."""
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
    entropy become features of the one score (see :mod:`analysis.slogan_score`); word
    boundaries are checked for every detector alike, on the counted occurrences.

    ``text`` is the discovery text (clauses joined) where occurrences are looked up.
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
        core = "".join(w for w, _ in words)
        if len(core) < 3 or core in found or any(t in core for t in _TITLES):
            continue
        if any(ch in _INNER for ch in core) or core.startswith("百分之"):
            continue
        count = stats.counts.get(core, 0)
        if count < min_count:
            continue
        free = min(stats.left_entropy.get(core, 0.0), stats.right_entropy.get(core, 0.0))
        if free < min_entropy if count >= 5 else free <= 0.0:
            continue  # always preceded or followed by the same word: part of a longer phrase
        if all(t in _NAME_TAGS or t.startswith("nr") for _, t in words):
            continue  # a name, a date or a quantity
        if len(words) == 1:
            if words[0][1] not in _FIXED_TAGS and len(core) < 4:
                continue  # a plain short dictionary word is the language, not a formulation
            b = 1.0
            evidence = f"fixed expression (jieba tag {words[0][1]}), {count}× in the text"
        else:
            b = bound(core, [w for w, _ in words], stats.counts)
            if b < min_bound:
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
        if any(t in term for t in _TITLES):
            continue
        if term not in found and count >= 2 and bound(term, parts, stats.counts) >= 0.25:
            found[term] = Found(
                term, "recurrent", {f"headline formulation, {count}× in the text"}, {term}
            )
    return found


def marks_era(used: Sequence[int], n_periods: int) -> bool:
    """Whether a term used in the periods ``used`` (indices into the corpus's ordered periods)
    marks an era: used in three periods or more, and absent from the whole first or last
    quarter of the timeline (it rose, like 高质量发展, or fell, like 人民公社)."""
    if n_periods < 5 or len(set(used)) < 3:
        return False
    quarter = n_periods / 4
    return min(used) >= quarter or max(used) < n_periods - quarter


def concentrated(used: Sequence[int], n_periods: int, *, max_span: float = 0.6) -> bool:
    """Whether a term's use spans at most ``max_span`` of the timeline (人民公社 1959-1979 of
    1954-2025 does; 政策措施 1986-2025 does not)."""
    return max(used) - min(used) + 1 <= max_span * n_periods


def era_candidates(
    toks: Tokens, article_periods: Sequence[str], *, min_count: int = 5
) -> dict[str, Found]:
    """In a corpus dated over five periods or more: dictionary terms (3+ characters, nominal,
    not names) that mark an era (see :func:`marks_era`) or are new in the last two periods.
    Candidates only: how far they rise and fall is a feature of the score, not a gate."""
    present = sorted({p for p in article_periods if p})
    if len(present) < 5:
        return {}
    col = {p: i for i, p in enumerate(present)}
    doc_period = np.array([col.get(article_periods[a], -1) for a in toks.article], dtype=np.int64)
    token_period = np.repeat(doc_period, toks.lengths())
    ok = token_period >= 0
    import scipy.sparse as sp  # noqa: PLC0415

    m = sp.csr_matrix(
        (np.ones(int(ok.sum())), (toks.codes[ok], token_period[ok])),
        shape=(len(toks.vocab), len(present)),
    )
    m.sum_duplicates()
    counts = np.asarray(m.sum(axis=1)).ravel()
    found = {}
    for code in np.flatnonzero(counts >= min_count):
        word, tg = toks.vocab[code], toks.tags[code]
        if (
            len(word) < 3
            or tg in ("ns", "t", "m", "q")
            or tg.startswith("nr")
            or tg not in _HEAD_TAGS
        ):
            continue  # organisations (nt: 人民公社) may mark an era, places and persons not
        if not re.fullmatch(f"[{HAN}]+", word) or word.startswith("百分之"):
            continue
        if any(t in word for t in _TITLES):
            continue
        used = m.indices[m.indptr[code] : m.indptr[code + 1]]
        new = used.min() >= len(present) - 2  # 新质生产力 2024: new in the last periods
        if marks_era(used, len(present)) or new:
            span = f"{present[used.min()]}–{present[used.max()]}"
            found[word] = Found(word, "recurrent", {f"marks an era: used {span}"}, {word})
    return found


# --------------------------------------------------------------------------- more candidates


def enumeration_members(
    texts: Sequence[str],
    counts: dict[str, int],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    min_count: int,
) -> dict[str, Found]:
    """Members of 、-lists (数字经济、海洋经济、银发经济) that also recur on their own,
    outside any list, at least ``min_count`` times: candidates in their own right.

    The first and last members of an unquoted run are cut to the length of their neighbours
    at word boundaries (发展|数字经济); ``counts`` are the n-gram counts of the same texts.
    """
    inside: Counter[str] = Counter()
    for text in texts:
        for m in _PARALLEL.finditer(text):
            parts = m.group().split("、")
            for k, part in enumerate(parts):
                words = tag(part)
                if k == 0 and len(parts) > 1:
                    while len(words) > 1 and len("".join(w for w, _ in words[1:])) >= len(
                        parts[1]
                    ):
                        words = words[1:]
                if k == len(parts) - 1 and len(parts) > 1:
                    while len(words) > 1 and len("".join(w for w, _ in words[:-1])) >= len(
                        parts[-2]
                    ):
                        words = words[:-1]
                member = "".join(w for w, _ in trim_edges(words))
                if len(member) >= 3:
                    inside[member] += 1
    found = {}
    for member, n in sorted(inside.items()):
        outside = counts.get(member, 0) - n
        if outside >= min_count:
            found[member] = Found(
                member, "recurrent", {f"member of 、-lists ({n}×), {outside}× outside them"},
                {member},
            )  # fmt: skip
    return found


NOT_FORMULATION_TAGS = frozenset("ns nr nt nrt nrfg".split())


def lexicon_candidates(entries: Sequence[tuple[str, str | None]]) -> dict[str, Found]:
    """Every user-lexicon entry is a known formulation (kind ``lexicon``) whatever its part of
    speech, except places, people and organisations (tags ns, nr, nt, nrt: 大渡口, 海康威视)."""
    found = {}
    for word, tg in entries:
        if (tg or "") in NOT_FORMULATION_TAGS or never_formulation(word):
            continue
        found[word] = Found(word, "lexicon", {"user lexicon"}, {word})
    return found


_NUMBER = rf"[{_NUM}〇零0-9点.．%％]"


def never_formulation(text: str) -> bool:
    """The few things that are never a formulation, whatever the evidence: one character,
    punctuation, pure numbers (not quoted: see :func:`find_slogans`), dates and amounts
    (2019年, 第三季度, 三百八十六点六五斤, 338.89亿元)."""
    core = re.sub(r"[\s、，,+＋·“”‘’「」『』]", "", text)
    if len(core) < 2 or not re.search(f"[{HAN}]", core):
        return True
    m = re.match(rf"^第?{_NUMBER}+", core)
    if m and m.end() < len(core) and _MEASURE.match(core[m.end() :]):
        return len(core) - m.end() <= 3  # a quantity or a date with at most a short tail
    return False


def pure_number(text: str) -> bool:
    """九五, 十四五: only numerals."""
    return all(ch in _NUMERALS for ch in text)


# --------------------------------------------------------------------------- merging


def _chunk_key(text: str) -> str | None:
    """A key shared by reorderings of the same 2-character parts (延链补链强链 / 补链延链强链)."""
    if len(text) >= 6 and len(text) % 2 == 0 and re.fullmatch(f"[{HAN}]+", text):
        return "".join(sorted(text[i : i + 2] for i in range(0, len(text), 2)))
    return None


_OPTIONAL = "的之"


def _function_key(text: str) -> str:
    """The text without the optional function characters: 有中国特色的社会主义 and
    中国特色社会主义 share a key (a leading 有, an inner 的 or 之)."""
    if len(text) >= 5 and text.startswith("有"):
        text = text[1:]
    if len(text) >= 5 and re.fullmatch(f"[{HAN}]+", text):
        text = text[0] + re.sub(f"[{_OPTIONAL}]", "", text[1:-1]) + text[-1]
    return text


def function_variants(text: str, *, tag: Callable[[str], list[tuple[str, str]]]) -> list[str]:
    """The forms of ``text`` with an optional 的 or 之 between two of its words, with or
    without a leading 有 (中国特色社会主义 → 中国特色的社会主义, 有中国特色的社会主义)."""
    if len(text) < 4 or not re.fullmatch(f"[{HAN}]+", text):
        return []
    words = [w for w, _ in tag(text)]
    if len(words) < 2 or len(words) > 6:
        return []
    out = []
    for k in range(1, len(words)):
        for ch in _OPTIONAL:
            v = "".join(words[:k]) + ch + "".join(words[k:])
            out += [v, "有" + v]
    return out


def _near(text: str, a: str, b: str, *, window: int = 12) -> tuple[int, int]:
    """How often ``a`` occurs in ``text``, and how often ``b`` is within ``window``
    characters of it (on either side) in the same sentence."""
    n = near = 0
    for m in re.finditer(re.escape(a), text):
        n += 1
        lo, hi = max(0, m.start() - window - len(b)), m.end() + window + len(b)
        before = re.split(r"[。！？；!?;\n]", text[lo : m.start()])[-1]
        after = re.split(r"[。！？；!?;\n]", text[m.end() : hi])[0]
        near += b in before or b in after
    return n, near


def merge_variants(
    found: dict[str, Found], *, is_word: Callable[[str], bool], text: str = ""
) -> list[Found]:
    """Merge candidates that are one formulation: reorderings, parallel runs in another order,
    forms with an optional 的/之/有 (see :func:`_function_key`), and the halves of a two-part
    slogan (公园大渡口、多彩艺术湾 counts 公园大渡口 alone too).

    A half merges only when it is coined (not a dictionary word) and, in ``text``, occurs
    next to the other half in most of its uses: 和平统一 alone, in 朝鲜的和平统一, is not
    和平统一、一国两制; a half used mostly apart stays a formulation of its own."""
    groups: dict[str, list[Found]] = defaultdict(list)
    for f in found.values():
        elements = parallel_elements(f.text) if f.kind == "parallel" else None
        if elements:
            key = "、".join(sorted(elements))
        else:
            key = _chunk_key(f.text) or _function_key(f.text)
        groups[key].append(f)
    merged: list[Found] = []
    for key in sorted(groups):
        members = groups[key]
        head = min(members, key=lambda f: (KINDS.index(f.kind), len(f.text), f.text))
        for other in members:
            if other is not head:
                head.forms |= other.forms | {other.text}
                head.evidence |= other.evidence
                head.quoted += other.quoted
                head.bound, head.entropy = (
                    max(head.bound, other.bound),
                    max(head.entropy, other.entropy),
                )
        merged.append(head)
    by_text = {f.text: f for f in merged}
    for f in list(merged):
        elements = parallel_elements(f.text) if f.kind == "parallel" else None
        if not (elements and len(elements) == 2):
            continue
        for half, other in (elements, elements[::-1]):
            if is_word(half) or len(half) < 3:
                continue
            n, near = _near(text, half, other) if text else (0, 0)
            if n and near * 2 <= n:
                continue  # used apart in most of its uses: a formulation of its own
            f.forms.add(half)
            absorbed = by_text.pop(half, None)
            if absorbed is not None and absorbed is not f and absorbed in merged:
                f.evidence |= absorbed.evidence
                merged.remove(absorbed)
    return merged


def link_successors(table: pd.DataFrame) -> list[str]:
    """For each row of a ranked slogans table, the parallel formulation it renames: a list of
    as many members (3+), sharing some but not all of them, first used after the other's
    first use (稳进增效、除险清患、改革求变、惠民有感 → 稳进增效、除险固安、改革突破、惠民强企).
    Among several, the latest earlier one; "" when none."""
    lists = []
    for r in table.itertuples():
        parts = r.slogan.split("、")
        if r.kind == "parallel" and len(parts) >= 3 and r.first_date:
            lists.append((r.slogan, parts, r.first_date))
    out = {}
    for text, parts, first in lists:
        best = None
        for other, oparts, ofirst in lists:
            shared = len(set(parts) & set(oparts))
            if other == text or len(oparts) != len(parts) or not 0 < shared < len(parts):
                continue
            if [len(p) for p in oparts] != [len(p) for p in parts] or not ofirst < first:
                continue
            if best is None or ofirst > best[1]:
                best = (other, ofirst)
        if best:
            out[text] = best[0]
    return [out.get(t, "") for t in table["slogan"]]


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True)
class Slogan:
    """A formulation: its canonical text, kind, every form that is counted, and why it is one."""

    text: str
    kind: str
    variants: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Hit:
    """One occurrence: slogan index, article position, paragraph index, span in its text."""

    slogan: int
    article: int
    paragraph: int
    start: int
    end: int


_NUMERALS_POINT = _NUMERALS | {"点"}


def _is_number_here(text: str, start: int, end: int) -> bool:
    """九五 in 一九五四年, 十五 in 二十五 or 十五年, 六五 in 三百八十六点六五斤: numerals that
    are part of a number at this place (``end`` is the index of the last character)."""
    if text[end] in _NUMERALS and end + 1 < len(text) and text[end + 1] in _NUMERALS_POINT:
        return True
    if text[start] not in _NUMERALS:
        return False
    if start > 0 and text[start - 1] in _ORDINAL:
        return True
    return text[end + 1 : end + 2] in _UNITS and all(
        ch in _NUMERALS for ch in text[start : end + 1]
    )


def find_hits(
    forms: dict[str, int],
    articles: Sequence[Article],
    *,
    roles: Sequence[str] = ("body", "answer"),
    longest: bool = True,
) -> list[Hit]:
    """Every occurrence of every form in the paragraphs with ``roles``, with one Aho-Corasick
    automaton. ``longest``: leftmost-longest matches, so a slogan inside a longer one counts
    once (the standalone count); otherwise every match, a slogan inside a longer one
    included, and one hit per place for a slogan (the total count, see :func:`total_hits`)."""
    import ahocorasick  # noqa: PLC0415

    if not forms:
        return []
    automaton = ahocorasick.Automaton()
    for form, idx in forms.items():
        automaton.add_word(form, (idx, len(form)))
    automaton.make_automaton()
    hits = []
    for a_idx, article in enumerate(articles):
        for p in article.paragraphs:
            if p.role not in roles:
                continue
            text = p.text
            matches = automaton.iter_long(text) if longest else automaton.iter(text)
            for end, (idx, n) in matches:
                start = end - n + 1
                if not _is_number_here(text, start, end):
                    hits.append(Hit(idx, a_idx, p.index, start, end + 1))
    if not longest:
        hits = total_hits(hits)
    return hits


def total_hits(hits: Sequence[Hit]) -> list[Hit]:
    """One hit per place for each slogan: a form inside another form of the same slogan (公园
    大渡口 inside 公园大渡口、多彩艺术湾) is one use."""
    out: list[Hit] = []
    ordered = sorted(hits, key=lambda h: (h.slogan, h.article, h.paragraph, h.start, -h.end))
    for h in ordered:
        last = out[-1] if out else None
        if (
            last is not None
            and (last.slogan, last.article, last.paragraph) == (h.slogan, h.article, h.paragraph)
            and h.end <= last.end
        ):
            continue
        out.append(h)
    return out


def nested(hits: Sequence[Hit]) -> list[bool]:
    """For each hit (in order), whether it lies inside a longer hit of another slogan at the
    same place (人类命运 inside 人类命运共同体): what leftmost-longest counting would not count."""
    order = sorted(range(len(hits)), key=lambda k: (hits[k].article, hits[k].paragraph,
                                                     hits[k].start, -hits[k].end))  # fmt: skip
    out = [False] * len(hits)
    where, reach = None, -1
    for k in order:
        h = hits[k]
        if (h.article, h.paragraph) != where:
            where, reach = (h.article, h.paragraph), -1
        if h.end <= reach:
            out[k] = True
        reach = max(reach, h.end)
    return out


def join_halves(hits: Sequence[Hit], two_part: set[int], *, window: int = 12) -> list[Hit]:
    """The two halves of a two-part slogan written next to each other (建设公园大渡口，打造
    多彩艺术湾) are one use of it, not two."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.slogan, h.article, h.paragraph, h.start)):
        last = out[-1] if out else None
        if (
            h.slogan in two_part
            and last is not None
            and (last.slogan, last.article, last.paragraph) == (h.slogan, h.article, h.paragraph)
            and h.start - last.end <= window
            and h.start >= last.end
        ):
            out[-1] = Hit(h.slogan, h.article, h.paragraph, last.start, h.end)
            continue
        out.append(h)
    return out


def boundary_share(
    hits: Sequence[Hit],
    articles: Sequence[Article],
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    samples: int = 5,
) -> float:
    """The share of (up to ``samples``, evenly spread) occurrences that start and end on a
    jieba token boundary: 大力度 in 以更大|力度, a congress name cut after its plenum's
    number or a list whose first item lost a character do not."""
    if not hits:
        return 0.0
    step = max(1, len(hits) // samples)
    ok = seen = 0
    for h in list(hits)[::step][:samples]:
        text = articles[h.article].paragraphs[h.paragraph].text
        lo, hi = max(0, h.start - 4), min(len(text), h.end + 4)
        cuts, pos = {0}, 0
        for w, _ in tag(text[lo:hi]):
            pos += len(w)
            cuts.add(pos)
        ok += (h.start - lo in cuts) and (h.end - lo in cuts)
        seen += 1
    return ok / seen


TIERS = ((0.5, "hot"), (0.2, "warm"), (0.0, "cool"))


def tier(share: float) -> str:
    """Temperature of a slogan in a period, from the share of the period's articles that use
    it (after the China Media Project's discourse 'temperature'): hot >= 50%, warm >= 20%,
    cool > 0, absent."""
    if share <= 0:
        return "absent"
    return next(name for floor, name in TIERS if share >= floor)


@dataclass(frozen=True)
class SloganResult:
    """The ranked slogans with their occurrences, and the contract's four tables.

    ``hits`` are the standalone occurrences (leftmost-longest), ``hits_total`` every use,
    inside longer formulations included; ``features`` the evidence each candidate was scored
    on (one row per candidate, accepted or not: what the weights are fitted on)."""

    slogans: tuple[Slogan, ...]
    hits: tuple[Hit, ...]
    table: pd.DataFrame  # slogans.csv
    counts: pd.DataFrame  # slogan_counts.csv
    periods: pd.DataFrame  # slogan_periods.csv
    kwic: pd.DataFrame  # kwic.csv
    hits_total: tuple[Hit, ...] = ()
    features: pd.DataFrame | None = None


def _discovery_texts(articles: Sequence[Article], *, max_chars: int) -> list[str]:
    texts = [p.text for a in articles for p in a.paragraphs if p.role in DISCOVERY_ROLES]
    total = sum(map(len, texts))
    if total <= max_chars:
        return texts
    step = math.ceil(total / max_chars)  # a fixed stride: the same sample every run
    return texts[::step]


def _min_count(n_chars: int) -> int:
    if n_chars < 100_000:
        return 2
    if n_chars < 2_000_000:
        return 3
    return 5


KWIC_PER_SLOGAN = 200
# slogans.csv lists at most this many scored formulations (the best; lexicon entries always):
# below that rank a large corpus has only weak candidates, and every table grows with them
MAX_FORMULATIONS = 2000
KWIC_WIDTH = 20


def _add(found: dict[str, Found], f: Found) -> None:
    """Add a candidate, or the evidence of another detector to one already found."""
    have = found.get(f.text)
    if have is None:
        found[f.text] = f
        return
    have.evidence |= f.evidence
    have.forms |= f.forms
    have.bound, have.entropy = max(have.bound, f.bound), max(have.entropy, f.entropy)
    if KINDS.index(f.kind) < KINDS.index(have.kind):
        have.kind = f.kind


def _only_stopwords(text: str, stopwords: frozenset[str], tag) -> bool:
    if text in stopwords:
        return True
    words = [w for w, _ in tag(text) if re.search(f"[{HAN}]", w)]
    return bool(words) and all(w in stopwords for w in words)


def find_slogans(
    articles: Sequence[Article],
    raw_tokens: Tokens,
    *,
    tag: Callable[[str], list[tuple[str, str]]],
    is_word: Callable[[str], bool],
    stopwords: frozenset[str] = frozenset(),
    lexicon: Sequence[tuple[str, str | None]] = (),
    not_formulations: frozenset[str] = frozenset(),
    people: frozenset[str] | None = None,
    max_sample_chars: int = 3_000_000,
    weights: dict | None = None,
) -> SloganResult:
    """Discover, merge, count and rank the formulations of a corpus.

    Every detector (quoted, numbered, parallel, recurrent n-grams, enumeration members, era
    terms, the user lexicon) only proposes candidates; each candidate gets its features (see
    :func:`analysis.slogan_score.features`) and all are ranked by one score, a logistic model
    whose weights ship as data (``analysis/data/formulation_weights.json``, refitted by
    ``scripts/fit_formulation_weights.py``). Hard filters are kept only for what is never a
    formulation (see :func:`never_formulation`), the ``not_formulations`` list, a candidate
    that is a whole person name, a candidate cut mid-word in most of its occurrences (see
    :func:`boundary_share`), and a dictionary word whose only evidence is being quoted once.

    Stopwords enter only at the end, after variants are merged: a formulation made only of
    listed noise words is dropped, so discovery itself does not depend on the stopword lists.

    Parameters
    ----------
    articles : the corpus
    raw_tokens : every word of the analysed paragraphs, with tags (for era terms and people)
    tag : part-of-speech tagging with jieba's own dictionary, no user lexicon, so that what
        the user already knows does not decide what is discovered
    is_word : whether a string is one word of jieba's dictionary
    stopwords : noise words; a formulation made only of them is dropped (final filter)
    lexicon : (word, tag) of the user lexicon: known formulations (kind ``lexicon``)
    not_formulations : phrases that are never reported (``lexicon/not-formulations.txt``)
    people : person names; a candidate that is one is dropped (default: the words of
        ``raw_tokens`` that :func:`analysis.segment.is_person` accepts)
    max_sample_chars : discovery statistics are computed on at most this much text (a fixed
        stride sample of the paragraphs); counting always covers all of it
    weights : the score's weights (default: the shipped ones)
    """
    from .slogan_score import features as score_features  # noqa: PLC0415
    from .slogan_score import load_weights, score  # noqa: PLC0415

    weights = weights or load_weights()
    texts = _discovery_texts(articles, max_chars=max_sample_chars)
    disc = "\n".join(texts)
    found = explicit_candidates(texts, is_word=is_word, tag=tag)
    n_chars = sum(map(len, texts))
    min_count = _min_count(n_chars)
    titles = " ".join(p.text for a in articles for p in a.paragraphs if p.role in TITLE_ROLES)
    if people is None:
        people = frozenset(
            w for w, t in zip(raw_tokens.vocab, raw_tokens.tags, strict=True) if is_person(w, t)
        )
    stats = ngram_stats(texts, min_count=min_count)
    for f in recurrent_candidates(
        stats, disc, tag=tag, min_count=min_count, titles=titles
    ).values():
        _add(found, f)
    for f in enumeration_members(texts, stats.counts, tag=tag, min_count=min_count).values():
        _add(found, f)
    per = article_periods([a.date for a in articles])
    for f in era_candidates(raw_tokens, per).values():
        _add(found, f)
    for f in lexicon_candidates(lexicon).values():
        _add(found, f)
    for f in found.values():
        if f.kind == "recurrent" and not f.bound:
            parts = [w for w, _ in tag(f.text)]
            f.bound = 1.0 if len(parts) == 1 else bound(f.text, parts, stats.counts)
            f.entropy = min(
                stats.left_entropy.get(f.text, 0.0), stats.right_entropy.get(f.text, 0.0)
            )

    def dropped(f: Found) -> bool:
        if f.text in not_formulations or f.text in people:
            return True
        if "user lexicon" in f.evidence:
            return False
        return never_formulation(f.text) or (pure_number(f.text) and f.quoted < 2)

    found = {t: f for t, f in found.items() if not dropped(f)}
    # optional 的/之/有 forms that occur, as candidates merged into their formulation
    variant_of = {}
    for f in found.values():
        for v in function_variants(f.text, tag=tag):
            variant_of.setdefault(v, f.text)
    if variant_of:
        for v in _occurring(variant_of, disc):
            f = found[variant_of[v]]
            f.forms.add(v)
    merged = merge_variants(found, is_word=is_word, text=disc)
    merged = [
        f for f in merged
        if f.text not in not_formulations and not _only_stopwords(f.text, stopwords, tag)
    ]  # fmt: skip
    for f in merged:
        f.forms -= not_formulations

    forms: dict[str, int] = {}
    for i, f in enumerate(merged):
        for form in sorted(f.forms | {f.text}, key=lambda s: (-len(s), s)):
            forms.setdefault(form, i)
    two_part = {
        i for i, f in enumerate(merged)
        if f.kind == "parallel" and len(f.text.split("、")) == 2
    }  # fmt: skip
    every = join_halves(find_hits(forms, articles, longest=False), two_part)
    by_slogan: dict[int, list[Hit]] = defaultdict(list)
    inside: Counter[int] = Counter()
    for h, is_nested in zip(every, nested(every), strict=True):
        by_slogan[h.slogan].append(h)
        inside[h.slogan] += is_nested
    boundary = {
        i: boundary_share(by_slogan[i], articles, tag=tag) for i in by_slogan
    }  # fmt: skip

    def qualifies(i: int, f: Found) -> bool:
        if not by_slogan.get(i):
            return False
        if "user lexicon" in f.evidence:
            return True
        if boundary[i] <= 0.5:
            return False  # cut mid-word in most of its occurrences
        only_quoted = f.kind == "quoted" and not any(
            e in ("adjacent quotes",) or not e.startswith("quoted") for e in f.evidence
        )
        if only_quoted and is_word(f.text):
            n = len(by_slogan[i])
            # a dictionary word in quotes: quoted in several places or in a share of its uses
            return f.quoted >= 3 or (f.quoted >= 2 and f.quoted >= 0.2 * n)
        return True

    cand = [i for i, f in enumerate(merged) if qualifies(i, f)]
    table = score_features(
        [merged[i] for i in cand], [by_slogan[i] for i in cand], [boundary[i] for i in cand],
        alone=[1 - inside[i] / len(by_slogan[i]) for i in cand],
        articles=articles, periods=per, is_word=is_word, tag=tag, titles=titles,
    )  # fmt: skip
    table["score"] = score(table, weights)
    ranked = table.sort_values(
        ["score", "count_total", "text"], ascending=[False, False, True], kind="stable"
    )
    best = np.arange(len(ranked)) < MAX_FORMULATIONS
    keep_rows = ranked[
        ((ranked["score"] >= weights["threshold"]) & best) | (ranked["k_lexicon"] > 0)
    ]
    keep = [cand[k] for k in keep_rows.index]
    scores = keep_rows["score"].tolist()

    slogans = tuple(
        Slogan(
            text=merged[i].text,
            kind=merged[i].kind,
            variants=tuple(
                sorted(merged[i].forms | {merged[i].text}, key=lambda s: (s != merged[i].text, s))
            ),
            evidence="; ".join(sorted(merged[i].evidence)),
        )
        for i in keep
    )
    new_index = {old: new for new, old in enumerate(keep)}
    final_forms = {form: new_index[i] for form, i in forms.items() if i in new_index}
    final_two = {new_index[i] for i in two_part if i in new_index}
    hits = tuple(join_halves(find_hits(final_forms, articles), final_two))
    total = tuple(
        Hit(new_index[h.slogan], h.article, h.paragraph, h.start, h.end)
        for h in every
        if h.slogan in new_index
    )
    # a bare number (九五) counts only where it stands alone: inside 七五普法 it is another name
    numeral = {k for k, s in enumerate(slogans) if pure_number(s.text)}
    if numeral:
        alone = {(h.slogan, h.article, h.paragraph, h.start) for h in hits}
        total = tuple(
            h for h in total
            if h.slogan not in numeral or (h.slogan, h.article, h.paragraph, h.start) in alone
        )  # fmt: skip
    table_, counts, periods, kwic = _tables(slogans, hits, total, articles, scores)
    return SloganResult(slogans, hits, table_, counts, periods, kwic, total, table)


def _occurring(forms: dict[str, str], text: str) -> list[str]:
    """The keys of ``forms`` that occur in ``text`` (one Aho-Corasick pass), sorted."""
    import ahocorasick  # noqa: PLC0415

    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return sorted({form for _, form in automaton.iter(text)})


def _tables(slogans, hits, total, articles, saliences):
    """The four slogan tables, from the standalone and the total hits (vectorised)."""
    ids = np.array([a.article_id for a in articles], dtype=object)
    dates = np.array([a.date for a in articles], dtype=object)
    per = np.array(article_periods(list(dates)), dtype=object)
    names = np.array([s.text for s in slogans], dtype=object)
    n = len(slogans)
    cols = ["slogan", "article", "paragraph", "start", "end"]
    h = pd.DataFrame(
        [(x.slogan, x.article, x.paragraph, x.start, x.end) for x in hits], columns=cols
    )
    ht = pd.DataFrame(
        [(x.slogan, x.article, x.paragraph, x.start, x.end) for x in total], columns=cols
    )
    alone = h.groupby(["slogan", "article"]).size().rename("count")
    every = ht.groupby(["slogan", "article"]).size().rename("count_total")
    per_article = pd.concat([alone, every], axis=1).fillna(0).astype(np.int64).reset_index()
    per_article = per_article.sort_values(["slogan", "article"], kind="stable")
    per_article["date"] = dates[per_article["article"].to_numpy()] if len(per_article) else []
    count = h["slogan"].value_counts().reindex(range(n), fill_value=0)
    count_total = ht["slogan"].value_counts().reindex(range(n), fill_value=0)
    n_arts = per_article.groupby("slogan").size().reindex(range(n), fill_value=0)
    dated = per_article[per_article["date"] != ""]
    first = dated.groupby("slogan")["date"].min().reindex(range(n), fill_value="")
    last = dated.groupby("slogan")["date"].max().reindex(range(n), fill_value="")
    n_docs = max(1, len(articles))
    table = pd.DataFrame(
        {
            "slogan": names,
            "kind": [s.kind for s in slogans],
            "variants": [list(s.variants) for s in slogans],
            "count": count.to_numpy(),
            "articles": n_arts.to_numpy(),
            "first_date": first.to_numpy(),
            "last_date": last.to_numpy(),
            "evidence": [s.evidence for s in slogans],
            "salience": [round(float(x), 6) for x in saliences],
            "count_total": count_total.to_numpy(),
            "spread": np.round(n_arts.to_numpy() / n_docs, 4),
        }
    )
    table["successor_of"] = link_successors(table) if n else []
    counts = pd.DataFrame(
        {
            "slogan": names[per_article["slogan"].to_numpy()] if len(per_article) else [],
            "article_id": ids[per_article["article"].to_numpy()] if len(per_article) else [],
            "count": per_article["count"].to_numpy(),
            "count_total": per_article["count_total"].to_numpy(),
        }
    )
    # periods: every period that has articles, so a zero is a real absence
    arts = pd.DataFrame({"period": per, "chars": [a.characters for a in articles]})
    arts = arts[arts["period"] != ""]
    totals = arts.groupby("period").agg(articles=("chars", "size"), chars=("chars", "sum"))
    per_article["period"] = per[per_article["article"].to_numpy()] if len(per_article) else []
    per_article["using"] = 1
    used = (
        per_article[per_article["period"] != ""]
        .groupby(["slogan", "period"])
        .agg(count=("count", "sum"), count_total=("count_total", "sum"), using=("using", "sum"))
    )
    grid = pd.MultiIndex.from_product(
        [range(n), totals.index.astype(str)], names=["slogan", "period"]
    )
    used = used.reindex(grid, fill_value=0).reset_index()
    used = used.join(totals, on="period") if len(used) else used.assign(articles=0, chars=0)
    periods = pd.DataFrame(
        {
            "slogan": names[used["slogan"].to_numpy()] if len(used) else [],
            "period": used["period"].to_numpy(),
            "count": used["count"].to_numpy(dtype=np.int64),
            # the rate, like the trends, follows every use (count_total)
            "rate": used["count_total"].to_numpy()
            * 10_000
            / np.maximum(used["chars"].to_numpy(), 1),
            "tier": [tier(u / a) for u, a in zip(used["using"], used["articles"], strict=True)],
            "count_total": used["count_total"].to_numpy(dtype=np.int64),
        }
    )
    # keyword in context, in reading order, at most KWIC_PER_SLOGAN lines per slogan
    h = (
        ht.sort_values(["slogan", "article", "paragraph", "start"])
        .groupby("slogan")
        .head(KWIC_PER_SLOGAN)
    )
    lines = []
    for sl, a, p, start, end in h.itertuples(index=False):
        para = articles[a].paragraphs[p]
        text = para.text
        lines.append(
            (
                names[sl], ids[a], p, para.line_at(start), text[max(0, start - KWIC_WIDTH) : start],
                text[start:end], text[end : end + KWIC_WIDTH],
            )
        )  # fmt: skip
    kwic = pd.DataFrame(
        lines, columns=["slogan", "article_id", "paragraph", "line", "left", "match", "right"]
    )
    return table, counts, periods, kwic


KIND_LABELS = {
    "lexicon": "user-lexicon formulation", "numbered": "numbered formula", "parallel": "parallel run", "quoted": "quoted formulation",
    "recurrent": "recurring term",
}  # fmt: skip


def candidates_text(result: SloganResult, *, lexicon: set[str]) -> str:
    """The slogans that could be user-lexicon words, as lexicon lines with a comment each.

    Left out: those already in the lexicon, and those that are not one word (runs with 、 or +,
    which segmentation should keep apart).
    """
    lines = [
        "# tifa slogan candidates for the user lexicon (written by `tifa slogans --candidates`).",
        "# Copy the lines you accept into a file in lexicon/ (e.g. lexicon/local.txt): from the",
        "# next run on, segmentation keeps them whole. Format: word [freq] [tag] # comment.",
    ]
    table = result.table
    for r in table.itertuples():
        if r.slogan in lexicon or re.search(r"[、+＋·，,\s]", r.slogan) or len(r.slogan) > 12:
            continue
        lines.append(
            f"{r.slogan} nz  # {KIND_LABELS[r.kind]}, {r.count}×, {r.articles} article(s)"
        )
    return "\n".join(lines) + "\n"
