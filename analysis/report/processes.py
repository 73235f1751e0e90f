"""The processes figures are drawn in: a prefetching process started from a fork server
(:func:`_drawing_context`), stopped when done (:func:`stop_drawing_server`), and the drawing
setup a process does once before it forks (:func:`_charts_ready`)."""

from __future__ import annotations

import multiprocessing

from .canvas import setup_matplotlib


class Prefetching:
    """A prefetching process, started on a thread of its own (see :meth:`FigureJobs.prefetch`):
    ``join()`` waits for the start, then for the process; ``exitcode`` is the process's (1 when
    it could not be started: its figures are then drawn by the run)."""

    def __init__(self, process):
        import threading  # noqa: PLC0415

        self.process = process
        self.failed: BaseException | None = None
        self._starting = threading.Thread(target=self._start, daemon=True)
        self._starting.start()

    def _start(self) -> None:
        try:
            self.process.start()
        except Exception as exc:  # noqa: BLE001 - the run draws what this one does not
            self.failed = exc

    def join(self, timeout: float | None = None) -> None:
        self._starting.join()
        if self.failed is None:
            self.process.join(timeout)

    @property
    def exitcode(self) -> int | None:
        return 1 if self.failed is not None else self.process.exitcode


# What a drawing process imports before it is forked (see _drawing_context): pyplot, the
# word clouds and every module whose functions draw a figure
DRAWING_MODULES = ("matplotlib.pyplot", "wordcloud", "analysis.report.charts")
_CHARTS_READY: list[int] = []  # the process in which _charts_ready ran (a fork inherits it)


def _charts_ready() -> None:
    """matplotlib's pyplot imported, the CJK font registered and the settings made, once per
    process: a process forked afterwards inherits them instead of importing them itself."""
    if not _CHARTS_READY:
        setup_matplotlib()
        import matplotlib.pyplot  # noqa: F401, PLC0415

        _CHARTS_READY.append(1)


def _drawing_context():
    """The multiprocessing context a prefetching process starts from.

    A process forked from the analysing one shares its pages only until that one writes to
    them: the analysis goes on while the figures are drawn, and each page it rewrites is then
    kept twice. On the 100 MB corpus a prefetching process so came to hold 430-480 MB of its
    own (the run's peak PSS 2,066 MB against 1,600 without it). So the figures drawn while
    the analysis goes on come from a fork server (``forkserver``): one small process started
    afresh that imports :data:`DRAWING_MODULES` once and forks each drawing process from
    itself, sharing none of the analysis's memory. ``fork`` where there is no fork server.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(DRAWING_MODULES))
    return ctx


def stop_drawing_server() -> None:
    """Stop the fork server of :func:`_drawing_context`, if it runs, once every process started
    from it has been joined (it reports their exit codes: stopped earlier, a running one's is
    lost). It holds about 100 MB of its own (pyplot, wordcloud, the fonts) that the report
    stage's peak no longer needs; the next prefetch starts it again."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver  # noqa: PLC0415

        forkserver._forkserver._stop()  # noqa: SLF001 - the stdlib has no public stop
