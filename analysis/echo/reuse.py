"""Text reuse: sentences of a corpus that repeat a reference sentence verbatim or nearly.

Sentences are compared as sets of character 4-grams (Han characters, letters and digits only,
so punctuation and spacing do not matter) by Jaccard similarity, computed exactly for every
pair that shares a 4-gram with one sparse matrix product (no sampling, no MinHash error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

COLUMNS = (
    "article_id", "paragraph", "reference_article_id", "reference_date", "similarity", "text",
    "reference_text",
)  # fmt: skip
SHINGLE = 4
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_KEEP = re.compile(r"[^\u3400-\u9fffA-Za-z0-9０-９]+")
_BLOCK = 256  # corpus sentences per matrix product
_HASH_BLOCK = 64 * _BLOCK  # corpus sentences hashed at a time


def sentences(text: str, *, min_chars: int) -> list[str]:
    """The sentences of ``text`` (cut after 。！？；) with at least ``min_chars`` kept
    characters, stripped.

    Parameters
    ----------
    text : str
        A paragraph.
    min_chars : int
        Shorter sentences are dropped.

    Returns
    -------
    list of str
    """
    out = []
    for m in _SENTENCE.finditer(text):
        s = m.group(0).strip()
        if len(_KEEP.sub("", s)) >= min_chars:
            out.append(s)
    return out


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (``np.unique`` is many times slower on uint64 in numpy 2.4)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _hashes(sents: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(sentence index, 32-bit hash) of every distinct character 4-gram of each sentence,
    deterministic (no Python ``hash``)."""
    kept = [_KEEP.sub("", s) for s in sents]
    lengths = np.array([len(s) for s in kept], dtype=np.int64)
    if not len(kept) or lengths.sum() < SHINGLE:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    cps = np.frombuffer("".join(kept).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    n = len(cps) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * np.uint64(1_000_003) + cps[k : n + k]
    # splitmix64 finaliser: every character reaches the upper 32 bits that are kept
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    row = np.repeat(np.arange(len(kept), dtype=np.int64), lengths)[:n]
    valid = np.arange(n) + SHINGLE <= (starts + lengths)[row]  # the window stays in its sentence
    # one sortable key per (sentence, 32-bit shingle hash): dedupe within a sentence
    key = _unique((row[valid].astype(np.uint64) << np.uint64(32)) | (h[valid] >> np.uint64(32)))
    return (key >> np.uint64(32)).astype(np.int64), key & np.uint64(0xFFFFFFFF)


def similar_pairs(
    corpus: Sequence[str], reference: Sequence[str], *, threshold: float
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """For each corpus sentence, the reference sentences with Jaccard similarity >=
    ``threshold``: ``(corpus index, reference indices, similarities)``.

    Parameters
    ----------
    corpus, reference : sequence of str
        The sentences.
    threshold : float
        The least Jaccard similarity.

    Returns
    -------
    list of (int, ndarray, ndarray)
    """
    index = _reference_index(reference)
    out = []
    # the corpus is hashed in blocks of sentences: its shingles are never all in memory at once
    for base in range(0, len(corpus), _HASH_BLOCK):
        out += _block_pairs(corpus[base : base + _HASH_BLOCK], index, threshold, base)
    return out


def _reference_index(reference: Sequence[str]):
    """The reference sentences' shingle vocabulary, their (shingle x sentence) matrix and sizes;
    None when they have no shingle."""
    r_rows, r_keys = _hashes(reference)
    if not len(r_keys):
        return None
    vocab = _unique(r_keys)  # only the shingles the reference has can be shared
    R = sp.csr_matrix(
        (np.ones(len(r_keys), np.float32), (r_rows, np.searchsorted(vocab, r_keys))),
        shape=(len(reference), len(vocab)),
    )
    # the product wants CSR: converted once, not once per block
    # a hash index of the vocabulary: looking a block's shingles up is a third of a binary search
    return pd.Index(vocab), R.T.tocsr(), np.bincount(r_rows, minlength=len(reference))


def _block_pairs(part: Sequence[str], index, threshold: float, base: int) -> list:
    """:func:`similar_pairs` of one block of corpus sentences (numbered from ``base``)."""
    ci, ri, sim = _block_flat(part, index, threshold)
    if not len(ci):
        return []
    rows, starts = np.unique(ci, return_index=True)
    ends = [*starts[1:].tolist(), len(ci)]
    return [
        (base + k, ri[lo:hi], sim[lo:hi])
        for k, lo, hi in zip(rows.tolist(), starts.tolist(), ends, strict=True)
    ]


def _block_flat(part: Sequence[str], index, threshold: float):
    """Every (corpus sentence, reference sentence, similarity) of one block of corpus
    sentences with similarity >= ``threshold``, as three arrays sorted by corpus sentence."""
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    if index is None or not len(part):
        return empty
    vocab, RT, r_size = index
    c_rows, c_keys = _hashes(part)
    if not len(c_keys):
        return empty
    c_size = np.bincount(c_rows, minlength=len(part))
    pos = vocab.get_indexer(c_keys)
    shared = pos >= 0
    C = sp.csr_matrix(
        (np.ones(int(shared.sum()), np.float32), (c_rows[shared], pos[shared])),
        shape=(len(part), len(vocab)),
    )
    del c_rows, c_keys, pos, shared
    out_c, out_r, out_s = [empty[0]], [empty[1]], [empty[2]]
    for lo in range(0, len(part), _BLOCK):
        inter = (C[lo : lo + _BLOCK] @ RT).tocsr()
        # the whole block at once (a loop over its sentences was most of the stage's time)
        row = np.repeat(np.arange(inter.shape[0]), np.diff(inter.indptr))
        both = inter.data
        sim = both / (c_size[lo + row] + r_size[inter.indices] - both)
        keep = np.flatnonzero(sim >= threshold - 1e-9)
        out_c.append(lo + row[keep])
        out_r.append(inter.indices[keep].astype(np.int64))
        out_s.append(sim[keep])
    return np.concatenate(out_c), np.concatenate(out_r), np.concatenate(out_s)


def _not_later(reference: str, date: str) -> bool:
    """``reference`` is not later than ``date`` at the precision both have (undated: True)."""
    if not reference or not date:
        return True
    n = min(len(reference), len(date))
    return reference[:n] <= date[:n]


def reused_sentences(
    articles: Sequence, reference: Sequence, *, threshold: float, min_chars: int
) -> pd.DataFrame:
    """``reuse.csv``: each corpus sentence (of ``min_chars`` or more characters) that repeats a
    reference sentence with Jaccard similarity of character 4-grams >= ``threshold``, with the
    most similar reference sentence (the earliest on a tie) among the reference texts not
    later than the article (at the precision both dates have; an undated side: any).

    ``articles`` are corpus articles (``article_id``, ``date``, ``analysed`` paragraphs);
    ``reference`` is a sequence of :class:`analysis.echo.reference.RefArticle`.

    Parameters
    ----------
    articles : sequence of Article
        The corpus's articles.
    reference : sequence of RefArticle
        The reference texts.
    threshold : float
        The least Jaccard similarity.
    min_chars : int
        Shorter sentences are not compared.

    Returns
    -------
    DataFrame
        The columns of ``reuse.csv``.
    """
    r_sents, r_art = [], []
    for r_idx, r in enumerate(reference):
        for _, text in r.paragraphs:
            for s in sentences(text, min_chars=min_chars):
                r_sents.append(s)
                r_art.append(r_idx)
    r_art_arr = np.array(r_art, dtype=np.int64)
    index = _reference_index(r_sents)
    columns: tuple[list, ...] = tuple([] for _ in COLUMNS)  # a list per column: no tuple per row
    one: dict[str, str] = {}  # one string per distinct reused sentence (reprints repeat them)

    r_dates = [r.date for r in reference]
    allowed_by_date: dict[str, np.ndarray] = {}  # an article date -> the reference texts not later

    def allowed_refs(date: str) -> np.ndarray:
        if date not in allowed_by_date:
            allowed_by_date[date] = np.array([_not_later(d, date) for d in r_dates], dtype=bool)
        return allowed_by_date[date]

    def compare(c_sents: list[str], c_where: list[tuple[int, int]]) -> None:
        ci, ri, sim = _block_flat(c_sents, index, threshold)
        if not len(ci):
            return
        art = np.array([w[0] for w in c_where], dtype=np.int64)[ci]
        dates = sorted({articles[a].date for a in set(art.tolist())})
        code = {d: i for i, d in enumerate(dates)}
        allowed = np.stack([allowed_refs(d) for d in dates])  # date x reference text
        of_date = np.array([code[articles[a].date] for a in art.tolist()], dtype=np.int64)
        ok = allowed[of_date, r_art_arr[ri]]
        ci, ri, sim = ci[ok], ri[ok], sim[ok]
        # per corpus sentence the most similar reference sentence, the earliest on a tie
        order = np.lexsort((ri, -np.round(sim, 9), ci))
        ci, ri, sim = ci[order], ri[order], sim[order]
        first = np.ones(len(ci), dtype=bool)
        first[1:] = ci[1:] != ci[:-1]
        best = zip(ci[first].tolist(), ri[first].tolist(), sim[first].tolist(), strict=True)
        for c, r, value in best:
            a_idx, para = c_where[c]
            ref = reference[r_art_arr[r]]
            text = one.setdefault(c_sents[c], c_sents[c])
            row = (articles[a_idx].article_id, para, ref.article_id, ref.date, value,
                   text, r_sents[r])  # fmt: skip
            for column, x in zip(columns, row, strict=True):
                column.append(x)

    # the corpus's sentences block by block of articles: only the reused ones are kept
    c_sents, c_where = [], []
    for a_idx, a in enumerate(articles):
        for p in a.analysed:
            for s in sentences(p.text, min_chars=min_chars):
                c_sents.append(s)
                c_where.append((a_idx, p.index))
        if len(c_sents) >= _HASH_BLOCK:
            compare(c_sents, c_where)
            c_sents, c_where = [], []
    compare(c_sents, c_where)
    if not columns[0]:
        return pd.DataFrame([], columns=COLUMNS)
    return pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)))
