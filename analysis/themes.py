"""Cluster paragraphs into themes: TF-IDF + NMF, with the number of themes chosen by the data.

The number of themes ``k`` is chosen among candidates by two measures, reported for every
candidate in ``k_selection.csv``:

- **coherence**: NPMI of each theme's top terms, from how often they occur together in the
  corpus's own paragraphs (Bouma 2009; Röder et al. 2015), averaged over themes;
- **stability**: Greene, O'Callaghan & Cunningham (2014), "How many topics? Stability analysis
  for topic models": NMF is fitted again on random 80% samples of the paragraphs, the themes of
  each sample are matched to the full fit (Hungarian algorithm) and the agreement of their top
  terms is measured by average Jaccard over ranked prefixes. A ``k`` that the data support
  gives the same themes whatever the sample.

Themes are then named from ``lexicon/themes.toml`` and ordered by their share of the corpus.
"""

from __future__ import annotations

import math
import re
import tomllib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import TifaError
from .segment import Tokens
from .vectorize import Dtm, dtm_group, dtm_trim  # noqa: F401

# --------------------------------------------------------------------------- units


def paragraph_units(toks: Tokens, *, min_tokens: int) -> np.ndarray:
    """Assign each analysed paragraph to a unit of at least ``min_tokens`` terms.

    Consecutive short paragraphs of one article (a one-line lead-in such as 一是经济平稳增长。,
    a short answer) are merged with their neighbours: alone they are too small for a stable
    theme. A short remainder at the end of an article joins the unit before it.

    Returns
    -------
    ndarray of int
        The unit index of each paragraph (``len(toks)`` entries, units numbered in order).
    """
    lengths = toks.lengths()
    unit = np.zeros(len(toks), dtype=np.int64)
    current, size, start_of_article = -1, min_tokens, True
    for i in range(len(toks)):
        new_article = i == 0 or toks.article[i] != toks.article[i - 1]
        if new_article:
            start_of_article = True
        if start_of_article or size >= min_tokens:
            current += 1
            size = 0
        start_of_article = False
        unit[i] = current
        size += int(lengths[i])
        last_of_article = i + 1 == len(toks) or toks.article[i + 1] != toks.article[i]
        if last_of_article and size < min_tokens and current > 0:
            first = np.flatnonzero(unit[: i + 1] == current)[0]
            if first > 0 and toks.article[first - 1] == toks.article[i]:
                unit[unit == current] = current - 1  # fold the short tail into the unit before
                current -= 1
    return unit


WINDOW_CHARS = 300  # a long paragraph is fitted as windows of about this many characters


def sentence_ends(text: str, words: Sequence[str]) -> np.ndarray:
    """Positions in ``words`` (the paragraph's analysed terms, in order) after which a sentence
    of ``text`` ends (。！？；), found by walking through ``text``.

    Returns
    -------
    ndarray of int
        ``j`` means a sentence ends after ``words[j - 1]``; increasing, without 0 and
        ``len(words)``.
    """
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or not words:
        return np.zeros(0, dtype=np.int64)
    out, pos, e = [], 0, 0
    for j, w in enumerate(words):
        found = text.find(w, pos)
        if found < 0:
            continue
        while e < len(ends) and ends[e] <= found:
            if j and (not out or out[-1] != j):
                out.append(j)
            e += 1
        pos = found + len(w)
    return np.asarray(out, dtype=np.int64)


_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*")


def window_cuts(
    texts: Sequence[str], toks: Tokens, *, window_chars: int = WINDOW_CHARS
) -> tuple[list[np.ndarray | None], int]:
    """Sentence ends of the long paragraphs, and the window size in terms.

    ``texts[i]`` is the analysed text of paragraph ``i`` of ``toks``. The window of
    ``window_chars`` characters is turned into terms by the corpus's own ratio of terms to
    characters; only paragraphs longer than 1.5 windows are walked through.

    Returns
    -------
    (cuts, window_tokens)
        ``cuts[i]`` as :func:`sentence_ends` (``None`` for a paragraph that is not cut).
    """
    chars = sum(len(t) for t in texts)
    if not chars or not toks.n_tokens:
        return [None] * len(toks), 0
    window = max(10, round(window_chars * toks.n_tokens / chars))
    lengths = toks.lengths()
    cuts: list[np.ndarray | None] = [None] * len(toks)
    for i in np.flatnonzero(lengths >= 1.5 * window):
        cuts[i] = sentence_ends(texts[i], toks.doc(int(i)))
    return cuts, window


def _windows(length: int, cuts: np.ndarray | None, window: int) -> list[int]:
    """Cut points (token positions) that split a paragraph of ``length`` terms into windows
    of about ``window`` terms, at sentence ends when ``cuts`` gives them."""
    if window <= 0 or length < 1.5 * window:
        return []
    points = cuts if cuts is not None and len(cuts) else np.arange(window, length, window)
    out, start = [], 0
    for c in points:
        c = int(c)
        if c - start >= window and length - c >= window / 2:
            out.append(c)
            start = c
    return out


def unit_offsets(
    toks: Tokens,
    *,
    min_tokens: int,
    window_tokens: int = 0,
    cuts: Sequence[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The fitting units: token offsets of each unit, and the unit of each paragraph's start.

    Short paragraphs are merged with their neighbours (:func:`paragraph_units`); a paragraph
    longer than 1.5 ``window_tokens`` terms is cut into windows of about ``window_tokens``
    terms at sentence ends (``cuts[i]``, from :func:`sentence_ends`), so that a long paragraph
    that moves through several subjects is not fitted as one. Weights are computed for every
    paragraph from its own terms afterwards, whatever its units.

    Returns
    -------
    (offsets, unit_of)
        ``offsets`` has one entry per unit plus one (indices into ``toks.codes``).
    """
    unit_of = paragraph_units(toks, min_tokens=min_tokens)
    lengths = toks.lengths()
    starts: list[int] = []
    seen_unit = -1
    for i in range(len(toks)):
        if unit_of[i] != seen_unit:
            starts.append(int(toks.offsets[i]))
            seen_unit = unit_of[i]
        for c in _windows(int(lengths[i]), cuts[i] if cuts is not None else None, window_tokens):
            starts.append(int(toks.offsets[i]) + c)
    offsets = np.asarray([*starts, int(toks.offsets[-1])], dtype=np.int64)
    first = np.searchsorted(offsets, toks.offsets[:-1], side="right") - 1
    return offsets, np.maximum(first, 0).astype(np.int64)


# --------------------------------------------------------------------------- matrices


def canonical_order(m: sp.csr_matrix, terms: Sequence[str]) -> np.ndarray:
    """An order of the rows of ``m`` that depends only on their content (term counts)."""
    import hashlib  # noqa: PLC0415

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
    """
    if n_docs < 30:
        return 1, 0.8
    if n_docs < 100:
        return 1, 0.5
    return max(2, math.ceil(n_docs / 1000)), 0.5


def tfidf(d: Dtm) -> sp.csr_matrix:
    """Sublinear TF-IDF with L2-normalised rows (scikit-learn's ``TfidfTransformer``)."""
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    return TfidfTransformer(sublinear_tf=True).fit_transform(d.matrix.astype(np.float64)).tocsr()


def svd(X, n_components: int, *, random_state: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truncated SVD of ``X`` (scikit-learn's randomized SVD), shared by every ``k``."""
    from sklearn.utils.extmath import randomized_svd  # noqa: PLC0415

    return randomized_svd(X, n_components, random_state=random_state)


def nndsvda(
    X, svd_parts: tuple[np.ndarray, np.ndarray, np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD initialisation with zeros filled by the data mean (Boutsidis & Gallopoulos 2008).

    scikit-learn's ``init="nndsvda"`` computes the same thing, but recomputes the SVD for every
    ``k``; the k search tries many ``k`` on the same samples, so the SVD is computed once per
    sample (:func:`svd`) and cut to ``k`` here.
    """
    U, S, Vt = (a[..., :k] if i == 0 else a[:k] for i, a in enumerate(svd_parts))
    W = np.zeros((X.shape[0], k))
    H = np.zeros((k, X.shape[1]))
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0, :] = np.sqrt(S[0]) * np.abs(Vt[0, :])
    for j in range(1, k):
        x, y = U[:, j], Vt[j, :]
        xp, xn, yp, yn = np.maximum(x, 0), np.maximum(-x, 0), np.maximum(y, 0), np.maximum(-y, 0)
        pos = np.linalg.norm(xp) * np.linalg.norm(yp)
        neg = np.linalg.norm(xn) * np.linalg.norm(yn)
        u, v, sigma = (xp, yp, pos) if pos > neg else (xn, yn, neg)
        nu, nv = np.linalg.norm(u), np.linalg.norm(v)
        if nu == 0 or nv == 0:
            continue
        scale = np.sqrt(S[j] * sigma)
        W[:, j] = scale * u / nu
        H[j, :] = scale * v / nv
    W[W < 1e-6] = 0
    H[H < 1e-6] = 0
    mean = float(X.mean())
    W[W == 0] = mean / 100
    H[H == 0] = mean / 100
    return W, H


def guided_start(
    X, W: np.ndarray, H: np.ndarray, seeds: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Seed an NMF start with the lexicon's themes (as BERTopic's ``seed_topic_list``).

    ``seeds`` are the columns of each lexicon theme's seed words, the themes that occur most in
    the corpus first. The last rows of ``H`` (the weakest NNDSVD components) become those
    themes: their seed words' columns get the largest weight of the start, the rest of the row
    is halved. At least a quarter of the ``k`` rows (one at least) stay as the data made them,
    so the corpus can still add themes of its own. ``W`` is refitted to the new ``H`` (least
    squares, clipped at the start's floor).
    """
    k = H.shape[0]
    n = min(len(seeds), k - max(1, k // 4))
    if n <= 0:
        return W, H
    H = H.copy()
    top = float(H.max())
    floor = float(H.min())
    for j, cols in enumerate(seeds[:n]):
        row = k - n + j
        H[row] *= 0.5
        H[row, cols] = top
    gram = H @ H.T
    W = np.asarray(X @ H.T) @ np.linalg.pinv(gram)
    W = np.maximum(W, floor)
    return W, H


def seed_columns(
    lexicon: Sequence[ThemeEntry], terms: Sequence[str], X
) -> tuple[np.ndarray, ...]:
    """The columns of each lexicon theme's seed words in ``terms``, for :func:`guided_start`:
    the themes whose seed words carry the most weight in ``X`` first; themes absent from the
    corpus are left out."""
    col = {t: i for i, t in enumerate(terms)}
    colsum = np.asarray(X.sum(axis=0)).ravel()
    found = []
    for e, entry in enumerate(lexicon):
        cols = np.array(sorted({col[w] for w in entry.words if w in col}), dtype=np.int64)
        if len(cols):
            found.append((-float(colsum[cols].sum()), e, cols))
    return tuple(cols for _, _, cols in sorted(found, key=lambda x: (x[0], x[1])))


def _nmf(
    X,
    k: int,
    *,
    random_state: int,
    max_iter: int = 400,
    tol: float = 1e-4,
    init=None,
    n_init: int = 1,
    seeds: Sequence[np.ndarray] = (),
):
    """Fit NMF (coordinate descent) and return (model, W).

    The first fit starts from NNDSVDa (``init`` is a precomputed SVD, else scikit-learn
    computes it), seeded with the lexicon's themes when ``seeds`` are given
    (:func:`guided_start`); with ``n_init`` > 1, that many more fits start from random matrices and the
    one with the lowest reconstruction error wins. On small corpora NMF has many local optima
    and the NNDSVD start alone depends on the SVD's random rotation; the best of several
    starts is the same whatever ``random_state`` is.
    """
    from sklearn.decomposition import NMF  # noqa: PLC0415
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415

    best = None
    for attempt in range(max(n_init, 1)):
        start = (
            "custom"
            if attempt == 0 and (init is not None or len(seeds))
            else "nndsvda"
            if attempt == 0
            else "random"
        )
        model = NMF(
            n_components=k, init=start, solver="cd", max_iter=max_iter, tol=tol,
            random_state=random_state + attempt,
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if start == "custom":
                parts = init if init is not None else svd(X, k, random_state=random_state)
                W0, H0 = nndsvda(X, parts, k)
                if len(seeds):
                    W0, H0 = guided_start(X, W0, H0, seeds)
                W = model.fit_transform(X, W=W0.astype(X.dtype), H=H0.astype(X.dtype))
            else:
                W = model.fit_transform(X)
        if best is None or model.reconstruction_err_ < best[0].reconstruction_err_ - 1e-9:
            best = (model, W)
    return best


def n_starts(n_units: int, *, budget: int) -> int:
    """How many NMF starts a corpus can afford: many for a few dozen paragraphs (where local
    optima abound and fits take milliseconds), one for tens of thousands."""
    return int(min(20, max(1, round(budget / max(n_units, 1)))))


def top_indices(H: np.ndarray, n: int) -> list[np.ndarray]:
    """Indices of each row's ``n`` largest weights (ties broken by column, i.e. by term)."""
    out = []
    for row in H:
        order = np.lexsort((np.arange(len(row)), -row))
        out.append(order[: min(n, int((row > 0).sum()))])
    return out


# --------------------------------------------------------------------------- measures


def npmi_coherence(B: sp.csc_matrix, tops: Sequence[np.ndarray]) -> np.ndarray:
    """Mean NPMI over the pairs of each theme's top terms, from document co-occurrence.

    ``B`` is a binary documents x terms matrix. A pair never seen together scores -1, a pair
    always seen together +1.
    """
    n = B.shape[0]
    scores = []
    for idx in tops:
        if len(idx) < 2:
            scores.append(0.0)
            continue
        sub = B[:, idx]
        co = (sub.T @ sub).toarray().astype(np.float64) / n
        p = np.diag(co).copy()
        vals = []
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                pij = co[i, j]
                if pij <= 0:
                    vals.append(-1.0)
                elif pij >= 1:
                    vals.append(1.0)
                else:
                    vals.append(math.log(pij / (p[i] * p[j])) / -math.log(pij))
        scores.append(float(np.mean(vals)))
    return np.asarray(scores)


def average_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Average Jaccard of two ranked lists over their prefixes (Greene et al. 2014, AJ)."""
    depth = min(len(a), len(b))
    if depth == 0:
        return 0.0
    total = 0.0
    for d in range(1, depth + 1):
        sa, sb = set(a[:d]), set(b[:d])
        total += len(sa & sb) / len(sa | sb)
    return total / depth


def agreement(reference: Sequence[np.ndarray], other: Sequence[np.ndarray]) -> np.ndarray:
    """Match ``other``'s themes to ``reference``'s (Hungarian) and return each reference
    theme's average-Jaccard agreement with its match."""
    sim = np.array([[average_jaccard(list(r), list(o)) for o in other] for r in reference])
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415 - slow import

    rows, cols = linear_sum_assignment(-sim)
    out = np.zeros(len(reference))
    out[rows] = sim[rows, cols]
    return out


# --------------------------------------------------------------------------- k selection


@dataclass(frozen=True)
class Candidate:
    """One ``k`` tried: its two scores, and the top terms of each sample run (for later)."""

    k: int
    coherence: float
    stability: float
    run_tops: tuple[tuple[np.ndarray, ...], ...]
    largest_share: float = 0.0  # the largest theme's share of the units (full fit)


@dataclass(frozen=True)
class Samples:
    """The k search's data: all units and ``runs`` random samples, each with its SVD."""

    X: sp.csr_matrix
    B: sp.csc_matrix
    rows: tuple[np.ndarray, ...]  # the rows of each sample run
    svds: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]  # [0] all units, then runs
    seeds: tuple[np.ndarray, ...] = ()  # guided themes: seed-word columns (seed_columns)


def make_samples(
    X: sp.csr_matrix,
    B: sp.csc_matrix,
    *,
    runs: int,
    fraction: float,
    k_max: int,
    random_state: int,
    seeds: Sequence[np.ndarray] = (),
) -> Samples:
    """Draw the sample runs (the same rows for every ``k``) and compute each one's SVD."""
    n = X.shape[0]
    rows = []
    for r in range(runs):
        rng = np.random.default_rng(random_state + 1 + r)
        rows.append(
            np.sort(rng.choice(n, size=max(k_max + 1, int(round(fraction * n))), replace=False))
        )
    svds = [svd(X, k_max, random_state=random_state)]
    svds += [svd(X[r], k_max, random_state=random_state + 1 + i) for i, r in enumerate(rows)]
    return Samples(X, B, tuple(rows), tuple(svds), tuple(seeds))


def evaluate_k(samples: Samples, k: int, *, top_n: int, random_state: int) -> Candidate:
    """Fit ``k`` themes on all units and on each sample run; score coherence and stability.

    The fits stop at a looser tolerance than the final model: the ranking of top terms, which
    is all the scores use, is settled long before the last digits of the loss.
    """
    X = samples.X
    model, W = _nmf(
        X, k, random_state=random_state, max_iter=200, tol=2e-3, init=samples.svds[0],
        n_init=n_starts(X.shape[0], budget=3000), seeds=samples.seeds,
    )  # fmt: skip
    tops = top_indices(model.components_, top_n)
    mass = (W * np.linalg.norm(model.components_, axis=1)[None, :]).sum(axis=0)
    largest = float(mass.max() / mass.sum()) if mass.sum() > 0 else 0.0
    coherences = [float(np.mean(npmi_coherence(samples.B, tops)))]
    run_tops = []
    for r, rows in enumerate(samples.rows):
        sample, _ = _nmf(
            X[rows], k, random_state=random_state + 1 + r, max_iter=200, tol=2e-3,
            init=samples.svds[r + 1], seeds=samples.seeds,
        )  # fmt: skip
        run_tops.append(tuple(top_indices(sample.components_, top_n)))
        coherences.append(float(np.mean(npmi_coherence(samples.B, run_tops[-1]))))
    stability = (
        float(np.mean([agreement(tops, rt).mean() for rt in run_tops])) if run_tops else 0.0
    )
    # Coherence averaged over the full fit and every sample fit (scored on all units): one
    # fit's coherence moves by a few hundredths with its local optimum.
    return Candidate(k, float(np.mean(coherences)), stability, tuple(run_tops), largest)


COHERENCE_TIE = 0.02  # NPMI differences below this are noise (seen between random samples)
# The stability a k must reach to be chosen, and below which a theme is "tentative". Chosen on
# labelled data (scripts/eval_themes.py: the Government Work Reports' policy-area headings, the
# cpcnews columns, the seeds' hand labels) and checked on the unlabelled shared corpora; see
# the README.
STABILITY_FLOOR = 0.6
# A theme holding more than this share of the corpus says k is too small: such k are passed
# over when a larger stable k exists.
LARGEST_SHARE = 0.5


def choose_k(
    candidates: Sequence[Candidate], *, margin: float, floor: float | None = None
) -> int:
    """The most coherent ``k`` among the stable ones.

    Coherence usually keeps rising with ``k`` as themes narrow, while stability drops once
    themes start to split differently in every sample (Greene et al. 2014). A ``k`` is stable
    when its stability reaches ``floor`` (``STABILITY_FLOOR``); a stable ``k`` whose largest
    theme holds more than ``LARGEST_SHARE`` of the corpus is passed over when another is
    stable. Among the rest, those within ``COHERENCE_TIE`` of the best coherence are equally
    coherent, and the most stable of them wins (on a tie, the larger). When no ``k`` reaches
    the floor, the ``k`` within ``margin`` of the most stable one compete instead.

    The earlier rule (within ``margin`` of the most stable ``k``) favoured the smallest ``k``:
    two or three broad themes are always the most stable.
    """
    floor = STABILITY_FLOOR if floor is None else floor
    stable = [c for c in candidates if c.stability >= floor]
    if not stable:
        best_stability = max(c.stability for c in candidates)
        stable = [c for c in candidates if c.stability >= best_stability - margin]
    spread = [c for c in stable if c.largest_share <= LARGEST_SHARE] or stable
    best_coherence = max(c.coherence for c in spread)
    ties = [c for c in spread if c.coherence >= best_coherence - COHERENCE_TIE]
    return max(ties, key=lambda c: (round(c.stability, 6), c.k)).k


def k_candidates(n_units: int, n_terms: int, *, k_min: int, k_max: int) -> list[int]:
    """The ``k`` values worth trying: at least five units and ten terms per theme."""
    upper = min(k_max, n_units // 5, n_terms // 10)
    return list(range(k_min, max(upper, k_min) + 1))


_SEARCH: dict = {}


def _search_init(samples: Samples, params: dict) -> None:
    _SEARCH.update(samples=samples, params=params)


def _search_one(k: int) -> Candidate:
    return evaluate_k(_SEARCH["samples"], k, **_SEARCH["params"])


def search_k(
    samples: Samples,
    ks: Sequence[int],
    *,
    top_n: int,
    random_state: int,
    margin: float,
    patience: int = 3,
    workers: int = 2,
    progress: Callable[[Candidate], None] | None = None,
    floor: float | None = None,
) -> list[Candidate]:
    """Evaluate ``ks`` in increasing order, two at a time on two processes, and stop once
    ``patience`` candidates in a row have fallen below the stability ``floor`` (without a
    floor, or while no candidate reaches it: more than ``margin`` below the most stable)."""
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    params = {"top_n": top_n, "random_state": random_state}
    parallel = workers > 1 and len(ks) > 2 and "fork" in multiprocessing.get_all_start_methods()
    pool = (
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_search_init,
            initargs=(samples, params),
        )  # fmt: skip
        if parallel
        else None
    )
    if pool is None:
        _search_init(samples, params)
    step = workers if pool else 1
    out: list[Candidate] = []
    try:
        for start in range(0, len(ks), step):
            batch = ks[start : start + step]
            results = list(pool.map(_search_one, batch)) if pool else [_search_one(batch[0])]
            for c in results:
                out.append(c)
                if progress:
                    progress(c)
            best = max(c.stability for c in out)
            limit = floor if floor is not None and best >= floor else best - margin
            tail = out[-patience:]
            if len(tail) == patience and all(c.stability < limit for c in tail):
                break
    finally:
        if pool is not None:
            pool.shutdown()
        _SEARCH.clear()
    return out


# --------------------------------------------------------------------------- naming


@dataclass(frozen=True)
class ThemeEntry:
    name: str
    en: str
    words: tuple[str, ...]


def read_theme_lexicon(path: str | Path) -> list[ThemeEntry]:
    """Read ``themes.toml``: ``["name"]`` tables with ``words`` (and optional ``en``).

    A missing file means no names (themes are named by their top terms).
    """
    path = Path(path)
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TifaError(
            f"not valid TOML ({exc}); see the comments at its top", path=path
        ) from None
    entries = []
    for name, table in data.items():
        words = table.get("words") if isinstance(table, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise TifaError(
                f'theme {name!r} needs words = ["...", ...], a list of seed words', path=path
            )
        entries.append(ThemeEntry(name=name, en=str(table.get("en", name)), words=tuple(words)))
    return entries


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
    """How many of each theme's top ``top_n`` terms are (or contain) each entry's seed words."""
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
) -> list[tuple[str, str, float, bool]]:
    """Name each theme: (zh name, en name, score, named_from_lexicon).

    A theme takes a lexicon name only when it fits: the score (:func:`label_scores`) reaches
    ``threshold`` and at least ``min_seed_terms`` of its top ``top_n`` terms are the entry's
    seed words, so a reader sees the name's words among the theme's terms. No two themes share
    a name: the best-fitting pairs are matched first and a theme whose best entry is taken
    gets its next best that fits. A theme without a fitting entry is named by its top
    ``n_terms`` terms joined by ``·`` (社会主义·建设·人民); its score is still the best fit.
    """
    k = H.shape[0]
    scores = label_scores(H, terms, lexicon) if lexicon else np.zeros((k, 0))
    hits = seed_hits(H, terms, lexicon, top_n=top_n) if lexicon else np.zeros((k, 0))
    fits = (scores >= threshold) & (hits >= min_seed_terms)
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


# --------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class Themes:
    """A fitted theme model, themes ordered by share (theme 0 is the largest)."""

    terms: tuple[str, ...]
    H: np.ndarray  # themes x terms
    paragraph_weights: np.ndarray  # analysed paragraphs x themes: the part each theme explains
    unit_of: np.ndarray  # unit of each analysed paragraph
    shares: np.ndarray  # overall share of each theme
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    label_scores: tuple[float, ...]
    named: tuple[bool, ...]  # named from the lexicon (else by its top terms)
    stability: tuple[float, ...]
    k_selection: pd.DataFrame  # k, coherence, stability, chosen
    chosen_by: str  # "auto" or "fixed"
    top_n: int
    stability_floor: float = 0.6  # a theme below it is tentative
    guided: bool = False  # seeded with the lexicon's themes

    @property
    def tentative(self) -> tuple[bool, ...]:
        """Themes below the stability floor: they change when the corpus is resampled."""
        return tuple(s < self.stability_floor for s in self.stability)

    @property
    def k(self) -> int:
        return self.H.shape[0]

    def top_terms(self, theme: int, n: int | None = None) -> list[str]:
        return [self.terms[i] for i in top_indices(self.H[theme : theme + 1], n or self.top_n)[0]]


class TooSmall(Exception):
    """The corpus has too little text for themes; the message says what was found."""


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
    random_state: int = 42,
    lexicon: Sequence[ThemeEntry] = (),
    progress: Callable[[str], None] | None = None,
    cuts: Sequence[np.ndarray | None] | None = None,
    window_tokens: int = 0,
    stability_floor: float | None = None,
    guided: bool = False,
) -> Themes:
    """Fit themes to the analysed paragraphs in ``toks`` (stopwords already removed).

    ``cuts`` and ``window_tokens`` (from :func:`window_cuts`) fit long paragraphs as windows;
    ``stability_floor`` is the floor of :func:`choose_k` (default ``STABILITY_FLOOR``);
    ``guided`` seeds every fit with the lexicon's themes (:func:`guided_start`).

    Raises
    ------
    TooSmall
        Fewer than 3 units with terms, or fewer than 10 terms after trimming.
    """
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    from .vectorize import dtm  # noqa: PLC0415 - avoid an import cycle at module load

    say = progress or (lambda _m: None)
    offsets, unit_of = unit_offsets(
        toks, min_tokens=min_unit_tokens, window_tokens=window_tokens, cuts=cuts
    )
    n_units = len(offsets) - 1
    para = dtm(toks)
    zeros = np.zeros(n_units, dtype=np.int32)
    units = dtm(replace(toks, offsets=offsets, article=zeros, paragraph=zeros))
    min_df, max_df = term_limits(n_units)
    trimmed = dtm_trim(units, min_df=min_df, max_df=max_df)
    keep_rows = np.flatnonzero(np.asarray(trimmed.matrix.sum(axis=1)).ravel() > 0)
    if len(keep_rows) < 3 or len(trimmed.terms) < 10:
        raise TooSmall(
            f"themes need at least 3 paragraphs and 10 distinct terms after stopwords; "
            f"found {len(keep_rows)} paragraph units and {len(trimmed.terms)} terms"
        )
    # Fit on the units in an order fixed by their content, so that renaming or reordering the
    # seed files changes no number (the sample runs pick rows by position).
    keep_rows = keep_rows[canonical_order(trimmed.matrix[keep_rows], trimmed.terms)]
    counts = trimmed.matrix[keep_rows].astype(np.float64)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    X = transformer.transform(counts).tocsr()

    # The k search runs on at most max_search_units units (a fixed random sample): enough to
    # judge how many themes the data hold, and it keeps the search to seconds on any corpus.
    search_rows = np.arange(X.shape[0])
    if X.shape[0] > max_search_units:  # stratified by article: every article keeps its share
        from .sampling import stratified_rows  # noqa: PLC0415

        unit_article = np.zeros(n_units, dtype=np.int64)
        unit_article[unit_of] = toks.article
        search_rows = stratified_rows(
            unit_article[keep_rows], max_search_units, random_state=random_state
        )
    # float32 for the search: 1.4x faster, the same top terms.
    Xs = X[search_rows].astype(np.float32)
    Bs = (counts[search_rows] > 0).astype(np.float64).tocsc()
    if n_themes == "auto":
        ks = k_candidates(len(search_rows), len(trimmed.terms), k_min=k_min, k_max=k_max)
    else:
        ks = [max(2, min(int(n_themes), len(keep_rows) - 1, len(trimmed.terms) - 1))]
    # Small corpora get more sample runs: their fits take milliseconds and their stability
    # estimates are noisy.
    runs = max(runs, n_starts(Xs.shape[0], budget=100 * runs)) if runs else 0
    floor = STABILITY_FLOOR if stability_floor is None else stability_floor
    # Guided themes: the lexicon's seed words organise the starts of every fit (search, final).
    seeds = seed_columns(lexicon, trimmed.terms, X) if guided and lexicon else ()
    samples = make_samples(
        Xs, Bs, runs=runs, fraction=fraction, k_max=max(ks), random_state=random_state,
        seeds=seeds,
    )  # fmt: skip
    candidates = search_k(
        samples, ks, top_n=top_n, random_state=random_state, margin=margin, floor=floor,
        progress=lambda c: say(f"themes: k={c.k} coherence {c.coherence:.3f} stability {c.stability:.3f}"),
    )  # fmt: skip
    k = choose_k(candidates, margin=margin, floor=floor) if len(candidates) > 1 else candidates[0].k
    chosen = next(c for c in candidates if c.k == k)

    # The final model: all units, a tighter tolerance, the best of several starts (a guided
    # fit keeps its seeded start: random restarts would lose the lexicon's themes).
    model, _ = _nmf(
        X, k, random_state=random_state, seeds=seeds,
        n_init=1 if len(seeds) else n_starts(X.shape[0], budget=5000),
    )  # fmt: skip
    H_all = model.components_
    tops = top_indices(H_all, top_n)
    theme_stability = (
        np.mean([agreement(tops, rt) for rt in chosen.run_tops], axis=0)
        if chosen.run_tops
        else np.zeros(k)
    )

    # Every paragraph's own weights (not its unit's), from the fitted themes.
    col = {t: i for i, t in enumerate(para.terms)}
    idx = np.array([col[t] for t in trimmed.terms])
    Xp = transformer.transform(para.matrix[:, idx].astype(np.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = model.transform(Xp)
    # How much of each paragraph each theme explains: its weight times the theme's norm (rows
    # of Xp have norm 1). A paragraph whose words the themes barely cover (its vocabulary is
    # its own) gets small weights everywhere, instead of being handed whole to whichever theme
    # shares its one common word.
    explained = np.minimum(raw * np.linalg.norm(H_all, axis=1)[None, :], 1.0)

    # Order themes by their share of all analysed text (explained part x paragraph size).
    mass = (explained * toks.lengths().astype(np.float64)[:, None]).sum(axis=0)
    order = np.lexsort((np.arange(k), -mass))
    H = H_all[order]
    explained = explained[:, order]
    shares = mass[order] / mass.sum() if mass.sum() > 0 else mass[order]
    names = name_themes(H, trimmed.terms, lexicon)
    table = pd.DataFrame(
        {
            "k": [c.k for c in candidates],
            "coherence": [c.coherence for c in candidates],
            "stability": [c.stability for c in candidates],
            "chosen": [c.k == k for c in candidates],
            "largest_share": [c.largest_share for c in candidates],
            "stable": [c.stability >= floor for c in candidates],
        }
    )
    return Themes(
        terms=trimmed.terms,
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


def article_shares(themes: Themes, toks: Tokens, n_articles: int) -> np.ndarray:
    """Theme shares per article: the text each theme explains in the article's paragraphs,
    summed and normalised.

    Rows sum to 1; an article without analysed terms has a row of zeros.
    """
    mass = np.zeros((n_articles, themes.k))
    np.add.at(mass, toks.article, themes.paragraph_weights * toks.lengths()[:, None])
    sums = mass.sum(axis=1, keepdims=True)
    return np.divide(mass, sums, out=np.zeros_like(mass), where=sums > 0)


EXCERPT_MIN_WEIGHT = 0.2  # an excerpt's theme explains at least this much of it
EXCERPT_LEAD = 1.5  # ... and at least this many times what any other theme explains


def representative(
    themes: Themes, toks: Tokens, *, n: int = 3, min_tokens: int = 8
) -> list[list[int]]:
    """For each theme, the analysed paragraphs (indices into ``toks``) that express it most.

    Scored on each paragraph's own weights (a paragraph merged with its neighbours for fitting
    still has weights of its own). A paragraph qualifies when the theme leads it clearly: the
    theme explains at least ``EXCERPT_MIN_WEIGHT`` of it and ``EXCERPT_LEAD`` times what the
    next theme explains, so a paragraph of its own vocabulary that one common word ties to the
    theme (a visit's scenery, a journalist's lead-in) is no excerpt. The highest weight wins,
    then the longest; a paragraph from another article is preferred while its weight is at
    least half the best one's.
    """
    lengths = toks.lengths()
    W = themes.paragraph_weights
    lead = W.argmax(axis=1) if len(W) else np.zeros(0, dtype=int)
    second = np.sort(W, axis=1)[:, -2] if W.shape[1] > 1 else np.zeros(len(W))
    out = []
    for t in range(themes.k):
        w = W[:, t]
        order = np.lexsort((np.arange(len(w)), -lengths, -w))
        ok = [
            int(i) for i in order
            if lead[i] == t and lengths[i] >= min_tokens and w[i] >= EXCERPT_MIN_WEIGHT
            and w[i] >= EXCERPT_LEAD * second[i]
        ]  # fmt: skip
        chosen: list[int] = []
        seen: set[int] = set()
        if ok:
            best = w[ok[0]]
            for i in ok:
                if len(chosen) < n and toks.article[i] not in seen and w[i] >= 0.5 * best:
                    chosen.append(i)
                    seen.add(int(toks.article[i]))
            for i in ok:
                if len(chosen) < n and i not in chosen:
                    chosen.append(i)
            chosen.sort(key=lambda i: (-w[i], -lengths[i], i))
        out.append(chosen)
    return out
