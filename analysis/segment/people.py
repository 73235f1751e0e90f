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
    PERSON_COLUMN,
    PERSON_LIST,
    TITLES_AFTER,
    TITLES_BEFORE,
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
# Prepositions and conjunctions that are also surnames: before a name and a title (向李明同志)
# they are no part of the name.
# Part-of-speech tags no name ends in (verb, preposition, conjunction, adverb, particle,
# pronoun, adjective, auxiliary, numeral).
_NOT_NAME_TAGS = frozenset("vpcdurazm")
_FUNCTION_CHARS = frozenset("向和于同与及对为把被给让从在由将")


def title_names(
    texts: Sequence[str],
    has_word: Callable[[str], bool],
    tag: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[str]:
    """Names the dictionary does not know, found by a title beside them in the raw text.

    Right after a title (书记, 区长... ``TITLES_BEFORE``) or right before one (同志, 主任...
    ``TITLES_AFTER``), a surname character and one or two more (李红梅, 余长明) are a name when
    the dictionary gives no other reading: the candidate is no dictionary word (党员, 全体: an
    ordinary word before 同志), neither are its first two characters (高度重), and after a title
    its last character does not start a word with the next one (李明主持: 李明, not 李明主),
    and, segmented alone, the candidate does not end in a verb, preposition or other function
    word (赵丽说, 李强调: 赵丽, 李强). The three-character reading is tried first (before a title, not when it starts with a
    preposition: 向李明同志 gives 李明; nor is a preposition whose next two characters are a
    word, 主任和同事们). A name the dictionary already keeps whole is left
    to :func:`find_people`; these ones are added to the lexicon whole so segmentation keeps
    them (jieba cuts 余长明同 into 余长/明同).

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

    def ok(word: str, follow: str, text: str, start: int) -> bool:
        if word[0] in _FUNCTION_CHARS and has_word(text[start + 1 : start + 3]):
            return False  # 主任和同事们: 和 joins two nouns
        if len(word) < 2 or word[0] not in _SURNAMES or not all(_HAN_RUN.match(c) for c in word):
            return False
        if any(t in word for t in TITLES_AFTER) or has_word(word):
            return False
        if len(word) == 3 and has_word(word[:2]):
            return False
        if len(word) == 3 and tag is not None:
            last, pos = tag(word)[-1]
            if pos[:1] in _NOT_NAME_TAGS and not pos.startswith("nr"):
                return False  # 赵丽|说, 李|强调
        return not (follow and has_word(word[-1] + follow))

    found: set[str] = set()
    for text in texts:
        for m in _TITLE_BEFORE.finditer(text):
            for n in (3, 2):
                word = text[m.end() : m.end() + n]
                if len(word) == n and ok(word, text[m.end() + n : m.end() + n + 1], text, m.end()):
                    found.add(word)
                    break
        for m in _TITLE_AFTER.finditer(text):
            for n in (3, 2):
                word = text[max(0, m.start() - n) : m.start()]
                if n == 3 and word[:1] in _FUNCTION_CHARS:
                    continue
                if len(word) == n and ok(word, "", text, m.start() - n):
                    found.add(word)
                    break
    return sorted(found)


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
    out += [Entry(word=n, path="manifest", line=0, tag="nr") for n in names if n not in known]
    known |= set(names)
    out += [Entry(word=n, path="title", line=0, tag="nr") for n in titled if n not in known]
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
    or role (区委书记余长明) or right before one (余长明同志) somewhere in the corpus (``title``).
    Everything else that jieba tags ``nr`` (文明, 高水平, 龙马精神) stays a term.

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
        ((t.startswith("nr") or t == "x") and name_like(w) for w, t in zip(vocab, tags, strict=True)),
        dtype=bool,
        count=len(vocab),
    )
    before = np.fromiter((w.endswith(TITLES_BEFORE) for w in vocab), dtype=bool, count=len(vocab))
    after = np.fromiter((w.startswith(TITLES_AFTER) for w in vocab), dtype=bool, count=len(vocab))
    if texts is not None:
        names = {w for w, c in zip(vocab, candidate, strict=True) if c}
        for text in texts:
            for m in _TITLE_BEFORE.finditer(text):
                for n in (4, 3, 2):
                    word = text[m.end() : m.end() + n]
                    if word in names:
                        out.setdefault(word, "title")
                        break
            for m in _TITLE_AFTER.finditer(text):
                for n in (4, 3, 2):
                    word = text[max(0, m.start() - n) : m.start()]
                    if len(word) == n and word in names:
                        out.setdefault(word, "title")
                        break
        return out
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
