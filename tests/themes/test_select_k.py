"""The rule that chooses k."""

from __future__ import annotations

from analysis.themes.select_k import Candidate, choose_k


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
