"""The rule that chooses k, and the search that scores the candidates."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.themes.select_k import Candidate, choose_k, make_samples, search_k


def _cand(k, coherence, stability, largest=0.3):
    return Candidate(k, coherence, stability, (), largest)


def test_choose_k_takes_the_most_coherent_k_above_the_stability_floor():
    cands = [
        _cand(2, 0.10, 0.90),
        _cand(3, 0.15, 0.88),
        _cand(4, 0.20, 0.85),
        _cand(5, 0.30, 0.55),
    ]
    assert choose_k(cands, margin=0.1, floor=0.6) == 4  # k=5 is more coherent but unstable


def test_choose_k_does_not_favour_the_smallest_stable_k():
    # the old rule (within 0.1 of the most stable) stopped at k=3; k=6 is stable and coherent
    cands = [
        _cand(2, 0.12, 0.87), _cand(3, 0.14, 0.85), _cand(4, 0.18, 0.68),
        _cand(5, 0.20, 0.67), _cand(6, 0.24, 0.75), _cand(7, 0.25, 0.55),
    ]  # fmt: skip
    assert choose_k(cands, margin=0.1, floor=0.6) == 6
    assert choose_k(cands, margin=0.1, floor=2.0) == 3  # nothing reaches the floor: old rule


def test_choose_k_passes_over_a_k_whose_largest_theme_holds_most_of_the_corpus():
    cands = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.80, largest=0.45)]
    assert choose_k(cands, margin=0.1, floor=0.6) == 3
    only = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.40, largest=0.45)]
    assert choose_k(only, margin=0.1, floor=0.6) == 2  # the only stable k


def test_choose_k_prefers_detail_among_coherence_ties():
    cands = [_cand(3, 0.300, 0.8), _cand(4, 0.305, 0.8), _cand(5, 0.295, 0.8)]
    assert choose_k(cands, margin=0.1) == 5


def test_the_search_gives_the_same_candidates_on_two_processes_as_on_one():
    rng = np.random.default_rng(0)
    counts = sp.csr_matrix(rng.poisson(0.6, size=(60, 40)).astype(np.float64))
    X = counts.multiply(1 / np.maximum(counts.sum(axis=1), 1)).tocsr().astype(np.float32)
    B = (counts > 0).astype(np.float64).tocsc()
    samples = make_samples(X, B, runs=2, fraction=0.8, k_max=5, random_state=42)
    ks = [2, 3, 4, 5]
    one = search_k(samples, ks, top_n=5, random_state=42, margin=0.1, workers=1, floor=0.0)
    two = search_k(samples, ks, top_n=5, random_state=42, margin=0.1, workers=2, floor=0.0)
    assert [(c.k, c.coherence, c.stability, c.largest_share) for c in one] == [
        (c.k, c.coherence, c.stability, c.largest_share) for c in two
    ]
