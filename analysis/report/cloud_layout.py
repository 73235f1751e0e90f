"""wordcloud's layout (``WordCloud.generate_from_frequencies``), the same words, sizes and
places, with fewer tries: the sizes at which a word cannot fit anywhere are skipped.

wordcloud tries each word at its size, turned, then two pixels smaller at a time until the
word finds room; every try loads the font at that size, measures the word and scans the
free space. A try where the word fits nowhere draws no random number (the scan counts the
free places first, and only a count above zero draws one), so skipping such tries leaves
the random sequence, and so the layout, as it was. The places where a word fits can only
grow as the word shrinks (a box inside a free box is free, and a word's box grows with its
font size), so the smallest size says whether any size fits, and a bisection finds the
largest that does; from there the tries go on one by one, as in wordcloud. The two-word
pass that chooses the first font size (from the canvas's height down) was a quarter of a
cloud's time.
"""

from __future__ import annotations

from collections.abc import Callable


class _Found(Exception):
    """Raised by :class:`_Probe` when the scan found room (before any random number)."""


class _Probe:
    """A stand-in random state: the scan asks it for a number only when it found room."""

    def randint(self, a, b):
        raise _Found


def _has_room(query, integral, box, margin: int) -> bool:
    """Whether a word of ``box`` (``draw.textbbox``) fits anywhere: wordcloud's own scan."""
    try:
        query(integral, box[3] + margin, box[2] + margin, _Probe())
    except _Found:
        return True
    return False


def layout(wc, frequencies: dict[str, float], truetype: Callable, max_font_size=None) -> None:
    """Set ``wc.layout_`` and ``wc.words_`` as ``wc.generate_from_frequencies(frequencies)``
    does (for a cloud without mask or repeat, ``relative_scaling`` above zero).

    Parameters
    ----------
    wc : wordcloud.WordCloud
        The cloud (its size, margin, fonts, scaling, random state and colours).
    frequencies : dict
        Word -> weight.
    truetype : callable
        ``truetype(path, size)``: the font loader (``ImageFont.truetype``).
    max_font_size : int, optional
        The first font size (None: wordcloud's two-word pass chooses it).
    """
    import numpy as np  # noqa: PLC0415
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415
    from wordcloud.query_integral_image import query_integral_image  # noqa: PLC0415
    from wordcloud.wordcloud import IntegralOccupancyMap  # noqa: PLC0415

    if wc.mask is not None or wc.repeat or wc.relative_scaling == 0:
        raise ValueError("layout() draws clouds without mask or repeat, relative_scaling > 0")
    items = sorted(frequencies.items(), key=lambda x: x[1], reverse=True)[: wc.max_words]
    if not items:
        raise ValueError("We need at least 1 word to plot a word cloud, got 0.")
    top = float(items[0][1])
    items = [(word, freq / top) for word, freq in items]
    random_state = wc.random_state
    height, width = wc.height, wc.width
    occupancy = IntegralOccupancyMap(height, width, None)
    img_grey = Image.new("L", (width, height))
    draw = ImageDraw.Draw(img_grey)
    font_sizes, positions, orientations, colors = [], [], [], []
    last_freq = 1.0
    max_font_size = wc.max_font_size if max_font_size is None else max_font_size
    if max_font_size is None:
        if len(items) == 1:
            font_size = wc.height
        else:
            layout(wc, dict(items[:2]), truetype, max_font_size=wc.height)
            sizes = [x[1] for x in wc.layout_]
            if len(sizes) >= 2:
                font_size = int(2 * sizes[0] * sizes[1] / (sizes[0] + sizes[1]))
            elif sizes:
                font_size = sizes[0]
            else:
                raise ValueError("Couldn't find space to draw.")
    else:
        font_size = max_font_size
    wc.words_ = dict(items)

    def measure(word, size, orientation):
        font = ImageFont.TransposedFont(truetype(wc.font_path, size), orientation=orientation)
        return font, draw.textbbox((0, 0), word, font=font, anchor="lt")

    def attempt(word, size, orientation):  # wordcloud's try: may draw a random number
        font, box = measure(word, size, orientation)
        return font, occupancy.sample_position(
            box[3] + wc.margin, box[2] + wc.margin, random_state
        )

    def room(word, size) -> bool:  # whether the upright word fits anywhere (no random number)
        return _has_room(
            query_integral_image, occupancy.integral, measure(word, size, None)[1], wc.margin
        )

    def first_with_room(word, size) -> int:
        """The largest of size, size - step... (>= min_font_size) where the word has room,
        found by steps of 1, 2, 4... then a bisection; below min_font_size when none has."""
        step = wc.font_step
        if size < wc.min_font_size:
            return size
        last = (size - wc.min_font_size) // step  # the steps down to the smallest size
        if room(word, size):
            return size
        lo, jump = 0, 1  # no room at step lo
        while True:
            hi = min(lo + jump, last)
            if room(word, size - hi * step):
                break
            if hi == last:
                return size - (last + 1) * step
            lo, jump = hi, jump * 2
        lo += 1  # (no room at lo)
        while lo < hi:
            mid = (lo + hi) // 2
            if room(word, size - mid * step):
                hi = mid
            else:
                lo = mid + 1
        return size - lo * step

    for word, freq in items:
        if freq == 0:
            continue
        rs = wc.relative_scaling
        font_size = int(round((rs * (freq / float(last_freq)) + (1 - rs)) * font_size))
        orientation = None if random_state.random() < wc.prefer_horizontal else Image.ROTATE_90
        result = font = None
        if font_size >= wc.min_font_size:
            font, result = attempt(word, font_size, orientation)
            if result is None and wc.prefer_horizontal < 1:  # (wordcloud turns it to 90 degrees)
                orientation = Image.ROTATE_90
                font, result = attempt(word, font_size, orientation)
            if result is None:  # smaller, upright: from the largest size with room
                orientation = None
                font_size = first_with_room(word, font_size - wc.font_step)
                while font_size >= wc.min_font_size:
                    font, result = attempt(word, font_size, None)
                    if result is not None:
                        break
                    font_size -= wc.font_step
        if font_size < wc.min_font_size:
            break
        x, y = np.array(result) + wc.margin // 2
        draw.text((y, x), word, fill="white", font=font)
        positions.append((x, y))
        orientations.append(orientation)
        font_sizes.append(font_size)
        colors.append(wc.color_func(word, font_size=font_size, position=(x, y),
                                    orientation=orientation, random_state=random_state,
                                    font_path=wc.font_path))  # fmt: skip
        occupancy.update(np.asarray(img_grey), x, y)
        last_freq = freq
    wc.layout_ = list(zip(items, font_sizes, positions, orientations, colors, strict=False))
