"""The measures behind the choice of k: average Jaccard, matched agreement, NPMI."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from analysis.themes.measures import agreement, average_jaccard, npmi_coherence


def test_average_jaccard_by_hand():
    # prefixes: {a}/{a} = 1; {a,b}/{a,c} = 1/3; {a,b,c}/{a,c,b} = 1  -> (1 + 1/3 + 1) / 3
    assert math.isclose(average_jaccard([1, 2, 3], [1, 3, 2]), (1 + 1 / 3 + 1) / 3)
    assert average_jaccard([1, 2], [3, 4]) == 0.0


def test_agreement_matches_themes_one_to_one():
    ref = [np.array([1, 2, 3]), np.array([4, 5, 6])]
    other = [np.array([4, 5, 6]), np.array([1, 2, 7])]
    scores = agreement(ref, other)
    assert math.isclose(scores[1], 1.0)
    assert math.isclose(scores[0], average_jaccard([1, 2, 3], [1, 2, 7]))


def test_npmi_by_hand():
    # Terms 0 and 1 always together (NPMI 1), term 2 never with them (NPMI -1).
    B = sp.csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=float))
    assert npmi_coherence(B, [np.array([0, 1])])[0] == pytest.approx(1.0)
    assert npmi_coherence(B, [np.array([0, 2])])[0] == pytest.approx(-1.0)
    # Partial overlap: p(a)=0.5, p(c)=0.75, p(a,c)=0.25 -> log(0.25/0.375)/-log(0.25)
    B2 = sp.csc_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 1]], dtype=float))
    expected = math.log(0.25 / (0.5 * 0.75)) / -math.log(0.25)
    assert npmi_coherence(B2, [np.array([0, 1])])[0] == pytest.approx(expected)
