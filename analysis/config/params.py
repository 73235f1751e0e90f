"""The settings table of ``tifa.toml``: one frozen dataclass per section, each key with its
default, its constraint and its help (the data of :mod:`analysis.config.load`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The one default seed of tifa (NMF, resampling, word-cloud layout). Stage functions that take a
#: ``random_state`` default to this; ``[random_state]`` in tifa.toml sets it for a run.
RANDOM_STATE = 42


def _param(default: Any, expect: str, check: Callable[[Any], bool], help: str) -> Any:
    if isinstance(default, list):
        default = tuple(default)
    return field(default=default, metadata={"expect": expect, "check": check, "help": help})


def _int_in(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _float_in(lo: float, hi: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi


def _one_of(*choices: str) -> Callable[[Any], bool]:
    return lambda v: v in choices


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list | tuple) and all(isinstance(x, str) and x for x in v)


def _is_eras(v: Any) -> bool:
    items = v.items() if isinstance(v, Mapping) else v
    try:
        return all(
            isinstance(k, str) and k and isinstance(x, str)
            and re.fullmatch(r"\d{4}\s*[-–]\s*\d{4}", x.strip())
            for k, x in items
        )  # fmt: skip
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class InputConfig:
    manifest: str = _param(
        "manifest.csv", "a file name", _is_str,
        "metadata file inside SEEDS_DIR: CSV with a 'file' or 'article_id' column, then title, "
        "date, source and any column of your own",
    )  # fmt: skip


@dataclass(frozen=True)
class SegmentConfig:
    engine: str = _param(
        "auto", '"auto", "rjieba" or "jieba"', _one_of("auto", "rjieba", "jieba"),
        '"auto" uses rjieba (jieba-rs: jieba\'s dictionary and tokens, ~20x faster) when '
        "installed, else jieba",
    )  # fmt: skip
    lexicon: tuple[str, ...] = _param(
        ["lexicon"], "a list of files or folders", _is_str_list,
        "user lexicon: jieba format 'word [freq] [tag]', one per line; a folder means its *.txt",
    )  # fmt: skip


@dataclass(frozen=True)
class StopwordsConfig:
    paths: tuple[str, ...] = _param(
        ["stopwords"], "a list of files or folders", _is_str_list,
        "stopword lists, layered in order; a folder means its *.txt except keep.txt",
    )  # fmt: skip
    keep: str = _param(
        "stopwords/keep.txt", "a file path", _is_str,
        "words that no stopword list may remove (your override of a shared list)",
    )  # fmt: skip


@dataclass(frozen=True)
class TermsConfig:
    min_chars: int = _param(
        2, "an int in [1, 10]", _int_in(1, 10),
        "shortest term kept, in characters (1 keeps 党, 钢, 粮 but also many function words)",
    )  # fmt: skip
    exclude_people: bool = _param(
        True, "true or false", _is_bool,
        "keep personal names (jieba tag nr) out of terms and themes; they go to people.csv",
    )  # fmt: skip
    drop_numbers: bool = _param(
        True, "true or false", _is_bool,
        "drop years, shares, ordinals, days and counts in Chinese numerals (一九五八年, 百分之四, 第六个, 十一日, 二十五个); 十一五 stays",
    )  # fmt: skip


def _auto_or_int(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: v == "auto" or _int_in(lo, hi)(v)


@dataclass(frozen=True)
class ThemesConfig:
    n_themes: int | str = _param(
        "auto", '"auto" or an int in [2, 50]', _auto_or_int(2, 50),
        '"auto" chooses the number of themes by coherence and stability; an int forces it',
    )  # fmt: skip
    k_min: int = _param(2, "an int in [2, 50]", _int_in(2, 50), "smallest number of themes tried")
    k_max: int = _param(
        20, "an int in [2, 50]", _int_in(2, 50),
        "largest number of themes tried (also capped at one per 5 paragraphs and 10 terms)",
    )  # fmt: skip
    runs: int = _param(
        4, "an int in [1, 20]", _int_in(1, 20),
        "random samples each k is refitted on to measure stability (more: steadier, slower)",
    )  # fmt: skip
    sample_fraction: float = _param(
        0.8, "a number in [0.5, 0.95]", _float_in(0.5, 0.95), "share of paragraphs in each sample"
    )
    stability_margin: float = _param(
        0.1, "a number in [0, 0.5]", _float_in(0.0, 0.5),
        "when no k reaches stability_floor: k within this much of the best stability compete",
    )  # fmt: skip
    stability_floor: float = _param(
        0.6, "a number in [0, 1]", _float_in(0.0, 1.0),
        "a k must be at least this stable to be chosen (the stable k with the best coherence x "
        "stability wins); a "
        "theme below it is shown as tentative",
    )  # fmt: skip
    guided: bool = _param(
        False, "true or false", _is_bool,
        "seed every NMF fit with the lexicon's themes (their seed words weigh most in the start)",
    )  # fmt: skip
    top_terms: int = _param(
        10, "an int in [5, 30]", _int_in(5, 30),
        "terms per theme used for coherence, stability and the table",
    )  # fmt: skip
    min_unit_tokens: int = _param(
        12, "an int in [1, 200]", _int_in(1, 200),
        "shorter paragraphs are merged with their neighbours into one unit for fitting",
    )  # fmt: skip
    lexicon: str = _param(
        "lexicon/themes.toml", "a file path", _is_str,
        "theme names and their seed words (a missing file: themes are named by top terms)",
    )  # fmt: skip
    excerpts: int = _param(
        2, "an int in [0, 10]", _int_in(0, 10), "representative paragraphs shown per theme"
    )


@dataclass(frozen=True)
class SlogansConfig:
    sample_chars: int = _param(
        3_000_000, "an int in [100000, 100000000]", _int_in(100_000, 100_000_000),
        "discovery statistics use at most this many characters (a fixed sample); counts use all",
    )  # fmt: skip
    not_formulations: str = _param(
        "lexicon/not-formulations.txt", "a file path", _is_str,
        "phrases never reported as formulations (one per line, like a stopword list)",
    )  # fmt: skip
    lexicon: str = _param(
        "lexicon/formulations.txt", "a file path", _is_str,
        "known formulations: phrases reported wherever they occur (kind lexicon), one per line; "
        "not segmentation words (a missing file: none)",
    )  # fmt: skip
    top: int = _param(30, "an int in [5, 500]", _int_in(5, 500), "slogans listed in the report")
    timeline: int = _param(
        8, "an int in [1, 20]", _int_in(1, 20), "slogans drawn in the report's timeline"
    )
    kwic: int = _param(
        8,
        "an int in [0, 50]",
        _int_in(0, 50),
        "slogans with keyword-in-context lines in the report",
    )


@dataclass(frozen=True)
class CompareConfig:
    by: str = _param(
        "auto", '"auto", "article", "period" or a manifest column', lambda v: isinstance(v, str) and bool(v),
        'groups to compare: "auto" (periods when at least three dated periods, else articles), '
        '"article" (each against the others), "period" (year, or month when every article has '
        'one; eras when given or detected) or a manifest column such as "source" or "region"',
    )  # fmt: skip
    against: str = _param(
        "previous", '"previous" or "rest"', _one_of("previous", "rest"),
        'periods and eras: each against the one before ("previous") or against all the others '
        '("rest"); articles and manifest columns are always compared with the rest',
    )  # fmt: skip
    eras: tuple[tuple[str, str], ...] = _param(
        (), 'a table of name = "YYYY-YYYY"', _is_eras,
        'named eras, e.g. {"改革开放前" = "1954-1977"}; {} detects eras where period-to-period '
        "similarity breaks when there are more than 12 periods (tables/eras.csv)",
    )  # fmt: skip
    target: str = _param(
        "", "a string", _is_str,
        'compare only this group (several: "a,b") with the reference; "" compares every group '
        "with all the others",
    )  # fmt: skip
    reference: str = _param(
        "", "a string", _is_str, 'the reference group(s) for target; "" means all the others'
    )
    method: str = _param(
        "fightin", '"fightin" or "g2"', _one_of("fightin", "g2"),
        "keyness statistic: Fightin' Words z-scores (Monroe et al. 2008) or log-likelihood G2",
    )  # fmt: skip
    min_count: int = _param(
        3, "an int in [1, 1000]", _int_in(1, 1000),
        "terms with fewer occurrences in the two groups together are not scored",
    )  # fmt: skip
    top: int = _param(
        30, "an int in [5, 500]", _int_in(5, 500), "items kept per side of each comparison"
    )


@dataclass(frozen=True)
class TrendsConfig:
    terms: tuple[str, ...] = _param(
        [], "a list of words", lambda v: isinstance(v, list | tuple) and all(isinstance(x, str) for x in v),
        "terms always drawn in the trend chart; [] picks the terms whose rate changes most",
    )  # fmt: skip
    top_terms: int = _param(
        1000, "an int in [10, 100000]", _int_in(10, 100_000),
        "the most frequent terms get rows in trends.csv (plus the terms above)",
    )  # fmt: skip
    top_slogans: int = _param(
        300, "an int in [10, 100000]", _int_in(10, 100_000),
        "the most salient slogans get rows in trends.csv",
    )  # fmt: skip


@dataclass(frozen=True)
class ReportConfig:
    lang: str = _param(
        "zh", '"zh" or "en"', _one_of("zh", "en"), "language of headings and labels"
    )
    title: str = _param(
        "", "a string", _is_str,
        'corpus name on the cover; "" uses the manifest\'s kind and source when every article '
        "shares one, else the seeds folder name",
    )
    top_terms: int = _param(30, "an int in [5, 200]", _int_in(5, 200), "terms in frequency charts")
    wordcloud_words: int = _param(
        150, "an int in [10, 1000]", _int_in(10, 1000), "words in each word cloud"
    )
    html: bool = _param(
        True, "true or false", _is_bool,
        "also write report.html: the interactive, self-contained twin of the PDF (search, tables, charts)",
    )  # fmt: skip
    article_pages: int = _param(
        12, "an int in [0, 10000]", _int_in(0, 10000),
        "articles that get their own word cloud: spread over time when all are dated, else the largest",
    )  # fmt: skip


def _is_scheduler(v: Any) -> bool:
    return isinstance(v, str) and (
        v == "" or re.fullmatch(r"(tcp|tls|inproc)://\S+", v) is not None
    )


@dataclass(frozen=True)
class RunConfig:
    scheduler: str = _param(
        "", '"" or a Dask scheduler address such as "tcp://host:8786"', _is_scheduler,
        'run reading, segmentation and counting on this dask.distributed cluster; "" runs here',
    )  # fmt: skip
    cache_max_mb: int = _param(
        2000, "an int in [10, 1000000]", _int_in(10, 1_000_000),
        "size cap of the cache folder in MB; the least recently used entries go first",
    )  # fmt: skip


@dataclass(frozen=True)
class EchoConfig:
    reference_corpus: tuple[str, ...] = _param(
        ["reference/gov-work-reports"], 'a list of folders ([] or ["none"]: no echo analysis)',
        lambda v: isinstance(v, list | tuple) and all(isinstance(x, str) and x for x in v),
        "dated central texts the corpus is compared with (echo.csv...); the default, the "
        "national Government Work Reports 1954-2025, ships with tifa",
    )  # fmt: skip
    by: str = _param(
        "article", '"article", "period" or a manifest column', lambda v: isinstance(v, str) and v != "",
        "groups for diffusion.csv (first use and adoption per group), e.g. region",
    )  # fmt: skip
    gaps_top: int = _param(
        20, "an int in [1, 1000]", _int_in(1, 1000),
        "leading reference formulations per year checked for echo_gaps.csv",
    )  # fmt: skip
    reuse_threshold: float = _param(
        0.4, "a number in [0.1, 1]", _float_in(0.1, 1.0),
        "Jaccard similarity of character 4-grams from which a sentence repeats a reference one",
    )  # fmt: skip
    reuse_min_chars: int = _param(
        15, "an int in [5, 200]", _int_in(5, 200),
        "shortest sentence (characters) compared for reuse",
    )  # fmt: skip


@dataclass(frozen=True)
class Config:
    random_state: int = _param(
        RANDOM_STATE, "an int in [0, 4294967295]", _int_in(0, 2**32 - 1),
        "seed for NMF and word-cloud layout: same seed, same numbers",
    )  # fmt: skip
    input: InputConfig = field(default_factory=InputConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    stopwords: StopwordsConfig = field(default_factory=StopwordsConfig)
    terms: TermsConfig = field(default_factory=TermsConfig)
    themes: ThemesConfig = field(default_factory=ThemesConfig)
    slogans: SlogansConfig = field(default_factory=SlogansConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    trends: TrendsConfig = field(default_factory=TrendsConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    echo: EchoConfig = field(default_factory=EchoConfig)
    run: RunConfig = field(default_factory=RunConfig)


SECTIONS: dict[str, type] = {
    f.name: f.type if isinstance(f.type, type) else globals()[f.type]
    for f in dataclasses.fields(Config)
    if f.name != "random_state"
}
