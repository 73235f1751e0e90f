"""Word clouds in Noto Sans CJK SC (wordcloud), with a font cache (drawn as figure jobs:
:mod:`analysis.report.jobs`)."""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..config import RANDOM_STATE
from .canvas import PALETTE, font_path
from .cloud_layout import layout

CLOUD_WORDS = 150  # words per cloud by default ([report] wordcloud_words)


@lru_cache(maxsize=4)  # each loaded face holds ~20 MB: keep the few sizes wordcloud revisits
def _truetype(path: str, size: int):
    from PIL import ImageFont  # noqa: PLC0415

    # basic layout: Chinese words need no shaping, and Raqm's took a fifth of a cloud's time
    # (0.197 -> 0.159 s a cloud, the same PNG bytes)
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


class _FontCache:
    """Stands in for ``PIL.ImageFont`` inside wordcloud, loading each (font, size) once.

    wordcloud reloads the font for every size it tries; Noto Sans CJK is 16 MB, so the loads
    were a third of a cloud's time.
    """

    def __getattr__(self, name):
        from PIL import ImageFont  # noqa: PLC0415

        return getattr(ImageFont, name)

    @staticmethod
    def truetype(path, size, *args, **kwargs):
        if args or kwargs:
            from PIL import ImageFont  # noqa: PLC0415

            return ImageFont.truetype(path, size, *args, **kwargs)
        return _truetype(str(path), int(size))


def wordcloud_png(
    frequencies: Mapping[str, float],
    *,
    width: int = 512,
    height: int = 288,
    max_words: int = CLOUD_WORDS,
    random_state: int = RANDOM_STATE,
    colors: Sequence[str] = PALETTE[:6],
    color_of: Mapping[str, str] | None = None,
) -> bytes:
    """Render a word cloud of ``frequencies`` to PNG bytes with the CJK font.

    Uses ``WordCloud.generate_from_frequencies`` with a fixed ``random_state``, so the same
    frequencies give the same image. The layout is computed on a ``width`` x ``height`` grid
    and drawn at 2.5 times that size (1280 x 720 by default): ten times faster than laying out
    the full-size image. The smallest word is drawn 20 pixels high, legible at the printed
    size; a 640 x 360 grid drawn twice as large took half as long again, for words too small
    to read on the page.

    Parameters
    ----------
    frequencies : mapping
        Word -> weight.
    width, height : int
        Size of the layout grid in pixels (the image is 2.5 times as large).
    max_words : int
        Words drawn at most.
    random_state : int
        Layout seed: same seed, same bytes.
    colors : sequence of str
        Colours drawn from.
    color_of : mapping, optional
        A fixed colour per word.

    Returns
    -------
    bytes
        The PNG.
    """
    from wordcloud import WordCloud  # noqa: PLC0415 - slow import, only when drawing clouds

    palette = list(colors)

    def color_func(word, font_size, position, orientation, random_state=None, **kw):
        if color_of and word in color_of:
            return color_of[word]  # a comparison cloud: each group in its own colour
        return palette[sum(map(ord, word)) % len(palette)]

    wc = WordCloud(
        font_path=str(font_path()),
        width=width,
        height=height,
        background_color="white",
        max_words=max_words,
        random_state=random_state,
        prefer_horizontal=0.95,
        relative_scaling=0.45,
        min_font_size=8,
        font_step=2,
        margin=2,
        scale=2.5,
        color_func=color_func,
        collocations=False,
    )
    items = sorted(
        ((w, float(f)) for w, f in frequencies.items() if f > 0), key=lambda x: (-x[1], x[0])
    )
    module = sys.modules[WordCloud.__module__]
    original, module.ImageFont = module.ImageFont, _FontCache()
    try:
        layout(wc, dict(items[:max_words]), _FontCache.truetype)  # as wc.generate_from_frequencies
        image = wc.to_image()
    finally:
        module.ImageFont = original
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
