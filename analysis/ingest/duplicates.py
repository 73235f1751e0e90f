"""Near-duplicate articles: the same text published twice is analysed once.

Each article's analysed text (whitespace and punctuation removed) is cut into overlapping
character 5-grams ("shingles"); two articles are near-identical when the Jaccard similarity of
their shingle sets reaches ``THRESHOLD``. To keep this linear in corpus size, only the shingles
whose hash falls in a fixed 1/``SAMPLE`` of the hash space are kept (a "mod-sampling" sketch,
Broder 1997): the Jaccard of the sampled sets estimates the full one, and is the same on every
run (the hash is a fixed polynomial, not Python's salted ``hash``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import chain

import numpy as np

from ..errors import Notice
from .model import Article

SHINGLE = 5  # characters per shingle
SAMPLE = 8  # keep 1 shingle in SAMPLE (by hash)
# Jaccard of shingle sets at or above which a later article repeats an earlier one. Measured on
# the shared corpora: distinct articles never reach 0.24 (the highest pair of 31k: two cpcnews
# items on one event, 0.233; successive Government Work Reports <= 0.11, provincial reports
# <= 0.06), while a reprint stays above 0.65 (simulated on cpcnews and the commentaries: lead
# paragraph dropped and a byline added, min 0.655, median 0.93; last 15% cut, min 0.78).
THRESHOLD = 0.6
MAX_POSTING = 64  # a shingle in more articles than this is boilerplate, not evidence
_DROP = re.compile(r"[\s\W_]+")  # what a sketch ignores; _kept gives the same without it
_PRIME = np.uint64(1_000_003)


_BMP_KEPT: list[np.ndarray] = []  # whether each code point below 0x10000 is kept, made once


def _kept(codes: np.ndarray) -> np.ndarray:
    """Which characters (code points) are letters or digits (``str.isalnum``): the ones the
    pattern ``[\\s\\W_]+`` leaves, checked for every code point
    (``tests/ingest/test_duplicates.py``), without running the pattern over the text."""
    if not _BMP_KEPT:
        _BMP_KEPT.append(np.fromiter((chr(c).isalnum() for c in range(0x10000)), bool, 0x10000))
    bmp = codes < 0x10000
    keep = np.zeros(len(codes), dtype=bool)
    keep[bmp] = _BMP_KEPT[0][codes[bmp]]
    if not bmp.all():
        keep[~bmp] = [chr(c).isalnum() for c in codes[~bmp].tolist()]
    return keep


def shingle_sketch(text: str, *, n: int = SHINGLE, sample: int = SAMPLE) -> frozenset[int]:
    """The sampled set of ``n``-character shingle hashes of ``text`` (punctuation ignored).

    Parameters
    ----------
    text : str
        Any text; whitespace, punctuation and ``_`` are dropped first.
    n : int
        Characters per shingle.
    sample : int
        Keep the shingles whose hash is a multiple of ``sample``.

    Returns
    -------
    frozenset of int
        The kept hashes; one hash of the whole text when it is shorter than ``n``, empty for
        empty text.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    chars = codes[_kept(codes)]
    if len(chars) < n:
        return frozenset({int(chars.sum())}) if len(chars) else frozenset()
    h = np.zeros(len(chars) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * _PRIME + chars[j : len(chars) - n + 1 + j].astype(np.uint64)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    kept = h[h % np.uint64(sample) == 0]
    return frozenset(np.unique(kept).tolist())


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """The Jaccard similarity of two sketches.

    Parameters
    ----------
    a, b : frozenset of int
        Two sketches (see :func:`shingle_sketch`).

    Returns
    -------
    float
        ``|a & b| / |a | b|``; 1.0 when both are empty.
    """
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def find_duplicates(
    texts: Sequence[str], *, threshold: float = THRESHOLD
) -> list[tuple[int, int, float]]:
    """Which texts repeat an earlier one: ``(later, earlier, similarity)`` for each.

    A text repeats the earliest text it is near-identical to (Jaccard >= ``threshold``) that is
    not itself a repeat. Empty texts repeat nothing.

    Parameters
    ----------
    texts : sequence of str
        The analysed text of each article, in corpus order.
    threshold : float
        The Jaccard similarity at or above which two texts are near-identical.

    Returns
    -------
    list of (int, int, float)
        ``(later, earlier, similarity)`` for each repeat, in order of ``later``.
    """
    sketches = [shingle_sketch(t) for t in texts]
    postings: dict[int, list[int]] = {}
    out = []
    original: set[int] = set()
    for i, sk in enumerate(sketches):
        if not sk:
            continue
        # every earlier original sharing a shingle, once per shingle shared (one C-level count)
        shared = Counter(chain.from_iterable(
            seen for h in sk if (seen := postings.get(h)) and len(seen) <= MAX_POSTING
        ))  # fmt: skip
        best = None
        need = threshold * len(sk)  # common >= t * max(|a|, |b|) >= t * |a|
        for j in sorted(j for j, common in shared.items() if common >= need):
            if j not in original or shared[j] < threshold * max(len(sk), len(sketches[j])):
                continue
            sim = jaccard(sk, sketches[j])
            if sim >= threshold:
                best = (i, j, sim)
                break
        if best is not None:
            out.append(best)
            continue
        original.add(i)
        for h in sk:
            postings.setdefault(h, []).append(i)
    return out


Finder = Callable[[Sequence[str], float], list[tuple[int, int, float]]]


def mark_duplicate_articles(
    articles: Sequence[Article],
    *,
    threshold: float | None = None,
    where: str = "",
    find: Finder | None = None,
) -> tuple[list[Article], list[Notice]]:
    """Mark articles that repeat an earlier one (near-identical analysed text, see
    :func:`find_duplicates`): ``duplicate_of`` names the earlier article and their analysed
    paragraphs get the role ``duplicate``, so the text is analysed once. One warning names them.

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles, in corpus order.
    threshold : float, optional
        The Jaccard threshold; ``THRESHOLD`` when None.
    where : str
        The path the notice names (the corpus folder).
    find : callable, optional
        ``find(texts, threshold)`` in place of :func:`find_duplicates` (the same result,
        e.g. from a cache: :func:`analysis.run.reading.cached_duplicates`).

    Returns
    -------
    articles : list of Article
        The articles, repeats marked.
    notices : list of Notice
        One warning naming the repeats; empty when there are none.
    """
    texts = ["\n".join(p.content for p in a.analysed) for a in articles]
    threshold = THRESHOLD if threshold is None else threshold
    found = find(texts, threshold) if find else find_duplicates(texts, threshold=threshold)
    if not found:
        return list(articles), []
    out = list(articles)
    for later, earlier, _sim in found:
        art = out[later]
        paragraphs = tuple(
            replace(p, role="duplicate") if p.analysed else p for p in art.paragraphs
        )
        out[later] = replace(art, paragraphs=paragraphs, duplicate_of=articles[earlier].article_id)
    pairs = [f"{articles[i].article_id} = {articles[j].article_id} ({s:.2f})" for i, j, s in found]
    listed = "; ".join(pairs[:5]) + (f"; and {len(pairs) - 5} more" if len(pairs) > 5 else "")
    notice = Notice(
        f"{len(found)} article(s) repeat an earlier one (near-identical text) and are analysed "
        f"once: {listed}; articles.csv lists them in duplicate_of",
        path=where or None,
    )
    return out, [notice]
