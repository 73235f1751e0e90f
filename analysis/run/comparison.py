"""The cached comparisons and trends: computed from the analysed terms, the slogans and the
themes, stored under the digest of exactly those (:func:`compare_key`)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import __version__
from .arrays import (
    arrays_dataclass,
    arrays_frame,
    articles_digest,
    dataclass_arrays,
    frame_arrays,
)
from .cache import Cache, code_digest, digest
from .stages import _themes_arrays


def _frame_digest(df) -> str:
    if df is None:
        return "none"
    return digest(*(v for _, v in sorted(frame_arrays(df, "f").items())))


def compare_key(config, articles, arts, found, themes, shares, theme_chars) -> str:
    """The digest of what the comparisons and trends are computed from.

    Parameters
    ----------
    config : the run's configuration (its top-level, ``[compare]`` and ``[trends]`` items)
    articles : the corpus's articles
    arts : the articles x terms matrix
    found : the slogans, or None
    themes : the themes, or None
    shares : the articles x themes shares, or None
    theme_chars : the characters per theme, or None

    Returns
    -------
    str
    """
    from ..config import config_items  # noqa: PLC0415

    m = arts.matrix.tocsr()
    parts: list[object] = [
        "compare", __version__,
        code_digest(
            "analysis.compare", "analysis.ingest.periods", "analysis.pipeline", __name__,
            "analysis.run.arrays",
        ),
        [repr(x) for x in config_items(config) if x[0] in ("", "compare", "trends")],
        articles_digest(articles), "\n".join(arts.terms), m.data, m.indices, m.indptr,
    ]  # fmt: skip
    if found is not None:
        parts += [repr(found.slogans), _frame_digest(found.counts), _frame_digest(found.periods)]
    if themes is not None:
        parts += [digest(*(v for _, v in sorted(_themes_arrays(themes).items()))), shares]
        parts.append(theme_chars)
    return digest(*parts)


def _compare_arrays(comparison, trends) -> dict[str, np.ndarray]:
    out = dataclass_arrays(comparison, "c")
    out.update(frame_arrays(trends, "trends"))
    return out


def _compare_result(arrays: dict[str, np.ndarray]):
    from ..compare import Comparison  # noqa: PLC0415

    return arrays_dataclass(Comparison, arrays, "c"), arrays_frame(arrays, "trends")


def cached_compare(cache: Cache, key: str, compute: Callable[[], tuple]):
    """``compute()`` (the comparison and the trends table) or its cached result.

    Parameters
    ----------
    cache : the cache folder
    key : from :func:`compare_key`
    compute : computes ``(comparison, trends)``

    Returns
    -------
    (Comparison, pandas.DataFrame)
    """
    arrays = cache.load("compare", key)
    if arrays is not None:
        try:
            return _compare_result(arrays)
        except (KeyError, ValueError, TypeError):
            pass
    comparison, trends = compute()
    cache.save("compare", key, _compare_arrays(comparison, trends))
    return comparison, trends
