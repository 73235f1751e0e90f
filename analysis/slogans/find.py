"""find_slogans: discover, merge, count and rank the formulations of a corpus."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from ..ingest import HAN, Article
from ..ingest.periods import periods as article_periods
from ..run.memory import release_memory
from ..segment import Tokens, is_person
from ..segment.names import TITLES_AFTER, TITLES_BEFORE
from .compounds import quoted_compounds
from .context import paragraph_texts, quoted_documents
from .count import boundary_shares, find_hits, join_halves, nested
from .era import era_candidates
from .explicit import explicit_candidates
from .hits import Hits, renumber
from .lexicon import lexicon_candidates
from .members import enumeration_members
from .model import DISCOVERY_ROLES, KINDS, TITLE_ROLES, Found, Slogan, SloganResult
from .ngrams import ngram_stats
from .recurrent import bound, recurrent_candidates
from .score import features as score_features
from .score import load_weights, score
from .shapes import names_the_plan, never_formulation, pure_number
from .tables import slogan_tables
from .variants import function_variants, merge_variants


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


# the longest recurrent term discovered, in characters: a formulation can be long
# (习近平新时代中国特色社会主义思想 is 16, 黄河流域生态保护和高质量发展 14); a string that
# recurs beyond this is a sentence, and its windows are never free at both ends
MAX_TERM_CHARS = 20

# slogans.csv lists at most this many scored formulations (the best; lexicon entries always):
# below that rank a large corpus has only weak candidates, and every table grows with them
MAX_FORMULATIONS = 2000


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
    trace: dict[str, str] | None = None,
    workers: int = 2,
) -> SloganResult:
    """Discover, merge, count and rank the formulations of a corpus.

    Every detector (quoted, numbered, parallel, recurrent n-grams, quoted compounds,
    enumeration members, era terms, the user lexicon) only proposes candidates; each candidate gets its features (see
    :func:`analysis.slogans.score.features`) and all are ranked by one score, a logistic model
    whose weights ship as data (``analysis/data/formulation_weights.json``, refitted by
    ``scripts/fit_formulation_weights.py``). Hard filters are kept only for what is never a
    formulation (see :func:`never_formulation`), the ``not_formulations`` list, a candidate
    that is a whole person name or a name with evidence and one verb or title (余长明强调), a candidate cut mid-word in most of its occurrences (see
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
    trace : when given, filled with the candidates dropped before scoring and why (the
        diagnosis of ``scripts/diagnose_formulations.py``)
    workers : processes for counting and the word-boundary checks of a large corpus (the
        result does not depend on it)

    Returns
    -------
    SloganResult
        The ranked formulations, their occurrences, the four tables and the scored features.
    """
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
    stats = ngram_stats(texts, max_n=MAX_TERM_CHARS, min_count=min_count)
    for f in recurrent_candidates(
        stats, disc, tag=tag, min_count=min_count, titles=titles
    ).values():
        _add(found, f)
    for f in enumeration_members(texts, stats.counts, tag=tag, min_count=min_count).values():
        _add(found, f)
    for f in quoted_compounds(texts, tag=tag, min_count=min_count).values():
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
    del stats  # n-gram strings (0.3 GB on a 3 M character sample): not held while counting
    release_memory()

    # names with evidence (the manifest, a title beside them, lexicon/people.txt: entries of the
    # lexicon tagged as people), not every word jieba's dictionary tags nr (文明, 高水平)
    named = frozenset(w for w, t in lexicon if (t or "") in ("nr", "nrfg", "nrt"))

    def dropped(f: Found) -> bool:
        if f.text in not_formulations or f.text in people:
            return True
        if "user lexicon" in f.evidence:
            return False
        return (
            _named_act(f.text, named, tag)
            or never_formulation(f.text)
            or (pure_number(f.text) and f.quoted < 2)
        )

    if trace is not None:
        for t, f in found.items():
            if dropped(f):
                trace[t] = _drop_reason(f, not_formulations, people, named, tag)
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
    del disc, texts
    if trace is not None:
        kept = {f.text for f in merged}
        for f in merged:
            for v in f.forms - {f.text}:
                trace.setdefault(v, f"variant of {f.text}")
        for t in found:
            if t not in kept:
                trace.setdefault(t, "merged")
            elif _only_stopwords(t, stopwords, tag):
                trace[t] = "only stopwords"
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
    every = join_halves(find_hits(forms, articles, longest=False, workers=workers), two_part)
    by_slogan = every.by_slogan()
    inside = np.bincount(every.column("slogan")[nested(every)], minlength=len(merged))
    boundary = boundary_shares(by_slogan, articles, tag=tag, is_word=is_word, workers=workers)

    def qualifies(i: int, f: Found) -> bool:
        if not by_slogan.get(i):
            return False
        if "user lexicon" in f.evidence:
            return True
        if boundary[i] <= 0.5:
            return False  # cut mid-word in most of its occurrences
        if _one_document_sentence(f, by_slogan[i]):
            return False
        only_quoted = f.kind == "quoted" and not any(
            e in ("adjacent quotes",) or not e.startswith("quoted") for e in f.evidence
        )
        if only_quoted and is_word(f.text):
            n = len(by_slogan[i])
            # a dictionary word in quotes: quoted in a share of its uses, or in several places:
            # three times and in two documents (“区域”, the seabed Area of one article's law of
            # the sea, is a defined term there and an ordinary word in 31 other articles)
            if f.quoted >= 2 and f.quoted >= 0.2 * n:
                return True
            if f.quoted < 3:
                return False
            if not paragraphs:
                paragraphs.update(paragraph_texts(articles))
            return len(articles) < 2 or quoted_documents(by_slogan[i], paragraphs) >= 2
        return True

    paragraphs: dict[tuple[int, int], str] = {}  # filled by the first word that needs them

    cand = [i for i, f in enumerate(merged) if qualifies(i, f)]
    if trace is not None:
        chosen = set(cand)
        for i, f in enumerate(merged):
            if i not in chosen:
                trace[f.text] = (
                    "no occurrence" if not by_slogan.get(i)
                    else f"off word boundaries ({boundary[i]:.2f})" if boundary[i] <= 0.5
                    else "a long string repeated in one document only"
                    if _one_document_sentence(f, by_slogan[i])
                    else "dictionary word quoted too rarely"
                )  # fmt: skip
    table = score_features(
        [merged[i] for i in cand], [by_slogan[i] for i in cand], [boundary[i] for i in cand],
        alone=[1 - inside[i] / len(by_slogan[i]) for i in cand],
        articles=articles, periods=per, is_word=is_word, tag=tag, titles=titles,
        workers=workers,
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
    total = renumber(every, new_index)
    every = by_slogan = None  # the candidates' hits go before the final count
    release_memory()
    hits = join_halves(find_hits(final_forms, articles, workers=workers), final_two)
    total = _numeral_uses(slogans, hits, total)
    table_, counts, periods, kwic = slogan_tables(slogans, hits, total, articles, scores)
    # every use is in the tables (count_total); the rows themselves are not kept (a large
    # corpus has millions, and the cache never held them either)
    return SloganResult(slogans, hits, table_, counts, periods, kwic, features=table)


def _numeral_uses(slogans, hits: Hits, total: Hits) -> Hits:
    """``total`` with a bare number's uses (九五, 十五五) kept only where it stands alone or
    names its plan inside a longer formulation (十五五时期, “十四五”规划: :func:`names_the_plan`);
    inside 七五普法 it is another name, and its use there is not one of 七五's."""
    numeral = [k for k, s in enumerate(slogans) if pure_number(s.text)]
    if not numeral:
        return total
    alone = {tuple(r[:4]) for r in hits.array[np.isin(hits.column("slogan"), numeral)].tolist()}
    plans = {
        c: k
        for k in numeral
        for c, s in enumerate(slogans)
        if c != k and names_the_plan(slogans[k].text, s.text)
    }
    spans: dict[tuple[int, int, int], list[tuple[int, int]]] = defaultdict(list)
    for c, a, p, start, end in hits.array[np.isin(hits.column("slogan"), list(plans))].tolist():
        spans[plans[c], a, p].append((start, end))
    check = np.flatnonzero(np.isin(total.column("slogan"), numeral))
    keep = np.ones(len(total), dtype=bool)
    keep[check] = [
        (k, a, p, start) in alone
        or any(lo <= start and end <= hi for lo, hi in spans.get((k, a, p), ()))
        for k, a, p, start, end in total.array[check].tolist()
    ]
    return total.take(keep)


# a recurrent term longer than a word-like term (the old n-gram cap) must recur in two
# documents: repeated within one document only, a long string is a repeated sentence
LONG_TERM = 12


def _one_document_sentence(f: Found, hits) -> bool:
    """A recurrent term of more than :data:`LONG_TERM` characters found by n-grams alone
    whose every use is in one document (奋力实现一季度经济社会发展开门红, written twice in one
    report): a sentence said twice, not a formulation that circulates."""
    if f.kind != "recurrent" or len(f.text) <= LONG_TERM or "user lexicon" in f.evidence:
        return False
    return len(np.unique(hits.column("article"))) < 2


def _named_act(text: str, people: frozenset[str], tag) -> bool:
    """A person's name and one verb or title (余长明强调, 王小川书记, 会见李红梅): what a
    person did, not a formulation. A formulation that holds a name inside a longer phrase
    (习近平新时代中国特色社会主义思想) is not one of these."""
    for k in (2, 3, 4):
        for name, rest in ((text[:k], text[k:]), (text[-k:], text[:-k])):
            if len(rest) >= 1 and name in people:
                words = tag(rest)
                if len(words) == 1 and (
                    words[0][1].startswith("v") or rest in TITLES_BEFORE or rest in TITLES_AFTER
                ):
                    return True
    return False


def _drop_reason(
    f: Found, not_formulations: frozenset[str], people: frozenset[str], named: frozenset[str], tag
) -> str:
    if f.text in not_formulations:
        return "not-formulations list"
    if f.text in people:
        return "a person name"
    if _named_act(f.text, named, tag):
        return "a person's name and one verb or title"
    return "never a formulation" if never_formulation(f.text) else "bare number quoted < 2"


def _occurring(forms: dict[str, str], text: str) -> list[str]:
    """The keys of ``forms`` that occur in ``text`` (one Aho-Corasick pass), sorted."""
    import ahocorasick  # noqa: PLC0415

    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return sorted({form for _, form in automaton.iter(text)})
