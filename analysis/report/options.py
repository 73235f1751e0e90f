"""The options the report reads, as plain values: the report never sees ``Config``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import config_items


@dataclass(frozen=True)
class ReportOptions:
    """Every setting the report, its figures, the HTML twin and run.json read.

    Built from ``Config`` at the edge (:func:`report_options`), so that nothing below the
    command line reads the configuration again.
    """

    top_terms: int  # [report] top_terms: terms in frequency charts
    wordcloud_words: int  # [report] wordcloud_words
    article_pages: int  # [report] article_pages: article word clouds
    html: bool  # [report] html: also write report.html
    slogans_top: int  # [slogans] top: slogans listed
    slogans_timeline: int  # [slogans] timeline: slogans in the timeline chart (at least)
    slogans_kwic: int  # [slogans] kwic: slogans with KWIC lines
    theme_excerpts: int  # [themes] excerpts: excerpts shown per theme
    compare_against: str  # [compare] against
    compare_target: str  # [compare] target
    compare_method: str  # [compare] method
    trend_terms: tuple[str, ...]  # [trends] terms: pinned terms of the trend chart
    lexicon: tuple[str, ...]  # [segment] lexicon: files or folders
    stopwords: tuple[str, ...]  # [stopwords] paths
    keep: str  # [stopwords] keep
    theme_lexicon: str  # [themes] lexicon
    settings: tuple[tuple[str, str, Any], ...]  # every setting: (section, key, value)
    random_state: int  # seed of word-cloud layouts


def report_options(config) -> ReportOptions:
    """The report's options from a loaded configuration.

    Parameters
    ----------
    config : analysis.config.Config
        The run's configuration (after command-line overrides).

    Returns
    -------
    ReportOptions
        Plain values only; equal configurations give equal options.
    """
    return ReportOptions(
        top_terms=config.report.top_terms,
        wordcloud_words=config.report.wordcloud_words,
        article_pages=config.report.article_pages,
        html=config.report.html,
        slogans_top=config.slogans.top,
        slogans_timeline=config.slogans.timeline,
        slogans_kwic=config.slogans.kwic,
        theme_excerpts=config.themes.excerpts,
        compare_against=config.compare.against,
        compare_target=config.compare.target,
        compare_method=config.compare.method,
        trend_terms=tuple(config.trends.terms),
        lexicon=tuple(config.segment.lexicon),
        stopwords=tuple(config.stopwords.paths),
        keep=config.stopwords.keep,
        theme_lexicon=config.themes.lexicon,
        settings=tuple(config_items(config)),
        random_state=config.random_state,
    )
