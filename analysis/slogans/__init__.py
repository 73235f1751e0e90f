"""Discover official formulations (提法) in the text itself, count them and follow them in time.

Detectors, each returning candidates with the evidence that found them (never verdicts):

- ``quoted``, ``numbered``, ``parallel`` (:mod:`.explicit`): text inside “”, 「」 or ‘’ shaped
  like a formula; a numeral and a short noun phrase (三服务, 六个统筹, 三去一降一补); runs of
  same-length phrases joined by 、 that act as one slogan (稳进增效、除险固安、改革突破、惠民强企);
- ``recurrent`` (:mod:`.recurrent` over :mod:`.ngrams`): new-word discovery over character
  n-grams (cohesion and branching entropy), fixed dictionary expressions, headline terms;
  members of 、-lists that recur alone (:mod:`.members`); in a dated corpus, terms whose use
  marks an era (:mod:`.era`, 人民公社);
- ``lexicon`` (:mod:`.lexicon`): the entries of the user lexicon.

The shape rules live in :mod:`.shapes`; variants merge in :mod:`.variants`; every form is
counted with one Aho-Corasick pass (:mod:`.count`); one fitted score ranks every candidate
(:mod:`.score`); :mod:`.find` runs it all (:func:`find_slogans`) and :mod:`.tables` builds the
contract's four tables. The names other modules use are re-exported here.
"""

from __future__ import annotations

from .count import boundary_share, find_hits, join_halves, nested, total_hits
from .era import concentrated, era_candidates, marks_era
from .explicit import compact_parallels, explicit_candidates
from .find import MAX_FORMULATIONS, find_slogans
from .hits import Hits, renumber
from .lexicon import KIND_LABELS, NOT_FORMULATION_TAGS, candidates_text, lexicon_candidates
from .members import enumeration_members
from .model import (
    DISCOVERY_ROLES,
    KINDS,
    TITLE_ROLES,
    Found,
    Hit,
    Slogan,
    SloganResult,
)
from .ngrams import NgramStats, ngram_stats
from .recurrent import aligned, bound, recurrent_candidates, title_terms, trim_edges
from .shapes import (
    is_formula,
    is_numbered,
    looks_like_slogan,
    never_formulation,
    parallel_elements,
    pure_number,
)
from .tables import KWIC_PER_SLOGAN, KWIC_WIDTH, TIERS, link_successors, slogan_tables, tier
from .variants import function_variants, merge_variants

__all__ = [
    "DISCOVERY_ROLES", "KINDS", "KIND_LABELS", "KWIC_PER_SLOGAN", "KWIC_WIDTH",
    "MAX_FORMULATIONS", "NOT_FORMULATION_TAGS", "TIERS", "TITLE_ROLES", "Found", "Hit",
    "Hits",
    "NgramStats", "Slogan", "SloganResult", "aligned", "boundary_share", "bound",
    "candidates_text", "compact_parallels", "concentrated", "enumeration_members",
    "era_candidates", "explicit_candidates", "find_hits", "find_slogans", "function_variants",
    "is_formula", "is_numbered", "join_halves", "lexicon_candidates", "link_successors",
    "looks_like_slogan", "marks_era", "merge_variants", "nested", "never_formulation",
    "ngram_stats", "parallel_elements", "pure_number", "recurrent_candidates", "renumber",
    "slogan_tables",
    "tier", "title_terms", "total_hits", "trim_edges",
]  # fmt: skip
