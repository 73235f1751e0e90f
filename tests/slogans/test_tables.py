"""The slogan tables: temperature tiers."""

from __future__ import annotations

import pytest

from analysis.slogans.tables import tier


@pytest.mark.parametrize(
    "share, name", [(0.0, "absent"), (0.05, "cool"), (0.2, "warm"), (0.6, "hot"), (1.0, "hot")]
)
def test_temperature_tiers(share, name):
    assert tier(share) == name


def test_kwic_keeps_one_string_per_distinct_context():
    from analysis.ingest.model import Article, Paragraph
    from analysis.slogans.model import Hit, Slogan
    from analysis.slogans.tables import slogan_tables

    text = "".join(
        ["今年我们坚持", "高质量发展", "不动摇。"]
    )  # built at run time: no shared literal
    arts = [
        Article(
            f"a{i}",
            f"a{i}.txt",
            "题",
            "2024-01-0" + str(i + 1),
            "",
            (Paragraph(0, "body", text[:], 1),),
        )  # fmt: skip
        for i in range(3)
    ]
    hits = [Hit(0, i, 0, 6, 11) for i in range(3)]
    slogans = [Slogan("高质量发展", "recurrent", ("高质量发展",), "")]
    kwic = slogan_tables(slogans, hits, hits, arts, [1.0])[3]
    assert (
        kwic["left"].tolist() == ["今年我们坚持"] * 3
        and kwic["right"].tolist() == ["不动摇。"] * 3
    )
    left, right = kwic["left"].to_numpy(dtype=object), kwic["right"].to_numpy(dtype=object)
    assert left[1] is left[0] and left[2] is left[0] and right[2] is right[0]
