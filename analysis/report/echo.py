"""The report's echo section (both languages): what the texts take up from the reference
corpus and with what lag, what they had before it, what they coin, the echo rate over time,
adoption curves and the most reused passages. Its labels live here, apart from labels.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..echo import EchoResult, summary
from ..ingest.periods import period_range

MAX_ROWS = 15
CENTRAL_NAMED = 8  # central formulations the reference lacks named in the totals line
MAX_REUSE = 8
MAX_CURVES = 6

LABELS = {
    "zh": {
        "echo": "中央提法的呼应",
        "echo_howto": (
            "把语料中的每个提法（含其变体）与参照语料（中央文本）对照：参照语料在该文本之前已用"
            "为“呼应”，只在之后才用为“先于中央”（或两者另有共同来源），日期在两者共有的精度上"
            "相同为“同期”（如 2025 与 2025-01-14），参照语料未用为“自创”，但参照语料未用而见于 tifa"
            "的中央提法表（[slogans] lexicon）的为“中央提法”（取自中央，日期不详），不算自创。滞后天数只在两个日期都"
            "精确到日时给出，否则只给年数。参照语料缺少的年份会推迟首次使用的日期。"
        ),
        "echo_off": "未使用参照语料（--reference-corpus none），没有呼应分析。",
        "echo_reference": "参照语料：{n} 篇文本（{folders}），{span}；缺少的年份：{missing}。",
        "echo_totals": "{n} 个提法中：呼应 {e} 个，先于中央 {a} 个，同期 {c} 个，自创 {o} 个{k}{u}。按使用次数计，呼应率为 {rate}。",
        "echo_central": "，参照语料未收的中央提法 {k} 个（{items}）",
        "echo_undated": "，无日期文本中见于参照语料 {i} 个",
        "echo_echoed": "呼应的中央提法",
        "echo_anticipated": "早于参照语料使用的提法",
        "echo_own": "自创提法（参照语料中没有）",
        "echo_gaps": "未被采用的中央提法",
        "echo_gaps_note": "每个时期之前最近一年参照语料的主导提法中，语料从未使用的：",
        "echo_rates": "呼应率随时间的变化",
        "echo_rates_caption": "每个时期提法使用中呼应中央的比例（按次数与按不同提法），%",
        "echo_adoption": "采用曲线",
        "echo_adoption_caption": "到某一日期为止已使用该提法的{by}所占比例（{n} 个{by}）",
        "echo_reuse": "与中央文本重复的段落",
        "echo_reuse_note": "与参照语料句子的字符 4-gram Jaccard 相似度不低于 {th} 的句子（共 {n} 句）：",
        "echo_none": "无",
        "h_slogan": "提法",
        "h_ref_first": "参照首用",
        "h_first": "语料首用",
        "h_lag": "滞后",
        "h_articles": "文本数",
        "h_uses": "次数",
        "h_period": "时期",
        "h_missing": "未采用的提法",
        "lag_days": "{d} 天",
        "lag_years": "{y} 年",
        "lead_days": "早 {d} 天",
        "lead_years": "早 {y} 年",
        "lead_same_year": "同年稍早",
        "rate_uses": "按次数",
        "rate_forms": "按不同提法",
        "share_pct": "%",
        "by_article": "文本",
        "fd_echo": "对照参照语料：按使用次数 {rate} 的提法呼应中央（按不同提法 {forms}）",
        "fd_echo_items": "；呼应最广的是 {items}",
        "fd_echo_item": "{s}（参照首用 {r}）",
        "fd_anticipated": "；早于参照语料首次使用的有 {items}（参照语料只收部分中央文本，这些提法可能早已见于其他中央文件）",
        "fd_own": "；参照语料和中央提法表中都没有、可能为自创的有 {items}",
        "sep": "、",
        "echo_more": "等",
    },
    "en": {
        "echo": "Echoes of central formulations",
        "echo_howto": (
            "Each formulation of the corpus (with its variants) is looked up in the reference "
            "corpus of central texts: 'echoed' when the reference used it before the text, "
            "'anticipated' when only later (or both took it from elsewhere), 'concurrent' when "
            "the dates are the same at the precision both have (2025 against 2025-01-14), "
            "'own' when the reference never uses it, except 'central' when tifa's list of "
            "known central formulations ([slogans] lexicon) has it: taken from the centre, at a "
            "date the reference cannot tell, and not counted as own. A lag in days needs two whole dates; "
            "otherwise only years are given. Years missing from the reference delay first dates."
        ),
        "echo_off": "No reference corpus (--reference-corpus none): no echo analysis.",
        "echo_reference": "Reference corpus: {n} texts ({folders}), {span}; years without a text: {missing}.",
        "echo_totals": "Of {n} formulations, {e} are echoed, {a} anticipated, {c} concurrent and {o} own{k}{u}. By uses, the echo rate is {rate}.",
        "echo_central": "; {k} more are central formulations the reference lacks ({items})",
        "echo_undated": "; in undated texts {i} are in the reference",
        "echo_echoed": "Central formulations taken up",
        "echo_anticipated": "Formulations used before the reference corpus",
        "echo_own": "Own formulations (not in the reference)",
        "echo_gaps": "Central formulations not taken up",
        "echo_gaps_note": "Leading formulations of the last reference year before each period that the corpus never uses:",
        "echo_rates": "Echo rate over time",
        "echo_rates_caption": "Share of formulation uses (and of distinct formulations) that echo the centre, per period, %",
        "echo_adoption": "Adoption curves",
        "echo_adoption_caption": "Share of {by}s that have used the formulation by each date ({n} {by}s)",
        "echo_reuse": "Passages repeated from central texts",
        "echo_reuse_note": "Sentences with a character 4-gram Jaccard similarity of {th} or more to a reference sentence ({n} in all):",
        "echo_none": "none",
        "h_slogan": "Formulation",
        "h_ref_first": "Reference first",
        "h_first": "Corpus first",
        "h_lag": "Lag",
        "h_articles": "Texts",
        "h_uses": "Uses",
        "h_period": "Period",
        "h_missing": "Not taken up",
        "lag_days": "{d} days",
        "lag_years": "{y} yr",
        "lead_days": "{d} days earlier",
        "lead_years": "{y} yr earlier",
        "lead_same_year": "earlier the same year",
        "rate_uses": "by uses",
        "rate_forms": "by distinct formulations",
        "share_pct": "%",
        "by_article": "text",
        "fd_echo": "Against the reference corpus, {rate} of formulation uses echo the centre ({forms} of distinct formulations)",
        "fd_echo_items": "; most widely echoed: {items}",
        "fd_echo_item": "{s} (reference first {r})",
        "fd_anticipated": "; used before the reference corpus first has them: {items} (it holds only some central texts: the centre may have used them elsewhere first)",
        "fd_own": "; in neither the reference nor the list of central formulations, perhaps own: {items}",
        "sep": ", ",
        "echo_more": " and more",
    },
}


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}%"


def _lag(days, years, t, kind: str = "lag") -> str:
    """A lag in days, else in years (``kind`` "lead": how much earlier, a positive number:
    "早 732 天", not "-732 天" in a sentence about formulations used before the centre)."""
    size = abs if kind == "lead" else int
    if days is not None and not pd.isna(days):
        return t[f"{kind}_days"].format(d=size(int(days)))
    if years is not None and not pd.isna(years):
        if kind == "lead" and int(years) == 0:
            return t["lead_same_year"]  # not "早 0 年": earlier within the year
        return t[f"{kind}_years"].format(y=size(int(years)))
    return "–"


def findings_line(findings: pd.DataFrame, lang: str) -> str:
    """The headline of the echo analysis as one sentence, from ``findings.csv`` (``""``
    without an echo analysis).

    Parameters
    ----------
    findings : DataFrame
        ``findings.csv``.
    lang : str
        "zh" or "en".

    Returns
    -------
    str
        The sentence.
    """
    t = LABELS[lang]
    rate = findings[findings["finding"] == "echo_rate"]
    if rate.empty:
        return ""
    r = rate.iloc[0]
    out = t["fd_echo"].format(rate=_pct(float(r.value)), forms=_pct(float(r.baseline)))
    rows = findings[findings["finding"] == "echoed_slogan"]
    if len(rows):
        items = t["sep"].join(
            t["fd_echo_item"].format(s=x.item, r=x.subject) for x in rows.itertuples()
        )
        out += t["fd_echo_items"].format(items=items)
    rows = findings[findings["finding"] == "anticipated_slogan"]
    if len(rows):
        items = t["sep"].join(
            f"{x.item}（{_lag(x.value, x.baseline, t, 'lead')}）" if lang == "zh"
            else f"{x.item} ({_lag(x.value, x.baseline, t, 'lead')})"
            for x in rows.itertuples()
        )  # fmt: skip
        out += t["fd_anticipated"].format(items=items)
    rows = findings[findings["finding"] == "own_slogan"]
    if len(rows):
        out += t["fd_own"].format(items=t["sep"].join(rows["item"]))
    return out + ("。" if lang == "zh" else ".")


def echo_rate_series(res: EchoResult | None, lang: str) -> tuple[list[str], dict] | None:
    """The echo-rate chart's data (the PDF's and the page's): the periods from the first to
    the last, and per series (by uses, by distinct formulations) a percentage or NaN for a
    period without articles; ``None`` below two periods.

    Parameters
    ----------
    res : EchoResult or None
        The echo result.
    lang : str
        "zh" or "en".

    Returns
    -------
    tuple or None
        (periods, series by name), or ``None`` without a chart.
    """
    if res is None:
        return None
    t = LABELS[lang]
    per = res.rates[res.rates["kind"] == "period"].set_index("group")
    if len(per) < 2:
        return None
    axis = period_range(list(per.index))
    uses = [100 * float(per.at[p, "echo_rate"]) if p in per.index else np.nan for p in axis]
    forms = [
        100 * per.at[p, "echoed_formulations"] / per.at[p, "formulations"]
        if p in per.index and per.at[p, "formulations"] else np.nan
        for p in axis
    ]  # fmt: skip
    return axis, {t["rate_uses"]: uses, t["rate_forms"]: forms}


def echo_figure_data(res: EchoResult | None, lang: str) -> dict:
    """What the echo charts draw, as plain lists: the echo rate over the periods (two or more)
    and the adoption curves of the most widely adopted echoed formulations (three or more
    groups). A few hundred numbers where the echo result holds millions of rows (two million
    in ``echo.csv`` at 100 MB): the figure job carries these, not the result.

    Parameters
    ----------
    res : EchoResult or None
        The echo result.
    lang : str
        "zh" or "en".

    Returns
    -------
    dict
        ``rates`` and ``adoption``: each (axis, series by name) or None.
    """
    out: dict = {"rates": None, "adoption": None}
    if res is None:
        return out
    if rates := echo_rate_series(res, lang):
        axis, series = rates
        out["rates"] = (list(axis), {k: [float(v) for v in vs] for k, vs in series.items()})
    d = res.diffusion
    if res.groups >= 3 and len(d):
        counts = d.groupby("slogan", sort=False).size()
        top = counts.sort_values(ascending=False, kind="stable").head(MAX_CURVES).index
        dates = sorted(d[d["slogan"].isin(top)]["first_date"].unique())
        series = {}
        for name in top:
            part = d[d["slogan"] == name]
            values, share = [], 0.0
            for date in dates:
                hit = part[part["first_date"] == date]
                share = float(hit["adopted_share"].max()) if len(hit) else share
                values.append(100 * share)
            series[name[:12]] = values
        out["adoption"] = ([str(x) for x in dates], series)
    return out


def draw_echo_figures(data: dict, lang: str) -> dict[str, bytes]:
    """The echo charts of :func:`echo_figure_data`'s ``data``, PNG bytes by file name."""
    from .canvas import figure_png, new_figure  # noqa: PLC0415
    from .figures import plot_timeline  # noqa: PLC0415

    t = LABELS[lang]
    out = {}
    if data["rates"]:
        axis, series = data["rates"]
        fig, ax = new_figure(16, 6.5)
        plot_timeline(ax, axis, series, ylabel=t["share_pct"])
        out["echo_rates.png"] = figure_png(fig)
    if data["adoption"]:
        dates, series = data["adoption"]
        fig, ax = new_figure(16, 7)
        plot_timeline(ax, dates, series, ylabel=t["share_pct"])
        out["echo_adoption.png"] = figure_png(fig)
    return out


def echo_figures(res: EchoResult | None, lang: str) -> dict[str, bytes]:
    """The echo rate over the periods (two or more) and the adoption curves of the most
    widely adopted echoed formulations (three or more groups).

    Parameters
    ----------
    res : EchoResult or None
        The echo result.
    lang : str
        "zh" or "en".

    Returns
    -------
    dict of bytes
        PNG bytes by file name.
    """
    return draw_echo_figures(echo_figure_data(res, lang), lang) if res is not None else {}


def echo_data(res: EchoResult | None, figures: dict[str, bytes], lang: str, precision: int = 10) -> dict:
    """Everything the template's echo section shows, as JSON-ready data; dates cut to
    ``precision`` (the report's one date format, :mod:`analysis.ingest.dates`).

    Parameters
    ----------
    res : EchoResult or None
        The echo result.
    figures : dict of bytes
        The drawn figures.
    lang : str
        "zh" or "en".
    precision : int
        Characters of a date shown (4, 7 or 10).

    Returns
    -------
    dict
        The section's data.
    """
    from ..ingest.dates import shown_date  # noqa: PLC0415

    t = LABELS[lang]
    if res is None:
        return {"available": False, "labels": t, "note": t["echo_off"]}
    items = summary(res)
    main = {k: d["origins"].most_common(1)[0][0] for k, d in items.items()}
    n = {
        o: sum(1 for v in main.values() if v == o)
        for o in ("echoed", "anticipated", "concurrent", "own", "in_reference", "central")
    }
    dated = res.echo[res.echo["date"] != ""]
    rate = dated.loc[dated["origin"] == "echoed", "uses"].sum() / max(dated["uses"].sum(), 1)
    from ..echo.delivery import year_spans  # noqa: PLC0415

    folders = ", ".join(f.rsplit("/", 2)[-1] if "/" in f else f for f in res.folders)
    span = "–".join(dict.fromkeys(d[:4] for d in res.reference_span if d))
    reference = t["echo_reference"].format(
        n=res.reference_articles, folders=folders, span=span,
        missing=year_spans(res.missing_years) or t["echo_none"],
    )  # fmt: skip
    # the central ones the reference lacks, most used first: named, not only counted
    central = sorted(
        (d for k, d in items.items() if main[k] == "central"), key=lambda d: (-d["uses"], d["slogan"])
    )  # fmt: skip
    named = t["sep"].join(d["slogan"] for d in central[:CENTRAL_NAMED])
    named += t["echo_more"] if len(central) > CENTRAL_NAMED else ""
    totals = t["echo_totals"].format(
        n=len(items), e=n["echoed"], a=n["anticipated"], c=n["concurrent"], o=n["own"],
        k=t["echo_central"].format(k=n["central"], items=named) if n["central"] else "",
        u=t["echo_undated"].format(i=n["in_reference"]) if n["in_reference"] else "",
        rate=_pct(float(rate)),
    )  # fmt: skip

    def pick(origin: str, key):
        return sorted((d for k, d in items.items() if main[k] == origin), key=key)[:MAX_ROWS]

    echoed = [
        [d["slogan"], shown_date(d["ref"], precision), shown_date(d["first"], precision) or "–",
         _lag(d["lag_days"], d["lag_years"], t), d["origins"]["echoed"]]
        for d in pick("echoed", lambda d: -d["origins"]["echoed"])
    ]  # fmt: skip
    ahead = [
        [d["slogan"], shown_date(d["ref"], precision), shown_date(d["first"], precision) or "–",
         _lag(d["lag_days"], d["lag_years"], t), d["articles"]]
        for d in pick("anticipated", lambda d: 0) + pick("concurrent", lambda d: 0)
    ]  # fmt: skip
    own = [[d["slogan"], d["uses"], d["articles"]] for d in pick("own", lambda d: 0)]
    gaps = [
        [period, t["sep"].join(g["slogan"].head(10))]
        for period, g in res.gaps.groupby("period", sort=True)
    ]
    reuse = [
        {"text": r.text, "source": f"{r.article_id} ¶{r.paragraph}", "reference_text": r.reference_text,
         "reference_source": f"{r.reference_article_id} · {r.reference_date}", "similarity": f"{r.similarity:.2f}"}
        for r in res.reuse.sort_values(["similarity", "article_id", "paragraph"], ascending=[False, True, True], kind="stable")
        .head(MAX_REUSE).itertuples()
    ]  # fmt: skip
    by = t["by_article"] if res.by == "article" else res.by
    return {
        "available": True,
        "labels": t,
        "reference": reference,
        "totals": totals,
        "echoed": {"header": [t["h_slogan"], t["h_ref_first"], t["h_first"], t["h_lag"], t["h_articles"]], "rows": echoed},
        "ahead": {"header": [t["h_slogan"], t["h_ref_first"], t["h_first"], t["h_lag"], t["h_articles"]], "rows": ahead},
        "own": {"header": [t["h_slogan"], t["h_uses"], t["h_articles"]], "rows": own},
        "gaps": {"header": [t["h_period"], t["h_missing"]], "rows": gaps},
        "rates": "figures/echo_rates.png" if "echo_rates.png" in figures else None,
        "adoption": "figures/echo_adoption.png" if "echo_adoption.png" in figures else None,
        "adoption_caption": t["echo_adoption_caption"].format(by=by, n=res.groups),
        "reuse": reuse,
        "reuse_note": t["echo_reuse_note"].format(th=res.reuse_threshold, n=len(res.reuse)),
    }  # fmt: skip
