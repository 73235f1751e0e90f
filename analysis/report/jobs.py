"""The report's figures as jobs: drawn once, kept in the cache by their data, on a forked pool."""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from .canvas import short
from .clouds import CLOUD_WORDS, wordcloud_png
from .processes import Prefetching, _charts_ready, _drawing_context, stop_drawing_server

_PENDING: list = []  # the jobs a forked pool draws (inherited by the workers, not pickled)
# (cache, per pending job None or (its key, its claim)): the jobs a prefetching process draws
# too, skipped by the pool when that process has started them (claimed) or stored them
_SKIP: tuple = (None, [])


def _claim(claims, i: int) -> bool:
    """Take job ``i`` of a prefetching process's ``claims`` (a shared array): True for the one
    process that takes it first, so that a job is never drawn twice."""
    with claims.get_lock():
        if claims[i]:
            return False
        claims[i] = 1
        return True


def _run_pending(i: int) -> dict[str, bytes] | None:
    cache, keys = _SKIP
    key, claim = keys[i] if keys and keys[i] is not None else (None, None)
    if key is not None and (
        (claim is not None and not _claim(*claim)) or cache.has("figures", key)
    ):
        return None  # drawn (or being drawn) by the prefetching process: the run loads it
    name, fn, args, kwargs = _PENDING[i]
    out = fn(*args, **kwargs)
    out = out if isinstance(out, dict) else {name: out}
    if key is not None:  # stored at once (the prefetching process skips what is stored)
        _save(cache, key, out)
    return out


def job_key(name: str, fn, args: tuple, kwargs: dict, common: str) -> str:
    """The digest of one figure: its name, its drawing function, the plain data it is drawn
    from (by content, :func:`canonical`) and ``common`` (code, libraries).

    Parameters
    ----------
    name : str
        The figure's file name.
    fn : callable
        The module-level drawing function.
    args, kwargs : tuple, dict
        Its plain data.
    common : str
        What every figure shares (code, libraries).

    Returns
    -------
    str
        The cache key.
    """
    from ..run.cache import digest  # noqa: PLC0415

    # repr, not pickle: pickle writes a string seen twice as a back-reference, so equal data
    # built differently gave different bytes
    data = repr(canonical((args, sorted(kwargs.items())))).encode("utf-8")
    return digest("figure", common, name, f"{fn.__module__}.{fn.__qualname__}", data)


def canonical(obj):
    """``obj`` by its content alone, for a cache key: a frame pickles differently when it was
    computed and when it was read back from the cache (block layout, string storage), so the
    first re-run drew the echo charts and the k chart again. Frames and series become their
    columns, dtypes and a hash of every row (pandas' ``hash_pandas_object``), arrays their
    dtype, shape and bytes, dataclasses their fields, sets their sorted items, NumPy scalars
    Python ones; the rest is kept as it is (plain values whose ``repr`` is their content).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"k": [2, 3], "s": ["x", "y"]})
    >>> b = pd.concat([a[["k"]], a[["s"]]], axis=1)  # the same table, other blocks
    >>> canonical(a) == canonical(b)
    True
    """
    import dataclasses  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    if isinstance(obj, pd.DataFrame | pd.Series):
        frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
        rows = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
        return (
            type(obj).__name__,
            tuple(map(str, frame.columns)),
            tuple(map(str, frame.dtypes)),
            rows,
        )
    if isinstance(obj, np.ndarray):
        return (
            "ndarray",
            str(obj.dtype),
            obj.shape,
            obj.tolist() if obj.dtype == object else obj.tobytes(),
        )
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (
            type(obj).__qualname__,
            tuple((f.name, canonical(getattr(obj, f.name))) for f in dataclasses.fields(obj)),
        )
    if isinstance(obj, tuple | list):
        return (type(obj).__name__, tuple(canonical(x) for x in obj))
    if isinstance(obj, dict):
        return ("dict", tuple((k, canonical(v)) for k, v in obj.items()))
    if isinstance(obj, set | frozenset):
        return ("set", tuple(sorted((canonical(x) for x in obj), key=repr)))
    if isinstance(obj, float | np.floating):
        return float(obj)  # numpy's repr of a float64 is not Python's
    if isinstance(obj, np.integer | np.bool_):
        return obj.item()
    return obj


CLOUD_WORD_CHARS = 24  # longer words are cut: one could not fit the canvas at any size


def cloud_items(frequencies: Mapping[str, float], max_words: int) -> list[tuple[str, float]]:
    """What a word cloud of ``frequencies`` draws: its ``max_words`` heaviest words (ties by
    word), each weight to two significant digits, sorted by word.

    A cloud cannot show finer differences (font sizes are whole pixels, tried in steps of
    two), and so the words it does not draw and the third digit no longer count in its cache
    key: after a stopword edit 9 of the Government Work Reports' 12 article clouds are the
    same data (none at six decimals), and are not drawn again.

    Examples
    --------
    >>> cloud_items({"改革": 0.123456, "发展": 2.0, "的": 0.0, "创新": 0.0049}, 2)
    [('发展', 2.0), ('改革', 0.12)]
    """
    heavy = sorted(((str(w), float(f)) for w, f in frequencies.items() if f > 0),
                   key=lambda x: (-x[1], x[0]))[:max_words]  # fmt: skip
    shown: dict[str, float] = {}  # a word too long to draw is cut (canvas.short), once
    for w, f in heavy:
        shown.setdefault(short(w, CLOUD_WORD_CHARS), f)
    return sorted((w, float(f"{f:.2g}")) for w, f in shown.items())


class FigureJobs:
    """The report's figures as jobs: each is a module-level drawing function and the plain
    data it draws (file name -> PNG bytes, or a function returning several as a dict).

    ``run`` takes every figure whose data were drawn before from ``cache`` (stage
    ``figures``, one entry per figure) and draws only the others, on ``workers`` forked
    processes when there are two or more: a stopword edit redraws only the figures whose
    data changed. Every figure is drawn from its own data with a fixed random state, so the
    bytes do not depend on the process that drew it.
    """

    def __init__(self, common: str = ""):
        self.common = common
        self.jobs: list[tuple[str, object, tuple, dict]] = []

    def add(self, name: str, fn, *args, **kwargs) -> None:
        self.jobs.append((name, fn, args, kwargs))

    def submit(self, name: str, frequencies: Mapping[str, float], kwargs: dict) -> None:
        """A word cloud of ``frequencies`` drawn by :func:`~analysis.report.clouds.wordcloud_png`
        with ``kwargs``: the words it can show (:func:`cloud_items`) are its data."""
        items = cloud_items(frequencies, kwargs.get("max_words", CLOUD_WORDS))
        kwargs = dict(sorted(kwargs.items()))
        if kwargs.get("color_of"):
            kept = {w for w, _ in items}
            kwargs["color_of"] = {w: c for w, c in sorted(kwargs["color_of"].items()) if w in kept}
        self.add(name, _cloud_from_items, items, kwargs)

    def missing(self, cache) -> list[tuple[str, object, tuple, dict]]:
        """The jobs whose figures ``cache`` does not hold yet."""
        return [
            job for job in self.jobs if not cache.has("figures", job_key(*job, common=self.common))
        ]

    def prefetch(self, cache):
        """Start drawing the jobs ``cache`` does not hold on one process (from the fork server
        of :func:`_drawing_context`) that stores each figure in ``cache`` as it is drawn, so
        that a later :meth:`run` finds them there. The process is started on a thread: the fork
        server's first start waits for its imports (about a second), and this one goes on.

        Returns
        -------
        Prefetching or None
            ``join()`` it before that :meth:`run`, or pass it as the run's ``elsewhere``
            (its ``keys``: the figures it draws); None when there is nothing to draw or no
            cache. A figure the process failed to draw (or never started) is drawn by the run.
        """
        if cache is None or cache.root is None:
            return None
        todo = self.missing(cache)
        if not todo:
            return None
        ctx = _drawing_context()
        order = todo[::-1]
        claims = ctx.Array("b", len(order))  # 1: a process has started drawing the job
        proc = Prefetching(
            ctx.Process(target=_prefetch, args=(order, cache, self.common, claims), daemon=True)
        )
        # what it draws (last first): a run started meanwhile draws those last, and only
        # those the process has not claimed yet (they meet in the middle, each job drawn once)
        proc.slots = {job_key(*job, common=self.common): i for i, job in enumerate(order)}
        proc.keys = frozenset(proc.slots)
        proc.claims = claims
        return proc

    def run(
        self, cache=None, workers: int = 2, meanwhile=None, on_ready=None, elsewhere=()
    ) -> dict[str, bytes]:
        """Every figure by file name; ``meanwhile`` (no arguments) is called while the pool
        draws, so that this process's own work (the tables' CSV) overlaps the drawing. When
        some figures are to be drawn, ``on_ready`` (a dict of file name -> PNG) gets those
        from the cache first, then each drawn one as it comes (from a pool thread: the PDF's
        typesetter embeds them meanwhile); when none is, it is never called. ``elsewhere``:
        :meth:`prefetch` processes that may still be drawing; their figures are drawn last
        here, each only if its process has not stored it by then, and they are joined."""
        out: dict[str, bytes] = {}
        todo = []
        for job in self.jobs:
            key = job_key(*job, common=self.common)
            drawn = _load(cache, key)
            if drawn is None:
                todo.append((key, job))
            else:
                out.update(drawn)
        pending = frozenset().union(*(getattr(p, "keys", ()) for p in elsewhere))
        pending = pending if cache is not None else frozenset()
        todo = [t for t in todo if t[0] not in pending] + [t for t in todo if t[0] in pending]
        if todo and on_ready is not None and out:
            on_ready(dict(out))
        claims = {k: (p.claims, i) for p in elsewhere for k, i in getattr(p, "slots", {}).items()}
        skip = (
            (cache, [(k, claims.get(k)) if k in pending else None for k, _ in todo])
            if pending
            else (None, [])
        )
        if all(p.exitcode is not None for p in elsewhere):
            stop_drawing_server()  # the prefetching processes are done: free its memory now
        drawn_all = _draw_all(
            [j for _, j in todo], workers, meanwhile or (lambda: None), on_ready, skip
        )
        for proc in elsewhere:
            proc.join()
        stop_drawing_server()
        for (key, job), drawn in zip(todo, drawn_all, strict=True):
            if drawn is None:  # the prefetching process stored it
                drawn = _load(cache, key)
                if drawn is not None:
                    out.update(drawn)
                    if on_ready is not None:
                        on_ready(drawn)
                    continue
                drawn = _draw_all([job], 1, lambda: None, on_ready)[0]
                _save(cache, key, drawn)
            out.update(drawn)
            if key not in pending:  # (those were stored as they were drawn)
                _save(cache, key, drawn)
        return dict(sorted(out.items()))


def _load(cache, key: str) -> dict[str, bytes] | None:
    """The figures stored under ``key``, or None."""
    from ..run.cache import str_list  # noqa: PLC0415

    arrays = cache.load("figures", key) if cache is not None else None
    if arrays is None or "names" not in arrays:
        return None
    names = str_list(arrays["names"])
    if not all(f"png_{i}" in arrays for i in range(len(names))):
        return None
    return {n: arrays[f"png_{i}"].tobytes() for i, n in enumerate(names)}


def _save(cache, key: str, drawn: dict[str, bytes]) -> None:
    from ..run.cache import bytes_array, str_array  # noqa: PLC0415

    if cache is not None:
        arrays = {"names": str_array(drawn)}
        arrays.update({f"png_{i}": bytes_array(p) for i, p in enumerate(drawn.values())})
        cache.save("figures", key, arrays)


def _prefetch(jobs: list, cache, common: str, claims=None) -> None:
    """Draw ``jobs`` into ``cache`` in order, each unless a run has claimed (``claims``, a
    shared array) or stored it meanwhile."""
    for i, job in enumerate(jobs):
        if claims is not None and not _claim(claims, i):
            continue
        key = job_key(*job, common=common)
        if not cache.has("figures", key):
            _save(cache, key, _draw_all([job], 1, lambda: None)[0])


def _cloud_from_items(items: list[tuple[str, float]], kwargs: dict) -> bytes:
    return wordcloud_png(dict(items), **kwargs)


def _ready(on_ready, future) -> None:
    """A pool future's figures to ``on_ready`` (unless it failed or was skipped)."""
    if future.exception() is None and future.result() is not None:
        on_ready(future.result())


def _draw_all(jobs: list, workers: int, meanwhile, on_ready=None, skip=(None, [])) -> list:
    """Each job's figures, in the jobs' order; on a forked pool when there are 2+ jobs, with
    ``meanwhile()`` called once the pool has its work (else before drawing); ``on_ready``
    gets each job's figures as soon as they are drawn. ``skip`` (see ``_SKIP``): None for a
    job another process has stored meanwhile; those jobs go last."""
    global _PENDING, _SKIP  # noqa: PLW0603
    if not jobs:
        meanwhile()
        return []
    if any(fn is not _cloud_from_items for _, fn, _, _ in jobs):
        _charts_ready()  # before the fork: every worker has pyplot, the font and the settings
    if workers < 2 or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        meanwhile()
        _PENDING, _SKIP = list(jobs), skip
        try:
            out = []
            for i in range(len(jobs)):
                out.append(_run_pending(i))
                if on_ready is not None and out[-1] is not None:
                    on_ready(out[-1])
            return out
        finally:
            _PENDING, _SKIP = [], (None, [])
    # the slowest first (word clouds, heatmaps), so that both workers end together
    later = skip[1] or [None] * len(jobs)
    order = sorted(range(len(jobs)), key=lambda i: (later[i] is not None, jobs[i][1] is not _cloud_from_items, i))  # fmt: skip
    _PENDING, _SKIP = list(jobs), skip
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
            futures = {i: pool.submit(_run_pending, i) for i in order}
            if on_ready is not None:
                for f in futures.values():
                    f.add_done_callback(partial(_ready, on_ready))
            meanwhile()
            return [futures[i].result() for i in range(len(jobs))]
    finally:
        _PENDING, _SKIP = [], (None, [])
