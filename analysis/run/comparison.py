"""The cached comparisons and trends: the comparison computed from the analysed terms and the
slogans (before the themes: its figures are drawn while they are fitted; the groups' theme
shares are added after), the trends from those and the themes, each stored under the digest
of exactly what it is computed from (:func:`compare_key`)."""

from __future__ import annotations

from collections.abc import Callable

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


def compare_key(config, articles, arts, found, themes, shares, theme_chars, kind="compare") -> str:
    """The digest of what the comparison (``kind`` "compare", themes None) or the trends
    (``kind`` "trends") are computed from.

    Parameters
    ----------
    config : the run's configuration (its top-level, ``[compare]`` and ``[trends]`` items)
    articles : the corpus's articles
    arts : the articles x terms matrix
    found : the slogans, or None
    themes : the themes, or None
    shares : the articles x themes shares, or None
    theme_chars : the characters per theme, or None
    kind : "compare" or "trends"

    Returns
    -------
    str
    """
    from ..config import config_items  # noqa: PLC0415

    m = arts.matrix.tocsr()
    parts: list[object] = [
        kind, __version__,
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


def cached_compare(cache: Cache, key: str, compute: Callable[[], object]):
    """``compute()`` (the comparison) or its cached result.

    Parameters
    ----------
    cache : the cache folder
    key : from :func:`compare_key`
    compute : computes the :class:`~analysis.compare.Comparison`

    Returns
    -------
    Comparison
    """
    from ..compare import Comparison  # noqa: PLC0415

    arrays = cache.load("compare", key)
    if arrays is not None:
        try:
            return arrays_dataclass(Comparison, arrays, "c")
        except (KeyError, ValueError, TypeError):
            pass
    comparison = compute()
    cache.save("compare", key, dataclass_arrays(comparison, "c"))
    return comparison


def cached_trends(cache: Cache, key: str, compute: Callable[[], object]):
    """``compute()`` (the trends table) or its cached result.

    Parameters
    ----------
    cache : the cache folder
    key : from :func:`compare_key` (kind "trends")
    compute : computes the trends DataFrame

    Returns
    -------
    pandas.DataFrame
    """
    arrays = cache.load("compare", key)
    if arrays is not None:
        try:
            return arrays_frame(arrays, "trends")
        except (KeyError, ValueError, TypeError):
            pass
    trends = compute()
    cache.save("compare", key, frame_arrays(trends, "trends"))
    return trends
