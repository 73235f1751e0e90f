"""The score's nesting feature: the share of a candidate's uses inside one longer candidate,
and the fragment rule built on it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.slogans.score import contained, fragments


def test_contained_is_the_share_one_longer_candidate_accounts_for():
    texts = ["一带", "一带一路", "中国特色社会主义", "建设中国特色社会主义", "一路"]
    counts = [40, 40, 30, 6, 41]
    share = dict(zip(texts, contained(texts, counts), strict=True))
    assert share["一带"] == 1.0 and round(share["一路"], 3) == round(40 / 41, 3)
    assert share["中国特色社会主义"] == 0.2  # stands alone in 24 of its 30 uses
    assert share["一带一路"] == 0.0 and share["建设中国特色社会主义"] == 0.0


def test_fragments_spare_bare_numbers_lexicon_entries_and_rare_candidates():
    table = pd.DataFrame(
        {
            "text": ["一带", "九五", "人类命运", "新质生产力", "中国特色社会主义"],
            "count_total": [40, 14, 30, 1, 30],
            "contained": [1.0, 1.0, 0.97, 1.0, 0.2],
            "k_lexicon": [0.0, 0.0, 1.0, 0.0, 0.0],
        }
    )
    assert fragments(table).tolist() == [True, False, False, False, False]


def test_dispersion_tells_even_use_from_use_bunched_in_one_document():
    import numpy as np  # noqa: PLC0415

    from analysis.dispersion import uses_dp  # noqa: PLC0415

    sizes = np.array([0.25, 0.25, 0.25, 0.25])
    assert uses_dp([0, 1, 2, 3], sizes) == 0.0  # in proportion to the documents' sizes
    assert uses_dp([2, 2, 2, 2], sizes) == 0.75  # all in a quarter of the text
    assert uses_dp([0, 0, 1], sizes) == pytest.approx(0.5 * (5 / 12 + 1 / 12 + 0.5))
    assert uses_dp([], sizes) == 0.0
