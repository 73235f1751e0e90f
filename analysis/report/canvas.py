"""The report's drawing surface: the CJK font, the colours, matplotlib's reproducible
settings, a new figure and its PNG bytes (:mod:`analysis.report.figures` draws onto it)."""

from __future__ import annotations

import io
import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TifaError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# the longest word a chart label or a word cloud shows whole; a longer one (a run of letters
# with no space, a hostile file's 300,000-character "word") is cut with an ellipsis, as it could
# neither fit a cloud nor leave room for a chart's bars
LABEL_CHARS = 20


def short(text: str, n: int = LABEL_CHARS) -> str:
    """``text`` cut to ``n`` characters, its last an ellipsis when cut.

    Examples
    --------
    >>> short("abcdef", 4), short("改革", 4)
    ('abc…', '改革')
    """
    return text if len(text) <= n else text[: n - 1] + "…"


# A run of letters and digits this long or longer has no place to break a line: it runs off
# the page (a hostile file's 300,000-character "word"). The PDF shows its start and an
# ellipsis; the tables keep it whole.
LONG_RUN = re.compile(r"[A-Za-z0-9]{61,}")


def bounded(obj):
    """``obj`` (the report's data: dicts, lists, strings, numbers) with every run of
    :data:`LONG_RUN` cut to 59 characters and an ellipsis.

    Examples
    --------
    >>> bounded({"t": ["x" * 70 + "，改革"]})["t"][0] == "x" * 59 + "…，改革"
    True
    """
    if isinstance(obj, str):
        return LONG_RUN.sub(lambda m: m.group()[:59] + "…", obj) if len(obj) > 60 else obj
    if isinstance(obj, dict):
        return {k: bounded(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [bounded(v) for v in obj]
    return obj


def _matplotlib():
    """matplotlib with the Agg backend, imported on first use (a run whose figures all come
    from the cache never imports it)."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")
    return matplotlib


FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"
DPI = 200
INK = "#1f2933"
NO_DATA = "#dde1e6"  # cells without data
ACCENT = "#b03a2e"  # a muted red, the colour of the bars
PALETTE = (
    "#b03a2e", "#1f618d", "#117a65", "#b9770e", "#6c3483", "#2e4053", "#a04000", "#148f77",
    "#7d6608", "#5b2c6f", "#1a5276", "#784212",
)  # fmt: skip


@cache
def font_path() -> Path:
    """Return the Noto Sans CJK SC font that the ``mplfonts`` package installs.

    Returns
    -------
    Path
        The font file.

    Raises
    ------
    TifaError
        The package (and so the font) is missing: the environment was not set up.
    """
    spec = find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise TifaError(
            "the mplfonts package is missing; run `make setup` (or pip install mplfonts)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
    if not path.is_file():
        raise TifaError(
            f"{FONT_FILE} not found in mplfonts; reinstall it with `make distclean setup`"
        )
    return path


@cache
def setup_matplotlib() -> None:
    """Register the CJK font and fix the settings that make figures reproducible."""
    matplotlib = _matplotlib()
    from matplotlib import font_manager  # noqa: PLC0415

    font_manager.fontManager.addfont(str(font_path()))
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "axes.edgecolor": "#9aa5b1",
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "text.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "tifa",
            "figure.dpi": 100,
        }
    )


def new_figure(width_cm: float, height_cm: float) -> tuple[Figure, Axes]:
    """A matplotlib figure of the given size in centimetres, with the report's settings.

    Parameters
    ----------
    width_cm, height_cm : float
        Size in centimetres.

    Returns
    -------
    (Figure, Axes)
        A new figure and its one Axes.
    """
    setup_matplotlib()
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54), layout="constrained")
    return fig, ax


def figure_png(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes (no timestamp, so the same figure gives the same bytes).

    Parameters
    ----------
    fig : Figure
        The drawn figure (closed afterwards).

    Returns
    -------
    bytes
        The PNG.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    plt.close(fig)
    return buf.getvalue()
