"""The NMF starts: the lexicon-guided start."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.themes.nmf import guided_start


def test_guided_start_puts_the_seed_words_first():
    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.random((30, 9)))
    W0, H0 = rng.random((30, 4)) + 0.01, rng.random((4, 9)) + 0.01
    seeds = (np.array([0, 1, 2]), np.array([3, 4, 5]))
    W, H = guided_start(X, W0, H0, seeds)
    assert (W > 0).all() and (H > 0).all()
    assert set(np.argsort(-H[2])[:3]) == {0, 1, 2} and set(np.argsort(-H[3])[:3]) == {3, 4, 5}
    assert np.allclose(H[:2], H0[:2])  # a quarter of the rows (here two) stay the data's own
