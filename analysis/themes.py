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
import tomllib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


def _nmf(
    X,
    k: int,
    *,
    random_state: int,
    max_iter: int = 400,
    tol: float = 1e-4,
    init=None,
    n_init: int = 1,
):
    """Fit NMF (coordinate descent) and return (model, W).

    The first fit starts from NNDSVDa (``init`` is a precomputed SVD, else scikit-learn
    computes it); with ``n_init`` > 1, that many more fits start from random matrices and the
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
            if attempt == 0 and init is not None
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
                W0, H0 = nndsvda(X, init, k)
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


@dataclass(frozen=True)
class Samples:
    """The k search's data: all units and ``runs`` random samples, each with its SVD."""

    X: sp.csr_matrix
    B: sp.csc_matrix
    rows: tuple[np.ndarray, ...]  # the rows of each sample run
    svds: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]  # [0] all units, then runs


def make_samples(
    X: sp.csr_matrix,
    B: sp.csc_matrix,
    *,
    runs: int,
    fraction: float,
    k_max: int,
    random_state: int,
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
    return Samples(X, B, tuple(rows), tuple(svds))


def evaluate_k(samples: Samples, k: int, *, top_n: int, random_state: int) -> Candidate:
    """Fit ``k`` themes on all units and on each sample run; score coherence and stability.

    The fits stop at a looser tolerance than the final model: the ranking of top terms, which
    is all the scores use, is settled long before the last digits of the loss.
    """
    X = samples.X
    model, _ = _nmf(
        X, k, random_state=random_state, max_iter=200, tol=2e-3, init=samples.svds[0],
        n_init=n_starts(X.shape[0], budget=3000),
    )  # fmt: skip
    tops = top_indices(model.components_, top_n)
    coherences = [float(np.mean(npmi_coherence(samples.B, tops)))]
    run_tops = []
    for r, rows in enumerate(samples.rows):
        sample, _ = _nmf(
            X[rows], k, random_state=random_state + 1 + r, max_iter=200, tol=2e-3,
            init=samples.svds[r + 1],
        )  # fmt: skip
        run_tops.append(tuple(top_indices(sample.components_, top_n)))
        coherences.append(float(np.mean(npmi_coherence(samples.B, run_tops[-1]))))
    stability = (
        float(np.mean([agreement(tops, rt).mean() for rt in run_tops])) if run_tops else 0.0
    )
    # Coherence averaged over the full fit and every sample fit (scored on all units): one
    # fit's coherence moves by a few hundredths with its local optimum.
    return Candidate(k, float(np.mean(coherences)), stability, tuple(run_tops))


COHERENCE_TIE = 0.02  # NPMI differences below this are noise (seen between random samples)


def choose_k(candidates: Sequence[Candidate], *, margin: float) -> int:
    """The most coherent ``k`` among those nearly as stable as the most stable one.

    Stability usually holds on a plateau up to the number of themes the data support, then
    drops as themes start to split differently in every sample (Greene et al. 2014); coherence
    usually keeps rising with ``k`` as themes narrow. So: keep the ``k`` whose stability is
    within ``margin`` of the best; among them, those within ``COHERENCE_TIE`` of the best
    coherence are equally good, and the largest of them wins (more detail at no cost).
    """
    best_stability = max(c.stability for c in candidates)
    plateau = [c for c in candidates if c.stability >= best_stability - margin]
    best_coherence = max(c.coherence for c in plateau)
    return max(c.k for c in plateau if c.coherence >= best_coherence - COHERENCE_TIE)


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
) -> list[Candidate]:
    """Evaluate ``ks`` in increasing order, two at a time on two processes, and stop once
    ``patience`` candidates in a row have fallen off the stability plateau."""
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
            tail = out[-patience:]
            if len(tail) == patience and all(c.stability < best - margin for c in tail):
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


def label_scores(
    H: np.ndarray, terms: Sequence[str], lexicon: Sequence[ThemeEntry], *, depth: int = 20
) -> np.ndarray:
    """Score each theme (row of ``H``) against each lexicon entry.

    The score is the share of the weight of the theme's top ``depth`` terms that the entry's
    seed words carry; a term that contains a seed word (乡村旅游 for 乡村) or is contained in
    one counts half. Scores are in [0, 1].
    """
    scores = np.zeros((H.shape[0], len(lexicon)))
    for t, idx in enumerate(top_indices(H, depth)):
        weights = H[t, idx]
        total = weights.sum()
        if total <= 0:
            continue
        for e, entry in enumerate(lexicon):
            seeds = set(entry.words)
            s = 0.0
            for w, i in zip(weights, idx, strict=True):
                term = terms[i]
                if term in seeds:
                    s += w
                elif any(len(seed) >= 2 and (seed in term or term in seed) for seed in seeds):
                    s += 0.5 * w
            scores[t, e] = s / total
    return scores


def name_themes(
    H: np.ndarray,
    terms: Sequence[str],
    lexicon: Sequence[ThemeEntry],
    *,
    threshold: float = 0.1,
    n_terms: int = 3,
) -> list[tuple[str, str, float, bool]]:
    """Name each theme: (zh name, en name, score, named_from_lexicon).

    A theme takes the lexicon entry it scores best on, when that score reaches ``threshold``;
    otherwise its top ``n_terms`` terms, joined by ``·``, are its name. Several themes may fit
    one entry (two rural themes, say): the best-scoring keeps the plain name, the others get
    their most typical term that is not a seed word after it (乡村振兴·游客).
    """
    scores = label_scores(H, terms, lexicon) if lexicon else np.zeros((H.shape[0], 0))
    best = scores.argmax(axis=1) if scores.size else np.zeros(H.shape[0], dtype=int)
    best_score = scores.max(axis=1) if scores.size else np.zeros(H.shape[0])
    out = []
    for t, idx in enumerate(top_indices(H, max(n_terms, 10))):
        fallback = "·".join(terms[i] for i in idx[:n_terms]) or f"theme {t}"
        if not scores.size or best_score[t] < threshold:
            out.append((fallback, fallback, float(best_score[t]), False))
            continue
        entry = lexicon[best[t]]
        rivals = [
            u for u in range(H.shape[0]) if best_score[u] >= threshold and best[u] == best[t]
        ]
        leader = max(rivals, key=lambda u: (best_score[u], -u))
        zh, en = entry.name, entry.en
        if t != leader:
            typical = next((terms[i] for i in idx if terms[i] not in entry.words), terms[idx[0]])
            zh, en = f"{zh}·{typical}", f"{en}: {typical}"
        out.append((zh, en, float(best_score[t]), True))
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
) -> Themes:
    """Fit themes to the analysed paragraphs in ``toks`` (stopwords already removed).

    Raises
    ------
    TooSmall
        Fewer than 3 units with terms, or fewer than 10 terms after trimming.
    """
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    from .vectorize import dtm  # noqa: PLC0415 - avoid an import cycle at module load

    say = progress or (lambda _m: None)
    unit_of = paragraph_units(toks, min_tokens=min_unit_tokens)
    n_units = int(unit_of.max()) + 1 if len(unit_of) else 0
    para = dtm(toks)
    units = dtm_group(para, unit_of, n_units)
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
    samples = make_samples(
        Xs, Bs, runs=runs, fraction=fraction, k_max=max(ks), random_state=random_state
    )
    candidates = search_k(
        samples, ks, top_n=top_n, random_state=random_state, margin=margin,
        progress=lambda c: say(f"themes: k={c.k} coherence {c.coherence:.3f} stability {c.stability:.3f}"),
    )  # fmt: skip
    k = choose_k(candidates, margin=margin) if len(candidates) > 1 else candidates[0].k
    chosen = next(c for c in candidates if c.k == k)

    # The final model: all units, a tighter tolerance, the best of several starts.
    model, _ = _nmf(X, k, random_state=random_state, n_init=n_starts(X.shape[0], budget=5000))
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


def representative(
    themes: Themes, toks: Tokens, *, n: int = 3, min_tokens: int = 8
) -> list[list[int]]:
    """For each theme, the analysed paragraphs (indices into ``toks``) that express it most.

    Only paragraphs whose leading theme it is count; among them the highest weight wins, then
    the longest, at most one per article when there are enough articles.
    """
    lengths = toks.lengths()
    lead = themes.paragraph_weights.argmax(axis=1)
    out = []
    for t in range(themes.k):
        w = themes.paragraph_weights[:, t]
        order = np.lexsort((np.arange(len(w)), -lengths, -w))
        chosen, seen = [], set()
        for i in order:
            if w[i] <= 0 or lead[i] != t or lengths[i] < min_tokens:
                continue
            if toks.article[i] in seen and len(set(toks.article)) > n:
                continue
            chosen.append(int(i))
            seen.add(toks.article[i])
            if len(chosen) == n:
                break
        out.append(chosen)
    return out
