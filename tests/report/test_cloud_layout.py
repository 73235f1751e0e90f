"""The word-cloud layout with skipped tries is wordcloud's own, word for word."""

from __future__ import annotations

import random

import pytest
import wordcloud.wordcloud
from wordcloud import WordCloud

from analysis.report.canvas import font_path
from analysis.report.cloud_layout import layout
from analysis.report.clouds import _FontCache, wordcloud_png

# invented words: two to six characters, a few with Latin letters and digits
_CHARS = "改革发展创新农村城市工业科技教育文化生态安全开放市场就业民生法治经济"


def _words(n: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    out: dict[str, float] = {}
    while len(out) < n:
        word = "".join(rng.choice(_CHARS) for _ in range(rng.randint(2, 6)))
        if rng.random() < 0.05:
            word += "5G"
        out[word] = round(rng.paretovariate(1.2), 2)
    return out


def _cloud(**kwargs) -> WordCloud:
    settings = {
        "font_path": str(font_path()), "width": 512, "height": 288, "background_color": "white",
        "max_words": 150, "random_state": 42, "prefer_horizontal": 0.95, "relative_scaling": 0.45,
        "min_font_size": 8, "font_step": 2, "margin": 2, "scale": 2.5, "collocations": False,
        "color_func": lambda word, **kw: "#b03a2e",
    }  # fmt: skip
    settings.update(kwargs)
    return WordCloud(**settings)


@pytest.mark.parametrize(
    ("n", "seed", "kwargs"),
    [
        (150, 1, {}),
        (80, 2, {"width": 480, "height": 360, "max_words": 80}),
        (400, 3, {"width": 200, "height": 120}),  # the canvas fills up: the last words fail
        (40, 4, {"prefer_horizontal": 0.5, "random_state": 7}),
        (60, 5, {"prefer_horizontal": 1.0, "font_step": 3, "min_font_size": 5}),
        (1, 6, {}),
        (2, 7, {"width": 90, "height": 40}),
    ],
)
def test_layout_is_wordclouds(n, seed, kwargs, monkeypatch):
    freqs = _words(n, seed)
    ours, theirs = _cloud(**kwargs), _cloud(**kwargs)
    layout(ours, freqs, _FontCache.truetype)
    # the same fonts (the report's basic layout), so that only the algorithm is compared
    monkeypatch.setattr(wordcloud.wordcloud, "ImageFont", _FontCache())
    theirs.generate_from_frequencies(freqs)
    assert ours.layout_ == theirs.layout_
    assert ours.words_ == theirs.words_
    assert ours.random_state.getstate() == theirs.random_state.getstate()


def test_layout_refuses_what_it_does_not_copy():
    with pytest.raises(ValueError, match="without mask or repeat"):
        layout(_cloud(repeat=True), {"改革": 1.0}, _FontCache.truetype)
    with pytest.raises(ValueError, match="at least 1 word"):
        layout(_cloud(), {}, _FontCache.truetype)


def test_cloud_png_is_deterministic():
    freqs = _words(120, 8)
    assert wordcloud_png(freqs) == wordcloud_png(dict(reversed(list(freqs.items()))))
