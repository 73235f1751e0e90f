"""The typst data of the report's sections: themes, comparisons, trends, slogans."""

from __future__ import annotations

import pandas as pd

from ..ingest.dates import corpus_precision, shown_date
from ..result import Analysis
from .canvas import PALETTE
from .labels import LABELS, META_NAMES
from .options import ReportOptions
from .readings import kind_difference
from .select import (
    _group_name,
    _heatmap_articles,
    _percent,
    _short,
    _shown_pairs,
    article_label,
    similarity_kind,
    spread_kwic,
)


def _themes_data(
    analysis: Analysis, options: ReportOptions, figures: dict[str, bytes], t: dict[str, str]
) -> dict:
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
        for i in analysis.excerpts[k][: options.theme_excerpts]:
            art = arts[int(toks.article[i])]
            para = art.paragraphs[int(toks.paragraph[i])]
            where = (
                f"{article_label(art, 40, corpus_precision(analysis))} · {art.file}:{para.line}"
            )
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


def _pair_meta(analysis: Analysis, target: str, reference: str):
    """The manifest values of the articles on each side of one comparison."""
    from ..compare import REST  # noqa: PLC0415

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
    against inspection reports compares genres, not times); "" when they do not.

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    target, reference : str
        The compared groups.
    t : dict
        The report's words.

    Returns
    -------
    str
        The caution, ``""`` when the sides agree.
    """
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


def _compare_data(
    analysis: Analysis, options: ReportOptions, figures: dict[str, bytes], t: dict[str, str]
) -> dict:
    cmp = analysis.comparison
    if cmp is None:
        return {"available": False}
    against = options.compare_against if not options.compare_target else "rest"
    by = {
        "article": t["by_article"],
        "period": t["by_period_" + against],
        "era": t["by_era_" + against],
    }.get(cmp.by, t["by_field"].format(field=cmp.by))
    method = t[f"method_{options.compare_method}"]
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
        group_of = dict(
            zip((a.article_id for a in analysis.corpus.articles), cmp.article_groups, strict=True)
        )
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
            cells = [
                g[g["status"] == s]["slogan"].head(6).tolist() for s in ("new", "dropped", "kept")
            ]
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
            {
                "figure": f"figures/cloud_group_{i:02d}.png",
                "caption": t["group_cloud_caption"].format(group=_group_name(g, analysis, t, 30)),
            }
            for i, g in enumerate(groups)
            if f"cloud_group_{i:02d}.png" in figures
        ],  # fmt: skip
        "cloud": "figures/compare_cloud.png" if "compare_cloud.png" in figures else None,
        "cloud_caption": t["compare_cloud_caption"].format(legend="").rstrip("：: "),
        "legend": legend,
        "similarity": "figures/similarity.png" if "similarity.png" in figures else None,
        "similarity_caption": t["similarity_caption_" + sim_kind],
        "similarity_note": ""
        if "similarity.png" in figures or len(analysis.corpus.articles) <= 2
        else t["similarity_none"],
        "closest": {
            "header": [t["h_a"], t["h_b"], t["h_cosine"]],
            "rows": closest,
            "title": t["closest_across_" + cmp.by] if timed else t["closest"],
        },
        "group_themes": "figures/group_themes.png" if "group_themes.png" in figures else None,
        "diff": {
            "header": [t["h_from"], t["h_to"], t["h_new"], t["h_dropped"], t["h_kept"]],
            "rows": diff_rows[-12:],
        },
    }


def _trends_data(
    analysis: Analysis, options: ReportOptions, figures: dict[str, bytes], t: dict[str, str]
) -> dict:
    trends = analysis.trends
    present = sorted(trends["period"].unique()) if trends is not None and len(trends) else []
    unit = t["unit_month"] if present and len(present[0]) == 7 else t["unit_year"]
    which = t["terms_pinned"] if options.trend_terms else t["terms_movers"]
    return {
        "howto": t["trends_howto"].format(unit=unit),
        "note": "" if len(present) >= 3 else t["trends_none"].format(n=len(present)),
        "themes": "figures/theme_trends.png" if "theme_trends.png" in figures else None,
        "themes_caption": t["theme_trends_caption"].format(unit=unit),
        "terms": "figures/term_trends.png" if "term_trends.png" in figures else None,
        "terms_caption": t["term_trends_caption"].format(which=which, unit=unit),
    }


def _slogans_data(
    analysis: Analysis, options: ReportOptions, figures: dict[str, bytes], t: dict[str, str]
) -> dict:
    res = analysis.slogans
    if res is None or not res.slogans:
        return {"available": False, "note": t["no_slogans"]}
    table = res.table.head(options.slogans_top)
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
    for s in res.slogans[: options.slogans_kwic]:
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
