"""Write a run's outputs: the CSV tables, the figures and the PDF (typst), all atomically."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .atomic import write_atomic
from .config import config_items
from .errors import TifaError
from .figures import (
    FONT_FAMILY,
    INK,
    PALETTE,
    figure_png,
    font_path,
    new_figure,
    plot_frequency,
    plot_heatmap,
    plot_k_selection,
    plot_timeline,
    wordclouds_png,
)
from .ingest import ANALYSED_ROLES, ROLES
from .periods import period_range
from .pipeline import Analysis
from .tables import build_tables, to_csv_bytes
from .themes import top_indices
from .wordlists import files_digest

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "report_kind": "提法分析报告 · tifa",
        "contents": "目录",
        "how_to_read": "阅读提示：",
        "corpus": "语料概况",
        "corpus_howto": "本报告分析的文章、日期和篇幅。“正文字数”只计参与分析的正文与回答段落；标题、图片说明、署名、提问等按角色单列，不参与分析。",
        "roles": "段落角色",
        "notices": "读取提示",
        "terms": "高频词",
        "terms_howto": "去除停用词与人名后，全部文章中出现最多的词。条形旁的数字为出现次数；每万字频率见 term_frequencies.csv。",
        "article_clouds": "各篇词云",
        "method": "方法与设置",
        "method_howto": "复现本报告所需的一切：软件版本、全部设置、停用词表与词典文件及其校验和。相同输入与设置得到相同的数字与 PDF。",
        "settings": "设置（tifa.toml 与命令行）",
        "files": "词表文件",
        "cover_note": "由 tifa 根据文本自动生成。每个数字都可在 tables/ 下的 CSV 中找到。",
        "c_corpus": "语料",
        "c_dates": "时间范围",
        "c_articles": "文章",
        "c_articles_n": "{n:,} 篇（{f:,} 个文件）",
        "c_paragraphs": "段落（分析/全部）",
        "c_chars": "正文字数",
        "c_tokens": "词数（去停用词后）",
        "c_asof": "数据截至",
        "h_id": "文章",
        "h_title": "标题",
        "h_date": "日期",
        "h_paragraphs": "段落",
        "h_chars": "正文字数",
        "h_tokens": "词数",
        "h_role": "角色",
        "h_count": "段落数",
        "h_analysed": "参与分析",
        "h_meaning": "说明",
        "h_section": "节",
        "h_key": "设置",
        "h_value": "值",
        "h_file": "文件",
        "h_entries": "条目",
        "h_sha": "SHA-256（前 12 位）",
        "yes": "是",
        "no": "否",
        "count": "出现次数",
        "terms_caption": "全部文章高频词（前 {n} 个）",
        "terms_empty": "没有可显示的词：所有词都被停用词表或过滤规则去掉了。",
        "cloud_caption": "{title}（{id}，{date}）词云：字号与词频成正比",
        "clouds_omitted": "另有 {n} 篇文章的词云从略（report.article_pages = {k}）；其词频见 CSV。",
        "articles_omitted": "仅列出前 {k} 篇，共 {n} 篇；完整列表见 articles.csv。",
        "f_version": "tifa 版本",
        "f_engine": "分词引擎",
        "f_python": "主要依赖",
        "f_seeds": "语料目录",
        "f_font": "字体",
        "f_cache": "分词缓存",
        "cache_note": "{c} 篇取自缓存，{s} 篇重新分词",
        "undated": "无日期",
        "themes": "主题",
        "themes_howto": "主题由段落聚类得出（TF-IDF + NMF），不预设类别；主题数 k 由数据决定：在稳定性接近最高的 k 中取一致性最高者。“名称匹配”是主题与 lexicon/themes.toml 中命名词表的吻合度（0–1），“稳定性”是该主题在随机抽样重拟合中重现的程度（0–1，越高越可靠）。",
        "k_caption": "各候选主题数 k 的一致性（NPMI）与稳定性（Greene 等 2014）；虚线为选定的 k",
        "k_chosen_auto": "选定 k = {k}：在稳定性不低于最高值减 {m} 的 k 中一致性最高（候选 k = {lo}–{hi}）。",
        "k_chosen_fixed": "k = {k} 由 tifa.toml 指定（n_themes）。",
        "theme_title": "主题 {n} · {name}",
        "theme_stats": "占全部正文 {share} · 名称匹配 {score}（{by}） · 稳定性 {stab}",
        "by_lexicon": "依命名词表",
        "by_terms": "词表无匹配，以高权重词命名",
        "theme_terms_caption": "{name}：权重最高的词",
        "theme_cloud_caption": "{name}：主题词云",
        "excerpts": "代表性段落",
        "heatmap": "各篇文章的主题构成",
        "heatmap_caption": "每行是一篇文章，数值为各主题所占份额（每行合计为 1）",
        "heatmap_omitted": "仅显示篇幅最大的 {k} 篇（共 {n} 篇）；完整数据见 article_themes.csv。",
        "weight": "相对权重",
        "stability": "稳定性",
        "coherence": "一致性（NPMI）",
        "chosen": "选定 k={k}",
        "k": "主题数 k",
        "k_table": "k 的选择",
        "h_k": "k",
        "h_coherence": "一致性",
        "h_stability": "稳定性",
        "h_chosen": "选定",
        "no_themes": "本次未生成主题：{why}",
        "slogans": "提法",
        "slogans_howto": "提法由文本自动发现，不需要预先给出词表：引号中的固定说法、数字概括（如“三服务”）、并列排比（如“稳进增效、除险固安……”）和反复出现且结构固定的新词（如“高质量发展”）。按显著度排序（出现次数 × 覆盖篇数 × 类型权重）。“次数”只计正文与回答；每次出现的位置见 kwic.csv，完整列表见 slogans.csv。",
        "kind_numbered": "数字概括",
        "kind_parallel": "并列排比",
        "kind_quoted": "引号提法",
        "kind_recurrent": "反复出现的新词",
        "h_rank": "序",
        "h_slogan": "提法",
        "h_kind": "类型",
        "h_articles": "篇数",
        "h_first": "首见",
        "h_last": "末见",
        "slogans_omitted": "仅列出前 {k} 条，共 {n} 条；完整列表见 slogans.csv。",
        "timeline": "提法的时间线",
        "timeline_caption": "主要提法每万字出现次数，按{unit}；灰色或断开处为没有文章的时期（不是零）",
        "timeline_none": "文章只分布在 {n} 个时期，不足以画时间线（至少需要 3 个）。",
        "unit_year": "年",
        "unit_month": "月",
        "rate": "每万字次数",
        "kwic_title": "上下文（KWIC）",
        "kwic_howto": "每条提法的前两次出现，可据文件和行号回查原文；用 tifa kwic 词语 可查任意词。",
        "no_slogans": "没有发现提法。",
    },
    "en": {
        "report_kind": "Formulation analysis report · tifa",
        "contents": "Contents",
        "how_to_read": "How to read: ",
        "corpus": "Corpus",
        "corpus_howto": "The articles analysed, their dates and size. 'Characters' counts only the body and answer paragraphs that are analysed; headlines, captions, bylines and questions are listed by role and left out.",
        "roles": "Paragraph roles",
        "notices": "Reading notes",
        "terms": "Frequent terms",
        "terms_howto": "The most frequent terms over all articles, after stopwords and personal names are removed. Numbers are counts; rates per 10,000 characters are in term_frequencies.csv.",
        "article_clouds": "Word cloud per article",
        "method": "Method and settings",
        "method_howto": "Everything needed to reproduce this report: versions, every setting, stopword and lexicon files with checksums. The same inputs and settings give the same numbers and PDF.",
        "settings": "Settings (tifa.toml and command line)",
        "files": "Word list files",
        "cover_note": "Generated by tifa from the texts. Every number is also in the CSV files under tables/.",
        "c_corpus": "Corpus",
        "c_dates": "Dates",
        "c_articles": "Articles",
        "c_articles_n": "{n:,} ({f:,} files)",
        "c_paragraphs": "Paragraphs (analysed/all)",
        "c_chars": "Characters analysed",
        "c_tokens": "Terms (after stopwords)",
        "c_asof": "Data as of",
        "h_id": "Article",
        "h_title": "Title",
        "h_date": "Date",
        "h_paragraphs": "Paragraphs",
        "h_chars": "Characters",
        "h_tokens": "Terms",
        "h_role": "Role",
        "h_count": "Paragraphs",
        "h_analysed": "Analysed",
        "h_meaning": "Meaning",
        "h_section": "Section",
        "h_key": "Setting",
        "h_value": "Value",
        "h_file": "File",
        "h_entries": "Entries",
        "h_sha": "SHA-256 (first 12)",
        "yes": "yes",
        "no": "no",
        "count": "count",
        "terms_caption": "Most frequent terms in all articles (top {n})",
        "terms_empty": "No terms to show: stopwords or filters removed every word.",
        "cloud_caption": "{title} ({id}, {date}): word size follows frequency",
        "clouds_omitted": "Word clouds of {n} more articles are left out (report.article_pages = {k}); their terms are in the CSV.",
        "articles_omitted": "Only the first {k} of {n} articles are listed; articles.csv has them all.",
        "f_version": "tifa version",
        "f_engine": "Segmenter",
        "f_python": "Main libraries",
        "f_seeds": "Seeds folder",
        "f_font": "Font",
        "f_cache": "Segmentation cache",
        "cache_note": "{c} articles from cache, {s} segmented",
        "undated": "undated",
        "themes": "Themes",
        "themes_howto": "Themes are clusters of paragraphs (TF-IDF + NMF), not categories given in advance; their number k comes from the data: among the k nearly as stable as the most stable one, the most coherent. 'Name fit' is how well the theme matches its name in lexicon/themes.toml (0-1); 'stability' is how reliably the theme reappears when refitted on random samples (0-1, higher is more trustworthy).",
        "k_caption": "Coherence (NPMI) and stability (Greene et al. 2014) of each candidate number of themes k; the dashed line marks the chosen k",
        "k_chosen_auto": "k = {k}: the most coherent of the k whose stability is within {m} of the best (candidates k = {lo}-{hi}).",
        "k_chosen_fixed": "k = {k} is set in tifa.toml (n_themes).",
        "theme_title": "Theme {n} · {name}",
        "theme_stats": "{share} of all text · name fit {score} ({by}) · stability {stab}",
        "by_lexicon": "from the theme lexicon",
        "by_terms": "no lexicon match, named by its top terms",
        "theme_terms_caption": "{name}: terms with the highest weights",
        "theme_cloud_caption": "{name}: word cloud of the theme",
        "excerpts": "Representative paragraphs",
        "heatmap": "Theme shares by article",
        "heatmap_caption": "One row per article; each theme's share (a row sums to 1)",
        "heatmap_omitted": "Only the {k} largest of {n} articles are shown; article_themes.csv has them all.",
        "weight": "relative weight",
        "stability": "stability",
        "coherence": "coherence (NPMI)",
        "chosen": "chosen k={k}",
        "k": "number of themes k",
        "k_table": "Choosing k",
        "h_k": "k",
        "h_coherence": "Coherence",
        "h_stability": "Stability",
        "h_chosen": "Chosen",
        "no_themes": "No themes in this run: {why}",
        "slogans": "Formulations (tifa)",
        "slogans_howto": "Formulations are discovered in the text itself, with no list given in advance: fixed phrases in quotation marks, numbered formulas (三服务), parallel runs (稳进增效、除险固安……) and recurring terms of fixed form (高质量发展). Ranked by salience (count x articles x kind weight). Counts cover body and answer text; kwic.csv has every occurrence, slogans.csv the full list.",
        "kind_numbered": "numbered formula",
        "kind_parallel": "parallel run",
        "kind_quoted": "quoted formulation",
        "kind_recurrent": "recurring term",
        "h_rank": "#",
        "h_slogan": "Formulation",
        "h_kind": "Kind",
        "h_articles": "Articles",
        "h_first": "First",
        "h_last": "Last",
        "slogans_omitted": "Only the first {k} of {n} are listed; slogans.csv has them all.",
        "timeline": "Timeline of formulations",
        "timeline_caption": "Occurrences per 10,000 characters of the leading formulations, by {unit}; grey cells or breaks are periods without articles (not zeros)",
        "timeline_none": "The articles fall in only {n} period(s): too few for a timeline (3 are needed).",
        "unit_year": "year",
        "unit_month": "month",
        "rate": "per 10,000 characters",
        "kwic_title": "Keyword in context",
        "kwic_howto": "The first two occurrences of each formulation, with file and line to check the source; tifa kwic TERM shows any word.",
        "no_slogans": "No formulations were found.",
    },
}

ROLE_NAMES = {
    "zh": {
        "headline": "标题", "kicker": "引题/副题", "byline": "署名", "attendees": "参加人员",
        "caption": "图片说明", "heading": "小标题", "question": "提问", "answer": "回答",
        "body": "正文", "duplicate": "重复段落（已计入他处）",
    },
    "en": {
        "headline": "headline", "kicker": "kicker / deck", "byline": "byline",
        "attendees": "attendee line", "caption": "photo caption", "heading": "section heading",
        "question": "interviewer question", "answer": "answer", "body": "body",
        "duplicate": "duplicate (counted elsewhere)",
    },
}  # fmt: skip

MAX_ARTICLE_ROWS = 60


@dataclass(frozen=True)
class Outputs:
    """What a run writes, in memory, before anything touches the output folder."""

    tables: dict[str, pd.DataFrame]
    figures: dict[str, bytes]
    pdf: bytes


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


def render_figures(analysis: Analysis, *, labels: dict[str, str]) -> dict[str, bytes]:
    """Draw every figure of the report; keys are file names under ``figures/``."""
    cfg = analysis.config.report
    figures: dict[str, bytes] = {}
    top = analysis.term_frequencies.head(cfg.top_terms)
    if len(top):
        height = 2.2 + 0.45 * len(top)
        fig, ax = new_figure(16, height)
        plot_frequency(ax, top["term"].tolist(), top["count"].tolist(), xlabel=labels["count"])
        figures["terms.png"] = figure_png(fig)
    jobs = []
    for i in _cloud_articles(analysis):
        row = analysis.article_dtm.matrix.getrow(i)
        freqs = {
            analysis.article_dtm.terms[j]: float(v)
            for j, v in zip(row.indices, row.data, strict=True)
        }
        if freqs:
            kwargs = {
                "max_words": cfg.wordcloud_words,
                "random_state": analysis.config.random_state,
            }
            jobs.append((f"cloud_article_{i:04d}.png", freqs, kwargs))
    if analysis.slogans is not None and (timeline := _slogan_timeline(analysis, labels)):
        figures["slogan_timeline.png"] = timeline
    if analysis.themes is not None:
        theme_figures, theme_jobs = _theme_figures(analysis, labels)
        figures.update(theme_figures)
        jobs.extend(theme_jobs)
    figures.update(wordclouds_png(jobs))
    return figures


MAX_HEATMAP_ROWS = 60


def _timeline_slogans(analysis: Analysis) -> list[str]:
    """The slogans drawn in the timeline: the most salient that are used in 2+ periods."""
    periods = analysis.slogans.periods
    used = periods[periods["count"] > 0].groupby("slogan")["period"].nunique()
    chosen = [s.text for s in analysis.slogans.slogans if used.get(s.text, 0) >= 2]
    return chosen[: analysis.config.slogans.timeline]


def _slogan_timeline(analysis: Analysis, labels: dict[str, str]) -> bytes | None:
    periods = analysis.slogans.periods
    present = sorted(periods["period"].unique())
    names = _timeline_slogans(analysis)
    if len(present) < 3 or not names:
        return None
    axis = period_range(present)
    series = {}
    for name in names:
        rows = periods[periods["slogan"] == name].set_index("period")["rate"]
        series[_short(name, 14)] = [float(rows[p]) if p in rows.index else np.nan for p in axis]
    if len(axis) <= 12:
        fig, ax = new_figure(16, 7.5)
        plot_timeline(ax, axis, series, ylabel=labels["rate"])
    else:
        # many periods: one row per slogan reads better than a tangle of lines
        fig, ax = new_figure(16, 3.2 + 0.62 * len(series))
        plot_heatmap(ax, np.array(list(series.values())), row_labels=list(series),
                     col_labels=axis, annotate=False, colorbar_label=labels["rate"])  # fmt: skip
        step = max(1, int(np.ceil(len(axis) / 18)))
        ax.set_xticks(
            range(0, len(axis), step), labels=axis[::step], rotation=45, ha="right", fontsize=7
        )
    return figure_png(fig)


def _heatmap_articles(analysis: Analysis) -> list[int]:
    """Articles in the theme heatmap: the largest ``MAX_HEATMAP_ROWS``, by date then id."""
    arts = analysis.corpus.articles
    with_text = [i for i, a in enumerate(arts) if analysis.article_themes[i].sum() > 0]
    largest = sorted(with_text, key=lambda i: (-arts[i].characters, i))[:MAX_HEATMAP_ROWS]
    return sorted(largest, key=lambda i: (arts[i].date or "9999", arts[i].article_id))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def article_label(article, width: int) -> str:
    """Date and title of an article for a chart or a source line, without repeating an id
    that is only the file name (``2018 2018``)."""
    title = (
        "" if article.title in (article.article_id, article.date) else _short(article.title, width)
    )
    return " ".join(x for x in (article.date, title) if x) or article.article_id


def _theme_figures(analysis: Analysis, labels: dict[str, str]) -> tuple[dict[str, bytes], list]:
    """The themes section's charts, and the word-cloud jobs for its clouds."""
    th = analysis.themes
    figures: dict[str, bytes] = {}
    jobs = []
    if len(th.k_selection) > 1:
        fig, ax = new_figure(16, 6.2)
        plot_k_selection(ax, th.k_selection, labels=labels)
        figures["k_selection.png"] = figure_png(fig)
    for t in range(th.k):
        idx = top_indices(th.H[t : t + 1], 12)[0]
        weights = th.H[t, idx] / th.H[t, idx].max()
        fig, ax = new_figure(7.6, 7.4)
        plot_frequency(ax, [th.terms[i] for i in idx], np.round(weights, 2).tolist(),
                       xlabel=labels["weight"], color=PALETTE[t % len(PALETTE)])  # fmt: skip
        figures[f"theme_{t:02d}_terms.png"] = figure_png(fig)
        cloud_idx = top_indices(th.H[t : t + 1], 80)[0]
        freqs = {th.terms[i]: float(th.H[t, i]) for i in cloud_idx}
        kwargs = {"max_words": 80, "random_state": analysis.config.random_state,
                  "colors": (PALETTE[t % len(PALETTE)], INK), "width": 480, "height": 360}  # fmt: skip
        jobs.append((f"theme_{t:02d}_cloud.png", freqs, kwargs))
    rows = _heatmap_articles(analysis)
    if rows:
        arts = analysis.corpus.articles
        names = [article_label(arts[i], 16) for i in rows]
        height = 3.2 + min(0.55, 17.0 / len(rows)) * len(rows)  # at most ~20 cm: one page
        fig, ax = new_figure(16, height)
        plot_heatmap(ax, analysis.article_themes[rows], row_labels=names,
                     col_labels=[_short(lb, 10) for lb in th.labels], annotate=len(rows) * th.k <= 400,
                     vmax=1.0)  # fmt: skip
        figures["theme_heatmap.png"] = figure_png(fig)
    return figures, jobs


def _cloud_articles(analysis: Analysis) -> list[int]:
    """Articles that get a word cloud: the largest ``article_pages``, in corpus order."""
    sizes = [(-a.characters, i) for i, a in enumerate(analysis.corpus.articles) if a.characters]
    chosen = sorted(i for _, i in sorted(sizes)[: analysis.config.report.article_pages])
    return chosen


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
    n_para = sum(len(a.paragraphs) for a in arts)
    n_analysed = sum(len(a.analysed) for a in arts)
    cover = [
        (t["c_corpus"], title),
        (t["c_dates"], _date_range([a.date for a in arts], t["undated"])),
        (t["c_articles"], t["c_articles_n"].format(n=len(arts), f=len({a.file for a in arts}))),
        (t["c_paragraphs"], f"{n_analysed:,} / {n_para:,}"),
        (t["c_chars"], f"{analysis.characters:,}"),
        (t["c_tokens"], f"{analysis.tokens.n_tokens:,}"),
        (
            t["c_asof"],
            data_timestamp(analysis).date().isoformat()
            if any(a.date for a in arts)
            else t["undated"],
        ),
    ]
    art_table = tables["articles"]
    rows = [
        [r.article_id, r.title, r.date or "–", int(r.paragraphs), int(r.characters), int(r.tokens)]
        for r in art_table.head(MAX_ARTICLE_ROWS).itertuples()
    ]
    role_counts = Counter(p.role for a in arts for p in a.paragraphs)
    role_rows = [
        [r, role_counts[r], t["yes"] if r in ANALYSED_ROLES else t["no"], ROLE_NAMES[lang][r]]
        for r in ROLES
        if role_counts[r]
    ]
    clouds = []
    for name in sorted(f for f in figures if f.startswith("cloud_article_")):
        a = arts[int(name.removeprefix("cloud_article_").removesuffix(".png"))]
        caption = t["cloud_caption"].format(
            title=a.title, id=a.article_id, date=a.date or t["undated"]
        )
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
    word_files = [e.path for e in (*analysis.stopwords, *analysis.keep, *analysis.lexicon)]
    counts = Counter(word_files)
    file_rows = [[p, counts[p], sha] for p, sha in files_digest(sorted(counts))]
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
        (
            t["f_cache"],
            t["cache_note"].format(
                c=analysis.cache_stats.get("cached", 0), s=analysis.cache_stats.get("segmented", 0)
            ),
        ),
    ]
    return {
        "themes": _themes_data(analysis, figures, t),
        "slogans": _slogans_data(analysis, figures, t),
        "lang": lang,
        "labels": t,
        "title": title,
        "cover": cover,
        "articles": {
            "header": [
                t["h_id"],
                t["h_title"],
                t["h_date"],
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
                n=n_with_text - len(clouds), k=analysis.config.report.article_pages
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


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def _themes_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    th = analysis.themes
    if th is None:
        return {"available": False, "note": t["no_themes"].format(why=analysis.themes_note)}
    lang_en = t is LABELS["en"]
    table = th.k_selection
    if th.chosen_by == "auto":
        intro = t["k_chosen_auto"].format(
            k=th.k,
            m=analysis.config.themes.stability_margin,
            lo=int(table["k"].min()),
            hi=int(table["k"].max()),
        )
    else:
        intro = t["k_chosen_fixed"].format(k=th.k)
    items = []
    toks = analysis.tokens
    arts = analysis.corpus.articles
    for k in range(th.k):
        name = th.labels_en[k] if lang_en else th.labels[k]
        excerpts = []
        for i in analysis.excerpts[k][: analysis.config.themes.excerpts]:
            art = arts[int(toks.article[i])]
            para = art.paragraphs[int(toks.paragraph[i])]
            where = f"{article_label(art, 40)} · {art.file}:{para.line}"
            excerpts.append({"text": _short(para.content, 220), "source": where})
        items.append(
            {
                "title": t["theme_title"].format(n=k + 1, name=name),
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
                    round(float(r.coherence), 3),
                    round(float(r.stability), 3),
                    "✓" if r.chosen else "",
                ]
                for r in table.itertuples()
            ],
        },
        "items": items,
        "heatmap": "figures/theme_heatmap.png" if "theme_heatmap.png" in figures else None,
        "heatmap_note": t["heatmap_omitted"].format(k=shown, n=n_with) if n_with > shown else "",
    }


def _slogans_data(analysis: Analysis, figures: dict[str, bytes], t: dict[str, str]) -> dict:
    res = analysis.slogans
    if res is None or not res.slogans:
        return {"available": False, "note": t["no_slogans"]}
    cfg = analysis.config.slogans
    table = res.table.head(cfg.top)
    rows = [
        [i + 1, r.slogan, t[f"kind_{r.kind}"], int(r.count), int(r.articles), r.first_date or "–",
         r.last_date or "–"]
        for i, r in enumerate(table.itertuples())
    ]  # fmt: skip
    arts = analysis.corpus.articles
    index = {a.article_id: a for a in arts}
    kwic = []
    for s in res.slogans[: cfg.kwic]:
        lines = res.kwic[res.kwic["slogan"] == s.text].head(2)
        items = []
        for r in lines.itertuples():
            art = index[r.article_id]
            items.append(
                {"left": r.left, "match": r.match, "right": r.right,
                 "source": f"{art.date} · {art.file}:{r.line}" if art.date else f"{art.file}:{r.line}"}
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
    analysis: Analysis, *, lang: str, title: str, timestamp: dt.datetime | None = None
) -> Outputs:
    """Compute tables, figures and the PDF in memory."""
    tables = build_tables(analysis)
    figures = render_figures(analysis, labels=LABELS[lang])
    data = report_data(analysis, tables, figures, lang=lang, title=title)
    pdf = compile_pdf(data, figures, timestamp=timestamp or data_timestamp(analysis))
    return Outputs(tables=tables, figures=figures, pdf=pdf)


def write_outputs(outputs: Outputs, out_dir: str | Path) -> Path:
    """Write tables, figures and the PDF into ``out_dir``, each file atomically, PDF last.

    Files of earlier runs that this run does not produce (figures of removed articles) are
    removed, so the folder always shows one run.
    """
    out = Path(out_dir)
    for sub, names in (
        ("tables", [f"{n}.csv" for n in outputs.tables]),
        ("figures", list(outputs.figures)),
    ):
        folder = out / sub
        if folder.is_dir():
            for old in folder.iterdir():
                if old.is_file() and old.name not in names and old.suffix in (".csv", ".png"):
                    old.unlink()
    for name, df in outputs.tables.items():
        write_atomic(out / "tables" / f"{name}.csv", to_csv_bytes(df))
    for name, png in outputs.figures.items():
        write_atomic(out / "figures" / name, png)
    pdf_path = out / "report.pdf"
    write_atomic(pdf_path, outputs.pdf)
    return pdf_path


def corpus_title(seed_dir: str | Path, configured: str) -> str:
    """The corpus name on the cover: the configured title, else the seeds folder's name."""
    return configured or Path(seed_dir).resolve().name
