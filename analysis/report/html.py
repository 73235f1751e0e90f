"""The report's interactive twin: ``report.html``, one self-contained file.

Written from the same data as the PDF (the analysis, its tables and the report's data), with
plotly's script inline and the report font subset to the characters the page uses, so it opens
offline. Same inputs, same bytes: fixed element ids, JSON with sorted keys, no timestamps.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..ingest.dates import corpus_precision
from .canvas import bounded
from .html_assets import CSS, JS
from .html_data import (
    KWIC_WIDTH,
    _json,
    _search_text,
    font_subset,
    query_rules,
    search_data,
    table_data,
)
from .options import ReportOptions

HTML_TABLES = ("slogans", "keyness", "articles")


# --------------------------------------------------------------------------- charts

_LAYOUT = {
    "template": "simple_white",
    "font": {"family": "tifa-cjk, Noto Sans CJK SC, sans-serif", "size": 12},
    "margin": {"l": 60, "r": 20, "t": 40, "b": 60},
    "legend": {
        "orientation": "v",
        "x": 1.02,
        "xanchor": "left",
        "y": 1,
        "yanchor": "top",
        "font": {"size": 11},
    },
    "hovermode": "closest",
}


def _chart(fig, div_id: str) -> str:
    import plotly.io as pio  # noqa: PLC0415

    fig.update_layout(**_LAYOUT)
    return pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})  # fmt: skip


def _gap_shapes(axis: Sequence[str]) -> list[dict]:
    from .readings import axis_gaps  # noqa: PLC0415

    return [
        {"type": "line", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i - 0.5, "y0": 0,
         "y1": 1, "line": {"color": "#9aa5b1", "width": 1, "dash": "dash"}}
        for i in axis_gaps(axis)
    ]  # fmt: skip


def line_chart(axis: Sequence[str], series: dict[str, list[float]], *, title: str, ylabel: str,
               div_id: str) -> str:  # fmt: skip
    """Lines over the periods that have articles (a category axis: no empty stretches), a
    dashed line where periods without articles were left out.

    Parameters
    ----------
    axis : sequence of str
        Periods with articles.
    series : dict
        Name -> values.
    title, ylabel : str
        Words.
    div_id : str
        The chart's element id.

    Returns
    -------
    str
        The chart's HTML.
    """
    import plotly.graph_objects as go  # noqa: PLC0415

    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(go.Scatter(x=list(axis), y=[round(v, 4) for v in values], name=name,
                                 mode="lines+markers",
                                 hovertemplate="%{x}: %{y:.2f}<extra>" + html.escape(name) + "</extra>"))  # fmt: skip
    fig.update_layout(
        title=title,
        yaxis_title=ylabel,
        shapes=_gap_shapes(axis),
        height=max(460, 160 + 22 * len(series)),
    )
    fig.update_xaxes(type="category")
    return _chart(fig, div_id)


def heatmap_chart(z: np.ndarray, rows: Sequence[str], cols: Sequence[str], *, title: str,
                  div_id: str, zmax: float | None = None) -> str:  # fmt: skip
    """A plotly heatmap (rows x columns) on category axes.

    Parameters
    ----------
    z : ndarray
        Rows x columns.
    rows, cols : sequence of str
        Labels.
    title : str
        The heading.
    div_id : str
        The chart's element id.
    zmax : float, optional
        Top of the scale.

    Returns
    -------
    str
        The chart's HTML.
    """
    import plotly.graph_objects as go  # noqa: PLC0415

    fig = go.Figure(go.Heatmap(z=np.round(np.asarray(z, dtype=float), 4).tolist(), x=list(cols),
                               y=list(rows), colorscale="Reds", zmin=0, zmax=zmax))  # fmt: skip
    fig.update_layout(title=title, height=max(360, 120 + 18 * len(rows)))
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category", autorange="reversed", automargin=True)
    return _chart(fig, div_id)


def charts(analysis, options: ReportOptions, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(heading, chart html) of the trend, timeline and theme charts, the PDF's choices.

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    options : ReportOptions
        The report's settings.
    labels : dict
        The report's words.

    Returns
    -------
    list of (str, str)
        (heading, chart HTML) pairs.
    """
    from .select import (  # noqa: PLC0415
        _heatmap_articles,
        _timeline_slogans,
        _trend_series,
        _trend_terms,
        article_label,
        by_peak,
        theme_share_matrix,
    )

    t = labels
    out = []
    trends = analysis.trends
    present = (
        sorted(p for p in trends["period"].unique() if p)
        if trends is not None and len(trends)
        else []
    )
    if len(present) >= 3:
        if analysis.themes is not None:
            series = _trend_series(trends, "theme", analysis.themes.labels, present)
            out.append((t["theme_trends"], line_chart(present, series, title=t["theme_trends"],
                        ylabel=t["share_pct"], div_id="chart-theme-trends")))  # fmt: skip
        if terms := _trend_terms(analysis, options):
            series = by_peak(_trend_series(trends, "term", terms, present))
            out.append((t["term_trends"], line_chart(present, series, title=t["term_trends"],
                        ylabel=t["rate"], div_id="chart-term-trends")))  # fmt: skip
    if analysis.slogans is not None and (names := _timeline_slogans(analysis, options)):
        periods = analysis.slogans.periods
        axis = sorted(p for p in periods["period"].unique() if p)
        if len(axis) >= 3:
            series = {}
            for name in names:
                rows = periods[periods["slogan"] == name].set_index("period")["rate"]
                series[name] = [float(rows[p]) if p in rows.index else 0.0 for p in axis]
            series = by_peak(series)
            out.append((t["timeline"], line_chart(axis, series, title=t["timeline"],
                        ylabel=t["rate"], div_id="chart-timeline")))  # fmt: skip
    if analysis.themes is not None and (rows := _heatmap_articles(analysis)):
        arts = analysis.corpus.articles
        z = theme_share_matrix(analysis)[rows]
        out.append((t["heatmap"], heatmap_chart(
            z, [article_label(arts[i], 24, corpus_precision(analysis)) for i in rows], analysis.themes.labels,
            title=t["heatmap"], div_id="chart-themes", zmax=1.0)))  # fmt: skip
    return out


# --------------------------------------------------------------------------- page


def _compare_notes(cmp: dict) -> str:
    """The PDF's words on the comparisons: the grouping, the eras, and per comparison how many
    terms are significant and the genre caution."""
    if not cmp.get("available"):
        return ""
    parts = [
        f'<p class="muted">{html.escape(cmp["intro"])} {html.escape(cmp.get("eras", ""))}</p><ul>'
    ]
    for item in cmp["items"]:
        caution = (
            f' <span class="kw">{html.escape(item["caution"])}</span>' if item["caution"] else ""
        )
        parts.append(
            f"<li><b>{html.escape(item['title'])}</b>: {html.escape(item['note'])}{caution}</li>"
        )
    parts.append("</ul>")
    return "".join(parts)


def _static_table(header: Sequence[str], rows: Sequence[Sequence]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f'<table class="data echo"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def echo_block(ed: dict, res, lang: str) -> str:
    """The PDF's echo section ("中央提法的呼应", :func:`analysis.report.echo.echo_data`) as
    HTML: the reference, the totals, the four tables, the echo-rate chart and the reused
    sentences.

    Parameters
    ----------
    ed : dict
        The echo section's data.
    res : EchoResult
        The echo result.
    lang : str
        "zh" or "en".

    Returns
    -------
    str
        The section's HTML (```` without echo).
    """
    from .echo import echo_rate_series  # noqa: PLC0415

    t = ed["labels"]
    out = [f'<h2 id="sec-echo">{html.escape(t["echo"])}</h2>',
           f'<p class="muted">{html.escape(t["echo_howto"])}</p>']  # fmt: skip
    if not ed["available"]:
        return "".join([*out, f'<p class="muted">{html.escape(ed["note"])}</p>'])
    out += [
        f'<p class="muted">{html.escape(ed["reference"])}</p>',
        f"<p>{html.escape(ed['totals'])}</p>",
    ]
    none = f'<p class="muted">{html.escape(t["echo_none"])}</p>'
    for key, title in (("echoed", t["echo_echoed"]), ("ahead", t["echo_anticipated"]),
                       ("own", t["echo_own"])):  # fmt: skip
        block = ed[key]
        out += [f"<h3>{html.escape(title)}</h3>",
                _static_table(block["header"], block["rows"]) if block["rows"] else none]  # fmt: skip
    out += [f"<h3>{html.escape(t['echo_gaps'])}</h3>", f'<p class="muted">{html.escape(t["echo_gaps_note"])}</p>',
            _static_table(ed["gaps"]["header"], ed["gaps"]["rows"]) if ed["gaps"]["rows"] else none]  # fmt: skip
    if rates := echo_rate_series(res, lang):
        axis, series = rates
        keep = [i for i in range(len(axis)) if any(not np.isnan(v[i]) for v in series.values())]
        series = {k: [v[i] for i in keep] for k, v in series.items()}
        out += [f"<h3>{html.escape(t['echo_rates'])}</h3>", '<div class="chart">' + line_chart(
            [axis[i] for i in keep], series, title=t["echo_rates_caption"], ylabel=t["share_pct"],
            div_id="chart-echo-rates") + "</div>"]  # fmt: skip
    out += [
        f"<h3>{html.escape(t['echo_reuse'])}</h3>",
        f'<p class="muted">{html.escape(ed["reuse_note"])}</p>',
    ]
    if ed["reuse"]:
        out.append(_static_table(["", ""], [
            [f"{r['text']} ({r['source']})", f"{r['reference_text']} ({r['reference_source']} · {r['similarity']})"]
            for r in ed["reuse"]]))  # fmt: skip
    else:
        out.append(none)
    return "\n".join(out)


def _table_block(name: str, heading: str, filter_label: str, notes: str = "") -> str:
    return (
        f'<h2 id="sec-{name}">{html.escape(heading)}</h2>{notes}'
        f'<input class="filter" id="filter-{name}" placeholder="{html.escape(filter_label)}">'
        f' <span class="muted" id="count-{name}"></span>'
        f'<div class="scroll"><table class="data" id="table-{name}"><thead id="thead-{name}"></thead>'
        f'<tbody id="tbody-{name}"></tbody></table></div>'
    )


def html_page(
    analysis,
    options: ReportOptions,
    tables: dict[str, pd.DataFrame],
    data: dict,
    *,
    lang: str,
    cache=None,
) -> bytes:
    """``report.html``: cover facts, key findings, the search box, the formulations, keyness
    and articles tables (sortable, filterable) and interactive charts, in one file.

    Parameters
    ----------
    analysis : Analysis
    options : ReportOptions
        The report's options (:func:`analysis.report.options.report_options`).
    tables : dict of DataFrame
        The run's tables, as written to ``tables/`` (the page shows the same rows).
    data : dict
        The PDF's data (:func:`analysis.report.report_data`): cover, findings, labels.
    lang : str
    """
    import plotly.offline  # noqa: PLC0415

    from .labels import LABELS  # noqa: PLC0415
    from .select import article_label  # noqa: PLC0415

    t = LABELS[lang]
    arts = analysis.corpus.articles
    search = search_data(analysis)
    shown = {n: table_data(tables[n]) for n in HTML_TABLES if n in tables}
    payload = {
        "articles": [{"file": a.file, "label": article_label(a, 30, corpus_precision(analysis)), "id": a.article_id}
                     for a in arts],
        "kwic_width": KWIC_WIDTH,
        "labels": {"hits": t["html_hits"], "none": t["html_none"]},
        "query": query_rules(_search_text(search)),
        "search": search,
        "tables": shown,
    }  # fmt: skip
    headings = {"slogans": t["slogans"], "keyness": t["compare"], "articles": t["corpus"]}
    chart_blocks = charts(analysis, options, t)
    cover = "".join(
        f"<tr><td class=muted>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>"
        for k, v in data["cover"]
    )
    findings = "".join(f"<li>{html.escape(f)}</li>" for f in bounded(data["findings"]))
    cap_note = ""
    if search["mode"] == "capped":
        cap_note = t["html_search_capped"].format(
            mb=search["cap_mb"], n=search["n_terms"], k=search["max_uses"]
        )
    nav = "".join(
        f'<a href="#{i}">{html.escape(h)}</a>'
        for i, h in [("sec-search", t["html_search"]), *[(f"sec-{n}", headings[n]) for n in shown],
                     ("sec-charts", t["trends"]), ("sec-echo", data["echo"]["labels"]["echo"])]
    )  # fmt: skip
    body = [
        f"<h1>{html.escape(data['title'])}</h1>",
        f'<p class="muted">{html.escape(t["html_title"])} · {html.escape(t["html_offline"])}</p>',
        f"<nav>{nav}</nav>",
        f'<table class="cover">{cover}</table>',
        f"<h2>{html.escape(t['findings'])}</h2><ul>{findings}</ul>",
        f'<h2 id="sec-search">{html.escape(t["html_search"])}</h2>',
        f'<p class="muted">{html.escape(t["html_search_hint"])}</p>',
        f'<p class="muted" id="search-capped">{html.escape(cap_note)}</p>' if cap_note else "",
        f'<input id="search" type="search" placeholder="{html.escape(t["html_search"])}" autocomplete="off">'
        ' <span class="muted" id="search-count"></span>',
        f'<table class="data" id="search-table"><thead><tr><th>#</th><th>{html.escape(t["h_context"])}</th>'
        f'<th>{html.escape(t["h_role"])}</th><th>{html.escape(t["h_id"])}</th>'
        f'<th>{html.escape(t["h_where"])}</th></tr></thead><tbody id="search-results"></tbody></table>',
        *[_table_block(n, headings[n], t["html_filter"],
                       _compare_notes(data["compare"]) if n == "keyness" else "") for n in shown],
        f'<h2 id="sec-charts">{html.escape(t["trends"])}</h2>',
        *[f'<div class="chart">{c}</div>' for _, c in chart_blocks],
        echo_block(data["echo"], analysis.echo, lang) if "echo" in data else "",
    ]  # fmt: skip
    body_html = "\n".join(b for b in body if b)
    del body
    # the glyphs the page shows: plotly writes its JSON with \uXXXX escapes, so the charts'
    # titles and names count too (sets of characters, never another copy of the page)
    shown = set(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), body_html))
    shown.update(_json({k: v for k, v in payload.items() if k not in ("search", "query")}))
    shown.update(_search_text(search))
    # Not the traditional forms a query may be typed in: whoever types them has a font for
    # them (the box falls back to the system's, see CSS), and they were 40% of the subset's
    # glyphs and of its time (2-5 s of a cold run).
    from ..run.rendered import cached_bytes  # noqa: PLC0415 - the subset, kept by its characters

    chars = "".join(sorted(shown))
    subset = cached_bytes(cache, "font", ["font_subset", chars], lambda: font_subset(chars))
    font = base64.b64encode(subset).decode("ascii")
    head = (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(data['title'])} · tifa</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style>@font-face{{font-family:tifa-cjk;src:url(data:font/otf;base64,{font}) format("opentype")}}{CSS}</style>'
        f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>\n"
    )  # fmt: skip
    parts = [head, body_html, '\n<script type="application/json" id="tifa-data">']
    parts = [p.encode("utf-8") for p in parts]
    del body_html
    parts.append(_json(payload).encode("utf-8"))
    parts.append(f"</script><script>{JS}</script></body></html>\n".encode())
    return b"".join(parts)
