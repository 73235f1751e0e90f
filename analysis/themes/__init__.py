"""Cluster paragraphs into themes: TF-IDF + NMF, with the number of themes chosen by the data.

The number of themes ``k`` is chosen among candidates by two measures, reported for every
candidate in ``k_selection.csv``:

- **coherence**: NPMI of each theme's top terms, from how often they occur together in the
  corpus's own paragraphs (Bouma 2009; Röder et al. 2015), averaged over themes;
- **stability**: Greene, O'Callaghan & Cunningham (2014), "How many topics? Stability analysis
  for topic models": NMF is fitted again on random 80% samples of the paragraphs, the themes of
  each sample are matched to the full fit (Hungarian algorithm) and the agreement of their top
  terms is measured by average Jaccard over ranked prefixes. A ``k`` that the data support
  gives the same themes whatever the sample.

Themes are then named from ``lexicon/themes.toml`` (read by
:func:`analysis.wordlists.read_theme_lexicon`, passed in) and ordered by their share of the
corpus.

Modules, in the order of the fit:

- ``units``: fitting units (short paragraphs merged, long ones cut into windows);
- ``sampling``: deterministic samples stratified by article (the k search on large corpora);
- ``nmf``: the NNDSVDa and guided starts, the NMF fit, top terms;
- ``measures``: coherence (NPMI) and stability (average Jaccard of matched themes);
- ``select_k``: sample runs, candidates, the rule that picks ``k``, the search;
- ``naming``: names from the theme lexicon or the top terms;
- ``model``: the fitted :class:`Themes`, and each article's theme shares;
- ``fit``: :func:`fit_themes`, which puts them together;
- ``excerpts``: the paragraphs that express each theme.
"""

from __future__ import annotations

from ..wordlists import ThemeEntry, read_theme_lexicon
from .excerpts import EXCERPT_LEAD, EXCERPT_MIN_WEIGHT, representative
from .fit import canonical_order, fit_themes, term_limits
from .measures import agreement, average_jaccard, npmi_coherence
from .model import Themes, TooSmall, article_shares
from .naming import (
    MIN_SEED_TERMS,
    NAME_FIT,
    era_exclusions,
    label_scores,
    name_themes,
    seed_hits,
    theme_names,
)
from .nmf import fit_nmf, guided_start, n_starts, nndsvda, seed_columns, svd, top_indices
from .sampling import stratified_rows
from .select_k import (
    COHERENCE_TIE,
    LARGEST_SHARE,
    PRODUCT_TIE,
    STABILITY_FLOOR,
    Candidate,
    Samples,
    choose_k,
    evaluate_k,
    k_candidates,
    k_reasons,
    make_samples,
    search_k,
)
from .units import WINDOW_CHARS, paragraph_units, sentence_ends, unit_offsets, window_cuts

__all__ = [
    "COHERENCE_TIE", "EXCERPT_LEAD", "EXCERPT_MIN_WEIGHT", "LARGEST_SHARE", "PRODUCT_TIE", "k_reasons", "MIN_SEED_TERMS",
    "NAME_FIT", "STABILITY_FLOOR", "WINDOW_CHARS", "Candidate", "Samples", "ThemeEntry",
    "Themes", "TooSmall", "agreement", "article_shares", "average_jaccard", "canonical_order",
    "choose_k", "era_exclusions", "evaluate_k", "fit_nmf", "fit_themes", "guided_start", "k_candidates",
    "label_scores", "make_samples", "n_starts", "name_themes", "nndsvda", "npmi_coherence",
    "paragraph_units", "read_theme_lexicon", "representative", "search_k", "seed_columns",
    "seed_hits", "sentence_ends", "stratified_rows", "svd", "term_limits", "theme_names", "top_indices",
    "unit_offsets", "window_cuts",
]  # fmt: skip
