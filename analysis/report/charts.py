"""The report's figures as jobs: what each chart is drawn from (drawing is in figures.py)."""

from __future__ import annotations

import numpy as np

from ..compare import dirichlet_prior
from ..ingest.dates import corpus_precision
from ..result import Analysis
from ..themes import top_indices
from .canvas import INK, PALETTE, figure_png, new_figure
from .echo import draw_echo_figures, echo_figure_data
from .figures import (
    mark_gaps,
    plot_frequency,
    plot_heatmap,
    plot_k_selection,
    plot_keyness,
    plot_timeline,
)
from .jobs import FigureJobs
from .options import ReportOptions
from .readings import (
    axis_gaps,
    distinctive_weights,
)
from .select import (
    _cloud_articles,
    _group_name,
    _heatmap_articles,
    _lang_of,
    _short,
    _shown_pairs,
    _timeline_slogans,
    _trend_series,
    _trend_terms,
    article_label,
    by_peak,
    similarity_matrix,
    theme_share_matrix,
)


def render_figures(
    analysis: Analysis,
    options: ReportOptions,
    *,
    labels: dict[str, str],
    cache=None,
    common: str = "",
    meanwhile=None,
    on_ready=None,
    elsewhere=(),
) -> dict[str, bytes]:
    """Draw every figure of the report; keys are file names under ``figures/``. Each figure
    is a job keyed by its own data (:class:`analysis.report.jobs.FigureJobs`): those drawn before
    come from ``cache``, the others are drawn on two processes.

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    options : ReportOptions
        The report's settings.
    labels : dict
        The words of the report's language.
    cache : Cache, optional
        Figures drawn before, by their data.
    common : str
        What every figure's key shares.
    meanwhile : callable, optional
        Called (without arguments) while the figures are drawn on the pool.
    on_ready : callable, optional
        Gets figures (a dict) as they are ready, when some are drawn
        (:meth:`~analysis.report.jobs.FigureJobs.run`).
    elsewhere : sequence of Process
        :func:`prefetch_figures` processes maybe still drawing (joined here).

    Returns
    -------
    dict of bytes
        PNG bytes by file name.
    """
    jobs = FigureJobs(common)
    early_figures(analysis, options, labels, jobs)
    if analysis.themes is not None:
        _theme_figures(analysis, options, labels, jobs)
    if analysis.comparison is not None:
        _compare_figures(analysis, options, labels, jobs)
    if analysis.trends is not None:
        _trend_figures(analysis, options, labels, jobs)
    return jobs.run(cache, meanwhile=meanwhile, on_ready=on_ready, elsewhere=elsewhere)


def early_figures(
    analysis: Analysis, options: ReportOptions, labels: dict[str, str], jobs: FigureJobs
) -> None:
    """Add to ``jobs`` the figures drawn from what is known before the themes are fitted: the
    article clouds, the term frequencies, the formulations' timeline and the echo charts
    (:func:`prefetch_figures` draws them while the themes are fitted).

    Parameters
    ----------
    analysis : Analysis
        The run's results (themes, comparison and trends not read).
    options : ReportOptions
        The report's settings.
    labels : dict
        The words of the report's language.
    jobs : FigureJobs
        Where the jobs go.
    """
    total = np.asarray(analysis.article_dtm.matrix.sum(axis=0)).ravel()
    prior = dirichlet_prior(total)
    for i in _cloud_articles(analysis, options):
        row = analysis.article_dtm.matrix.getrow(i).toarray().ravel()
        weights = distinctive_weights(row, total, prior)
        freqs = {
            analysis.article_dtm.terms[j]: round(float(weights[j]), 6)
            for j in np.flatnonzero(weights > 0)
        }
        if freqs:
            kwargs = {
                "max_words": options.wordcloud_words,
                "random_state": options.random_state,
            }
            jobs.submit(f"cloud_article_{i:04d}.png", freqs, kwargs)
    top = analysis.term_frequencies.head(options.top_terms)
    if len(top):
        jobs.add("terms.png", _draw_terms, top["term"].tolist(), top["count"].tolist(),
                 labels["count"])  # fmt: skip
    if analysis.slogans is not None:
        _slogan_timeline(analysis, options, labels, jobs)
    if analysis.echo is not None:
        lang = _lang_of(labels)
        jobs.add("echo", draw_echo_figures, echo_figure_data(analysis.echo, lang), lang)


def prefetch_figures(
    analysis: Analysis, options: ReportOptions, *, labels: dict[str, str], cache, common: str = ""
):
    """Start drawing :func:`early_figures` (given the comparison: its figures; given the
    themes: theirs) into ``cache`` on a forked process while the analysis goes on
    (:meth:`~analysis.report.jobs.FigureJobs.prefetch`); pass the returned process (None:
    nothing started) to :func:`render_figures` as ``elsewhere``, which then finds them in
    ``cache`` or draws those not drawn yet. The figures are the same bytes whoever draws them.

    Parameters
    ----------
    analysis : Analysis
        The results so far: before the comparison, with it (before the themes, without
        its theme shares), or with the themes.
    options : ReportOptions
        The report's settings.
    labels : dict
        The words of the report's language.
    cache : Cache
        Where the figures go.
    common : str
        What every figure's key shares (as for :func:`render_figures`).

    Returns
    -------
    multiprocessing.Process or None
    """
    jobs = FigureJobs(common)
    if analysis.themes is None and analysis.comparison is None:
        early_figures(analysis, options, labels, jobs)
    elif analysis.themes is None:  # the comparison (computed before the themes, no shares)
        _compare_figures(analysis, options, labels, jobs)
    else:
        _theme_figures(analysis, options, labels, jobs)
    return jobs.prefetch(cache)


def _draw_terms(terms: list, counts: list, xlabel: str) -> bytes:
    fig, ax = new_figure(16, 2.2 + 0.45 * len(terms))
    plot_frequency(ax, terms, counts, xlabel=xlabel)
    return figure_png(fig)


def _draw_k(table, labels: dict) -> bytes:
    fig, ax = new_figure(16, 6.2)
    plot_k_selection(ax, table, labels=labels)
    return figure_png(fig)


def _draw_weights(terms: list, weights: list, xlabel: str, color: str) -> bytes:
    fig, ax = new_figure(7.6, 7.4)
    plot_frequency(ax, terms, weights, xlabel=xlabel, color=color)
    return figure_png(fig)


def _draw_heatmap(height: float, matrix, ticks: int = 0, **kwargs) -> bytes:
    """A 16 cm wide heatmap; ``ticks`` > 0: label only every few of that many rows and
    columns (the similarity of many articles)."""
    fig, ax = new_figure(16, height)
    plot_heatmap(ax, matrix, **kwargs)
    if ticks:
        names, n = kwargs["row_labels"], len(kwargs["row_labels"])
        step = int(np.ceil(n / ticks))
        ax.set_xticks(range(0, n, step), labels=names[::step], rotation=60, ha="right", fontsize=6)
        ax.set_yticks(range(0, n, step), labels=names[::step], fontsize=6)
    return figure_png(fig)


def _draw_keyness(height: float, neg: list, pos: list, **kwargs) -> bytes:
    fig, ax = new_figure(16, height)
    plot_keyness(ax, neg, pos, **kwargs)
    return figure_png(fig)


def _slogan_timeline(
    analysis: Analysis, options: ReportOptions, labels: dict[str, str], jobs
) -> None:
    periods = analysis.slogans.periods
    present = sorted(periods["period"].unique())
    names = _timeline_slogans(analysis, options)
    if len(present) < 3 or not names:
        return
    axis = [p for p in present if p]
    series = {}
    for name in names:
        rows = periods[periods["slogan"] == name].set_index("period")["rate"]
        series[_short(name, 14)] = [float(rows[p]) if p in rows.index else 0.0 for p in axis]
    jobs.add("slogan_timeline.png", _draw_series, axis, by_peak(series), labels["rate"])


def _theme_figures(
    analysis: Analysis, options: ReportOptions, labels: dict[str, str], clouds
) -> None:
    """The themes section's charts and word clouds, as jobs of ``clouds``."""
    th = analysis.themes
    if len(th.k_selection) > 1:
        clouds.add("k_selection.png", _draw_k, th.k_selection, labels)
    for t in range(th.k):
        idx = top_indices(th.H[t : t + 1], 12)[0]
        weights = th.H[t, idx] / th.H[t, idx].max()
        clouds.add(f"theme_{t:02d}_terms.png", _draw_weights, [th.terms[i] for i in idx],
                   np.round(weights, 2).tolist(), labels["weight"], PALETTE[t % len(PALETTE)])  # fmt: skip
        cloud_idx = top_indices(th.H[t : t + 1], 80)[0]
        freqs = {th.terms[i]: float(th.H[t, i]) for i in cloud_idx}
        kwargs = {"max_words": 80, "random_state": options.random_state,
                  "colors": (PALETTE[t % len(PALETTE)], INK), "width": 480, "height": 360}  # fmt: skip
        clouds.submit(f"theme_{t:02d}_cloud.png", freqs, kwargs)
    rows = _heatmap_articles(analysis)
    if rows:
        arts = analysis.corpus.articles
        names = [article_label(arts[i], 16, corpus_precision(analysis)) for i in rows]
        height = 3.2 + min(0.55, 17.0 / len(rows)) * len(rows)  # at most ~20 cm: one page
        clouds.add("theme_heatmap.png", _draw_heatmap, height, theme_share_matrix(analysis)[rows],
                   row_labels=names, col_labels=[_short(lb, 10) for lb in th.labels],
                   annotate=len(rows) * th.k <= 400, vmax=1.0)  # fmt: skip


def _compare_figures(
    analysis: Analysis, options: ReportOptions, labels: dict[str, str], clouds
) -> None:
    cmp = analysis.comparison
    key = cmp.keyness[cmp.keyness["kind"] == "term"]
    for i, (target, reference) in enumerate(_shown_pairs(analysis)):
        rows = key[(key["target"] == target) & (key["reference"] == reference)]
        pos = rows[rows["score"] > 0].head(12)
        neg = rows[rows["score"] < 0].sort_values(["score", "term"]).head(12)
        if pos.empty and neg.empty:
            continue
        sig = frozenset(rows.loc[rows["significant"].astype(bool), "term"])
        clouds.add(
            f"keyness_{i:02d}.png", _draw_keyness, 2.4 + 0.42 * max(len(pos), len(neg), 1),
            list(zip(neg["term"], neg["score"], strict=True)), list(zip(pos["term"], pos["score"], strict=True)),
            left_label=_group_name(reference, analysis, labels), right_label=_group_name(target, analysis, labels),
            xlabel=labels["keyness_xlabel"], significant=sig,
        )  # fmt: skip
    groups = [g for g in cmp.groups if g]
    if 2 <= len(groups) <= len(PALETTE) and not cmp.keyness.empty:
        freqs: dict[str, float] = {}
        colour: dict[str, str] = {}
        for gi, g in enumerate(groups):
            rows = key[(key["target"] == g) & (key["score"] > 0)].head(25)
            for term, score in zip(rows["term"], rows["score"], strict=True):
                if score > freqs.get(term, 0):
                    freqs[term], colour[term] = float(score), PALETTE[gi % len(PALETTE)]
        if len(freqs) >= 3:
            kwargs = {
                "max_words": 120,
                "random_state": options.random_state,
                "color_of": colour,
            }
            clouds.submit("compare_cloud.png", freqs, kwargs)
    if cmp.by in ("period", "era") and 2 <= len(groups) <= MAX_GROUP_CLOUDS:
        _submit_group_clouds(analysis, options, groups, clouds)
    sim = similarity_matrix(analysis)
    if sim is not None:
        names, matrix = sim
        n = len(names)
        clouds.add("similarity.png", _draw_heatmap, max(7.0, 3.5 + min(0.55, 16.0 / n) * n), matrix,
                   ticks=30 if n > 30 else 0, row_labels=names, col_labels=names, annotate=n <= 15,
                   cmap="Blues", vmax=1.0)  # fmt: skip
    if cmp.group_themes is not None and cmp.by != "article" and 2 <= len(groups) <= 60:
        th = analysis.themes
        clouds.add("group_themes.png", _draw_heatmap, 3.2 + min(0.55, 17.0 / len(groups)) * len(groups),
                   cmp.group_themes, row_labels=[_short(g, 16) for g in cmp.groups],
                   col_labels=[_short(lb, 10) for lb in th.labels],
                   annotate=len(groups) * th.k <= 400, vmax=1.0)  # fmt: skip


MAX_GROUP_CLOUDS = 12


def _submit_group_clouds(
    analysis: Analysis, options: ReportOptions, groups: list[str], clouds
) -> None:
    """A distinctive word cloud per period or era: each word weighted by its Fightin' Words z
    of the group against all the other text (the article clouds' weighting)."""
    m = analysis.article_dtm.matrix
    total = np.asarray(m.sum(axis=0)).ravel()
    prior = dirichlet_prior(total)
    labels = np.asarray(analysis.comparison.article_groups, dtype=object)
    for gi, g in enumerate(groups):
        rows = np.flatnonzero(labels == g)
        row = np.asarray(m[rows].sum(axis=0)).ravel()
        weights = distinctive_weights(row, total, prior)
        freqs = {analysis.article_dtm.terms[j]: round(float(weights[j]), 6)
                 for j in np.flatnonzero(weights > 0)}  # fmt: skip
        if freqs:
            kwargs = {"max_words": options.wordcloud_words,
                      "random_state": options.random_state}  # fmt: skip
            clouds.submit(f"cloud_group_{gi:02d}.png", freqs, kwargs)


def _draw_series(axis, series, ylabel) -> bytes:
    """A line per series over the periods that have articles (at most 12), else a row per
    series; a dashed line marks where periods without articles were left out."""
    gaps = axis_gaps(axis)
    if len(axis) <= 12:
        fig, ax = new_figure(16, 7.5)
        plot_timeline(ax, axis, series, ylabel=ylabel)
        mark_gaps(ax, gaps)
    else:
        fig, ax = new_figure(16, 3.2 + 0.62 * len(series))
        plot_heatmap(ax, np.array(list(series.values())), row_labels=list(series), col_labels=axis,
                     annotate=False, colorbar_label=ylabel)  # fmt: skip
        step = max(1, int(np.ceil(len(axis) / 26)))
        ax.set_xticks(
            range(0, len(axis), step), labels=axis[::step], rotation=60, ha="right", fontsize=6.5
        )
        mark_gaps(ax, gaps, heatmap=True)
    return figure_png(fig)


def _trend_figures(
    analysis: Analysis, options: ReportOptions, labels: dict[str, str], jobs
) -> None:
    trends = analysis.trends
    present = sorted(trends["period"].unique()) if len(trends) else []
    if len(present) < 3:
        return
    axis = [p for p in present if p]
    if analysis.themes is not None:
        series = _trend_series(trends, "theme", analysis.themes.labels, axis)
        jobs.add("theme_trends.png", _draw_series, axis, series, labels["share_pct"])
    terms = _trend_terms(analysis, options)
    if terms:
        jobs.add("term_trends.png", _draw_series, axis,
                 by_peak(_trend_series(trends, "term", terms, axis)), labels["rate"])  # fmt: skip
