"""Fit themes to the analysed paragraphs: units, TF-IDF, the k search, the final NMF, each
paragraph's own weights, names and order."""

from __future__ import annotations

import hashlib
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import RANDOM_STATE
from ..segment import Tokens
from ..vectorize import dtm, dtm_trim, tfidf_model
from ..wordlists import ThemeEntry
from .measures import agreement
from .model import Themes, TooSmall
from .naming import theme_names
from .nmf import fit_nmf, n_starts, seed_columns, single_blas, top_indices
from .sampling import stratified_rows
from .select_k import (
    STABILITY_FLOOR,
    choose_k,
    k_candidates,
    k_reasons,
    make_samples,
    search_k,
)
from .units import unit_offsets


def canonical_order(m: sp.csr_matrix, terms: Sequence[str]) -> np.ndarray:
    """An order of the rows of ``m`` that depends only on their content (term counts).

    Parameters
    ----------
    m
        Units x terms counts.
    terms
        The terms of its columns.

    Returns
    -------
    ndarray of int
        A permutation of the rows (ties, i.e. equal rows, in their order).
    """
    m = m.tocsr()
    keys = []
    for i in range(m.shape[0]):
        start, end = m.indptr[i], m.indptr[i + 1]
        pairs = sorted(
            zip((terms[j] for j in m.indices[start:end]), m.data[start:end].tolist(), strict=True)
        )
        keys.append(hashlib.sha1(repr(pairs).encode()).hexdigest())
    return np.array(sorted(range(m.shape[0]), key=lambda i: (keys[i], i)), dtype=np.int64)


def term_limits(n_docs: int) -> tuple[int, float]:
    """Document-frequency limits that adapt to corpus size.

    ``min_df``: a term must occur in 2 units (1 when there are fewer than 100: in a few
    articles the words that mark one of them, the names of its companies or villages, occur in
    one paragraph only), and in one unit per 1,000 beyond 2,000 units, so that 50,000
    paragraphs do not keep every hapax; ``max_df``: a term in more than half of the units (80%
    of a tiny corpus) says nothing about any theme.

    Parameters
    ----------
    n_docs
        The number of units.

    Returns
    -------
    (min_df, max_df)
        A count and a fraction, for :func:`analysis.vectorize.dtm_trim`.
    """
    if n_docs < 30:
        return 1, 0.8
    if n_docs < 100:
        return 1, 0.5
    return max(2, math.ceil(n_docs / 1000)), 0.5


@single_blas  # the search's workers and the figures drawn meanwhile hold both cores
def fit_themes(
    toks: Tokens,
    *,
    n_themes: int | str = "auto",
    k_min: int = 2,
    k_max: int = 20,
    runs: int = 4,
    fraction: float = 0.8,
    margin: float = 0.1,
    top_n: int = 10,
    min_unit_tokens: int = 12,
    max_search_units: int = 10000,
    random_state: int = RANDOM_STATE,
    lexicon: Sequence[ThemeEntry] = (),
    progress: Callable[[str], None] | None = None,
    cuts: Sequence[np.ndarray | None] | None = None,
    window_tokens: int = 0,
    stability_floor: float | None = None,
    guided: bool = False,
    years: np.ndarray | None = None,
) -> Themes:
    """Fit themes to the analysed paragraphs in ``toks`` (stopwords already removed).

    ``cuts`` and ``window_tokens`` (from :func:`~analysis.themes.units.window_cuts`) fit long
    paragraphs as windows;
    ``stability_floor`` is the floor of :func:`choose_k` (default ``STABILITY_FLOOR``);
    ``guided`` seeds every fit with the lexicon's themes (:func:`~analysis.themes.nmf.guided_start`);
    ``years`` keep anachronistic names off themes
    (:func:`~analysis.themes.naming.theme_names`, the one place themes are named).

    Parameters
    ----------
    toks
        The analysed paragraphs' tokens, stopwords removed.
    n_themes
        ``"auto"`` (the k search) or a fixed number of themes.
    k_min, k_max
        The range of the k search.
    runs
        Sample runs per candidate (0: no stability).
    fraction
        The share of the units in each sample run.
    margin
        The stability margin of :func:`choose_k`.
    top_n
        The top terms of each theme.
    min_unit_tokens
        The fewest terms of a fitting unit (:func:`~analysis.themes.units.paragraph_units`).
    max_search_units
        The k search runs on a stratified sample of at most this many units.
    random_state
        The seed of every sample and fit.
    lexicon
        The theme lexicon (:func:`analysis.wordlists.read_theme_lexicon`): names, and seeds
        when ``guided``.
    progress
        Called with a line per candidate ``k``.
    cuts, window_tokens
        Long paragraphs as windows (:func:`~analysis.themes.units.window_cuts`).
    stability_floor
        The stability floor (None: ``STABILITY_FLOOR``).
    guided
        Seed the fits with the lexicon's themes.
    years
        The year of each analysed paragraph (0: unknown), for the era rule of the names.

    Returns
    -------
    Themes

    Raises
    ------
    TooSmall
        Fewer than 3 units with terms, or fewer than 10 terms after trimming.
    """
    say = progress or (lambda _m: None)
    offsets, unit_of = unit_offsets(
        toks, min_tokens=min_unit_tokens, window_tokens=window_tokens, cuts=cuts
    )
    n_units = len(offsets) - 1
    zeros = np.zeros(n_units, dtype=np.int32)
    units = dtm(replace(toks, offsets=offsets, article=zeros, paragraph=zeros))
    min_df, max_df = term_limits(n_units)
    trimmed = dtm_trim(units, min_df=min_df, max_df=max_df)
    terms = trimmed.terms
    del units  # each matrix goes once the next exists (the stage peaks on a large corpus)
    keep_rows = np.flatnonzero(np.asarray(trimmed.matrix.sum(axis=1)).ravel() > 0)
    if len(keep_rows) < 3 or len(terms) < 10:
        raise TooSmall(
            f"themes need at least 3 paragraphs and 10 distinct terms after stopwords; "
            f"found {len(keep_rows)} paragraph units and {len(terms)} terms"
        )
    # Fit on the units in an order fixed by their content, so that renaming or reordering the
    # seed files changes no number (the sample runs pick rows by position).
    keep_rows = keep_rows[canonical_order(trimmed.matrix[keep_rows], terms)]
    counts = trimmed.matrix[keep_rows].astype(np.float64)
    del trimmed
    transformer = tfidf_model(counts)
    X = transformer.transform(counts).tocsr()

    # The k search runs on at most max_search_units units (a fixed random sample): enough to
    # judge how many themes the data hold, and it keeps the search to seconds on any corpus.
    search_rows = np.arange(X.shape[0])
    if X.shape[0] > max_search_units:  # stratified by article: every article keeps its share
        unit_article = np.zeros(n_units, dtype=np.int64)
        unit_article[unit_of] = toks.article
        search_rows = stratified_rows(
            unit_article[keep_rows], max_search_units, random_state=random_state
        )
    # float32 for the search: 1.4x faster, the same top terms.
    Xs = X[search_rows].astype(np.float32)
    Bs = (counts[search_rows] > 0).astype(np.float64).tocsc()
    del counts
    if n_themes == "auto":
        ks = k_candidates(len(search_rows), len(terms), k_min=k_min, k_max=k_max)
    else:
        ks = [max(2, min(int(n_themes), len(keep_rows) - 1, len(terms) - 1))]
    # Small corpora get more sample runs: their fits take milliseconds and their stability
    # estimates are noisy.
    runs = max(runs, n_starts(Xs.shape[0], budget=100 * runs)) if runs else 0
    floor = STABILITY_FLOOR if stability_floor is None else stability_floor
    # Guided themes: the lexicon's seed words organise the starts of every fit (search, final).
    seeds = seed_columns(lexicon, terms, X) if guided and lexicon else ()
    samples = make_samples(
        Xs, Bs, runs=runs, fraction=fraction, k_max=max(ks), random_state=random_state,
        seeds=seeds,
    )  # fmt: skip
    candidates = search_k(
        samples, ks, top_n=top_n, random_state=random_state, margin=margin, floor=floor,
        progress=lambda c: say(f"themes: k={c.k} coherence {c.coherence:.3f} stability {c.stability:.3f}"),
    )  # fmt: skip
    k = (
        choose_k(candidates, margin=margin, floor=floor)
        if len(candidates) > 1
        else candidates[0].k
    )
    chosen = next(c for c in candidates if c.k == k)
    del samples, Xs, Bs  # the search's data, before the final fit

    # The final model: all units, a tighter tolerance, the best of several starts (a guided
    # fit keeps its seeded start: random restarts would lose the lexicon's themes).
    model = fit_nmf(
        X, k, random_state=random_state, seeds=seeds,
        n_init=1 if len(seeds) else n_starts(X.shape[0], budget=5000),
    )[0]  # fmt: skip
    del X
    H_all = model.components_
    tops = top_indices(H_all, top_n)
    theme_stability = (
        np.mean([agreement(tops, rt) for rt in chosen.run_tops], axis=0)
        if chosen.run_tops
        else np.zeros(k)
    )

    # Every paragraph's own weights (not its unit's), from the fitted themes.
    para = dtm(toks)
    col = {t: i for i, t in enumerate(para.terms)}
    idx = np.array([col[t] for t in terms])
    Xp = transformer.transform(para.matrix[:, idx].astype(np.float64))
    del para
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = model.transform(Xp)
    # How much of each paragraph each theme explains: its weight times the theme's norm (rows
    # of Xp have norm 1). A paragraph whose words the themes barely cover (its vocabulary is
    # its own) gets small weights everywhere, instead of being handed whole to whichever theme
    # shares its one common word.
    explained = np.minimum(raw * np.linalg.norm(H_all, axis=1)[None, :], 1.0)

    # Order themes by their share of all analysed text (explained part x paragraph size).
    para_mass = explained * toks.lengths().astype(np.float64)[:, None]
    mass = para_mass.sum(axis=0)
    order = np.lexsort((np.arange(k), -mass))
    H = H_all[order]
    explained = explained[:, order]
    shares = mass[order] / mass.sum() if mass.sum() > 0 else mass[order]
    names = theme_names(H, terms, lexicon, mass=para_mass[:, order], years=years)
    table = pd.DataFrame(
        {
            "k": [c.k for c in candidates],
            "coherence": [c.coherence for c in candidates],
            "stability": [c.stability for c in candidates],
            "chosen": [c.k == k for c in candidates],
            "largest_share": [c.largest_share for c in candidates],
            "stable": [c.stability >= floor for c in candidates],
            "why": k_reasons(candidates, k, margin=margin, floor=floor)
            if n_themes == "auto"
            else ["set in tifa.toml"] * len(candidates),
        }
    )
    return Themes(
        terms=terms,
        H=H,
        paragraph_weights=explained,
        unit_of=unit_of,
        shares=shares,
        labels=tuple(n[0] for n in names),
        labels_en=tuple(n[1] for n in names),
        label_scores=tuple(n[2] for n in names),
        named=tuple(n[3] for n in names),
        stability=tuple(float(x) for x in theme_stability[order]),
        k_selection=table,
        chosen_by="auto" if n_themes == "auto" else "fixed",
        top_n=top_n,
        stability_floor=floor,
        guided=bool(len(seeds)),
    )
