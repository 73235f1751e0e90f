"""Segmentation and counting as dask.distributed tasks (``tifa report --scheduler ADDRESS``).

The client (the machine that runs ``tifa``) reads the corpus, looks every run of articles up in
its own segmentation cache (the runs of a local run: :mod:`analysis.segment.store`) and sends
the missing runs, in chunks, to the cluster. Each task builds its worker's segmenter itself
from the engine name and the lexicon entries (once per worker process), segments its chunk and
counts it: it returns one compact record per run (its words once, then integer codes) and the
chunk's article x word counts as a sparse matrix. The client stores the records in its cache,
merges them into the corpus's tokens in corpus order and merges the counts (sparse matrices,
re-indexed to the corpus vocabulary) into the article x term matrix. The model stages
(slogans, themes, comparisons, figures, PDF) then run on the client. The result is the same as
a local run's: the same codes in the same order, the same counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..errors import TifaError
from ..segment.engine import Segmenter, make_segmenter
from ..segment.records import merge_records, segment_runs
from ..segment.store import corpus_runs, load_run, store_run
from ..segment.tokens import Tokens
from ..vectorize import Dtm
from .cache import Cache
from .pool import size_runs

CHUNK_CHARS = 200_000  # characters per task: large enough that a task outweighs its overhead
_WORKER: dict[str, Segmenter] = {}


def segment_task(
    runs: Sequence[Sequence], engine: str, lexicon: tuple
) -> tuple[list[dict], tuple]:
    """On a worker: segment and count runs of articles with a segmenter built here.

    Parameters
    ----------
    runs : the chunk's runs of articles
    engine : the engine name
    lexicon : the lexicon entries (one dictionary load per worker process and lexicon)

    Returns
    -------
    (records, counts)
        One record per run (:func:`analysis.segment.records.segment_runs`), and the chunk's
        counts as ``(vocab, data, indices, indptr, shape)`` of an articles x
        chunk-vocabulary CSR matrix (its rows the runs' articles in order).
    """
    seg = make_segmenter(engine=engine, lexicon=lexicon)
    seg = _WORKER.setdefault(seg.key, seg)  # one dictionary load per worker and lexicon
    records, _ = segment_runs(seg, runs, joint=False)
    index: dict[str, int] = {}
    rows, cols = [], []
    first = 0
    for run, record in zip(runs, records, strict=True):
        local = np.array([index.setdefault(w, len(index)) for w in record["vocab"]], np.int64)
        codes = local[record["codes"]] if len(record["codes"]) else np.zeros(0, np.int64)
        article_of = np.repeat(np.arange(first, first + len(run)), [len(a.analysed) for a in run])
        rows.append(np.repeat(article_of, record["lengths"]))
        cols.append(codes)
        first += len(run)
    r = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    m = sp.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(first, len(index)))
    m.sum_duplicates()
    return records, (list(index), m.data, m.indices, m.indptr, m.shape)


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
    runs, sizes = corpus_runs(segmenter, articles)
    records = [load_run(cache, key, [articles[i] for i in run]) for run, key in runs]
    missing = [k for k, r in enumerate(records) if r is None]
    n_missing = sum(len(runs[k][0]) for k in missing)
    stats = {"cached": len(articles) - n_missing, "segmented": n_missing}
    chunks = size_runs(missing, [sum(sizes[i] for i in runs[k][0]) for k in missing], CHUNK_CHARS)
    parts: dict[int, tuple] = {}
    if chunks:
        client = connect(address)
        try:
            futures = [
                client.submit(
                    segment_task,
                    [[articles[i] for i in runs[k][0]] for k in chunk],
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
            for k, rec in zip(chunk, recs, strict=True):
                records[k] = rec
                store_run(cache, runs[k][1], rec)
            parts[chunk[0]] = ([i for k in chunk for i in runs[k][0]], counts)
    toks = merge_records(articles, records)
    return toks, stats, _merge_counts(articles, toks, parts)


def _merge_counts(articles, toks: Tokens, parts: dict) -> sp.csr_matrix:
    """Article x vocabulary counts: the workers' sparse chunks (``parts``: each chunk's
    article positions and counts) re-indexed to the corpus vocabulary, and the cached
    articles counted here."""
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
