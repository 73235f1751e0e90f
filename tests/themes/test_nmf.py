"""The NMF starts: the lexicon-guided start."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.themes.nmf import guided_start, one_blas_thread, single_blas, svd


def test_guided_start_puts_the_seed_words_first():
    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.random((30, 9)))
    W0, H0 = rng.random((30, 4)) + 0.01, rng.random((4, 9)) + 0.01
    seeds = (np.array([0, 1, 2]), np.array([3, 4, 5]))
    W, H = guided_start(X, W0, H0, seeds)
    assert (W > 0).all() and (H > 0).all()
    assert set(np.argsort(-H[2])[:3]) == {0, 1, 2} and set(np.argsort(-H[3])[:3]) == {3, 4, 5}
    assert np.allclose(H[:2], H0[:2])  # a quarter of the rows (here two) stay the data's own


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


def test_one_blas_thread_limits_blas_inside_and_restores_it_after():
    import numpy  # noqa: F401  (loads numpy's BLAS)

    before = _blas_threads()
    with one_blas_thread():
        assert set(_blas_threads()) <= {1}
    assert _blas_threads() == before


def test_a_single_blas_function_gives_the_same_svd_as_the_default():
    rng = np.random.default_rng(1)
    X = sp.csr_matrix(rng.random((400, 120)) * (rng.random((400, 120)) < 0.1))
    plain = svd(X, 8, random_state=3)
    one = single_blas(svd)(X, 8, random_state=3)
    for a, b in zip(plain, one, strict=True):
        assert np.array_equal(a, b)
