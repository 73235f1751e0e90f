"""The stages of reading a corpus, cached: which articles repeat an earlier one, and the
personal names found by a title beside them (which segmentation needs first). Each result is
stored under the digest of exactly what it depends on (:mod:`analysis.run.cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..ingest.duplicates import Finder
from .cache import Cache, code_digest, digest, str_array, str_list

# --------------------------------------------------------------------------- duplicates


def cached_duplicates(cache: Cache) -> Finder:
    """:func:`analysis.ingest.find_duplicates` through the cache (``read_articles``'
    ``find_duplicates``): keyed by every article's analysed text in order, the threshold and
    the code. A warm run or a stopword edit reads the corpus without the near-duplicate search
    (1.2 s at 20 MB, on one core).

    Parameters
    ----------
    cache : the cache folder

    Returns
    -------
    callable
        ``find(texts, threshold)``: ``(later, earlier, similarity)`` for each repeat.
    """

    def find(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
        from ..ingest import find_duplicates  # noqa: PLC0415

        key = digest("duplicates", code_digest("analysis.ingest.duplicates"), threshold, *texts)
        arrays = cache.load("duplicates", key)
        if arrays is not None and {"pairs", "similarity"} <= set(arrays):
            pairs, sims = arrays["pairs"].reshape(-1, 2).tolist(), arrays["similarity"].tolist()
            return [(a, b, s) for (a, b), s in zip(pairs, sims, strict=True)]
        found = find_duplicates(texts, threshold=threshold)
        pairs = np.array([(a, b) for a, b, _ in found], dtype=np.int64).reshape(-1, 2)
        sims = np.array([s for _, _, s in found], dtype=np.float64)
        cache.save("duplicates", key, {"pairs": pairs, "similarity": sims})
        return found

    return find


# --------------------------------------------------------------------------- people


# The names by title are found on a process of their own, while the near-duplicate check runs
# here, from this many characters (below it the fork and the second dictionary load cost more
# than the overlap saves).
TITLE_POOL_CHARS = 1_000_000


def start_title_names(cache: Cache, segmenter, texts: Sequence[str]) -> Callable[[], list[str]]:
    """Start :func:`analysis.segment.title_names` of ``texts`` with the base ``segmenter``
    (or find its cached result): keyed by the segmenter (engine, versions, lexicon), the text
    and the code, so that a run whose segments all come from the cache never loads the
    dictionary for it.

    Not cached, the names are found on a forked process (:class:`analysis.run.pool.Background`)
    when the texts hold :data:`TITLE_POOL_CHARS` characters, so that the caller goes on
    meanwhile (the corpus's near-duplicate check); the names are the same either way.

    Parameters
    ----------
    cache : the cache folder
    segmenter : the segmenter without the names (:func:`analysis.segment.make_segmenter`)
    texts : every paragraph's text

    Returns
    -------
    callable
        Called with no arguments, returns the names found, sorted (and caches them).
    """
    from ..segment import title_names  # noqa: PLC0415
    from .pool import Background  # noqa: PLC0415

    code = code_digest("analysis.segment.people", "analysis.segment.names")
    key = digest("title_names", segmenter.key, code, *texts)
    arrays = cache.load("people", key)
    if arrays is not None and "names" in arrays:
        names = str_list(arrays["names"])
        return lambda: names
    job = Background(
        lambda: title_names(texts, segmenter.has_word, segmenter.tag),
        forked=sum(map(len, texts)) >= TITLE_POOL_CHARS,
    )

    def result() -> list[str]:
        names = job.result()
        cache.save("people", key, {"names": str_array(names)})
        return names

    return result
