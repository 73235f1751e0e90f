"""Choosing the number of themes ``k``: sample runs, each candidate's coherence and stability,
the rule that picks one, and the search over candidates (two at a time on two processes)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import scipy.sparse as sp

from .measures import agreement, npmi_coherence
from .nmf import fit_nmf, n_starts, svd, top_indices


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
    """Draw the sample runs (the same rows for every ``k``) and compute each one's SVD.

    Parameters
    ----------
    X
        The weighted units x terms matrix searched.
    B
        Its binary twin (CSC), for coherence.
    runs
        The number of sample runs.
    fraction
        The share of the units in each run (at least ``k_max + 1`` units).
    k_max
        The largest ``k`` that will be tried (the SVDs' size).
    random_state
        Run ``r`` draws with ``random_state + 1 + r``.
    seeds
        Guided themes: the seed-word columns.

    Returns
    -------
    Samples
    """
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

    Parameters
    ----------
    samples
        The search's data (:func:`make_samples`).
    k
        The number of themes.
    top_n
        The top terms scored per theme.
    random_state
        The seed of the full fit (run ``r``: ``random_state + 1 + r``).

    Returns
    -------
    Candidate
    """
    fits = [fit_part(samples, (k, r), top_n=top_n, random_state=random_state)
            for r in range(-1, len(samples.rows))]  # fmt: skip
    return candidate(k, fits)


def fit_part(
    samples: Samples, task: tuple[int, int], *, top_n: int, random_state: int
) -> tuple[tuple[np.ndarray, ...], float, float]:
    """One fit of :func:`evaluate_k`: ``task`` is ``(k, r)``, ``r`` -1 for the fit on all
    units (several starts) and 0.. for sample run ``r``.

    Returns
    -------
    tuple
        The fit's top terms, their coherence on all units, and the largest theme's share of
        the units (full fit; 0 for a sample run).
    """
    k, r = task
    X = samples.X
    if r < 0:
        model, W = fit_nmf(
            X, k, random_state=random_state, max_iter=200, tol=2e-3, init=samples.svds[0],
            n_init=n_starts(X.shape[0], budget=3000), seeds=samples.seeds,
        )  # fmt: skip
        mass = (W * np.linalg.norm(model.components_, axis=1)[None, :]).sum(axis=0)
        largest = float(mass.max() / mass.sum()) if mass.sum() > 0 else 0.0
    else:
        model, _ = fit_nmf(
            X[samples.rows[r]], k, random_state=random_state + 1 + r, max_iter=200, tol=2e-3,
            init=samples.svds[r + 1], seeds=samples.seeds,
        )  # fmt: skip
        largest = 0.0
    tops = tuple(top_indices(model.components_, top_n))
    return tops, float(np.mean(npmi_coherence(samples.B, tops))), largest


def candidate(k: int, fits: Sequence[tuple[tuple[np.ndarray, ...], float, float]]) -> Candidate:
    """The scores of ``k`` from its fits (:func:`fit_part`): the full fit first, then each
    sample run in order."""
    (tops, coherence, largest), runs = fits[0], fits[1:]
    run_tops = [rt for rt, _, _ in runs]
    stability = (
        float(np.mean([agreement(tops, rt).mean() for rt in run_tops])) if run_tops else 0.0
    )
    # Coherence averaged over the full fit and every sample fit (scored on all units): one
    # fit's coherence moves by a few hundredths with its local optimum.
    coherences = [coherence] + [c for _, c, _ in runs]
    return Candidate(k, float(np.mean(coherences)), stability, tuple(run_tops), largest)


COHERENCE_TIE = 0.02  # NPMI differences below this are noise (seen between random samples)
# Products of coherence and stability within this share of the best are equal. 2%: within
# the noise of coherence between random samples at the products seen (0.15-0.25), and small
# enough that the seeds' 0.151 at k=5 does not tie with 0.159 at k=6 (6% apart).
PRODUCT_TIE = 0.02
# The stability a k must reach to be chosen, and below which a theme is "tentative". Chosen on
# labelled data (scripts/eval_themes.py: the Government Work Reports' policy-area headings, the
# cpcnews columns, the seeds' hand labels) and checked on the unlabelled shared corpora; see
# the README.
STABILITY_FLOOR = 0.6
# A theme holding more than this share of the corpus says k is too small: such k are passed
# over when a larger stable k exists.
LARGEST_SHARE = 0.5


def _eligible(candidates: Sequence[Candidate], margin: float, floor: float) -> list[Candidate]:
    stable = [c for c in candidates if c.stability >= floor]
    if not stable:
        best_stability = max(c.stability for c in candidates)
        stable = [c for c in candidates if c.stability >= best_stability - margin]
    return [c for c in stable if c.largest_share <= LARGEST_SHARE] or stable


def choose_k(candidates: Sequence[Candidate], *, margin: float, floor: float | None = None) -> int:
    """The stable ``k`` with the best product of coherence and stability.

    Coherence usually keeps rising with ``k`` as themes narrow, while stability drops once
    themes start to split differently in every sample (Greene et al. 2014): their product
    peaks where themes are both coherent and reproducible, and favours neither the smallest
    stable ``k`` (the most stable) nor the largest (the most coherent). A ``k`` is stable when
    its stability reaches ``floor`` (``STABILITY_FLOOR``); a stable ``k`` whose largest theme
    holds more than ``LARGEST_SHARE`` of the corpus is passed over when another is stable.
    Products within ``PRODUCT_TIE`` (a share) of the best are equal, and the most stable of them wins
    (on a tie, the larger ``k``). When no ``k`` reaches the floor, the ``k`` within ``margin``
    of the most stable one compete instead.

    Earlier rules: within ``margin`` of the most stable ``k``, then the most coherent (two or
    three broad themes are always the most stable: too few themes); the most coherent above
    the floor (coherence rises with ``k``: the cap). Compared on saved evidence with
    ``scripts/k_rules.py`` (README, "Choosing k").

    Parameters
    ----------
    candidates
        The candidates scored (at least one).
    margin
        The stability margin used when no ``k`` reaches the floor.
    floor
        The stability floor (None: ``STABILITY_FLOOR``).

    Returns
    -------
    int
        The chosen ``k``.
    """
    floor = STABILITY_FLOOR if floor is None else floor
    spread = _eligible(candidates, margin, floor)
    best = max(c.coherence * c.stability for c in spread)
    ties = [c for c in spread if c.coherence * c.stability >= best * (1 - PRODUCT_TIE)]
    return max(ties, key=lambda c: (round(c.stability, 6), c.k)).k


def k_reasons(
    candidates: Sequence[Candidate], k: int, *, margin: float, floor: float | None = None
) -> list[str]:
    """Why each candidate was chosen or passed over (``k_selection.csv``'s ``why``).

    Parameters
    ----------
    candidates
        The candidates scored.
    k
        The chosen ``k``.
    margin, floor
        As for :func:`choose_k`.

    Returns
    -------
    list of str
        One per candidate: ``chosen``, ``unstable``, ``largest theme over half``, or
        ``lower coherence x stability``.
    """
    floor = STABILITY_FLOOR if floor is None else floor
    eligible = {c.k for c in _eligible(candidates, margin, floor)}
    out = []
    for c in candidates:
        if c.k == k:
            out.append("chosen: best coherence x stability")
        elif c.k in eligible:
            out.append("lower coherence x stability")
        elif c.largest_share > LARGEST_SHARE and c.stability >= floor:
            out.append("largest theme over half")
        else:
            out.append("unstable")
    return out


def k_candidates(n_units: int, n_terms: int, *, k_min: int, k_max: int) -> list[int]:
    """The ``k`` values worth trying: at least five units and ten terms per theme.

    Parameters
    ----------
    n_units, n_terms
        The size of the searched matrix.
    k_min, k_max
        The range allowed.

    Returns
    -------
    list of int
        From ``k_min`` up (``[k_min]`` at least).
    """
    upper = min(k_max, n_units // 5, n_terms // 10)
    return list(range(k_min, max(upper, k_min) + 1))


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
    """Evaluate ``ks`` in increasing order, two at a time on two processes (each fit of the
    two a task of its own, so that an odd last ``k`` still uses both; all at once when there
    are no more than ``patience``, as in the window after an edit), and stop once
    ``patience`` candidates in a row have fallen below the stability ``floor`` (without a
    floor, or while no candidate reaches it: more than ``margin`` below the most stable).

    The workers inherit the samples when they are forked (a module variable set for the
    search and cleared after it): a task sends only its ``(k, r)``, where pickling the samples
    with each of them cost about 35 ms of CPU per task at 10,000 units.

    Parameters
    ----------
    samples
        The search's data (:func:`make_samples`).
    ks
        The candidates, increasing.
    top_n
        The top terms scored per theme.
    random_state
        The seed of every fit.
    margin
        The stability margin of the stopping rule (and of :func:`choose_k`).
    patience
        How many candidates in a row below the limit stop the search.
    workers
        Processes (forked; 1 or no ``fork``: this process alone).
    progress
        Called with each candidate as it is scored.
    floor
        The stability floor (None: the margin rule only).

    Returns
    -------
    list of Candidate
        The candidates evaluated, in the order of ``ks``.
    """
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    global _FORKED  # noqa: PLW0603 - read by the forked workers, cleared below
    evaluate = partial(evaluate_k, samples, top_n=top_n, random_state=random_state)
    fits_per_k = len(samples.rows) + 1
    parallel = workers > 1 and len(ks) > 2 and "fork" in multiprocessing.get_all_start_methods()
    pool = None
    if parallel:  # the workers inherit the samples when forked: only (k, r) cross per task
        _FORKED = (samples, top_n, random_state)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork")
        )
    # a window no longer than the patience (the k's around the last run's) cannot stop early:
    # all of it is one batch, so that no worker waits for the other between two batches
    step = (len(ks) if len(ks) <= patience else workers) if pool else 1
    out: list[Candidate] = []
    try:
        for start in range(0, len(ks), step):
            batch = ks[start : start + step]
            if pool:  # every fit of the batch is a task: an odd last k still uses both
                tasks = [(k, r) for k in batch for r in range(-1, fits_per_k - 1)]
                fits = list(pool.map(_forked_part, tasks))
                results = [candidate(k, fits[i * fits_per_k : (i + 1) * fits_per_k])
                           for i, k in enumerate(batch)]  # fmt: skip
            else:
                results = [evaluate(batch[0])]
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
        _FORKED = None
    return out


# The search's data while a search runs on forked workers (set before they fork, so that each
# task sends only its (k, r), not megabytes of samples).
_FORKED: tuple[Samples, int, int] | None = None


def _forked_part(task: tuple[int, int]) -> tuple[tuple[np.ndarray, ...], float, float]:
    """:func:`fit_part` in a forked worker, on the samples it inherited (``_FORKED``)."""
    samples, top_n, random_state = _FORKED
    return fit_part(samples, task, top_n=top_n, random_state=random_state)
