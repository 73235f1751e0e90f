"""The result of one run: every stage's output in one frozen container (``Analysis``).

Its own module so that the report (which reads it) and the pipeline (which builds it) both
depend on it, and the report never imports the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import Notice
from .ingest import Corpus, count_chars
from .segment import Tokens
from .vectorize import Dtm, dtm
from .wordlists import Entry

if TYPE_CHECKING:
    from .compare import Comparison
    from .slogans import SloganResult
    from .themes import Themes


@dataclass(frozen=True)
class Analysis:
    """Everything one run computed; tables and the report are built from this alone."""

    seed_dir: str
    corpus: Corpus
    engine: str
    lexicon: tuple[Entry, ...]
    stopwords: tuple[Entry, ...]
    keep: tuple[Entry, ...]
    raw_tokens: Tokens  # every word-like token, before stopwords
    tokens: Tokens  # the terms that are analysed
    article_dtm: Dtm  # articles x terms
    term_frequencies: pd.DataFrame
    people: pd.DataFrame
    themes: Themes | None = None  # None when the corpus is too small (see themes_note)
    themes_note: str = ""
    article_themes: np.ndarray | None = None  # articles x themes, rows sum to 1 (or 0)
    excerpts: tuple[tuple[int, ...], ...] = ()  # per theme, paragraph indices into tokens
    slogans: SloganResult | None = None
    comparison: Comparison | None = None
    trends: pd.DataFrame | None = None  # trends.csv
    echo: object | None = None  # analysis.echo.EchoResult: against the reference corpus
    cache_stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    theme_search: dict = field(default_factory=dict)  # the k range searched (run.json)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.corpus.notices

    @property
    def paragraph_dtm(self) -> Dtm:
        """Analysed paragraphs x terms, counted when asked for (no stage needs it kept: a
        100 MB corpus's is a tenth of a GB)."""
        return dtm(self.tokens)

    @property
    def characters(self) -> int:
        return sum(a.characters for a in self.corpus.articles)


def theme_characters(corpus: Corpus, kept: Tokens, themes: Themes) -> np.ndarray:
    """Articles x themes: the characters of each article that each theme explains.

    Parameters
    ----------
    corpus : Corpus
    kept : Tokens
        The analysed tokens (one row per analysed paragraph).
    themes : Themes

    Returns
    -------
    numpy.ndarray
        ``len(corpus.articles) x themes.k``: characters times each paragraph's theme weights.
    """
    chars = np.array(
        [count_chars(p.content) for a in corpus.articles for p in a.analysed], dtype=np.float64
    )
    out = np.zeros((len(corpus.articles), themes.k))
    np.add.at(out, kept.article, themes.paragraph_weights * chars[:, None])
    return out
