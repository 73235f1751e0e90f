"""Cached stages: each result is stored in the cache folder under the digest of exactly what it
depends on, so that an edit recomputes only what it touches.

- slogan discovery depends on the text, the segmentation (the lexicon), the engine, its
  settings and its code, not on the stopword lists: it runs without them and they are applied
  afterwards as a final filter (:func:`drop_stopword_slogans`), so a stopword edit never redoes
  it;
- the theme fit depends on the analysed terms (after stopwords), the [themes] settings, the
  random state, the theme lexicon and the code; a re-run after an edit may search only a window
  of k around the previous run's k (:func:`k_window`).

Results are stored as plain arrays (:mod:`analysis.run.arrays`, :mod:`analysis.run.cache`);
DataFrames column by column.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .. import __version__
from ..ingest import HAN
from ..segment import Tokens
from .arrays import (
    arrays_dataclass,
    arrays_frame,
    articles_digest,
    dataclass_arrays,
    frame_arrays,
    tokens_digest,
)
from .cache import Cache, code_digest, digest, from_json_array, json_array

# this module and the arrays it stores its results as: an edit of either recomputes them
_SELF = (__name__, "analysis.run.arrays")
K_WINDOW = 1  # a re-run after an edit searches k within this distance of the previous k


# --------------------------------------------------------------------------- slogans


def _slogan_arrays(result) -> dict[str, np.ndarray]:
    from ..slogans import Hits  # noqa: PLC0415

    out = {
        "slogans": json_array(
            [[s.text, s.kind, list(s.variants), s.evidence] for s in result.slogans]
        ),
        "hits": Hits.of(result.hits).array.astype(np.int64),
    }
    for name in ("table", "counts", "periods", "kwic"):
        out.update(frame_arrays(getattr(result, name), name))
    return out


def _slogan_result(arrays: dict[str, np.ndarray]):
    from ..slogans import Hits, Slogan, SloganResult  # noqa: PLC0415

    slogans = tuple(
        Slogan(text=t, kind=k, variants=tuple(v), evidence=e)
        for t, k, v, e in from_json_array(arrays["slogans"])
    )
    hits = Hits(arrays["hits"])
    frames = {n: arrays_frame(arrays, n) for n in ("table", "counts", "periods", "kwic")}
    return SloganResult(slogans, hits, **frames)


def drop_stopword_slogans(result, drop: Callable[[object], bool]):
    """``result`` without the slogans for which ``drop(slogan)`` is true (a formulation that is a
    listed noise word, or made only of them): the stopword lists' final filter. The order, the
    saliences and every other slogan's rows stay as they are.

    Parameters
    ----------
    result : a :class:`analysis.slogans.SloganResult`
    drop : from :func:`stopword_filter`

    Returns
    -------
    SloganResult
        ``result`` itself when nothing is dropped.
    """
    from ..slogans import SloganResult, renumber  # noqa: PLC0415

    keep = [i for i, s in enumerate(result.slogans) if not drop(s)]
    if len(keep) == len(result.slogans):
        return result
    new = {old: k for k, old in enumerate(keep)}
    gone = {s.text for i, s in enumerate(result.slogans) if i not in new}
    hits = renumber(result.hits, new)

    def rows(df: pd.DataFrame) -> pd.DataFrame:
        return df[~df["slogan"].isin(gone)].reset_index(drop=True) if len(df) else df

    return SloganResult(
        tuple(result.slogans[i] for i in keep), hits, rows(result.table),
        rows(result.counts), rows(result.periods), rows(result.kwic),
    )  # fmt: skip


def slogan_words(result, tag) -> dict[str, list[str]]:
    """The words (by ``tag``, those with a Chinese character) of each slogan, for the final
    stopword filter; stored with the slogans, so that a warm run needs no dictionary.

    Parameters
    ----------
    result : a :class:`analysis.slogans.SloganResult`
    tag : a segmenter's ``tag``

    Returns
    -------
    dict
        slogan text -> its words.
    """
    han = re.compile(f"[{HAN}]")
    return {s.text: [w for w, _ in tag(s.text) if han.search(w)] for s in result.slogans}


def stopword_filter(stopwords: frozenset[str], words: dict[str, list[str]]):
    """The final filter of the slogans (as :func:`analysis.slogans.find_slogans` applies it),
    run after their cached discovery, which is computed without the stopword lists.

    Parameters
    ----------
    stopwords : the stopword set
    words : each slogan's words (:func:`slogan_words`)

    Returns
    -------
    callable
        ``drop(slogan)``: True for a slogan that is a stopword or whose words all are.
    """

    def drop(slogan) -> bool:
        if not stopwords:
            return False
        if slogan.text in stopwords:
            return True
        parts = words.get(slogan.text, [])
        return bool(parts) and all(w in stopwords for w in parts)

    return drop


def _weights_text() -> str:
    """The shipped formulation weights (data, not code): a refit invalidates cached rankings."""
    from importlib import resources  # noqa: PLC0415

    return resources.files("analysis").joinpath("data/formulation_weights.json").read_text("utf-8")


def cached_slogans(
    articles: Sequence,
    raw: Tokens,
    *,
    segmenter_key: str,
    tag,
    is_word,
    stopwords: frozenset[str],
    settings: dict,
    cache: Cache,
):
    """Find the slogans (see :func:`analysis.slogans.find_slogans`) or take them from the
    cache; the stopword lists are applied after the cache, so editing them never redoes the
    discovery.

    Parameters
    ----------
    articles : the corpus's articles
    raw : every word-like token
    segmenter_key : the key of the lexicon-free segmenter ``tag`` and ``is_word`` belong to
    tag, is_word : that segmenter's ``tag`` and ``has_word``
    stopwords : the final filter's stopword set
    settings : the keyword arguments of ``find_slogans`` besides the lists
    cache : the cache folder

    Returns
    -------
    SloganResult
    """
    from ..slogans import find_slogans  # noqa: PLC0415

    params = inspect.signature(find_slogans).parameters
    plain = {k: sorted(v) if isinstance(v, set | frozenset) else v for k, v in settings.items()}
    key = digest(
        "slogans", __version__,
        code_digest(
            "analysis.slogans", "analysis.dispersion", "analysis.kwic", "analysis.ingest.periods",
            *_SELF,
        ),
        _weights_text(), segmenter_key, plain, articles_digest(articles), tokens_digest(raw),
    )  # fmt: skip
    arrays = cache.load("slogans", key)
    result = words = None
    if arrays is not None:
        try:
            result, words = _slogan_result(arrays), from_json_array(arrays["words"])
        except (KeyError, ValueError, TypeError):
            result = None
    if result is None:
        kwargs = dict(settings)
        if "stopwords" in params:
            kwargs["stopwords"] = frozenset()
        result = find_slogans(articles, raw, tag=tag, is_word=is_word, **kwargs)
        words = slogan_words(result, tag)
        cache.save("slogans", key, {**_slogan_arrays(result), "words": json_array(words)})
    return drop_stopword_slogans(result, stopword_filter(stopwords, words))


# --------------------------------------------------------------------------- themes


def _themes_arrays(themes) -> dict[str, np.ndarray]:
    return dataclass_arrays(themes, "t")


def _themes(arrays: dict[str, np.ndarray]):
    from ..themes import Themes  # noqa: PLC0415

    return arrays_dataclass(Themes, arrays, "t")


def k_window(previous_k: int | None, k_min: int, k_max: int) -> tuple[int, int] | None:
    """The k range searched within :data:`K_WINDOW` of ``previous_k``.

    Parameters
    ----------
    previous_k : the last run's k (anything else than an int of at least 2: no window)
    k_min, k_max : the configured range

    Returns
    -------
    (int, int) or None
        The window inside the configured range, or None.
    """
    if not isinstance(previous_k, int) or isinstance(previous_k, bool) or previous_k < 2:
        return None
    lo, hi = max(k_min, previous_k - K_WINDOW), min(k_max, previous_k + K_WINDOW)
    return (lo, hi) if lo <= hi else None


def theme_search(previous: dict | None, inputs: str, *, k_min: int, k_max: int) -> dict:
    """Which k range this run searches, given the last run's ``run.json`` (``previous``) in
    the same output folder and the digest of what the theme fit depends on (``inputs``).

    - a fresh folder (or a last run without themes): the full range;
    - the same inputs as the last run: the last run's range (so its cached fit is reused and
      the same report comes out);
    - else (an edit): a window around the last run's k, so that before and after compare at
      a comparable k; ``previous_k`` says so.

    Parameters
    ----------
    previous : the last ``run.json``, or None
    inputs : from :func:`themes_inputs`
    k_min, k_max : the configured range

    Returns
    -------
    dict
        ``inputs``, ``k_min``, ``k_max``, ``previous_k``: goes into ``run.json``
        (``theme_search``) for the next run.
    """
    full = {"inputs": inputs, "k_min": k_min, "k_max": k_max, "previous_k": None}
    last = (previous or {}).get("theme_search")
    if isinstance(last, dict) and last.get("inputs") == inputs:
        lo, hi = last.get("k_min"), last.get("k_max")
        if isinstance(lo, int) and isinstance(hi, int) and k_min <= lo <= hi <= k_max:
            return {**full, "k_min": lo, "k_max": hi, "previous_k": last.get("previous_k")}
    window = k_window((previous or {}).get("k"), k_min, k_max)
    if window is None:
        return full
    return {**full, "k_min": window[0], "k_max": window[1], "previous_k": previous["k"]}


def themes_inputs(kept: Tokens, settings: dict, lexicon: Sequence) -> str:
    """The digest of what the theme fit depends on, besides the k range."""
    return digest(
        "themes", __version__, code_digest("analysis.themes", "analysis.vectorize", *_SELF),
        settings, [repr(e) for e in lexicon], tokens_digest(kept),
    )  # fmt: skip


def cached_themes(fit: Callable[..., object], kept: Tokens, kwargs: dict, cache: Cache):
    """``fit(kept, **kwargs)`` (:func:`analysis.themes.fit_themes`) or its cached result; the
    key is the analysed terms, every argument and the code. ``TooSmall`` is not cached.

    Parameters
    ----------
    fit : the theme fit
    kept : the analysed terms
    kwargs : its keyword arguments
    cache : the cache folder

    Returns
    -------
    Themes

    Raises
    ------
    TooSmall
        From ``fit``: the corpus is too small for themes.
    """
    skip = ("lexicon", "progress", "cuts", "years")
    plain = {k: v for k, v in kwargs.items() if k not in skip}
    cuts = kwargs.get("cuts")
    plain["cuts"] = None if cuts is None else digest(
        *(np.asarray(c, dtype=np.int64) if c is not None else "-" for c in cuts)
    )
    years = kwargs.get("years")  # the era rule of the names
    plain["years"] = None if years is None else digest(np.asarray(years, dtype=np.int64))
    key = themes_inputs(kept, plain, kwargs.get("lexicon", ()))
    arrays = cache.load("themes", key)
    if arrays is not None:
        try:
            return _themes(arrays)
        except (KeyError, ValueError, TypeError):
            pass
    themes = fit(kept, **kwargs)
    cache.save("themes", key, _themes_arrays(themes))
    return themes
