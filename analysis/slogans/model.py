"""The plain data of formulation discovery: candidates, formulations, occurrences, results."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

KINDS = ("numbered", "parallel", "quoted", "recurrent", "lexicon")  # by priority
DISCOVERY_ROLES = ("headline", "kicker", "heading", "question", "body", "answer")
TITLE_ROLES = ("headline", "kicker")


@dataclass
class Found:
    """A candidate formulation as found: its kind and how it was found."""

    text: str
    kind: str
    evidence: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)  # surface forms in the text
    quoted: int = 0  # times it stood inside quotation marks
    # cohesion of its parts (see :func:`~analysis.slogans.recurrent.bound`); 0 when not measured
    bound: float = 0.0
    entropy: float = 0.0  # the lower of its left and right branching entropies
    successor_of: str = ""  # the formulation it renames (a list whose members changed)


@dataclass(frozen=True)
class Slogan:
    """A formulation: its canonical text, kind, every form that is counted, and why it is one."""

    text: str
    kind: str
    variants: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Hit:
    """One occurrence: slogan index, article position, paragraph index, span in its text."""

    slogan: int
    article: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class SloganResult:
    """The ranked slogans with their occurrences, and the contract's four tables.

    ``hits`` are the standalone occurrences (leftmost-longest), ``hits_total`` every use,
    inside longer formulations included (empty from :func:`find_slogans` and the cache: the
    tables' ``count_total`` hold them); ``features`` the evidence each candidate was scored
    on (one row per candidate, accepted or not: what the weights are fitted on)."""

    slogans: tuple[Slogan, ...]
    hits: tuple[Hit, ...]
    table: pd.DataFrame  # slogans.csv
    counts: pd.DataFrame  # slogan_counts.csv
    periods: pd.DataFrame  # slogan_periods.csv
    kwic: pd.DataFrame  # kwic.csv
    hits_total: tuple[Hit, ...] = ()
    features: pd.DataFrame | None = None
