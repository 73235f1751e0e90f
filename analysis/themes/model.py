"""A fitted theme model (:class:`Themes`) and the theme shares of each article."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..segment import Tokens
from .nmf import top_indices


@dataclass(frozen=True)
class Themes:
    """A fitted theme model, themes ordered by share (theme 0 is the largest)."""

    terms: tuple[str, ...]
    H: np.ndarray  # themes x terms
    paragraph_weights: np.ndarray  # analysed paragraphs x themes: the part each theme explains
    unit_of: np.ndarray  # unit of each analysed paragraph
    shares: np.ndarray  # overall share of each theme
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    label_scores: tuple[float, ...]
    named: tuple[bool, ...]  # named from the lexicon (else by its top terms)
    stability: tuple[float, ...]
    k_selection: pd.DataFrame  # k, coherence, stability, chosen
    chosen_by: str  # "auto" or "fixed"
    top_n: int
    stability_floor: float = 0.6  # a theme below it is tentative
    guided: bool = False  # seeded with the lexicon's themes

    @property
    def tentative(self) -> tuple[bool, ...]:
        """Themes below the stability floor: they change when the corpus is resampled."""
        return tuple(s < self.stability_floor for s in self.stability)

    @property
    def k(self) -> int:
        """The number of themes."""
        return self.H.shape[0]

    def top_terms(self, theme: int, n: int | None = None) -> list[str]:
        """The top ``n`` (default ``top_n``) terms of ``theme``, the heaviest first."""
        return [self.terms[i] for i in top_indices(self.H[theme : theme + 1], n or self.top_n)[0]]


class TooSmall(Exception):
    """The corpus has too little text for themes; the message says what was found."""


def article_shares(themes: Themes, toks: Tokens, n_articles: int) -> np.ndarray:
    """Theme shares per article: the text each theme explains in the article's paragraphs,
    summed and normalised.

    Parameters
    ----------
    themes
        The fitted themes.
    toks
        The analysed paragraphs they were fitted on.
    n_articles
        The number of articles of the corpus.

    Returns
    -------
    ndarray of float
        Articles x themes. Rows sum to 1; an article without analysed terms has a row of
        zeros.
    """
    mass = np.zeros((n_articles, themes.k))
    np.add.at(mass, toks.article, themes.paragraph_weights * toks.lengths()[:, None])
    sums = mass.sum(axis=1, keepdims=True)
    return np.divide(mass, sums, out=np.zeros_like(mass), where=sums > 0)
