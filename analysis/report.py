"""Write a run's outputs: the CSV tables, the figures and the PDF (typst), all atomically."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .atomic import write_atomic
from .compare import dirichlet_prior
from .config import config_items
from .dates import corpus_precision, shown_date
from .echo_report import echo_data, echo_figures, findings_line
from .errors import TifaError
from .figures import (
    FONT_FAMILY,
    INK,
    PALETTE,
    FigureJobs,
    figure_png,
    font_path,
    mark_gaps,
    new_figure,
    plot_frequency,
    plot_heatmap,
    plot_k_selection,
    plot_keyness,
    plot_timeline,
)
from .findings import split_periods
from .ingest import ANALYSED_ROLES, ROLES
from .labels import LABELS, META_NAMES, ROLE_NAMES
from .pipeline import Analysis
from .readings import (
    axis_gaps,
    buckets,
    distinctive_weights,
    kind_difference,
    leading_by_part,
    spread_pick,
    sustained_movers,
)
from .runlog import SUMMARY_NAME, changes, run_summary, summary_bytes
from .tables import COLUMNS, build_tables, to_csv_bytes
from .themes import read_theme_lexicon, top_indices
from .wordlists import files_digest, word_files

MAX_ARTICLE_ROWS = 60
# the names of tifa's figures: only these are removed when a run no longer draws them
FIGURE_NAME = re.compile(
    r"(terms|slogan_timeline|compare_cloud|similarity|group_themes|theme_trends|term_trends"
    r"|k_selection|theme_heatmap|cloud_article_\d+|cloud_group_\d+|keyness_\d+|theme_\d+_(terms|cloud)"
    r"|echo_rates|echo_adoption)\.png"
)


@dataclass(frozen=True)
class Outputs:
    """What a run writes, in memory, before anything touches the output folder."""

    tables: dict[str, pd.DataFrame]
    figures: dict[str, bytes]
    pdf: bytes
    summary: bytes  # run.json: what the next run into the same folder compares itself with
    html: bytes | None = None  # report.html, the interactive twin ([report] html)


def _date_range(dates: list[str], undated: str) -> str:
    known = sorted(d for d in dates if d)
    if not known:
        return undated
    return known[0] if known[0] == known[-1] else f"{known[0]} – {known[-1]}"


def data_timestamp(analysis: Analysis) -> dt.datetime:
    """The report's date, from the data: the latest article date (epoch 0 when undated)."""
    known = sorted(a.date for a in analysis.corpus.articles if a.date)
    if not known:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    parts = [int(x) for x in known[-1].split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


def shared_metadata(corpus, names: dict[str, str]) -> list[tuple[str, str]]:
    """Metadata every article shares (one person, one region, one source), for the cover."""
    out = []
    for key in ("person", "region", "source", *corpus.meta_columns):
        values = {a.get(key) for a in corpus.articles}
        if len(values) == 1 and (value := values.pop()) and key not in {k for k, _ in out}:
            out.append((key, value))
    return [(names.get(k, k), v) for k, v in out]


def render_figures(
    analysis: Analysis, *, labels: dict[str, str], cache=None, common: str = ""
) -> dict[str, bytes]:
    """Draw every figure of the report; keys are file names under ``figures/``. Each figure
    is a job keyed by its own data (:class:`analysis.figures.FigureJobs`): those drawn before
    come from ``cache``, the others are drawn on two processes."""
    cfg = analysis.config.report
    jobs = FigureJobs(common)
    total = np.asarray(analysis.article_dtm.matrix.sum(axis=0)).ravel()
    prior = dirichlet_prior(total)
    for i in _cloud_articles(analysis):
        row = analysis.article_dtm.matrix.getrow(i).toarray().ravel()
        weights = distinctive_weights(row, total, prior)
        freqs = {
            analysis.article_dtm.terms[j]: round(float(weights[j]), 6)
            for j in np.flatnonzero(weights > 0)
        }
        if freqs:
            kwargs = {
                "max_words": cfg.wordcloud_words,
                "random_state": analysis.config.random_state,
            }
            jobs.submit(f"cloud_article_{i:04d}.png", freqs, kwargs)
    if analysis.themes is not None:
        _theme_figures(analysis, labels, jobs)
    if analysis.comparison is not None:
        _compare_figures(analysis, labels, jobs)
    top = analysis.term_frequencies.head(cfg.top_terms)
    if len(top):
        jobs.add("terms.png", _draw_terms, top["term"].tolist(), top["count"].tolist(),
                 labels["count"])  # fmt: skip
    if analysis.slogans is not None:
        _slogan_timeline(analysis, labels, jobs)
    if analysis.trends is not None:
        _trend_figures(analysis, labels, jobs)
    if analysis.echo is not None:
        jobs.add("echo", echo_figures, _echo_plain(analysis.echo), _lang_of(labels))
    return jobs.run(cache)


def _echo_plain(echo):
    """The echo result without its cache flag and timings (which its charts do not read)."""
    import dataclasses  # noqa: PLC0415

    names = {f.name for f in dataclasses.fields(echo)}
    plain = {n: v for n, v in (("cached", False), ("timings", {})) if n in names}
    return dataclasses.replace(echo, **plain) if plain else echo


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


MAX_HEATMAP_ROWS = 60


def _span_parts(analysis: Analysis, present: list[str]) -> dict[str, str]:
    eras = analysis.comparison.eras if analysis.comparison is not None else None
    return buckets(present, eras)


def _timeline_slogans(analysis: Analysis) -> list[str]:
    """The slogans drawn in the timeline: the leading formulations (used in 2+ periods) of
    each era or decade, taken in turn, so every part of the span has some; as many as
    ``[slogans] timeline``, or two a part when there are more parts (at most 20)."""
    periods = analysis.slogans.periods
    used = periods[periods["count"] > 0].groupby("slogan")["period"].nunique()
    chosen = [s.text for s in analysis.slogans.slogans if used.get(s.text, 0) >= 2]
    present = sorted(p for p in periods["period"].unique() if p)
    part_of = _span_parts(analysis, present)
    n = max(analysis.config.slogans.timeline, min(20, 2 * len(set(part_of.values()))))
    rows = periods.rename(columns={"slogan": "item"})[["item", "period", "count"]]
    ranked = leading_by_part(rows, part_of, candidates=chosen)
    return spread_pick(ranked, n)


def _slogan_timeline(analysis: Analysis, labels: dict[str, str], jobs) -> None:
    periods = analysis.slogans.periods
    present = sorted(periods["period"].unique())
    names = _timeline_slogans(analysis)
    if len(present) < 3 or not names:
        return
    axis = [p for p in present if p]
    series = {}
    for name in names:
        rows = periods[periods["slogan"] == name].set_index("period")["rate"]
        series[_short(name, 14)] = [float(rows[p]) if p in rows.index else 0.0 for p in axis]
    jobs.add("slogan_timeline.png", _draw_series, axis, by_peak(series), labels["rate"])


def by_peak(series: dict[str, list[float]]) -> dict[str, list[float]]:
    """The series ordered by the period where each peaks, earliest first: a timeline that reads
    from the top left to the bottom right."""
    return dict(sorted(series.items(), key=lambda kv: (int(np.argmax(kv[1])) if kv[1] else 0, kv[0])))


def _heatmap_articles(analysis: Analysis) -> list[int]:
    """Articles in the theme heatmap: the largest ``MAX_HEATMAP_ROWS``, by date then id."""
    arts = analysis.corpus.articles
    with_text = [i for i, a in enumerate(arts) if analysis.article_themes[i].sum() > 0]
    largest = sorted(with_text, key=lambda i: (-arts[i].characters, i))[:MAX_HEATMAP_ROWS]
    return sorted(largest, key=lambda i: (arts[i].date or "9999", arts[i].article_id))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def article_label(article, width: int, precision: int = 10) -> str:
    """Date (cut to ``precision``, see :mod:`analysis.dates`) and title of an article for a
    chart or a source line, without repeating an id that is only the file name (``2018 2018``)."""
    title = (
        "" if article.title in (article.article_id, article.date) else _short(article.title, width)
    )
    date = shown_date(article.date, precision)
    return " ".join(x for x in (date, title) if x) or article.article_id


def _theme_figures(analysis: Analysis, labels: dict[str, str], clouds) -> None:
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
        kwargs = {"max_words": 80, "random_state": analysis.config.random_state,
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


def theme_share_matrix(analysis: Analysis) -> np.ndarray:
    """Articles x themes: each theme's share of the characters of the article that the themes
    explain (rows sum to 1, or 0): the one meaning of "share" in every theme heatmap and in
    the theme trends (there per period)."""
    from .pipeline import _theme_characters  # noqa: PLC0415

    chars = _theme_characters(analysis.corpus, analysis.tokens, analysis.themes)
    sums = chars.sum(axis=1, keepdims=True)
    return np.divide(chars, sums, out=np.zeros_like(chars), where=sums > 0)


def _cloud_articles(analysis: Analysis) -> list[int]:
    """Articles that get a word cloud, in corpus order: all when there are at most
    ``article_pages``; else, in a dated corpus, that many spread evenly over time (a reader of
    seventy years of reports wants the 1950s and the 2020s, not the twelve longest), and in an
    undated one the largest."""
    k = analysis.config.report.article_pages
    arts = analysis.corpus.articles
    with_text = [i for i, a in enumerate(arts) if a.characters]
    if len(with_text) <= k:
        return with_text
    if _clouds_by_time(analysis):
        by_date = sorted(with_text, key=lambda i: (arts[i].date, arts[i].article_id))
        picks = np.unique(np.round(np.linspace(0, len(by_date) - 1, k)).astype(int))
        return sorted(by_date[p] for p in picks)
    return sorted(sorted(with_text, key=lambda i: (-arts[i].characters, i))[:k])


def _clouds_by_time(analysis: Analysis) -> bool:
    return all(a.date for a in analysis.corpus.articles if a.characters)


def report_data(
    analysis: Analysis,
    tables: dict[str, pd.DataFrame],
    figures: dict[str, bytes],
    *,
    lang: str,
    title: str,
) -> dict:
    """Everything the typst template shows, as JSON-ready data."""
    t = LABELS[lang]
    corpus = analysis.corpus
    arts = corpus.articles
    prec = corpus_precision(analysis)  # one date format in the report (analysis.dates)
    n_para = sum(len(a.paragraphs) for a in arts)
    n_analysed = sum(len(a.analysed) for a in arts)
    cover = [
        (t["c_corpus"], title),
        *shared_metadata(corpus, META_NAMES[lang]),
        (t["c_dates"], _date_range([shown_date(a.date, prec) for a in arts], t["undated"])),
        (t["c_articles"], t["c_articles_n"].format(n=len(arts), f=len({a.file for a in arts}))),
        (t["c_paragraphs"], f"{n_analysed:,} / {n_para:,}"),
        (t["c_chars"], f"{analysis.characters:,}"),
        (t["c_tokens"], f"{analysis.tokens.n_tokens:,}"),
        (
            t["c_asof"],
            max((a.date for a in arts if a.date), default=t["undated"]),  # the exact latest date
        ),
    ]
    art_table = tables["articles"]
    by_id = {a.article_id: a for a in arts}
    rows = [
        [
            r.article_id,
            "" if r.title in (r.article_id, r.date) else _short(r.title, 28),
            shown_date(r.date, prec) or "–",
            _short(" / ".join(dict.fromkeys(x for x in (by_id[r.article_id].get("kind"), r.source) if x)), 24) or "–",
            int(r.paragraphs),
            int(r.characters),
            int(r.tokens),
        ]
        for r in art_table.head(MAX_ARTICLE_ROWS).itertuples()
    ]  # fmt: skip
    role_counts = Counter(p.role for a in arts for p in a.paragraphs)
    role_rows = [
        [r, role_counts[r], t["yes"] if r in ANALYSED_ROLES else t["no"], ROLE_NAMES[lang][r]]
        for r in ROLES
        if role_counts[r]
    ]
    clouds = []
    for name in sorted(f for f in figures if f.startswith("cloud_article_")):
        a = arts[int(name.removeprefix("cloud_article_").removesuffix(".png"))]
        caption = t["cloud_caption"].format(label=article_label(a, 60, prec), file=a.file)
        clouds.append({"figure": f"figures/{name}", "caption": caption})
    n_with_text = sum(1 for a in arts if a.characters)
    config_rows = [
        [
            section or "–",
            key,
            json.dumps(list(v) if isinstance(v, tuple) else v, ensure_ascii=False),
        ]
        for section, key, v in config_items(analysis.config)
    ]
    counts = Counter(e.path for e in (*analysis.stopwords, *analysis.keep, *analysis.lexicon))
    cfg = analysis.config
    files = [
        str(p) for p in word_files(cfg.segment.lexicon, cfg.stopwords.paths, cfg.stopwords.keep)
    ]
    if Path(cfg.themes.lexicon).is_file():
        files.append(cfg.themes.lexicon)
        counts[cfg.themes.lexicon] = len(read_theme_lexicon(cfg.themes.lexicon))
    file_rows = [[p, counts.get(p, 0), sha] for p, sha in files_digest(files)]
    libs = ", ".join(
        f"{d} {_dist_version(d)}"
        for d in ("jieba", "rjieba", "scikit-learn", "matplotlib", "wordcloud", "typst")
    )
    facts = [
        (t["f_version"], __version__),
        (t["f_engine"], analysis.engine),
        (t["f_python"], libs),
        (t["f_seeds"], analysis.seed_dir),
        (t["f_font"], f"{FONT_FAMILY} ({font_path().name}, SIL OFL)"),
        # no cache facts: a warm run's PDF is byte-identical to a cold one's (analysis.cache)
    ]
    return {
        "findings": _findings_data(analysis, tables["findings"], t),
        "themes": _themes_data(analysis, figures, t),
        "slogans": _slogans_data(analysis, figures, t),
        "compare": _compare_data(analysis, figures, t),
        "trends": _trends_data(analysis, figures, t),
        "echo": echo_data(analysis.echo, figures, lang, corpus_precision(analysis)),
        "lang": lang,
        "labels": t,
        "title": title,
        "cover": cover,
        "articles": {
            "header": [
                t["h_id"],
                t["h_title"],
                t["h_date"],
                t["h_kind_source"],
                t["h_paragraphs"],
                t["h_chars"],
                t["h_tokens"],
            ],
            "rows": rows,
            "omitted": max(0, len(arts) - MAX_ARTICLE_ROWS),
            "omitted_note": t["articles_omitted"].format(k=MAX_ARTICLE_ROWS, n=len(arts)),
        },
        "roles": {
            "header": [t["h_role"], t["h_count"], t["h_analysed"], t["h_meaning"]],
            "rows": role_rows,
        },
        "notices": [str(n) for n in analysis.notices],
        "terms": {
            "figure": "figures/terms.png" if "terms.png" in figures else None,
            "caption": t["terms_caption"].format(
                n=min(analysis.config.report.top_terms, len(analysis.term_frequencies))
            ),
            "empty": t["terms_empty"],
        },
        "article_clouds": clouds,
        "article_clouds_note": (
            t["clouds_omitted"].format(
                n=n_with_text - len(clouds),
                k=analysis.config.report.article_pages,
                how=t["clouds_by_time" if _clouds_by_time(analysis) else "clouds_by_size"],
            )
            if n_with_text > len(clouds)
            else ""
        ),
        "method": {
            "facts": facts,
            "config": {"header": [t["h_section"], t["h_key"], t["h_value"]], "rows": config_rows},
            "files": {"header": [t["h_file"], t["h_entries"], t["h_sha"]], "rows": file_rows},
        },
    }


def _lang_of(labels: dict[str, str]) -> str:
    return next((k for k, v in LABELS.items() if v is labels), "zh")


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


MAX_LEADING_EACH = 8


def _findings_data(analysis: Analysis, findings: pd.DataFrame, t: dict[str, str]) -> list[str]:
    """The key findings as sentences, from ``findings.csv``."""
    arts = analysis.corpus.articles
    index = {a.article_id: a for a in arts}
    sep, gsep = t["list_sep"], t["group_sep"]

    def rows(kind: str) -> list:
        return list(findings[findings["finding"] == kind].itertuples())

    def label(article_id: str) -> str:
        return article_label(index[article_id], 24, corpus_precision(analysis)) if article_id in index else article_id

    def shifts(items) -> str:
        return sep.join(
            t["fd_shift_item"].format(x=r.item, a=f"{r.baseline:.1f}", b=f"{r.value:.1f}")
            for r in items
        )

    out = [
        t["fd_corpus"].format(
            n=f"{len(arts):,}",
            dates=_date_range([shown_date(a.date, corpus_precision(analysis)) for a in arts], t["undated"]),
            chars=f"{analysis.characters:,}",
        )
    ]
    if top := rows("top_term"):
        items = sep.join(t["fd_count_item"].format(x=r.item, n=f"{int(r.value):,}") for r in top)
        out.append(t["fd_terms"].format(items=items))
    if top := rows("top_slogan"):
        items = gsep.join(
            t["fd_slogan_item"].format(s=r.item, c=int(r.value), a=int(r.baseline)) for r in top
        )
        out.append(t["fd_slogans"].format(items=items))
    th = analysis.themes
    if th is not None and (main := rows("main_theme")):
        out.append(t["fd_main_theme"].format(k=th.k, theme=main[0].item, share=_percent(main[0].value)))  # fmt: skip
        if tent := rows("tentative_theme"):
            names = sep.join(r.item for r in tent)
            out.append(t["fd_tentative"].format(items=names, m=f"{tent[0].baseline:.2f}"))
        lead = rows("leading_theme")
        if 0 < len(lead) <= MAX_LEADING_EACH:
            items = gsep.join(
                t["fd_lead_item"].format(a=label(r.subject), theme=r.item, share=_percent(r.value))
                for r in lead
            )
            out.append(t["fd_leading_each"].format(items=items))
        elif lead:
            by_theme: dict[str, list[str]] = {}
            for r in lead:
                by_theme.setdefault(r.item, []).append(shown_date(index[r.subject].date, corpus_precision(analysis)))
            ranked = sorted(by_theme.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            items = gsep.join(
                t["fd_group_item"].format(theme=theme, n=len(d), span=_date_range(d, t["undated"]))
                for theme, d in ranked
            )
            out.append(t["fd_leading_groups"].format(items=items))
        if stab := rows("theme_stability"):
            r = stab[0]
            key = "fd_stable" if r.value >= r.baseline else "fd_unstable"
            out.append(t[key].format(s=f"{r.value:.2f}", m=f"{r.baseline:.1f}"))
    res = analysis.slogans
    if res is not None and res.slogans:
        split = split_periods(res.periods["period"].unique())
        if split is None:
            out.append(t["fd_no_time"].format(n=res.periods["period"].nunique()))
        else:
            late, early = split.late_label, split.early_label
            if up := rows("rising_slogan"):
                out.append(t["fd_rising"].format(late=late, early=early, items=shifts(up)))
            else:
                out.append(t["fd_no_rising"].format(late=late, early=early))
            if down := rows("falling_slogan"):
                out.append(t["fd_falling"].format(items=shifts(down)))
            if caution := _split_caution(analysis, split, t):
                out.append(caution)
    if d := rows("distinct_article"):
        r = d[0]
        out.append(t["fd_distinct"].format(article=label(r.subject), v=f"{r.value:.2f}", b=f"{r.baseline:.2f}"))  # fmt: skip
    if c := rows("closest_pair"):
        r = c[0]
        out.append(t["fd_closest"].format(a=label(r.subject), b=label(r.item), c=f"{r.value:.2f}"))
    if echo_line := findings_line(findings, _lang_of(t)):
        out.append(echo_line)
    return out


def _split_caution(analysis: Analysis, split, t: dict[str, str]) -> str:
    """The genre caution for the rising/falling formulations: the earlier and the later
    periods' articles differ in kind or source."""
    from .periods import periods as article_periods  # noqa: PLC0415

    arts = analysis.corpus.articles
    per = article_periods([a.date for a in arts])
    late, early = set(split.late), set(split.early)
    side = [[{"kind": a.get("kind") or "", "source": a.get("source") or ""}
             for a, p in zip(arts, per, strict=True) if p in s] for s in (late, early)]  # fmt: skip
    diff = kind_difference(*side)
    if diff is None:
        return ""
    column, a, b = diff
    return t["fd_genre_caution"].format(
        field=META_NAMES[t["lang_code"]].get(column, column), a=t["list_sep"].join(a), b=t["list_sep"].join(b)
    )


def _themes_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    th = analysis.themes
    if th is None:
        return {"available": False, "note": t["no_themes"].format(why=analysis.themes_note)}
    lang_en = t is LABELS["en"]
    table = th.k_selection
    if th.chosen_by == "auto":
        intro = t["k_chosen_auto"].format(
            k=th.k,
            m=f"{th.stability_floor:.2f}",
            lo=int(table["k"].min()),
            hi=int(table["k"].max()),
        )
    else:
        intro = t["k_chosen_fixed"].format(k=th.k)
    search = analysis.theme_search
    if th.chosen_by == "auto" and search.get("previous_k"):
        intro += " " + t["k_window"].format(
            k=search["previous_k"], lo=search["k_min"], hi=search["k_max"]
        )
    items = []
    toks = analysis.tokens
    arts = analysis.corpus.articles
    for k in range(th.k):
        name = th.labels_en[k] if lang_en else th.labels[k]
        excerpts = []
        for i in analysis.excerpts[k][: analysis.config.themes.excerpts]:
            art = arts[int(toks.article[i])]
            para = art.paragraphs[int(toks.paragraph[i])]
            where = f"{article_label(art, 40, corpus_precision(analysis))} · {art.file}:{para.line}"
            excerpts.append({"text": _short(para.content, 220), "source": where})
        items.append(
            {
                "title": t["theme_title"].format(n=k + 1, name=name)
                + (t["tentative_mark"] if th.tentative[k] else ""),
                "stats": t["theme_stats"].format(
                    share=_percent(th.shares[k]),
                    score=f"{th.label_scores[k]:.2f}",
                    by=t["by_lexicon"] if th.named[k] else t["by_terms"],
                    stab=f"{th.stability[k]:.2f}",
                ),  # fmt: skip
                "terms_figure": f"figures/theme_{k:02d}_terms.png",
                "terms_caption": t["theme_terms_caption"].format(name=name),
                "cloud_figure": f"figures/theme_{k:02d}_cloud.png",
                "cloud_caption": t["theme_cloud_caption"].format(name=name),
                "excerpts": excerpts,
            }
        )
    n_with = int((analysis.article_themes.sum(axis=1) > 0).sum())
    shown = len(_heatmap_articles(analysis))
    return {
        "available": True,
        "intro": intro,
        "k_figure": "figures/k_selection.png" if "k_selection.png" in figures else None,
        "k_table": {
            "header": [t["h_k"], t["h_coherence"], t["h_stability"], t["h_chosen"]],
            "rows": [
                [
                    int(r.k),
                    f"{r.coherence:.3f}",
                    f"{r.stability:.3f}",
                    "✓" if r.chosen else "",
                ]
                for r in table.itertuples()
            ],
        },
        "items": items,
        "heatmap": "figures/theme_heatmap.png" if "theme_heatmap.png" in figures else None,
        "heatmap_note": t["heatmap_omitted"].format(k=shown, n=n_with) if n_with > shown else "",
    }


MAX_PAIRS = 6
MAX_TIMED_PAIRS = 8
MAX_SIMILARITY_ARTICLES = 40


def _shown_pairs(analysis: Analysis) -> list[tuple[str, str]]:
    """The comparisons drawn in the report: periods and eras in time order (the latest
    ``MAX_TIMED_PAIRS``), other groups the largest first, at most ``MAX_PAIRS``."""
    cmp = analysis.comparison
    key = cmp.keyness[cmp.keyness["kind"] == "term"]
    pairs = list(dict.fromkeys(zip(key["target"], key["reference"], strict=True)))
    size: dict[str, int] = {}
    for a, g in zip(analysis.corpus.articles, cmp.article_groups, strict=True):
        size[g] = size.get(g, 0) + a.characters
    if cmp.by in ("period", "era"):
        rank = {g: i for i, g in enumerate(cmp.groups)}
        pairs.sort(key=lambda p: (rank.get(p[0], len(rank)), p[1]))
        return pairs[-MAX_TIMED_PAIRS:]
    pairs.sort(key=lambda p: (-sum(size.get(g, 0) for g in p[0].split(",")), p[0]))
    return pairs[:MAX_PAIRS]


def _group_name(name: str, analysis: Analysis, t: dict[str, str], width: int = 18) -> str:
    from .compare import REST  # noqa: PLC0415

    if name == REST:
        return t["rest"]
    if analysis.comparison.by == "article":
        art = next((a for a in analysis.corpus.articles if a.article_id == name), None)
        if art is not None:
            return article_label(art, width, corpus_precision(analysis))
    return _short(name, width)


def _pair_meta(analysis: Analysis, target: str, reference: str):
    """The manifest values of the articles on each side of one comparison."""
    from .compare import REST  # noqa: PLC0415

    tg = set(target.split(","))
    rf = None if reference == REST else set(reference.split(","))
    side_t, side_r = [], []
    for a, g in zip(analysis.corpus.articles, analysis.comparison.article_groups, strict=True):
        meta = {"kind": a.get("kind") or "", "source": a.get("source") or ""}
        if g in tg:
            side_t.append(meta)
        elif g and (rf is None or g in rf):
            side_r.append(meta)
    return side_t, side_r


def genre_caution(analysis: Analysis, target: str, reference: str, t: dict[str, str]) -> str:
    """A caution when the two sides of a comparison differ in kind or source (an interview
    against inspection reports compares genres, not times); "" when they do not."""
    diff = kind_difference(*_pair_meta(analysis, target, reference))
    if diff is None:
        return ""
    column, a, b = diff
    sep = t["list_sep"]
    return t["genre_caution"].format(
        field=META_NAMES[t["lang_code"]].get(column, column), a=sep.join(a), b=sep.join(b)
    )


def _significance_note(rows: pd.DataFrame, t: dict[str, str]) -> str:
    n = int(rows["significant"].sum()) if "significant" in rows else 0
    return t["sig_some"].format(n=n, m=len(rows)) if n else t["sig_none"].format(m=len(rows))


def _compare_figures(analysis: Analysis, labels: dict[str, str], clouds) -> None:
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
                "random_state": analysis.config.random_state,
                "color_of": colour,
            }
            clouds.submit("compare_cloud.png", freqs, kwargs)
    if cmp.by in ("period", "era") and 2 <= len(groups) <= MAX_GROUP_CLOUDS:
        _submit_group_clouds(analysis, groups, clouds)
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


def _submit_group_clouds(analysis: Analysis, groups: list[str], clouds) -> None:
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
            kwargs = {"max_words": analysis.config.report.wordcloud_words,
                      "random_state": analysis.config.random_state}  # fmt: skip
            clouds.submit(f"cloud_group_{gi:02d}.png", freqs, kwargs)


def similarity_matrix(analysis: Analysis) -> tuple[list[str], np.ndarray] | None:
    """The similarity heatmap's labels and cosines: every pair of articles up to
    ``MAX_SIMILARITY_ARTICLES``; beyond, in a dated corpus, every pair of periods (their
    summed counts as TF-IDF rows), however many; ``None`` otherwise."""
    from .compare.eras import period_vectors  # noqa: PLC0415
    from .periods import periods as article_periods  # noqa: PLC0415

    arts = analysis.corpus.articles
    n = len(arts)
    per = article_periods([a.date for a in arts])
    present = sorted(set(per) - {""})
    if 2 < n <= MAX_SIMILARITY_ARTICLES and analysis.comparison.by not in ("period", "era"):
        ids = [a.article_id for a in arts]
        index = {a: i for i, a in enumerate(ids)}
        matrix = np.eye(n)
        for r in analysis.comparison.similarity.itertuples():
            i, j = index[r.article_a], index[r.article_b]
            matrix[i, j] = matrix[j, i] = r.cosine
        return [article_label(a, 14, corpus_precision(analysis)) for a in arts], matrix
    if len(present) >= 3:
        vectors = period_vectors(analysis.article_dtm.matrix, per, present)
        return present, np.round(vectors @ vectors.T, 6)
    if n > MAX_SIMILARITY_ARTICLES:  # many undated articles: in cluster order, or clusters
        import scipy.sparse as sp  # noqa: PLC0415

        from .compare.similarity import article_cosines, clustered_similarity  # noqa: PLC0415

        counts = sp.csr_matrix(analysis.article_dtm.matrix)
        keep = np.flatnonzero(counts.getnnz(axis=1))  # not the duplicates, analysed once
        sim = article_cosines(counts[keep])
        prec = corpus_precision(analysis)
        return clustered_similarity(sim, [article_label(arts[i], 14, prec) for i in keep])
    return None


def similarity_kind(analysis: Analysis) -> str:
    """What the similarity heatmap shows: ``articles``, ``periods`` or ``clustered`` (many
    undated articles, in cluster order or grouped into clusters)."""
    from .periods import periods as article_periods  # noqa: PLC0415

    arts = analysis.corpus.articles
    present = set(article_periods([a.date for a in arts])) - {""}
    if analysis.comparison.by in ("period", "era") or len(arts) > MAX_SIMILARITY_ARTICLES:
        return "periods" if len(present) >= 3 else "clustered"
    return "articles"


def _compare_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    cmp = analysis.comparison
    if cmp is None:
        return {"available": False}
    against = analysis.config.compare.against if not analysis.config.compare.target else "rest"
    by = {
        "article": t["by_article"],
        "period": t["by_period_" + against],
        "era": t["by_era_" + against],
    }.get(cmp.by, t["by_field"].format(field=cmp.by))
    method = t[f"method_{analysis.config.compare.method}"]
    key_all = cmp.keyness[cmp.keyness["kind"] == "term"]
    items = []
    for i, (target, reference) in enumerate(_shown_pairs(analysis)):
        name = f"keyness_{i:02d}.png"
        if name in figures:
            title = t["vs"].format(
                t=_group_name(target, analysis, t, 30), r=_group_name(reference, analysis, t, 30)
            )
            rows = key_all[(key_all["target"] == target) & (key_all["reference"] == reference)]
            items.append({"title": title, "figure": f"figures/{name}",
                          "note": _significance_note(rows, t),
                          "caution": genre_caution(analysis, target, reference, t)})  # fmt: skip
    n_pairs = len(set(zip(key_all["target"], key_all["reference"], strict=True)))
    groups = [g for g in cmp.groups if g]
    legend = [
        {"name": _group_name(g, analysis, t, 16), "colour": PALETTE[i % len(PALETTE)]}
        for i, g in enumerate(groups[: len(PALETTE)])
    ]
    sim = cmp.similarity
    timed = cmp.by in ("period", "era")
    if timed:  # neighbouring years are alike anyway: the closest pairs across periods or eras
        group_of = dict(zip((a.article_id for a in analysis.corpus.articles), cmp.article_groups, strict=True))
        sim = sim[sim["article_a"].map(group_of) != sim["article_b"].map(group_of)]
    by_id = {a.article_id: a for a in analysis.corpus.articles}
    prec = corpus_precision(analysis)
    closest = [
        [article_label(by_id[r.article_a], 22, prec), article_label(by_id[r.article_b], 22, prec), round(float(r.cosine), 3)]
        for r in sim.head(10).itertuples()
    ]  # fmt: skip
    diff_rows = []
    if not cmp.slogan_diff.empty:
        rank = {g: i for i, g in enumerate(cmp.groups)}
        grouped = sorted(
            cmp.slogan_diff.groupby(["group_a", "group_b"], sort=False),
            key=lambda kv: (rank.get(kv[0][0], len(rank)), kv[0]),
        )
        for (a, b), g in grouped:
            cells = [g[g["status"] == s]["slogan"].head(6).tolist() for s in ("new", "dropped", "kept")]
            diff_rows.append([_group_name(a, analysis, t), _group_name(b, analysis, t),
                              *["、".join(c) or "–" for c in cells]])  # fmt: skip
    eras = cmp.eras if cmp.eras is not None else pd.DataFrame()
    era_note = ""
    if len(eras):
        spans = t["list_sep"].join(f"{r.era}" for r in eras.itertuples())
        era_note = t["eras_" + eras["source"].iloc[0]].format(n=len(eras), eras=spans)
    sim_kind = similarity_kind(analysis) if "similarity.png" in figures else "articles"
    return {
        "available": True,
        "intro": t["compare_intro"].format(by=by, method=method, n=len(groups)),
        "eras": era_note,
        "items": items,
        "omitted": t["pairs_omitted"].format(n=n_pairs - len(items))
        if n_pairs > len(items)
        else "",
        "group_clouds": [
            {"figure": f"figures/cloud_group_{i:02d}.png",
             "caption": t["group_cloud_caption"].format(group=_group_name(g, analysis, t, 30))}
            for i, g in enumerate(groups) if f"cloud_group_{i:02d}.png" in figures
        ],  # fmt: skip
        "cloud": "figures/compare_cloud.png" if "compare_cloud.png" in figures else None,
        "cloud_caption": t["compare_cloud_caption"].format(legend="").rstrip("：: "),
        "legend": legend,
        "similarity": "figures/similarity.png" if "similarity.png" in figures else None,
        "similarity_caption": t["similarity_caption_" + sim_kind],
        "similarity_note": ""
        if "similarity.png" in figures or len(analysis.corpus.articles) <= 2
        else t["similarity_none"],
        "closest": {"header": [t["h_a"], t["h_b"], t["h_cosine"]], "rows": closest,
                    "title": t["closest_across_" + cmp.by] if timed else t["closest"]},
        "group_themes": "figures/group_themes.png" if "group_themes.png" in figures else None,
        "diff": {
            "header": [t["h_from"], t["h_to"], t["h_new"], t["h_dropped"], t["h_kept"]],
            "rows": diff_rows[-12:],
        },
    }


def _trend_series(trends, kind: str, items, axis) -> dict[str, list[float]]:
    """Rates per period of ``items``; for themes the share (%) of the period's text that the
    themes explain, so a period's themes add up to 100% (the article heatmap's meaning)."""
    df = trends[trends["kind"] == kind]
    if kind == "theme":
        sums = df.groupby("period")["count"].sum()
        df = df.assign(rate=100 * df["count"] / df["period"].map(sums).where(lambda v: v > 0))
    series = {}
    for item in items:
        rows = df[df["item"] == item].set_index("period")["rate"]
        series[_short(item, 12)] = [float(rows[p]) if p in rows.index else 0.0 for p in axis]
    return series


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


def _trend_terms(analysis: Analysis) -> list[str]:
    from .compare.trends import movers  # noqa: PLC0415

    pinned = [x for x in analysis.config.trends.terms if x]
    if pinned:
        return pinned
    present = sorted(p for p in analysis.trends["period"].unique() if p)
    part_of = _span_parts(analysis, present)
    n = max(8, min(16, 2 * len(set(part_of.values()))))
    return sustained_movers(analysis.trends, "term", n=n, part_of=part_of) or movers(
        analysis.trends, "term", n=8
    )


def _trend_figures(analysis: Analysis, labels: dict[str, str], jobs) -> None:
    trends = analysis.trends
    present = sorted(trends["period"].unique()) if len(trends) else []
    if len(present) < 3:
        return
    axis = [p for p in present if p]
    if analysis.themes is not None:
        series = _trend_series(trends, "theme", analysis.themes.labels, axis)
        jobs.add("theme_trends.png", _draw_series, axis, series, labels["share_pct"])
    terms = _trend_terms(analysis)
    if terms:
        jobs.add("term_trends.png", _draw_series, axis,
                 by_peak(_trend_series(trends, "term", terms, axis)), labels["rate"])  # fmt: skip


def _trends_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    trends = analysis.trends
    present = sorted(trends["period"].unique()) if trends is not None and len(trends) else []
    unit = t["unit_month"] if present and len(present[0]) == 7 else t["unit_year"]
    which = t["terms_pinned"] if analysis.config.trends.terms else t["terms_movers"]
    return {
        "howto": t["trends_howto"].format(unit=unit),
        "note": "" if len(present) >= 3 else t["trends_none"].format(n=len(present)),
        "themes": "figures/theme_trends.png" if "theme_trends.png" in figures else None,
        "themes_caption": t["theme_trends_caption"].format(unit=unit),
        "terms": "figures/term_trends.png" if "term_trends.png" in figures else None,
        "terms_caption": t["term_trends_caption"].format(which=which, unit=unit),
    }


def _slogans_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    res = analysis.slogans
    if res is None or not res.slogans:
        return {"available": False, "note": t["no_slogans"]}
    cfg = analysis.config.slogans
    table = res.table.head(cfg.top)
    prec = corpus_precision(analysis)
    rows = [
        [i + 1, t["successor_of"].format(s=r.slogan, o=r.successor_of) if r.successor_of
         else r.slogan, t[f"kind_{r.kind}"], int(r.count), int(r.articles),
         shown_date(r.first_date, prec) or "–", shown_date(r.last_date, prec) or "–"]
        for i, r in enumerate(table.itertuples())
    ]  # fmt: skip
    arts = analysis.corpus.articles
    index = {a.article_id: a for a in arts}
    kwic = []
    for s in res.slogans[: cfg.kwic]:
        lines = spread_kwic(res.kwic[res.kwic["slogan"] == s.text], index, n=2)
        items = []
        for r in lines.itertuples():
            art = index[r.article_id]
            items.append(
                {"left": r.left, "match": r.match, "right": r.right,
                 "source": f"{shown_date(art.date, prec)} · {art.file}:{r.line}" if art.date else f"{art.file}:{r.line}"}
            )  # fmt: skip
        kwic.append({"slogan": s.text, "lines": items})
    present = res.periods["period"].unique()
    unit = t["unit_month"] if len(present) and len(present[0]) == 7 else t["unit_year"]
    return {
        "available": True,
        "header": [
            t["h_rank"],
            t["h_slogan"],
            t["h_kind"],
            t["count"],
            t["h_articles"],
            t["h_first"],
            t["h_last"],
        ],  # fmt: skip
        "rows": rows,
        "omitted": t["slogans_omitted"].format(k=len(rows), n=len(res.slogans))
        if len(res.slogans) > len(rows)
        else "",
        "timeline": "figures/slogan_timeline.png" if "slogan_timeline.png" in figures else None,
        "timeline_caption": t["timeline_caption"].format(unit=unit),
        "timeline_note": ""
        if "slogan_timeline.png" in figures
        else t["timeline_none"].format(n=len(present)),
        "kwic": kwic,
    }


def spread_kwic(rows: pd.DataFrame, articles: dict, *, n: int) -> pd.DataFrame:
    """``n`` keyword-in-context lines spread over articles and dates: the first use in each
    article, the articles taken from the earliest and the latest date inward; a line (file and
    line number) or a text shown once only."""
    if rows.empty:
        return rows
    firsts = rows.drop_duplicates("article_id")
    order = sorted(
        firsts.index,
        key=lambda i: (articles[firsts.at[i, "article_id"]].date or "9999", firsts.at[i, "article_id"]),
    )
    ends = []
    lo, hi = 0, len(order) - 1
    while lo <= hi:
        ends.append(order[lo])
        if hi != lo:
            ends.append(order[hi])
        lo, hi = lo + 1, hi - 1
    picked, seen = [], set()
    for i in [*ends, *rows.index]:
        r = rows.loc[i]
        where = (articles[r["article_id"]].file, int(r["line"]))
        text = r["left"] + r["match"] + r["right"]
        if where in seen or text in seen or i in picked:
            continue
        seen.update({where, text})
        picked.append(i)
        if len(picked) == n:
            break
    return rows.loc[sorted(picked, key=lambda i: (articles[rows.at[i, "article_id"]].date or "9999", i))]


def _dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "–"


def _json_default(obj):
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def compile_pdf(data: dict, figures: dict[str, bytes], *, timestamp: dt.datetime) -> bytes:
    """Typeset the report with typst: data goes in as JSON, fonts are only Noto Sans CJK SC.

    Raises
    ------
    TifaError
        typst failed, or warned about a font (a missing family silently falls back, which would
        print boxes instead of Chinese).
    """
    import typst  # noqa: PLC0415 - slow import, only when writing the PDF

    with tempfile.TemporaryDirectory(prefix="tifa-typst-") as tmp:
        root = Path(tmp)
        (root / "fonts").mkdir()
        (root / "fonts" / font_path().name).symlink_to(font_path())
        (root / "figures").mkdir()
        for name, png in figures.items():
            (root / "figures" / name).write_bytes(png)
        (root / "data.json").write_text(
            json.dumps(data, ensure_ascii=False, default=_json_default), encoding="utf-8"
        )
        template = resources.files("analysis").joinpath("templates/report.typ").read_text("utf-8")
        (root / "report.typ").write_text(template, encoding="utf-8")
        try:
            pdf, warnings = typst.compile_with_warnings(
                str(root / "report.typ"),
                root=str(root),
                font_paths=[str(root / "fonts")],
                ignore_system_fonts=True,
                sys_inputs={"data": "data.json"},
                timestamp=timestamp,
            )
        except typst.TypstError as exc:
            raise TifaError(f"typst could not typeset the report: {exc.message}") from None
        bad = [w for w in warnings if "font" in w.message.lower()]
        if bad:
            raise TifaError(f"typst font problem: {bad[0].message}; run `make distclean setup`")
    return pdf


def build_outputs(
    analysis: Analysis,
    *,
    lang: str,
    title: str,
    timestamp: dt.datetime | None = None,
    previous: dict | None = None,
    cache=None,
) -> Outputs:
    """Compute tables, figures and the PDF in memory; ``previous`` is the summary of the last
    run into the same folder (``None``: a fresh folder), for the changes it made. ``cache``
    (an :class:`analysis.cache.Cache`) keeps figures and PDF by what they are made from."""
    from .stages import cached_pdf, figures_common  # noqa: PLC0415

    summary = run_summary(analysis)
    tables = build_tables(analysis)
    tables["changes"] = changes(previous, summary)
    figures = render_figures(analysis, labels=LABELS[lang], cache=cache, common=figures_common())
    data = report_data(analysis, tables, figures, lang=lang, title=title)
    data["changes"] = _changes_data(tables["changes"], previous is not None, LABELS[lang])
    stamp = timestamp or data_timestamp(analysis)
    template = resources.files("analysis").joinpath("templates/report.typ").read_text("utf-8")
    pdf = cached_pdf(
        cache,
        [json.dumps(data, ensure_ascii=False, default=_json_default, sort_keys=True), template,
         stamp.isoformat(), font_path().name, *(x for kv in sorted(figures.items()) for x in kv)],
        lambda: compile_pdf(data, figures, timestamp=stamp),
    )  # fmt: skip
    page = None
    if analysis.config.report.html:
        from .report_html import html_page  # noqa: PLC0415

        page = html_page(analysis, tables, data, lang=lang, cache=cache)
    return Outputs(tables=tables, figures=figures, pdf=pdf, summary=summary_bytes(summary), html=page)


MAX_LISTED_WORDS = 40


def change_lines(table: pd.DataFrame, t: dict[str, str]) -> list[str]:
    """The changes since the last run, one line each (lists, settings, k), for the report and
    the command line; theme changes are a table of their own."""
    lines = []
    sep = t["list_sep"]
    for (change, path), g in table[table["change"].isin(["added", "removed"])].groupby(
        ["change", "item"], sort=False
    ):
        words = (g["after"] if change == "added" else g["before"]).tolist()
        shown = sep.join(words[:MAX_LISTED_WORDS]) + ("…" if len(words) > MAX_LISTED_WORDS else "")
        lines.append(t[f"ch_{change}"].format(file=path, n=len(words), words=shown))
    for r in table[table["change"] == "setting"].itertuples():
        lines.append(t["ch_setting"].format(key=r.item, a=r.before or "–", b=r.after or "–"))
    for r in table[table["change"].isin(["corpus", "k"])].itertuples():
        lines.append(t[f"ch_{r.change}"].format(a=r.before or "–", b=r.after or "–"))
    return lines


def _changes_data(table: pd.DataFrame, had_previous: bool, t: dict[str, str]) -> dict:
    themes = table[table["change"].isin(["theme", "new theme", "gone theme"])]
    rows = []
    for r in themes.itertuples():
        before = [w for w in r.before.split("|") if w]
        after = [w for w in r.after.split("|") if w]
        old = " ".join(t["ch_out"].format(w=w) if w not in after else w for w in before)
        new = " ".join(t["ch_in"].format(w=w) if w not in before else w for w in after)
        rows.append([t[f"ch_kind_{r.change.replace(' ', '_')}"], r.item, old or "–", new or "–"])
    if not had_previous:
        note = t["ch_first"]
    elif table.empty:
        note = t["ch_none"]
    else:
        note = t["ch_intro"].format(n=len(rows))
    return {
        "previous": had_previous,
        "note": note,
        "lines": change_lines(table, t),
        "themes": {"header": [t["h_change"], t["h_theme"], t["h_before"], t["h_after"]],
                   "rows": rows},
    }  # fmt: skip


def write_tables(
    tables: dict[str, pd.DataFrame], out_dir: str | Path, *, prune: bool = True
) -> None:
    """Write the tables into ``out_dir/tables``, each file atomically. With ``prune``, tifa's
    tables that this run does not produce (themes of a corpus now too small) go; files of
    other names are never touched."""
    folder = Path(out_dir) / "tables"
    if prune and folder.is_dir():
        for name in set(COLUMNS) - set(tables):
            stale = folder / f"{name}.csv"
            if stale.is_file():
                stale.unlink()
    for name, df in tables.items():
        write_atomic(folder / f"{name}.csv", to_csv_bytes(df))


def write_outputs(outputs: Outputs, out_dir: str | Path) -> Path:
    """Write tables, figures and the PDF into ``out_dir``, each file atomically, PDF last.

    Files of earlier runs that this run does not produce (figures of removed articles) are
    removed, so the folder always shows one run.
    """
    out = Path(out_dir)
    write_tables(outputs.tables, out)
    folder = out / "figures"
    if folder.is_dir():
        for old in folder.iterdir():
            if (
                old.is_file()
                and old.name not in outputs.figures
                and FIGURE_NAME.fullmatch(old.name)
            ):
                old.unlink()
    for name, png in outputs.figures.items():
        write_atomic(out / "figures" / name, png)
    write_atomic(out / SUMMARY_NAME, outputs.summary)
    if outputs.html is not None:
        write_atomic(out / "report.html", outputs.html)
    pdf_path = out / "report.pdf"
    write_atomic(pdf_path, outputs.pdf)
    return pdf_path


def corpus_title(seed_dir: str | Path, configured: str, articles=()) -> str:
    """The corpus name on the cover: the configured ``[report] title``, else the manifest's
    ``source`` and ``kind`` when every article shares one (``政府工作报告 · 国务院``), else the
    seeds folder's name (a file's name without ``.txt`` when SEEDS_DIR is one file)."""
    from .ingest import shown_name  # noqa: PLC0415

    if configured:
        return configured
    shared = []
    for key in ("kind", "source"):
        values = {a.get(key) or "" for a in articles}
        if len(values) == 1 and (value := values.pop()):
            shared.append(value)
    path = Path(seed_dir).resolve()
    folder = shown_name(path.stem if path.is_file() else path.name)
    return " · ".join(dict.fromkeys(shared)) or folder
