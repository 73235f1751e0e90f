"""Everything the typst template shows, as JSON-ready data: cover, key findings, tables, method."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from importlib import metadata
from pathlib import Path

import pandas as pd

from .. import __version__
from ..ingest import ANALYSED_ROLES, ROLES
from ..ingest.dates import corpus_precision, shown_date, span_days
from ..result import Analysis
from ..themes import read_theme_lexicon
from ..wordlists import files_digest, word_files
from .canvas import FONT_FAMILY, font_path
from .echo import echo_data, findings_line
from .findings import HEADLINE_TOP, MIN_SPAN_DAYS, split_periods, time_split
from .labels import LABELS, META_NAMES, ROLE_NAMES
from .options import ReportOptions
from .readings import kind_difference
from .sections import _compare_data, _slogans_data, _themes_data, _trends_data
from .select import _clouds_by_time, _date_range, _lang_of, _percent, _short, article_label

MAX_ARTICLE_ROWS = 60
MAX_LEADING_EACH = 8


def data_timestamp(analysis: Analysis) -> dt.datetime:
    """The report's date, from the data: the latest article date (epoch 0 when undated).

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    datetime
        UTC, midnight of the latest date.
    """
    known = sorted(a.date for a in analysis.corpus.articles if a.date)
    if not known:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    parts = [int(x) for x in known[-1].split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


def shared_metadata(corpus, names: dict[str, str]) -> list[tuple[str, str]]:
    """Metadata every article shares (one person, one region, one source), for the cover.

    Parameters
    ----------
    corpus : Corpus
        The corpus.
    names : dict
        Shown names of the metadata keys.

    Returns
    -------
    list of (str, str)
        (shown name, value) pairs.
    """
    out = []
    for key in ("person", "region", "source", *corpus.meta_columns):
        values = {a.get(key) for a in corpus.articles}
        if len(values) == 1 and (value := values.pop()) and key not in {k for k, _ in out}:
            out.append((key, value))
    return [(names.get(k, k), v) for k, v in out]


def report_data(
    analysis: Analysis,
    options: ReportOptions,
    tables: dict[str, pd.DataFrame],
    figures: dict[str, bytes],
    *,
    lang: str,
    title: str,
) -> dict:
    """Everything the typst template shows, as JSON-ready data.

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    options : ReportOptions
        The report's settings.
    tables : dict of DataFrame
        The run's tables.
    figures : dict of bytes
        The drawn figures by file name.
    lang : str
        "zh" or "en".
    title : str
        The corpus name on the cover.

    Returns
    -------
    dict
        The template's ``data.json``.
    """
    t = LABELS[lang]
    corpus = analysis.corpus
    arts = corpus.articles
    prec = corpus_precision(analysis)  # one date format in the report (analysis.ingest.dates)
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
        for section, key, v in options.settings
    ]
    counts = Counter(e.path for e in (*analysis.stopwords, *analysis.keep, *analysis.lexicon))
    files = [str(p) for p in word_files(options.lexicon, options.stopwords, options.keep)]
    if Path(options.theme_lexicon).is_file():
        files.append(options.theme_lexicon)
        counts[options.theme_lexicon] = len(read_theme_lexicon(options.theme_lexicon))
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
        # no cache facts: a warm run's PDF is byte-identical to a cold one's (analysis.run.cache)
    ]
    return {
        "findings": _findings_data(analysis, tables["findings"], t),
        "themes": _themes_data(analysis, options, figures, t),
        "slogans": _slogans_data(analysis, options, figures, t),
        "compare": _compare_data(analysis, options, figures, t),
        "trends": _trends_data(analysis, options, figures, t),
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
                n=min(options.top_terms, len(analysis.term_frequencies))
            ),
            "empty": t["terms_empty"],
        },
        "article_clouds": clouds,
        "article_clouds_note": (
            t["clouds_omitted"].format(
                n=n_with_text - len(clouds),
                k=options.article_pages,
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


MAX_LEADING_EACH = 8


def _findings_data(analysis: Analysis, findings: pd.DataFrame, t: dict[str, str]) -> list[str]:
    """The key findings as sentences, from ``findings.csv``."""
    arts = analysis.corpus.articles
    index = {a.article_id: a for a in arts}
    sep, gsep = t["list_sep"], t["group_sep"]
    precision = corpus_precision(analysis)

    def rows(kind: str) -> list:
        return list(findings[findings["finding"] == kind].itertuples())

    def label(article_id: str) -> str:
        return (
            article_label(index[article_id], 24, precision)
            if article_id in index
            else article_id
        )

    def shifts(items) -> str:
        return sep.join(
            t["fd_shift_item"].format(x=r.item, a=f"{r.baseline:.1f}", b=f"{r.value:.1f}")
            for r in items
        )

    out = [
        t["fd_corpus"].format(
            n=f"{len(arts):,}",
            dates=_date_range(
                [shown_date(a.date, precision) for a in arts], t["undated"]
            ),
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
                by_theme.setdefault(r.item, []).append(
                    shown_date(index[r.subject].date, precision)
                )
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
        split = time_split(analysis)  # the same periods as findings.csv, or none
        days = span_days([a.date for a in arts])
        if split is None and split_periods(res.periods["period"].unique()) and days < MIN_SPAN_DAYS:
            out.append(t["fd_cross_section"].format(days=days))
        elif split is None:
            out.append(t["fd_no_time"].format(n=res.periods["period"].nunique()))
        else:
            late, early = split.late_label, split.early_label
            if up := rows("rising_slogan"):
                line = t["fd_rising"].format(late=late, early=early, top=HEADLINE_TOP, items=shifts(up))
                out.append(line)
            else:
                out.append(t["fd_no_rising"].format(late=late, early=early, top=HEADLINE_TOP))
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
    from ..ingest.periods import periods as article_periods  # noqa: PLC0415

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
        field=META_NAMES[t["lang_code"]].get(column, column),
        a=t["list_sep"].join(a),
        b=t["list_sep"].join(b),
    )


def _dist_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "–"
