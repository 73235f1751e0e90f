"""The theme matching of the changes table: the shortcut gives scipy's assignment."""

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from analysis.report.runlog import _assignment, match_themes


@pytest.mark.parametrize("shape", [(6, 6), (4, 7), (7, 4), (1, 3)])
@pytest.mark.parametrize("seed", range(20))
def test_assignment_is_scipys_optimum(shape, seed):
    rng = np.random.default_rng(seed)
    sim = rng.random(shape)
    if seed % 2:  # a barely changed run: a clear best match per theme (the shortcut's case)
        n = min(shape)
        small, large = rng.permutation(shape[0])[:n], rng.permutation(shape[1])[:n]
        sim[small, large] += 2
    rows, cols = _assignment(sim)
    ref_rows, ref_cols = linear_sum_assignment(-sim)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == sorted(
        zip(ref_rows.tolist(), ref_cols.tolist(), strict=True)
    )


def test_ties_go_to_scipy():
    sim = np.array([[0.5, 0.5], [0.5, 0.2]])  # row 0 has no strict best
    rows, cols = _assignment(sim)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(0, 1), (1, 0)]


def test_unchanged_themes_pair_with_themselves():
    themes = [{"top_terms": [f"t{i}", f"u{i}"]} for i in range(5)]
    assert match_themes(themes, themes) == [(j, j) for j in range(5)]
    assert match_themes(themes, themes[::-1]) == [(4 - j, j) for j in range(5)]
