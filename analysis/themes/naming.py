"""Naming themes from the theme lexicon (``lexicon/themes.toml``), or by their top terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .nmf import top_indices

if TYPE_CHECKING:
    from ..wordlists import ThemeEntry


def _seed_match(term: str, seeds: frozenset[str]) -> float:
    """1 for a seed word, 0.5 for a term that contains one (乡村旅游 for 乡村), else 0.

    A term contained in a seed word does not count: 建设 is no sign of 社会主义建设, nor
    社会主义 of 社会主义改造.
    """
    if term in seeds:
        return 1.0
    if any(len(seed) >= 2 and seed in term for seed in seeds):
        return 0.5
    return 0.0


def label_scores(
    H: np.ndarray, terms: Sequence[str], lexicon: Sequence[ThemeEntry], *, depth: int = 20
) -> np.ndarray:
    """Score each theme (row of ``H``) against each lexicon entry.

    The score is the share of the weight of the theme's top ``depth`` terms that the entry's
    seed words carry; a term that contains a seed word (乡村旅游 for 乡村) counts half.
    Scores are in [0, 1].

    Parameters
    ----------
    H
        Themes x terms weights.
    terms
        The terms of the columns of ``H``.
    lexicon
        The theme lexicon.
    depth
        How many top terms are scored.

    Returns
    -------
    ndarray of float
        Themes x lexicon entries.
    """
    scores = np.zeros((H.shape[0], len(lexicon)))
    seed_sets = [frozenset(e.words) for e in lexicon]
    for t, idx in enumerate(top_indices(H, depth)):
        weights = H[t, idx]
        total = weights.sum()
        if total <= 0:
            continue
        matches = np.array([[_seed_match(terms[i], seeds) for i in idx] for seeds in seed_sets])
        scores[t] = (matches @ weights) / total
    return scores


def seed_hits(
    H: np.ndarray, terms: Sequence[str], lexicon: Sequence[ThemeEntry], *, top_n: int = 10
) -> np.ndarray:
    """How many of each theme's top ``top_n`` terms are (or contain) each entry's seed words.

    Parameters
    ----------
    H, terms, lexicon
        As for :func:`label_scores`.
    top_n
        How many top terms are counted.

    Returns
    -------
    ndarray of int
        Themes x lexicon entries.
    """
    seed_sets = [frozenset(e.words) for e in lexicon]
    hits = np.zeros((H.shape[0], len(lexicon)), dtype=np.int64)
    for t, idx in enumerate(top_indices(H, top_n)):
        for e, seeds in enumerate(seed_sets):
            hits[t, e] = sum(_seed_match(terms[i], seeds) > 0 for i in idx)
    return hits


# A lexicon name fits when its seed words carry at least this share of the weight of the
# theme's top 20 terms AND at least MIN_SEED_TERMS of its top 10 terms are seed words. Chosen
# by reading the themes of the seeds and of every shared corpus against their scores (README,
# "Themes"): below 0.15 the named themes were mostly general vocabulary (社会主义 建设 人民).
NAME_FIT = 0.15
MIN_SEED_TERMS = 2


def name_themes(
    H: np.ndarray,
    terms: Sequence[str],
    lexicon: Sequence[ThemeEntry],
    *,
    threshold: float = NAME_FIT,
    min_seed_terms: int = MIN_SEED_TERMS,
    n_terms: int = 3,
    top_n: int = 10,
    exclude: np.ndarray | None = None,
) -> list[tuple[str, str, float, bool]]:
    """Name each theme: (zh name, en name, score, named_from_lexicon).

    A theme takes a lexicon name only when it fits: the score (:func:`label_scores`) reaches
    ``threshold`` and at least ``min_seed_terms`` of its top ``top_n`` terms are the entry's
    seed words, so a reader sees the name's words among the theme's terms. No two themes share
    a name: the best-fitting pairs are matched first and a theme whose best entry is taken
    gets its next best that fits. A theme without a fitting entry is named by its top
    ``n_terms`` terms joined by ``·`` (社会主义·建设·人民); its score is still the best fit.

    Parameters
    ----------
    H, terms, lexicon
        As for :func:`label_scores`.
    threshold
        The score a lexicon name needs.
    min_seed_terms
        The seed words a lexicon name needs among the top ``top_n`` terms.
    n_terms
        The top terms of a name made of terms.
    top_n
        As for :func:`seed_hits`.
    exclude
        Themes x entries, True where the entry may not name the theme (:func:`era_exclusions`).

    Returns
    -------
    list of (str, str, float, bool)
        One per theme, in the order of ``H``'s rows.
    """
    k = H.shape[0]
    scores = label_scores(H, terms, lexicon) if lexicon else np.zeros((k, 0))
    hits = seed_hits(H, terms, lexicon, top_n=top_n) if lexicon else np.zeros((k, 0))
    fits = (scores >= threshold) & (hits >= min_seed_terms)
    if exclude is not None and exclude.shape == fits.shape:
        fits &= ~exclude
    pairs = sorted(
        ((scores[t, e], t, e) for t in range(k) for e in range(len(lexicon)) if fits[t, e]),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    given: dict[int, int] = {}
    taken: set[int] = set()
    for _score, t, e in pairs:
        if t not in given and e not in taken:
            given[t] = e
            taken.add(e)
    out = []
    for t, idx in enumerate(top_indices(H, n_terms)):
        if t in given:
            entry = lexicon[given[t]]
            out.append((entry.name, entry.en, float(scores[t, given[t]]), True))
            continue
        fallback = "·".join(terms[i] for i in idx) or f"theme {t}"
        best = float(scores[t].max()) if scores.size else 0.0
        out.append((fallback, fallback, best, False))
    return out


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float | None:
    """The value below which half of the weight lies (None without weight)."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if len(cum) == 0 or cum[-1] <= 0:
        return None
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def era_exclusions(
    weights: np.ndarray, years: np.ndarray, lexicon: Sequence[ThemeEntry]
) -> np.ndarray:
    """Which lexicon names would be anachronistic for which theme.

    A name that is itself a formulation (乡村振兴, first said at the 19th Party Congress in
    2017: the entry's ``since``) does not name a theme whose weight has its median year before
    it: most of an agriculture theme spanning 1954-2025 was written before anyone said
    乡村振兴, and an era-neutral entry (农业与农村), or the terms, name it instead. Entries
    without ``since`` (descriptive names: 民生保障, 港澳台, 计划经济), and corpora with fewer
    than two dated years, exclude nothing. (The year the corpus first writes a name is no
    such evidence: descriptive names are written late or seldom, 计划经济 first in 1981 when
    the reports look back on it, 民生保障 first in 2015.)

    Parameters
    ----------
    weights
        Analysed paragraphs x themes: the text each theme explains (weight x length).
    years
        The year of each analysed paragraph (0: unknown).
    lexicon
        The theme lexicon.

    Returns
    -------
    ndarray of bool
        Themes x entries.
    """
    k = weights.shape[1]
    out = np.zeros((k, len(lexicon)), dtype=bool)
    dated = years > 0
    if len(np.unique(years[dated])) < 2:
        return out
    medians = [weighted_median(years[dated], weights[dated, t]) for t in range(k)]
    for e, entry in enumerate(lexicon):
        if entry.since:
            out[:, e] = [m is not None and entry.since > m for m in medians]
    return out


def theme_names(
    H: np.ndarray,
    terms: Sequence[str],
    lexicon: Sequence[ThemeEntry],
    *,
    mass: np.ndarray | None = None,
    years: np.ndarray | None = None,
) -> list[tuple[str, str, float, bool]]:
    """The names of fitted themes: :func:`name_themes` without anachronistic names.

    The one place themes are named (:func:`~analysis.themes.fit.fit_themes` calls it, so
    ``tifa report`` and ``scripts/eval_themes.py`` give the same names). With ``mass`` and
    ``years`` the era rule (:func:`era_exclusions`) applies; without them, or on a corpus with
    fewer than two dated years, it excludes nothing.

    Parameters
    ----------
    H, terms, lexicon
        As for :func:`name_themes`, ``H``'s rows in their final order.
    mass
        Analysed paragraphs x themes (same order): the text each theme explains.
    years
        The year of each analysed paragraph (0: unknown).

    Returns
    -------
    list of (str, str, float, bool)
        As for :func:`name_themes`.
    """
    exclude = None
    if lexicon and mass is not None and years is not None and len(years) == mass.shape[0]:
        exclude = era_exclusions(mass, np.asarray(years), lexicon)
    return name_themes(H, terms, lexicon, exclude=exclude)
