"""The NMF starts: the lexicon-guided start."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.themes.nmf import guided_start, one_blas_thread, single_blas


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
    import scipy.linalg  # noqa: F401  (loads SciPy's BLAS beside NumPy's)

    before = _blas_threads()
    with one_blas_thread():
        assert set(_blas_threads()) <= {1}
    assert _blas_threads() == before


def test_a_single_blas_function_runs_on_one_thread_whatever_the_caller_set():
    from threadpoolctl import threadpool_limits

    seen = []
    with threadpool_limits(limits=2, user_api="blas"):
        single_blas(lambda: seen.extend(_blas_threads()))()
        after = _blas_threads()
    assert seen and set(seen) == {1}
    assert set(after) <= {2} and after  # the caller's setting again
