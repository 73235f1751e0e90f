"""Excerpts: each theme's paragraphs."""

from __future__ import annotations

import numpy as np


def test_excerpts_lead_with_their_own_theme_and_names_are_unique(seeds):
    th = seeds.themes
    assert len(set(th.labels)) == th.k
    lead = th.paragraph_weights.argmax(axis=1)
    texts = []
    for t, chosen in enumerate(seeds.excerpts):
        for i in chosen:
            assert lead[i] == t
            art = seeds.corpus.articles[seeds.tokens.article[i]]
            texts.append(art.paragraphs[seeds.tokens.paragraph[i]].content)
    # the tulip-tourism scenery and the journalist's lead-in represent no theme
    assert not any(x.startswith(("暖阳下，郁金香", "如今，站在新的起点上")) for x in texts)
    assert sum(map(len, seeds.excerpts)) >= seeds.themes.k
    # merged short paragraphs still have weights of their own
    units = th.unit_of
    shared = [u for u in set(units.tolist()) if (units == u).sum() > 1]
    assert any(
        not np.allclose(th.paragraph_weights[np.flatnonzero(units == u)[0]],
                        th.paragraph_weights[np.flatnonzero(units == u)[1]])
        for u in shared
    ) or not shared  # fmt: skip
