"""Non-negative matrix factorisation: the NNDSVDa start (shared by every ``k``), the lexicon's
guided start, the fit itself, and each theme's top terms."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    from ..wordlists import ThemeEntry

F = TypeVar("F", bound=Callable)


@contextmanager
def one_blas_thread():
    """BLAS (OpenBLAS, MKL) on one thread inside the block, as before it after.

    The theme fits use both cores as processes already (the k search's workers, the figures
    drawn meanwhile); a BLAS thread pool on top of them spins for cores that are busy: a
    randomized SVD of the Government Work Reports' units took 1.27 s of CPU on two BLAS
    threads on a loaded machine against 0.065 s on one. Forked workers inherit the limit; a
    BLAS library loaded inside the block would not be limited, so SciPy's is loaded first.
    The SVD's last bits depend on the number of BLAS threads, so one thread also makes the
    themes the same on a machine with more cores.
    """
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415 - scikit-learn's dependency
    except ImportError:  # pragma: no cover - installed with scikit-learn
        yield
        return
    # SciPy's own OpenBLAS (the SVD's LU and QR) is limited only once it is loaded
    import scipy.linalg  # noqa: F401, PLC0415

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def single_blas(fn: F) -> F:
    """``fn`` run inside :func:`one_blas_thread`."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def svd(X, n_components: int, *, random_state: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truncated SVD of ``X`` (scikit-learn's randomized SVD), shared by every ``k``.

    Parameters
    ----------
    X
        The weighted units x terms matrix.
    n_components
        How many singular vectors to keep (the largest ``k`` that will be tried).
    random_state
        The seed of the randomized SVD.

    Returns
    -------
    (U, S, Vt)
        As :func:`sklearn.utils.extmath.randomized_svd` returns them.
    """
    from sklearn.utils.extmath import randomized_svd  # noqa: PLC0415

    return randomized_svd(X, n_components, random_state=random_state)


def nndsvda(
    X, svd_parts: tuple[np.ndarray, np.ndarray, np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD initialisation with zeros filled by the data mean (Boutsidis & Gallopoulos 2008).

    scikit-learn's ``init="nndsvda"`` computes the same thing, but recomputes the SVD for every
    ``k``; the k search tries many ``k`` on the same samples, so the SVD is computed once per
    sample (:func:`svd`) and cut to ``k`` here.

    Parameters
    ----------
    X
        The matrix to factorise.
    svd_parts
        Its SVD (:func:`svd`) with at least ``k`` components.
    k
        The number of themes.

    Returns
    -------
    (W, H)
        The start: ``X.shape[0] x k`` and ``k x X.shape[1]``, no zeros.
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


def guided_start(
    X, W: np.ndarray, H: np.ndarray, seeds: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Seed an NMF start with the lexicon's themes (as BERTopic's ``seed_topic_list``).

    ``seeds`` are the columns of each lexicon theme's seed words, the themes that occur most in
    the corpus first. The last rows of ``H`` (the weakest NNDSVD components) become those
    themes: their seed words' columns get the largest weight of the start, the rest of the row
    is halved. At least a quarter of the ``k`` rows (one at least) stay as the data made them,
    so the corpus can still add themes of its own. ``W`` is refitted to the new ``H`` (least
    squares, clipped at the start's floor).

    Parameters
    ----------
    X
        The matrix to factorise.
    W, H
        The NNDSVDa start (:func:`nndsvda`).
    seeds
        The columns of each lexicon theme's seed words (:func:`seed_columns`).

    Returns
    -------
    (W, H)
        The guided start (unchanged when no row can be given to the lexicon).
    """
    k = H.shape[0]
    n = min(len(seeds), k - max(1, k // 4))
    if n <= 0:
        return W, H
    H = H.copy()
    top = float(H.max())
    floor = float(H.min())
    for j, cols in enumerate(seeds[:n]):
        row = k - n + j
        H[row] *= 0.5
        H[row, cols] = top
    gram = H @ H.T
    W = np.asarray(X @ H.T) @ np.linalg.pinv(gram)
    W = np.maximum(W, floor)
    return W, H


def seed_columns(lexicon: Sequence[ThemeEntry], terms: Sequence[str], X) -> tuple[np.ndarray, ...]:
    """The columns of each lexicon theme's seed words in ``terms``, for :func:`guided_start`:
    the themes whose seed words carry the most weight in ``X`` first; themes absent from the
    corpus are left out.

    Parameters
    ----------
    lexicon
        The theme lexicon (``themes.toml``).
    terms
        The terms of the columns of ``X``.
    X
        The weighted units x terms matrix.

    Returns
    -------
    tuple of ndarray
        The sorted columns of each theme found in ``terms``.
    """
    col = {t: i for i, t in enumerate(terms)}
    colsum = np.asarray(X.sum(axis=0)).ravel()
    found = []
    for e, entry in enumerate(lexicon):
        cols = np.array(sorted({col[w] for w in entry.words if w in col}), dtype=np.int64)
        if len(cols):
            found.append((-float(colsum[cols].sum()), e, cols))
    return tuple(cols for _, _, cols in sorted(found, key=lambda x: (x[0], x[1])))


def fit_nmf(
    X,
    k: int,
    *,
    random_state: int,
    max_iter: int = 400,
    tol: float = 1e-4,
    init=None,
    n_init: int = 1,
    seeds: Sequence[np.ndarray] = (),
):
    """Fit NMF (coordinate descent).

    The first fit starts from NNDSVDa (``init`` is a precomputed SVD, else scikit-learn
    computes it), seeded with the lexicon's themes when ``seeds`` are given
    (:func:`guided_start`); with ``n_init`` > 1, that many more fits start from random matrices and the
    one with the lowest reconstruction error wins. On small corpora NMF has many local optima
    and the NNDSVD start alone depends on the SVD's random rotation; the best of several
    starts is the same whatever ``random_state`` is.

    Parameters
    ----------
    X
        The matrix to factorise.
    k
        The number of themes.
    random_state
        The seed of the first start (start ``i`` uses ``random_state + i``).
    max_iter, tol
        scikit-learn's ``NMF`` stopping rules.
    init
        A precomputed SVD of ``X`` (:func:`svd`), or None.
    n_init
        The number of starts.
    seeds
        Guided themes: the seed-word columns (:func:`seed_columns`).

    Returns
    -------
    (model, W)
        The fitted ``sklearn.decomposition.NMF`` and ``X``'s weights.
    """
    from sklearn.decomposition import NMF  # noqa: PLC0415
    from sklearn.exceptions import ConvergenceWarning  # noqa: PLC0415

    best = None
    for attempt in range(max(n_init, 1)):
        start = (
            "custom"
            if attempt == 0 and (init is not None or len(seeds))
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
                parts = init if init is not None else svd(X, k, random_state=random_state)
                W0, H0 = nndsvda(X, parts, k)
                if len(seeds):
                    W0, H0 = guided_start(X, W0, H0, seeds)
                W = model.fit_transform(X, W=W0.astype(X.dtype), H=H0.astype(X.dtype))
            else:
                W = model.fit_transform(X)
        if best is None or model.reconstruction_err_ < best[0].reconstruction_err_ - 1e-9:
            best = (model, W)
    return best


def n_starts(n_units: int, *, budget: int) -> int:
    """How many NMF starts a corpus can afford: many for a few dozen paragraphs (where local
    optima abound and fits take milliseconds), one for tens of thousands.

    Parameters
    ----------
    n_units
        The number of rows fitted.
    budget
        Units times starts that a fit may spend.

    Returns
    -------
    int
        Between 1 and 20.
    """
    return int(min(20, max(1, round(budget / max(n_units, 1)))))


def top_indices(H: np.ndarray, n: int) -> list[np.ndarray]:
    """Indices of each row's ``n`` largest weights (ties broken by column, i.e. by term).

    Parameters
    ----------
    H
        Themes x terms weights.
    n
        How many indices per row (fewer when a row has fewer positive weights).

    Returns
    -------
    list of ndarray
        One array per row, the largest weight first.
    """
    out = []
    for row in H:
        order = np.lexsort((np.arange(len(row)), -row))
        out.append(order[: min(n, int((row > 0).sum()))])
    return out
