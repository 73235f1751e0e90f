"""The slogan tables: temperature tiers."""

from __future__ import annotations

import pytest

from analysis.slogans.tables import tier


@pytest.mark.parametrize(
    "share, name", [(0.0, "absent"), (0.05, "cool"), (0.2, "warm"), (0.6, "hot"), (1.0, "hot")]
)
def test_temperature_tiers(share, name):
    assert tier(share) == name
