"""The ``tifa`` command line: wires the stages, prints progress, turns bad input into one line.

One module per command (``report``, ``slogans``, ``compare``, ``stopwords``, ``kwic``); the
shared options and helpers are in :mod:`analysis.cli.common`. ``main`` is the entry point.
"""

from __future__ import annotations

import os
from typing import NoReturn

import click

from ..errors import TifaError
from .common import CONTEXT
from .compare import compare
from .kwic import kwic
from .report import report
from .slogans import slogans
from .stopwords import stopwords

__all__ = ["cli", "compare", "exit_now", "kwic", "main", "report", "run", "slogans", "stopwords"]


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="tifa", prog_name="tifa")
def cli() -> None:
    """tifa: themes and official formulations (提法) in Chinese official texts.

    Put .txt articles in a folder (seeds/ by default) and run `tifa report`.

    Example:

        tifa report seeds --out reports
    """


for _command in (report, slogans, compare, stopwords, kwic):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; bad input is one line on stderr and exit status 1.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 done, 1 bad input or an internal error, 130 interrupted.
    """
    try:
        status = cli.main(args=argv, prog_name="tifa", standalone_mode=False)
    except TifaError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("error: interrupted; the previous report is left as it was", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("error: interrupted; the previous report is left as it was", err=True)
        return 130
    except OSError as exc:  # a list, manifest or folder that cannot be read or written
        from ..ingest import shown_name  # noqa: PLC0415

        where = f"{shown_name(exc.filename)}: " if exc.filename else ""
        click.echo(
            f"error: {where}{exc.strerror or exc}; check the path and its permissions", err=True
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback
        if os.environ.get("TIFA_DEBUG"):
            raise
        click.echo(
            f"error: internal error ({type(exc).__name__}: {exc}); "
            "please report it; TIFA_DEBUG=1 shows the traceback",
            err=True,
        )
        return 1
    return status if isinstance(status, int) else 0


def exit_now(status: int) -> NoReturn:
    """End the process with ``status`` without tearing the interpreter down.

    Once the outputs are written, freeing every object the run left in modules (the
    segmenter's dictionary, the loaded libraries) took about 0.6 s after a stopword edit on the
    Government Work Reports, for nothing. As mypy's ``hard_exit``, this
    flushes the standard streams and leaves with :func:`os._exit`, after the exit functions
    have run (``atexit``: temporary folders, logging, multiprocessing). While any thread
    that is not a daemon or any child process is still alive it exits normally instead, so
    that nothing running is cut short.

    Parameters
    ----------
    status : int
        The exit status.
    """
    import atexit  # noqa: PLC0415
    import multiprocessing  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import threading  # noqa: PLC0415

    main_thread = threading.main_thread()
    busy = any(
        t is not main_thread and t.is_alive() and not t.daemon for t in threading.enumerate()
    )
    if busy or multiprocessing.active_children():
        sys.exit(status)
    atexit._run_exitfuncs()  # noqa: SLF001 - what interpreter shutdown would run first
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or a broken pipe: nothing more to write
            pass
    os._exit(status)


def run() -> NoReturn:
    """The ``tifa`` command and ``python -m analysis``: :func:`main`, then :func:`exit_now`."""
    exit_now(main())
