"""The rule that chooses k, and the search that scores the candidates."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.themes.select_k import Candidate, choose_k, k_reasons, make_samples, search_k


def _cand(k, coherence, stability, largest=0.3):
    return Candidate(k, coherence, stability, (), largest)


def test_choose_k_takes_the_best_coherence_times_stability_above_the_floor():
    cands = [
        _cand(2, 0.10, 0.90),
        _cand(3, 0.15, 0.88),
        _cand(4, 0.20, 0.85),
        _cand(5, 0.30, 0.55),
    ]
    assert choose_k(cands, margin=0.1, floor=0.6) == 4  # k=5 is more coherent but unstable
    assert k_reasons(cands, 4, margin=0.1, floor=0.6) == [
        "lower coherence x stability", "lower coherence x stability",
        "chosen: best coherence x stability", "unstable",
    ]  # fmt: skip


def test_choose_k_favours_neither_the_smallest_nor_the_largest_stable_k():
    # coherence rises to the cap (k=9): the most coherent stable k would be 9, the most stable
    # 2; the product peaks at k=6 (0.24 x 0.80 = 0.192 against 0.26 x 0.62 = 0.161 at k=9)
    cands = [
        _cand(2, 0.12, 0.90), _cand(3, 0.14, 0.85), _cand(4, 0.18, 0.80),
        _cand(5, 0.20, 0.78), _cand(6, 0.24, 0.80), _cand(7, 0.245, 0.70),
        _cand(8, 0.25, 0.65), _cand(9, 0.26, 0.62),
    ]  # fmt: skip
    assert choose_k(cands, margin=0.1, floor=0.6) == 6
    # nothing reaches the floor: the k within the margin of the most stable compete
    assert choose_k(cands, margin=0.1, floor=2.0) == 6
    assert choose_k(cands, margin=0.05, floor=2.0) == 3


def test_choose_k_passes_over_a_k_whose_largest_theme_holds_most_of_the_corpus():
    cands = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.80, largest=0.45)]
    assert choose_k(cands, margin=0.1, floor=0.6) == 3
    assert k_reasons(cands, 3, margin=0.1, floor=0.6)[0] == "largest theme over half"
    only = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.40, largest=0.45)]
    assert choose_k(only, margin=0.1, floor=0.6) == 2  # the only stable k


def test_choose_k_takes_the_most_stable_among_product_ties():
    # products 0.240, 0.2432, 0.2385: equal within PRODUCT_TIE; k=3 is the most stable
    cands = [_cand(3, 0.300, 0.80), _cand(4, 0.320, 0.76), _cand(5, 0.318, 0.75)]
    assert choose_k(cands, margin=0.1) == 3


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


def test_the_search_leaves_no_samples_behind_for_the_next_fork():
    from analysis.themes import select_k

    rng = np.random.default_rng(1)
    counts = sp.csr_matrix(rng.poisson(0.6, size=(50, 40)).astype(np.float64))
    X = counts.multiply(1 / np.maximum(counts.sum(axis=1), 1)).tocsr().astype(np.float32)
    samples = make_samples(X, (counts > 0).astype(np.float64).tocsc(), runs=1, fraction=0.8,
                           k_max=4, random_state=1)  # fmt: skip
    search_k(samples, [2, 3, 4], top_n=5, random_state=1, margin=0.1, workers=2, floor=0.0)
    assert select_k._FORKED is None


def test_a_window_no_longer_than_the_patience_is_one_batch_with_the_same_candidates():
    """After an edit the search tries a window of three k around the last one: all of them
    in one batch on two processes, the candidates those of one process."""
    rng = np.random.default_rng(2)
    counts = sp.csr_matrix(rng.poisson(0.6, size=(60, 40)).astype(np.float64))
    X = counts.multiply(1 / np.maximum(counts.sum(axis=1), 1)).tocsr().astype(np.float32)
    B = (counts > 0).astype(np.float64).tocsc()
    samples = make_samples(X, B, runs=2, fraction=0.8, k_max=5, random_state=42)
    ks = [3, 4, 5]
    seen = []
    one = search_k(samples, ks, top_n=5, random_state=42, margin=0.1, workers=1, floor=0.9)
    two = search_k(samples, ks, top_n=5, random_state=42, margin=0.1, workers=2, floor=0.9,
                   progress=seen.append)  # fmt: skip
    assert [c.k for c in two] == ks == [c.k for c in seen]
    assert [(c.k, c.coherence, c.stability) for c in one] == [
        (c.k, c.coherence, c.stability) for c in two
    ]
