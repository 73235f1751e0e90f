"""Draw the report's charts with matplotlib, in Noto Sans CJK SC: ``plot_*`` onto an Axes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .canvas import ACCENT, INK, NO_DATA, PALETTE, _matplotlib, short

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_frequency(
    ax: Axes,
    terms: Sequence[str],
    values: Sequence[float],
    *,
    xlabel: str = "",
    color: str = ACCENT,
) -> Axes:
    """Draw a horizontal bar chart, largest value on top, each bar labelled with its value.

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    terms : sequence of str
        Bar labels.
    values : sequence of float
        Bar lengths.
    xlabel : str
        The axis label.
    color : str
        Bar colour.

    Returns
    -------
    Axes
        ``ax``.
    """
    y = np.arange(len(terms))[::-1]
    ax.barh(y, values, color=color, height=0.72)
    ax.set_yticks(y, labels=[short(t) for t in terms])
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

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    values : ndarray
        Rows x columns.
    row_labels, col_labels : sequence of str
        Tick labels.
    annotate : bool
        Write each value in its cell.
    cmap : str
        Colour map.
    vmax : float, optional
        Top of the scale.
    colorbar_label : str
        The colour bar's label.

    Returns
    -------
    Axes
        ``ax``.
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
    """Draw coherence and stability against k, with the chosen k marked.

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    table : DataFrame
        The k search (k, coherence, stability, chosen).
    labels : mapping
        The report's words.

    Returns
    -------
    Axes
        ``ax``.
    """
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
    gaps, not zeros. The legend sits outside the plot, so it never hides a line.

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    periods : sequence of str
        The x axis.
    series : mapping
        Name -> values per period.
    ylabel : str
        The axis label.
    max_ticks : int
        Period labels shown at most.

    Returns
    -------
    Axes
        ``ax``.
    """
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
    a dashed line between the columns (a white cut in a heatmap), never an empty stretch.

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    gaps : sequence of int
        Positions of left-out periods (:func:`analysis.report.readings.axis_gaps`).
    heatmap : bool
        The axis is a heatmap's (cells, not points).

    Returns
    -------
    Axes
        ``ax``.
    """
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
    ``significant`` get full colour and a ``*``; the others are drawn pale.

    Parameters
    ----------
    ax : Axes
        Drawn onto.
    left, right : sequence of (str, float)
        Terms and scores of each side.
    left_label, right_label : str
        The sides' names.
    xlabel : str
        The axis label.
    significant : set of str
        Terms drawn as significant.

    Returns
    -------
    Axes
        ``ax``.
    """
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
            ax.text(-v - span * 0.02, yi, short(t) + mark, ha="right", va="center", fontsize=8)
    for yi, t, v in zip(y, rt, rs, strict=True):
        if t:
            mark = " *" if t in significant else ""
            ax.text(v + span * 0.02, yi, short(t) + mark, ha="left", va="center", fontsize=8)
    ax.set_xlim(-span * 1.45, span * 1.45)
    ax.axvline(0, color="#9aa5b1", lw=0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set_title(f"← {left_label}    {right_label} →", fontsize=9)
    return ax
