"""A process pool on ``fork``: runs of similar size, mapped in order; one computation in the
background (:class:`Background`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence


def fork_available() -> bool:
    """Whether this platform can start processes with ``fork`` (workers inherit the caller's
    memory, so that nothing large is sent to them).

    Returns
    -------
    bool
        True on Linux and the other platforms with ``fork``.
    """
    import multiprocessing  # noqa: PLC0415

    return "fork" in multiprocessing.get_all_start_methods()


def size_runs(indices: Sequence[int], sizes: Sequence[int], target: float) -> list[list[int]]:
    """Split ``indices`` (in order) into runs that each reach ``target`` total ``sizes``.

    Parameters
    ----------
    indices : positions, in the order they are to be processed
    sizes : the size of each position's work (characters), as long as ``indices``
    target : a run ends as soon as its sizes add up to at least this much (the last may be less)

    Returns
    -------
    list of list of int
        The runs, in order; together they hold every index once.
    """
    out, run, size = [], [], 0
    for i, s in zip(indices, sizes, strict=True):
        run.append(i)
        size += s
        if size >= target:
            out.append(run)
            run, size = [], 0
    if run:
        out.append(run)
    return out


def fork_map(
    fn: Callable[[list[int]], list], runs: Sequence[list[int]], *, workers: int
) -> Iterator:
    """``fn(run)`` for every run on a pool of ``workers`` forked processes, yielded in order.

    ``fn`` reads what it works on from memory the workers inherit (a module-level dict set
    before the call), so only the runs and the results cross between processes.

    Parameters
    ----------
    fn : a module-level function (the workers look it up by name)
    runs : the arguments, one call each
    workers : the number of processes

    Returns
    -------
    Iterator
        Each run's result, in the order of ``runs``, as they come.
    """
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(fn, runs)


def map_in_runs(
    fn: Callable[[list[int]], list],
    items: Sequence[int],
    *,
    workers: int,
    pooled: bool,
    sizes: Sequence[int] | None = None,
) -> list:
    """``fn(items)``, computed in runs on a pool of forked processes when ``pooled`` (and there
    are two workers, two items and ``fork``), else here in one call: the same list either way.

    The runs are about a quarter of the work per worker (``sizes``, default 1 each), so that an
    uneven run does not leave a core idle. ``fn`` reads its data from a module-level dict set
    before the call (see :func:`fork_map`) and returns one result per item, in order.

    Parameters
    ----------
    fn : a module-level function of a list of items, returning one result per item
    items : the items (positions), in order
    workers : the number of processes
    pooled : whether the work is large enough for the pool to pay (the caller's threshold)
    sizes : the size of each item's work (default 1 each)

    Returns
    -------
    list
        The results of every item, in the order of ``items``.
    """
    items = list(items)
    if not (pooled and workers > 1 and len(items) > 1 and fork_available()):
        return fn(items)
    sizes = [1] * len(items) if sizes is None else list(sizes)
    runs = size_runs(items, sizes, max(sum(sizes) / (workers * 4), 1))
    return [r for run in fork_map(fn, runs, workers=workers) for r in run]


def _send_result(fn: Callable[[], object], conn) -> None:
    """In the forked process: ``fn()`` (or the exception it raised) sent back once."""
    try:
        conn.send((True, fn()))
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        conn.send((False, exc))
    finally:
        conn.close()


class Background:
    """``fn()`` computed on one forked process while the caller goes on; :meth:`result`
    waits for it. Here, at :meth:`result`, when ``forked`` is False, without ``fork``, or when
    the process died before answering: the same value either way.

    ``fn`` may be a closure: the process is forked, so nothing but the result is pickled.

    Parameters
    ----------
    fn : what to compute (no arguments)
    forked : whether the work is large enough for a process to pay (the caller's threshold)
    """

    def __init__(self, fn: Callable[[], object], *, forked: bool):
        self._fn, self._proc, self._conn = fn, None, None
        if forked and fork_available():
            import multiprocessing  # noqa: PLC0415

            ctx = multiprocessing.get_context("fork")
            self._conn, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_send_result, args=(fn, send), daemon=True)
            self._proc.start()
            send.close()

    def result(self) -> object:
        """The value of ``fn()``.

        Returns
        -------
        object
            What ``fn`` returned; what it raised is raised here.
        """
        if self._proc is None:
            return self._fn()
        answer = None
        try:
            answer = self._conn.recv()
        except (EOFError, OSError):  # the process died before answering: computed here
            pass
        finally:
            self._conn.close()
            self._proc.join()
            self._proc = None
        ok, value = answer if answer is not None else (True, self._fn())
        self._fn = lambda: value
        if not ok:
            raise value
        return value
