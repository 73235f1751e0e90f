"""Compare groups of texts: how articles are grouped (periods, eras, manifest columns), keyness
of terms and slogans between groups, similarity of articles, slogan differences, trends.

Sub-modules: ``groups`` (group of each article, pairs to compare), ``eras`` (periods and
eras), ``keyness`` (scores, p and q), ``keyness_table`` (``keyness.csv``), ``similarity``
(article pairs, the clustered heatmap), ``slogans`` (``slogan_diff.csv``), ``trends``
(``trends.csv`` parts), ``stage`` (the compare and trends stages).
"""

from .eras import Grouping, detect_eras, parse_eras, period_vectors, previous_pairs, resolve_groups
from .groups import REST, comparison_pairs, group_labels
from .keyness import (
    SIGNIFICANCE,
    bh_q_values,
    dirichlet_prior,
    g2,
    log_odds_dirichlet,
    p_values,
    stat_keyness,
)
from .keyness_table import keyness_table
from .similarity import (
    article_cosines,
    article_vectors,
    cluster_order,
    clustered_similarity,
    similarity_pairs,
)
from .slogans import slogan_diff
from .stage import Comparison, compare_groups, top_terms, trends_table, with_group_themes
from .trends import movers, period_characters, slogan_trends, term_trends, theme_trends

__all__ = [
    "REST", "SIGNIFICANCE", "Comparison", "Grouping", "article_cosines", "article_vectors",
    "bh_q_values", "cluster_order", "clustered_similarity", "compare_groups", "comparison_pairs",
    "detect_eras", "dirichlet_prior", "g2", "group_labels", "keyness_table", "log_odds_dirichlet",
    "movers", "p_values", "parse_eras", "period_characters", "period_vectors", "previous_pairs",
    "resolve_groups", "similarity_pairs", "slogan_diff", "slogan_trends", "stat_keyness",
    "term_trends", "theme_trends", "top_terms", "trends_table", "with_group_themes",
]  # fmt: skip
