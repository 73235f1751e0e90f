"""Segmentation and counting as dask.distributed tasks (``tifa report --scheduler ADDRESS``).

The client (the machine that runs ``tifa``) reads the corpus, looks every article up in its
own segmentation cache and sends the missing ones, in chunks, to the cluster. Each task builds
its worker's segmenter itself from the engine name and the lexicon entries (once per worker
process), segments its chunk and counts it: it returns one compact record per article (its
words once, then integer codes) and the chunk's article x word counts as a sparse matrix. The
client stores the records in its cache, merges them into the corpus's tokens in corpus order
and merges the counts (sparse matrices, re-indexed to the corpus vocabulary) into the article
x term matrix. The model stages (slogans, themes, comparisons, figures, PDF) then run on the
client. The result is the same as a local run's: the same codes in the same order, the same
counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..errors import TifaError
from ..segment.engine import Segmenter, make_segmenter
from ..segment.records import (
    load_record,
    merge_records,
    record_key,
    segment_article,
    store_record,
)
from ..segment.tokens import Tokens
from ..vectorize import Dtm
from .cache import Cache
from .pool import size_runs

CHUNK_CHARS = 200_000  # characters per task: large enough that a task outweighs its overhead
_WORKER: dict[str, Segmenter] = {}


def segment_task(articles: Sequence, engine: str, lexicon: tuple) -> tuple[list[dict], tuple]:
    """On a worker: segment and count ``articles`` with a segmenter built here.

    Parameters
    ----------
    articles : the chunk's articles
    engine : the engine name
    lexicon : the lexicon entries (one dictionary load per worker process and lexicon)

    Returns
    -------
    (records, counts)
        One record per article (:func:`analysis.segment.records.segment_article`), and the
        chunk's counts as ``(vocab, data, indices, indptr, shape)`` of an articles x
        chunk-vocabulary CSR matrix.
    """
    seg = make_segmenter(engine=engine, lexicon=lexicon)
    seg = _WORKER.setdefault(seg.key, seg)  # one dictionary load per worker and lexicon
    records = [segment_article(seg, a) for a in articles]
    index: dict[str, int] = {}
    rows, cols = [], []
    for r, record in enumerate(records):
        local = np.array([index.setdefault(w, len(index)) for w in record["vocab"]], np.int64)
        codes = local[record["codes"]] if len(record["codes"]) else np.zeros(0, np.int64)
        rows.append(np.full(len(codes), r, dtype=np.int64))
        cols.append(codes)
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    m = sp.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(len(records), len(index)))
    m.sum_duplicates()
    return records, (list(index), m.data, m.indices, m.indptr, m.shape)


def _chunks(articles: Sequence, missing: Sequence[int]) -> list[list[int]]:
    """``missing`` in runs of about :data:`CHUNK_CHARS` characters, one task each."""
    sizes = [sum(len(p.content) for p in articles[i].analysed) for i in missing]
    return size_runs(missing, sizes, CHUNK_CHARS)


def connect(address: str):
    """A dask.distributed client for ``address``.

    Parameters
    ----------
    address : the scheduler's address (``tcp://host:8786``)

    Returns
    -------
    distributed.Client

    Raises
    ------
    TifaError
        dask.distributed is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client  # noqa: PLC0415
    except ImportError:
        raise TifaError("--scheduler needs dask.distributed: pip install distributed") from None
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise TifaError(f"cannot reach the Dask scheduler {address}: {exc}") from None


def dask_tokens(
    address: str, articles: Sequence, segmenter: Segmenter, cache: Cache
) -> tuple[Tokens, dict[str, int], sp.csr_matrix]:
    """Segment and count ``articles`` on the cluster at ``address``, reusing the client's
    cache.

    Parameters
    ----------
    address : the scheduler's address
    articles : the corpus's articles
    segmenter : the client's segmenter (its engine and lexicon go to the workers)
    cache : the client's cache, where the records are looked up and stored

    Returns
    -------
    (tokens, stats, counts)
        The tokens (as :func:`analysis.segment.tokens`), the cache stats and the article x
        vocabulary counts of every token (columns: ``tokens.vocab``).

    Raises
    ------
    TifaError
        The scheduler cannot be reached (:func:`connect`).
    """
    records: list[dict | None] = []
    for article in articles:
        records.append(load_record(cache, record_key(segmenter, article), article))
    missing = [i for i, r in enumerate(records) if r is None]
    stats = {"cached": len(articles) - len(missing), "segmented": len(missing)}
    chunks = _chunks(articles, missing)
    parts: dict[int, tuple] = {}
    if chunks:
        client = connect(address)
        try:
            futures = [
                client.submit(
                    segment_task,
                    [articles[i] for i in chunk],
                    segmenter.engine,
                    segmenter.lexicon,
                    pure=False,
                )  # fmt: skip
                for chunk in chunks
            ]
            results = client.gather(futures)
        finally:
            client.close()
        for chunk, (recs, counts) in zip(chunks, results, strict=True):
            for i, rec in zip(chunk, recs, strict=True):
                records[i] = rec
                store_record(cache, record_key(segmenter, articles[i]), rec)
            parts[chunk[0]] = (chunk, counts)
    toks = merge_records(articles, records)
    return toks, stats, _merge_counts(articles, records, toks, parts)


def _merge_counts(articles, records, toks: Tokens, parts: dict) -> sp.csr_matrix:
    """Article x vocabulary counts: the workers' sparse chunks re-indexed to the corpus
    vocabulary, and the cached articles counted here."""
    code = {w: i for i, w in enumerate(toks.vocab)}
    blocks: list[sp.csr_matrix] = []
    rows: list[np.ndarray] = []
    n = len(toks.vocab)
    done = set()
    for chunk, (vocab, data, indices, indptr, shape) in parts.values():
        remap = np.array([code[w] for w in vocab], dtype=np.int64)
        m = sp.csr_matrix(
            (data, remap[indices] if len(indices) else indices, indptr), shape=(shape[0], n)
        )
        blocks.append(m)
        rows.append(np.asarray(chunk, dtype=np.int64))
        done.update(chunk)
    rest = [i for i in range(len(articles)) if i not in done]
    if rest:  # from the cache: counted on the client
        para_of = np.repeat(np.arange(len(toks)), toks.lengths())
        art_of = toks.article[para_of]
        mask = np.isin(art_of, rest)
        m = sp.csr_matrix(
            (np.ones(int(mask.sum()), dtype=np.int64), (art_of[mask], toks.codes[mask])),
            shape=(len(articles), n),
        )[rest]
        blocks.append(m)
        rows.append(np.asarray(rest, dtype=np.int64))
    if not blocks:
        return sp.csr_matrix((len(articles), n), dtype=np.int64)
    stacked = sp.vstack(blocks).tocsr()
    order = np.argsort(np.concatenate(rows), kind="stable")
    out = stacked[order].tocsr()
    out.sum_duplicates()
    return out


def article_dtm(counts: sp.csr_matrix, raw: Tokens, kept: Tokens) -> Dtm:
    """The articles x terms matrix of the ``kept`` tokens (as ``dtm_group(dtm(kept))``) from
    the article x vocabulary counts of every token.

    Parameters
    ----------
    counts : from :func:`dask_tokens`
    raw : every token (the counts' columns are its vocabulary)
    kept : the analysed terms (the same vocabulary, fewer codes)

    Returns
    -------
    Dtm
    """
    used = np.flatnonzero(np.bincount(kept.codes, minlength=len(kept.vocab)))
    order = sorted(used.tolist(), key=kept.vocab.__getitem__)
    return Dtm(counts[:, order].tocsr(), tuple(kept.vocab[i] for i in order))
