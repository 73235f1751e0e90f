"""What every command shares: options, progress on stderr, notices, loading the config."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import click

from ..config import Config, load_config, with_overrides
from ..errors import TifaError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Progress:
    """Prints what the run is doing to stderr, with the elapsed time."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.start = time.perf_counter()
        self._last_pct = -1

    def __call__(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"tifa: [{time.perf_counter() - self.start:5.1f}s] {message}", err=True)

    def fraction(self, done: int, total: int) -> None:
        """Report long work in steps of 10% (only when it takes a while)."""
        if self.quiet or time.perf_counter() - self.start < 2:
            return
        pct = int(100 * done / max(total, 1)) // 10 * 10
        if pct != self._last_pct and pct < 100:
            self._last_pct = pct
            self(f"segmenting ... {pct}%")


def warn(message: str) -> None:
    """Print ``message`` as a warning on stderr."""
    click.echo(f"warning: {message}", err=True)


def tell(notices, progress: Callable[[str], None]) -> None:
    """Warnings (a skipped file, a manifest row matching nothing) always; notes as progress."""
    for notice in notices:
        warn(str(notice)) if notice.warning else progress(str(notice))


def cache_dir_of(option: str | None) -> str:
    """The cache folder of a run.

    Parameters
    ----------
    option : str or None
        ``--cache-dir`` as given.

    Returns
    -------
    str
        ``option``, else ``$TIFA_CACHE_DIR``, else ``.cache``.
    """
    return option or os.environ.get("TIFA_CACHE_DIR") or ".cache"


def timestamp() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` if set (reproducible-builds convention), else the data decide."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    return None


def load(config_path: str, **overrides) -> Config:
    """Load ``--config`` and apply the command's options on top.

    Parameters
    ----------
    config_path : str
        ``--config``; the default ``tifa.toml`` may be missing (built-in defaults).
    **overrides
        Section name to ``{key: value}``; ``None`` values are left alone.

    Returns
    -------
    Config
        The settings of the run.

    Raises
    ------
    TifaError
        A named config file that does not exist, or a bad setting in it.
    """
    explicit = config_path != "tifa.toml"
    path = Path(config_path)
    if explicit and not path.is_file():
        raise TifaError("config file not found; give an existing .toml file", path=path)
    return with_overrides(load_config(path), **overrides)


SEEDS_ARG = click.argument("seeds_dir", required=False, default="seeds", metavar="[SEEDS_DIR]")
CONFIG_OPT = click.option(
    "--config", "config_path", default="tifa.toml", show_default=True, metavar="FILE",
    help="Settings file (missing default file: built-in defaults).",
)  # fmt: skip
CACHE_OPT = click.option(
    "--cache-dir", default=None, metavar="DIR",
    help="Segmentation cache (default: $TIFA_CACHE_DIR or .cache).",
)  # fmt: skip
