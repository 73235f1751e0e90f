"""Personal names with their evidence: the user's list, the manifest, a title beside them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..wordlists import Entry
from .names import (
    _NAME_VALUE,
    _SURNAMES,
    _TITLE_AFTER,
    _TITLE_BEFORE,
    _WEAK_TITLE,
    NAME_LIST_MARKS,
    NOT_GIVEN_NAMES,
    PERSON_COLUMN,
    PERSON_LIST,
    PLACE_AFTER,
    TITLES_AFTER,
    TITLES_BEFORE,
    TRANSLIT,
    TRANSLIT_MARKS,
    TRANSLIT_MIN,
    WEAK_TITLES,
    is_person,
    name_like,
)
from .tokens import Tokens


def manifest_names(columns: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> list[str]:
    """Names in the manifest's person-like columns (``person``, ``speaker``, ``author``...).

    A cell may hold several names (``刘振、刘扬``); a title (浙江省省长) is no name.

    Parameters
    ----------
    columns : the manifest's column names
    rows : the articles' ``meta`` pairs, one sequence of ``(column, value)`` per article

    Returns
    -------
    list of str
        The names sorted, each once.
    """
    wanted = {c for c in columns if PERSON_COLUMN.search(c)}
    names = set()
    for meta in rows:
        for key, value in meta:
            if key in wanted:
                for m in _NAME_VALUE.finditer(value):
                    part = m.group()
                    # 浙江省省长 刘捷: the title is no name
                    if not part.endswith(TITLES_BEFORE) and (len(part) <= 4 or "·" in part):
                        names.add(part)
    return sorted(names)


_HAN_RUN = re.compile("[\u4e00-\u9fff]")
# Prepositions and conjunctions that are also surnames: a candidate starting with one is read
# as the function word (向李明同志, 主任和同事们, 毛主席和周总理).
_FUNCTION_CHARS = frozenset("向和同与及对为把被给让从在由将")
# Characters no name holds after its surname: function words, the units and ranks of a title
# (华区委书记, 浙江省省长, 工程院院士), 某 (an anonymised name), 说, and 老 and 女 of the title
# after it (胡成海老书记, 女书记).
_NOT_IN_NAME = frozenset("和向与及的了是在说两某委副区县镇乡市省村部厅局处科所院校站社队老女")
# Part-of-speech tags no name ends in (verb, preposition, conjunction, adverb, particle).
_NOT_NAME_TAGS = frozenset("vpcdu")


def title_names(
    texts: Sequence[str],
    has_word: Callable[[str], bool],
    tag: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[str]:
    """Names the dictionary does not know, found by a title beside them in the raw text.

    Right after a title (书记, 区长... ``TITLES_BEFORE``) or right before one (同志, 主任...
    ``TITLES_AFTER``), a surname character and one or two more (李红梅, 余长明) are a name when
    nothing gives another reading: the candidate is no dictionary word (党员, 全体: ordinary
    words before 同志; a dictionary name such as 李克强 is kept whole already and left to
    :func:`find_people`, its first two characters never tried), nor are its first two
    characters (高度重) unless they are a dictionary name (赵国庆); it does not start with a function word that is also a surname
    (向, 和: 主任和同事们) nor hold one of ``_NOT_IN_NAME`` (华区委, 浙江省, 张某); after a
    title, its last character does not start a word with the next one (李明主持: 李明); and,
    segmented alone, it does not end in a verb, preposition or other function word (赵丽说,
    全靠, 包保); before a title, the character before it does not make a word with its first
    (重温毛主席, 导师毛主席, 爱戴总书记); 老 and 女 belong to the title (胡成海老书记). The
    three-character reading is tried first; a two-character name that the corpus always writes
    with the same third character after it becomes that name (彭定才, :func:`_whole`). After a
    weak title (领导, ``WEAK_TITLES``: also a verb, 领导包保机制) a candidate counts only in a
    list of names (区领导刘理国、刘振) and when every use of it stands after a title or in such
    a list (not 包联: 成员包联小区). A candidate whose given name is a word for a kind of
    person or organisation (教育部长江学者: 学者; 会长管协会: 协会; ``NOT_GIVEN_NAMES``) is no
    name; after a title, the last character may not start a word of two to four characters with what follows (叶青息息相关:
    叶青); a run of transliteration characters is read whole (秘书长古特雷斯, not 古特雷;
    :func:`_translit_run`); a candidate the corpus mostly writes before a place or
    organisation word (叶青大厦) is no name (:func:`mostly_a_place`). The names found are added
    to the lexicon whole, so segmentation keeps them (jieba cuts 余长明同 into 余长/明同).

    Parameters
    ----------
    texts : the analysed text of each paragraph
    has_word : whether a word is an entry of the segmenter's dictionary
    tag : the segmenter's ``tag`` (word, part of speech), for the ending of a candidate

    Returns
    -------
    list of str
        The names sorted, each once.
    """

    def reading(word: str, follow: str, before: str = "") -> str | None:
        """'name', 'word' (a dictionary word: stop looking) or None (try the next length)."""
        if has_word(word):
            return "word"
        if word[0] not in _SURNAMES or word[0] in _FUNCTION_CHARS:
            return None
        if word[0] in "于任" and has_word(word[1:3]):
            return None  # 于有些, 任国家主席: the verb or preposition, then a word
        if not all(_HAN_RUN.match(c) for c in word) or set(word[1:]) & _NOT_IN_NAME:
            return None
        if any(t in word for t in TITLES_AFTER):
            return None
        if len(word) == 3 and has_word(word[:2]) and not _a_name(word[:2], tag):
            return None  # 高度重: 高度 is the word (赵国庆: 赵国 is itself a name)
        if word[1:] in NOT_GIVEN_NAMES:
            return None  # 教育部长江学者, 会长管协会: 学者 and 协会 are no given names
        if any(has_word(word[-1] + follow[:j]) for j in range(1, len(follow) + 1)):
            return None  # 李明主持, 叶青息息相关: the last character starts a word
        if before and has_word(before + word[0]):
            return None  # 重温毛主席, 导师毛主席, 爱戴总书记: 重温, 导师, 爱戴 are the words
        if tag is not None:
            pieces = tag(word)
            if pieces[-1][1][:1] in _NOT_NAME_TAGS:
                return None  # 赵丽|说, 李|强调, 全靠 and 包保 (one verb)
        return "name"

    found: set[str] = set()
    listed: set[str] = set()  # after a weak title, in a list of names
    if not texts:
        return []
    # One scan of the whole corpus per pattern (a title holds no newline, so no match crosses
    # paragraphs), each match read in its own paragraph.
    corpus = "\n".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    bounds = (starts, starts + np.fromiter(map(len, texts), int, len(texts)))
    spans = [(m.end(), 1) for m in _TITLE_BEFORE.finditer(corpus)]
    spans += [(m.start(), -1) for m in _TITLE_AFTER.finditer(corpus)]
    spans += [(m.end(), 0) for m in _WEAK_TITLE.finditer(corpus)]
    where = np.searchsorted(starts, [at for at, _ in spans], side="right") - 1
    for (at, side), i in zip(spans, where.tolist(), strict=True):
        text, at = texts[i], at - int(starts[i])
        if side != 0 and (run := _translit_run(text, at, side)):
            if not has_word(run):
                found.add(run)  # 秘书长古特雷斯说: the whole run, not 古特雷
            continue
        for n in (3, 2):
            start = at if side >= 0 else at - n
            if start < 0 or start + n > len(text):
                continue
            follow = text[start + n : start + n + 3] if side >= 0 else ""
            if side == 0 and follow[:1] not in NAME_LIST_MARKS:
                continue
            before = text[start - 1 : start] if start > 0 and side < 0 else ""
            verdict = reading(text[start : start + n], follow, before)
            if verdict == "name":
                (listed if side == 0 else found).add(text[start : start + n])
            if verdict is not None:
                break
    found |= {w for w in listed - found if _only_in_lists(w, corpus)}
    return sorted(
        w for w in _whole(found, corpus, bounds, has_word) if not mostly_a_place(w, corpus)
    )


def _a_name(word: str, tag: Callable[[str], list[tuple[str, str]]] | None) -> bool:
    """Whether the segmenter tags the dictionary word ``word`` as a personal name (赵国)."""
    return tag is not None and tag(word)[0][1].startswith("nr")


def _translit_run(text: str, at: int, side: int) -> str:
    """The run of transliteration characters that starts at ``at`` (``side`` 1: after a
    title) or ends there (-1: before one), when it reads as a transliterated name: at least
    ``TRANSLIT_MIN`` characters, two of them ``TRANSLIT_MARKS`` (古特雷斯, not 马明华); else "".
    """
    j = at
    if side > 0:
        while j < len(text) and text[j] in TRANSLIT:
            j += 1
        run = text[at:j]
    else:
        while j > 0 and text[j - 1] in TRANSLIT:
            j -= 1
        run = text[j:at]
    marks = sum(c in TRANSLIT_MARKS for c in run)
    return run if len(run) >= TRANSLIT_MIN and marks >= 2 else ""


def mostly_a_place(word: str, corpus: str) -> bool:
    """Whether the corpus writes ``word`` before a place or organisation word (大厦, 路,
    集团... ``PLACE_AFTER``) in more than half of its uses: 叶青 of 叶青大厦 names a building,
    whatever title stands before it once.

    Parameters
    ----------
    word : a name candidate
    corpus : the corpus's paragraphs joined by newlines

    Returns
    -------
    bool
    """
    uses = places = 0
    for m in re.finditer(re.escape(word), corpus):
        uses += 1
        places += corpus.startswith(PLACE_AFTER, m.end())
    return places * 2 > uses


def _only_in_lists(word: str, corpus: str) -> bool:
    """Whether every use of ``word`` in ``corpus`` (the paragraphs joined by newlines) stands
    after a title or in a list of names (、): a name found after a weak title only (领导包联、
    干部包片) is no name when the text also uses it as a word (成员包联小区, 共建单位包联)."""
    after = ("、", *WEAK_TITLES, *TITLES_BEFORE)
    return all(corpus.endswith(after, 0, m.start()) for m in re.finditer(word, corpus))


def _whole(
    found: set[str],
    corpus: str,
    bounds: tuple[np.ndarray, np.ndarray],
    has_word: Callable[[str], bool],
) -> set[str]:
    """Two-character names that the corpus always writes with the same third character after
    them (彭定 in 彭定才坦言, 彭定才说, 彭定才等: the tag of 才 cut the name) become that
    three-character name. The name must occur at least twice; the third character must be
    able to end a name; and it must not start a word with the next character every time
    (辛峰介绍, 莫迪总理: 介绍 and 总理 are the words, 辛峰 and 莫迪 the names). ``corpus`` is
    the paragraphs joined by newlines, ``bounds`` each paragraph's start and end in it: what
    follows a use is read up to its paragraph's end."""
    starts, ends = bounds
    out = set()
    for name in found:
        if len(name) == 2:
            uses = [m.end() for m in re.finditer(name, corpus)]
            last = ends[np.searchsorted(starts, uses, side="right") - 1].tolist() if uses else []
            nexts = [corpus[e : min(e + 2, z)] for e, z in zip(uses, last, strict=True)]
            (c,) = {n[:1] for n in nexts} if len({n[:1] for n in nexts}) == 1 else ("",)
            if (
                len(nexts) >= 2
                and _HAN_RUN.match(c or "a")
                and c not in _NOT_IN_NAME | _FUNCTION_CHARS
                and not has_word(name + c)
                and not all(has_word(n) for n in nexts)
            ):
                name += c
        out.add(name)
    return out


# the ``path`` of the lexicon entries a corpus adds: its manifest's names, names beside titles
CORPUS_NAME_SOURCES = ("manifest", "title")


def people_lexicon(
    lexicon: Sequence[Entry], names: Sequence[str], titled: Sequence[str] = ()
) -> tuple[list[Entry], frozenset[str], frozenset[str]]:
    """Add the manifest's names to the user lexicon as whole words (tag ``nr``), and tag the
    entries of a ``people.txt`` list ``nr``.

    Parameters
    ----------
    lexicon : the user lexicon's entries
    names : the manifest's names (:func:`manifest_names`)
    titled : names found by a title beside them (:func:`title_names`), added whole as well;
        their evidence stays ``title`` (:func:`find_people` sees the title in the text)

    Returns
    -------
    (lexicon, listed, from_manifest)
        The lexicon to segment with; the names of the user list; the manifest's names.
    """
    out, listed = [], set()
    for e in lexicon:
        if Path(e.path).name == PERSON_LIST:
            listed.add(e.word)
            e = replace(e, tag=e.tag or "nr")
        out.append(e)
    known = {e.word for e in out}
    manifest, title = CORPUS_NAME_SOURCES
    out += [Entry(word=n, path=manifest, line=0, tag="nr") for n in names if n not in known]
    known |= set(names)
    out += [Entry(word=n, path=title, line=0, tag="nr") for n in titled if n not in known]
    return out, frozenset(listed), frozenset(names)


def find_people(
    toks: Tokens,
    *,
    listed: frozenset[str] = frozenset(),
    from_manifest: frozenset[str] = frozenset(),
    texts: Sequence[str] | None = None,
) -> dict[str, str]:
    """The tokens that are personal names, each with its evidence.

    A token is a person only with evidence: it is on the user's list (``list``), in a
    manifest person column (``manifest``), or it looks like a name (a surname and one to three
    characters, tagged as a name or unknown to the dictionary) and stands right after a title
    or role (区委书记余长明) or right before one (余长明同志) somewhere in the corpus (``title``);
    after a weak title (领导) only in a list of names (区领导刘理国、刘振); and, with ``texts``,
    not when the corpus writes it before a place or organisation word in most of its uses
    (叶青大厦: :func:`mostly_a_place`). Everything else that jieba tags ``nr`` (文明, 高水平,
    龙马精神) stays a term.

    Parameters
    ----------
    toks : every word-like token of the corpus
    listed : the names of the user's ``people.txt``
    from_manifest : the names of the manifest's person columns
    texts : the analysed text of each paragraph of ``toks``; with them "right after" means in
        the text itself, so punctuation in between (书记、包村干部) is no evidence; without
        them, the neighbouring tokens are used.

    Returns
    -------
    dict
        name -> ``"list"``, ``"manifest"`` or ``"title"``.
    """
    out = {w: "list" for w in listed}
    out.update({w: "manifest" for w in from_manifest if w not in out})
    vocab, tags = toks.vocab, toks.tags
    candidate = np.fromiter(
        (
            (t.startswith("nr") or t == "x") and name_like(w)
            for w, t in zip(vocab, tags, strict=True)
        ),
        dtype=bool,
        count=len(vocab),
    )
    before = np.fromiter((w.endswith(TITLES_BEFORE) for w in vocab), dtype=bool, count=len(vocab))
    after = np.fromiter((w.startswith(TITLES_AFTER) for w in vocab), dtype=bool, count=len(vocab))
    if texts is not None:
        names = {w for w, c in zip(vocab, candidate, strict=True) if c}
        # One scan of the paragraphs joined by newlines: no title or name holds a newline, so
        # a candidate read across a paragraph's end is never a name, as if cut at the end.
        corpus = "\n".join(texts)  # 叶青 of 叶青大厦: a building, whatever title stands before it
        for m in _TITLE_BEFORE.finditer(corpus):
            for n in (4, 3, 2):
                word = corpus[m.end() : m.end() + n]
                if word in names:
                    out.setdefault(word, "title")
                    break
        for m in _WEAK_TITLE.finditer(corpus):  # 区领导刘理国、刘振: in a list of names only
            for n in (4, 3, 2):
                word = corpus[m.end() : m.end() + n]
                if word in names and corpus[m.end() + n : m.end() + n + 1] in NAME_LIST_MARKS:
                    out.setdefault(word, "title")
                    break
        for m in _TITLE_AFTER.finditer(corpus):
            for n in (4, 3, 2):
                word = corpus[max(0, m.start() - n) : m.start()]
                if len(word) == n and word in names:
                    out.setdefault(word, "title")
                    break
        places = {w for w, ev in out.items() if ev == "title" and mostly_a_place(w, corpus)}
        return {w: ev for w, ev in out.items() if w not in places}
    codes = toks.codes
    if len(codes) < 2:
        return out
    # neighbours within one paragraph only
    starts = np.zeros(len(codes), dtype=bool)
    starts[toks.offsets[:-1][toks.lengths() > 0]] = True
    prev_ok = np.concatenate([[False], before[codes[:-1]] & ~starts[1:]])
    next_ok = np.concatenate([after[codes[1:]] & ~starts[1:], [False]])
    for pos in np.flatnonzero(candidate[codes] & (prev_ok | next_ok)):
        out.setdefault(vocab[codes[pos]], "title")
    return out


def people_counts(
    toks: Tokens, people: dict[str, str] | None = None
) -> dict[str, tuple[int, set[int]]]:
    """Count personal names.

    Parameters
    ----------
    toks : the tokens
    people : which tokens are names (from :func:`find_people`); without it, every token
        :func:`is_person` accepts counts (the old rule, kept for callers that have no evidence)

    Returns
    -------
    dict
        name -> (count, set of article positions).
    """
    person = np.fromiter(
        (
            w in people if people is not None else is_person(w, t)
            for w, t in zip(toks.vocab, toks.tags, strict=True)
        ),
        dtype=bool,
        count=len(toks.vocab),
    )
    out: dict[str, tuple[int, set[int]]] = {}
    doc_of = np.repeat(np.arange(len(toks)), toks.lengths())
    hits = np.flatnonzero(person[toks.codes])
    for pos in hits:
        name = toks.vocab[toks.codes[pos]]
        n, arts = out.get(name, (0, set()))
        arts.add(int(toks.article[doc_of[pos]]))
        out[name] = (n + 1, arts)
    return out
