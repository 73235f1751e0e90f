"""Draw the report's charts with matplotlib and wordcloud, in Noto Sans CJK SC."""

from __future__ import annotations

import io
import multiprocessing
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import TifaError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


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
    setup_matplotlib()
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54), layout="constrained")
    return fig, ax


def figure_png(fig: Figure) -> bytes:
    """Render ``fig`` to PNG bytes (no timestamp, so the same figure gives the same bytes)."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def plot_frequency(
    ax: Axes,
    terms: Sequence[str],
    values: Sequence[float],
    *,
    xlabel: str = "",
    color: str = ACCENT,
) -> Axes:
    """Draw a horizontal bar chart, largest value on top, each bar labelled with its value."""
    y = np.arange(len(terms))[::-1]
    ax.barh(y, values, color=color, height=0.72)
    ax.set_yticks(y, labels=list(terms))
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.margins(x=0.12, y=0.01)
    top = max(values) if len(values) else 0
    for yi, v in zip(y, values, strict=True):
        label = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
        ax.text(v + top * 0.01, yi, label, va="center", fontsize=7, color="#52606d")
    ax.spines["left"].set_visible(False)
    return ax


def plot_heatmap(
    ax: Axes,
    values: np.ndarray,
    *,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    annotate: bool = True,
    cmap: str = "Reds",
    vmax: float | None = None,
    colorbar_label: str = "",
) -> Axes:
    """Draw a heatmap of ``values`` (rows x columns), optionally writing each value in its cell.

    NaN cells (no data, e.g. a period without articles) are grey, so a gap never looks like
    a zero (white).
    """
    masked = np.ma.masked_invalid(np.asarray(values, dtype=float))
    colours = _matplotlib().colormaps[cmap].with_extremes(bad=NO_DATA)
    top = vmax or max(float(masked.max() or 0), 1e-9)
    image = ax.imshow(masked, aspect="auto", cmap=colours, vmin=0, vmax=top)
    ax.set_xticks(
        range(len(col_labels)), labels=list(col_labels), rotation=35, ha="right", fontsize=8
    )
    ax.set_yticks(range(len(row_labels)), labels=list(row_labels), fontsize=8)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate:
        top = float(masked.max() or 1)
        for (r, c), v in np.ndenumerate(masked.filled(np.nan)):
            if not np.isnan(v):
                ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=6.5,
                        color="white" if v > 0.6 * top else INK)  # fmt: skip
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    bar.ax.tick_params(labelsize=7)
    if colorbar_label:
        bar.set_label(colorbar_label, fontsize=7.5)
    ax.set_facecolor("white")
    return ax


def plot_k_selection(ax: Axes, table, *, labels: Mapping[str, str]) -> Axes:
    """Draw coherence and stability against k, with the chosen k marked."""
    ks = table["k"].to_numpy()
    ax.plot(
        ks, table["stability"], "o-", color=PALETTE[1], label=labels["stability"], lw=1.5, ms=4
    )
    ax.plot(
        ks, table["coherence"], "s-", color=PALETTE[0], label=labels["coherence"], lw=1.5, ms=4
    )
    chosen = table.loc[table["chosen"], "k"]
    for k in chosen:
        ax.axvline(k, color="#9aa5b1", ls="--", lw=1)
        ax.annotate(labels["chosen"].format(k=int(k)), (k, 1.0), xycoords=("data", "axes fraction"),
                    fontsize=8, ha="center", va="bottom", xytext=(0, 2), textcoords="offset points")  # fmt: skip
    ax.set_xticks(ks)
    ax.set_xlabel(labels["k"])
    ax.set_xlim(ks.min() - 0.5, ks.max() + 0.5)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.tick_params(labelsize=8)
    return ax


def plot_timeline(
    ax: Axes,
    periods: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    ylabel: str = "",
    max_ticks: int = 14,
) -> Axes:
    """Draw one line per series over ``periods``; NaN values (periods without articles) are
    gaps, not zeros. The legend sits outside the plot, so it never hides a line."""
    x = np.arange(len(periods))
    markers = "osD^v<>ph*"
    for i, (name, values) in enumerate(series.items()):
        ax.plot(x, values, marker=markers[i % len(markers)], ms=3.5, lw=1.4,
                color=PALETTE[i % len(PALETTE)], label=name)  # fmt: skip
    step = max(1, int(np.ceil(len(periods) / max_ticks)))
    ax.set_xticks(x[::step], labels=[periods[i] for i in range(0, len(periods), step)],
                  rotation=45 if len(periods) > 6 else 0, ha="right" if len(periods) > 6 else "center",
                  fontsize=7.5)  # fmt: skip
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def mark_gaps(ax: Axes, gaps: Sequence[int], *, heatmap: bool = False) -> Axes:
    """Mark where periods without articles were left out of a time axis of present periods:
    a dashed line between the columns (a white cut in a heatmap), never an empty stretch."""
    for i in gaps:
        if heatmap:
            ax.axvline(i - 0.5, color="white", lw=1.6)
            ax.axvline(i - 0.5, color="#7b8794", lw=0.6, ls=(0, (2, 2)))
        else:
            ax.axvline(i - 0.5, color="#9aa5b1", lw=0.8, ls=(0, (3, 3)), zorder=0)
    return ax


def plot_keyness(
    ax: Axes,
    left: Sequence[tuple[str, float]],
    right: Sequence[tuple[str, float]],
    *,
    left_label: str,
    right_label: str,
    xlabel: str = "",
    significant: frozenset[str] | set[str] = frozenset(),
) -> Axes:
    """Draw a diverging keyness chart: the reference's typical terms to the left (negative
    scores), the target's to the right, strongest at the top of each side. Terms in
    ``significant`` get full colour and a ``*``; the others are drawn pale."""
    n = max(len(left), len(right), 1)
    y = np.arange(n)[::-1]
    lt = [t for t, _ in left] + [""] * (n - len(left))
    ls = [abs(v) for _, v in left] + [0] * (n - len(left))
    rt = [t for t, _ in right] + [""] * (n - len(right))
    rs = [v for _, v in right] + [0] * (n - len(right))
    alpha_l = [1.0 if t in significant else 0.4 for t in lt]
    alpha_r = [1.0 if t in significant else 0.4 for t in rt]
    for yi, v, a in zip(y, ls, alpha_l, strict=True):
        ax.barh(yi, -v, color=PALETTE[1], height=0.7, alpha=a)
    for yi, v, a in zip(y, rs, alpha_r, strict=True):
        ax.barh(yi, v, color=PALETTE[0], height=0.7, alpha=a)
    span = max(ls + rs + [1e-9])
    for yi, t, v in zip(y, lt, ls, strict=True):
        if t:
            mark = " *" if t in significant else ""
            ax.text(-v - span * 0.02, yi, t + mark, ha="right", va="center", fontsize=8)
    for yi, t, v in zip(y, rt, rs, strict=True):
        if t:
            mark = " *" if t in significant else ""
            ax.text(v + span * 0.02, yi, t + mark, ha="left", va="center", fontsize=8)
    ax.set_xlim(-span * 1.45, span * 1.45)
    ax.axvline(0, color="#9aa5b1", lw=0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set_title(f"← {left_label}    {right_label} →", fontsize=9)
    return ax


@lru_cache(maxsize=4)  # each loaded face holds ~20 MB: keep the few sizes wordcloud revisits
def _truetype(path: str, size: int):
    from PIL import ImageFont  # noqa: PLC0415

    return ImageFont.truetype(path, size)


class _FontCache:
    """Stands in for ``PIL.ImageFont`` inside wordcloud, loading each (font, size) once.

    wordcloud reloads the font for every size it tries; Noto Sans CJK is 16 MB, so the loads
    were a third of a cloud's time.
    """

    def __getattr__(self, name):
        from PIL import ImageFont  # noqa: PLC0415

        return getattr(ImageFont, name)

    @staticmethod
    def truetype(path, size, *args, **kwargs):
        if args or kwargs:
            from PIL import ImageFont  # noqa: PLC0415

            return ImageFont.truetype(path, size, *args, **kwargs)
        return _truetype(str(path), int(size))


def wordcloud_png(
    frequencies: Mapping[str, float],
    *,
    width: int = 640,
    height: int = 360,
    max_words: int = 150,
    random_state: int = 42,
    colors: Sequence[str] = PALETTE[:6],
    color_of: Mapping[str, str] | None = None,
) -> bytes:
    """Render a word cloud of ``frequencies`` to PNG bytes with the CJK font.

    Uses ``WordCloud.generate_from_frequencies`` with a fixed ``random_state``, so the same
    frequencies give the same image. The layout is computed on a ``width`` x ``height`` grid
    and drawn at twice that size: ten times faster than laying out the full-size image.
    """
    from wordcloud import WordCloud  # noqa: PLC0415 - slow import, only when drawing clouds

    palette = list(colors)

    def color_func(word, font_size, position, orientation, random_state=None, **kw):
        if color_of and word in color_of:
            return color_of[word]  # a comparison cloud: each group in its own colour
        return palette[sum(map(ord, word)) % len(palette)]

    wc = WordCloud(
        font_path=str(font_path()),
        width=width,
        height=height,
        background_color="white",
        max_words=max_words,
        random_state=random_state,
        prefer_horizontal=0.95,
        relative_scaling=0.45,
        min_font_size=8,
        font_step=2,
        margin=2,
        scale=2,
        color_func=color_func,
        collocations=False,
    )
    items = sorted(
        ((w, float(f)) for w, f in frequencies.items() if f > 0), key=lambda x: (-x[1], x[0])
    )
    module = sys.modules[WordCloud.__module__]
    original, module.ImageFont = module.ImageFont, _FontCache()
    try:
        wc.generate_from_frequencies(dict(items[:max_words]))
        image = wc.to_image()
    finally:
        module.ImageFont = original
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _cloud_job(job: tuple[str, dict[str, float], dict]) -> tuple[str, bytes]:
    name, freqs, kwargs = job
    return name, wordcloud_png(freqs, **kwargs)


class CloudRenderer:
    """Draws word clouds on ``workers`` processes while the caller goes on drawing charts.

    ``submit`` hands a cloud to the pool at once; ``results`` waits for all of them. Every
    cloud has its own ``random_state``, so the bytes do not depend on which process drew it.
    Without ``fork`` (or with one worker) the clouds are drawn in ``results``, one by one.
    """

    def __init__(self, workers: int = 2):
        self._serial: list[tuple[str, dict, dict]] = []
        self._futures: dict[str, object] = {}
        self._pool = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def submit(self, name: str, frequencies: Mapping[str, float], kwargs: dict) -> None:
        job = (name, dict(frequencies), dict(kwargs))
        if self._pool is None:
            self._serial.append(job)
        else:
            self._futures[name] = self._pool.submit(_cloud_job, job)

    def results(self) -> dict[str, bytes]:
        try:
            out = dict(map(_cloud_job, self._serial))
            out.update({name: f.result()[1] for name, f in self._futures.items()})
        finally:
            self.close()
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> CloudRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- figure jobs

_PENDING: list = []  # the jobs a forked pool draws (inherited by the workers, not pickled)


def _run_pending(i: int) -> dict[str, bytes]:
    name, fn, args, kwargs = _PENDING[i]
    out = fn(*args, **kwargs)
    return out if isinstance(out, dict) else {name: out}


def job_key(name: str, fn, args: tuple, kwargs: dict, common: str) -> str:
    """The digest of one figure: its name, its drawing function, the plain data it is drawn
    from (pickled: the same data give the same bytes) and ``common`` (code, libraries)."""
    import pickle  # noqa: PLC0415

    from .run.cache import digest  # noqa: PLC0415

    data = pickle.dumps((args, sorted(kwargs.items())), protocol=4)
    return digest("figure", common, name, f"{fn.__module__}.{fn.__qualname__}", data)


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
        """A word cloud (the :class:`CloudRenderer` interface)."""
        items = sorted((str(w), float(f)) for w, f in frequencies.items())
        self.add(name, _cloud_from_items, items, dict(sorted(kwargs.items())))

    def run(self, cache=None, workers: int = 2) -> dict[str, bytes]:
        from .run.cache import bytes_array, str_array, str_list  # noqa: PLC0415

        out: dict[str, bytes] = {}
        todo = []
        for job in self.jobs:
            key = job_key(*job, common=self.common)
            arrays = cache.load("figures", key) if cache is not None else None
            if arrays is not None and "names" in arrays:
                names = str_list(arrays["names"])
                if all(f"png_{i}" in arrays for i in range(len(names))):
                    out.update({n: arrays[f"png_{i}"].tobytes() for i, n in enumerate(names)})
                    continue
            todo.append((key, job))
        for key, drawn in zip((k for k, _ in todo), _draw_all([j for _, j in todo], workers),
                              strict=True):  # fmt: skip
            out.update(drawn)
            if cache is not None:
                arrays = {"names": str_array(drawn)}
                arrays.update({f"png_{i}": bytes_array(p) for i, p in enumerate(drawn.values())})
                cache.save("figures", key, arrays)
        return dict(sorted(out.items()))


def _cloud_from_items(items: list[tuple[str, float]], kwargs: dict) -> bytes:
    return wordcloud_png(dict(items), **kwargs)


def _draw_all(jobs: list, workers: int) -> list[dict[str, bytes]]:
    """Each job's figures, in the jobs' order; on a forked pool when there are 2+ jobs."""
    global _PENDING  # noqa: PLW0603
    if not jobs:
        return []
    if any(fn is not _cloud_from_items for _, fn, _, _ in jobs):
        setup_matplotlib()  # before the fork: every worker has the font and the settings
    if workers < 2 or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        _PENDING = list(jobs)
        try:
            return [_run_pending(i) for i in range(len(jobs))]
        finally:
            _PENDING = []
    # the slowest first (word clouds, heatmaps), so that both workers end together
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i][1] is not _cloud_from_items, i))
    _PENDING = list(jobs)
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
            futures = {i: pool.submit(_run_pending, i) for i in order}
            return [futures[i].result() for i in range(len(jobs))]
    finally:
        _PENDING = []
