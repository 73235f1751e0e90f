"""Load ``tifa.toml`` into frozen dataclasses and check every key against its constraint.

:mod:`analysis.config.params` holds the settings table (sections, defaults, constraints, help);
:mod:`analysis.config.load` reads, checks and overrides it.
"""

from __future__ import annotations

from .load import config_items, load_config, parse_config, with_overrides
from .params import (
    RANDOM_STATE,
    SECTIONS,
    CompareConfig,
    Config,
    EchoConfig,
    InputConfig,
    ReportConfig,
    RunConfig,
    SegmentConfig,
    SlogansConfig,
    StopwordsConfig,
    TermsConfig,
    ThemesConfig,
    TrendsConfig,
)

__all__ = [
    "RANDOM_STATE", "SECTIONS", "CompareConfig", "Config", "EchoConfig", "InputConfig",
    "ReportConfig", "RunConfig", "SegmentConfig", "SlogansConfig", "StopwordsConfig",
    "TermsConfig", "ThemesConfig", "TrendsConfig", "config_items", "load_config",
    "parse_config", "with_overrides",
]  # fmt: skip
