"""Character n-gram statistics for new-word discovery: counts, branching entropy, closure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ingest import HAN


@dataclass(frozen=True)
class NgramStats:
    """Counts of the frequent character n-grams of a text sample, and their boundary entropy."""

    counts: dict[str, int]
    left_entropy: dict[str, float]
    right_entropy: dict[str, float]
    closed: frozenset[str]  # no one-character extension occurs as often
    total: int


def _entropy(key_idx: np.ndarray, neighbours: np.ndarray, n_keys: int) -> np.ndarray:
    """Branching entropy of each key from its neighbouring characters; a clause edge counts as
    a new neighbour each time (an n-gram that often stands alone is free at that side)."""
    neighbours = neighbours.astype(np.int64)
    edge = neighbours == 0
    neighbours[edge] = 0x110000 + np.arange(int(edge.sum()))  # beyond any code point
    pair = (key_idx.astype(np.int64) << 32) | neighbours
    uniq, pair_counts = np.unique(pair, return_counts=True)
    keys = uniq >> 32
    totals = np.bincount(keys, weights=pair_counts, minlength=n_keys)
    p = pair_counts / totals[keys]
    return -np.bincount(keys, weights=p * np.log(p), minlength=n_keys)


def ngram_stats(texts: Sequence[str], *, max_n: int = 12, min_count: int = 3) -> NgramStats:
    """Count the frequent character n-grams (n = 1..``max_n``) inside runs of Chinese
    characters, with their left/right branching entropy and whether they are closed.

    Vectorised with rolling 64-bit hashes; an n-gram is counted only where both its
    (n-1)-gram parts are frequent (Apriori pruning), so memory grows with the text, not with
    every possible n-gram.

    Parameters
    ----------
    texts : sequence of str
        The texts of the sample (only runs of two or more Chinese characters count).
    max_n : int
        The longest n-gram counted.
    min_count : int
        Occurrences an n-gram needs to be kept.

    Returns
    -------
    NgramStats
        Empty (``total`` 0) when the texts hold no Chinese characters.
    """
    clauses = [run for t in texts for run in re.findall(f"[{HAN}]{{2,}}", t)]
    joined = "\x00".join(clauses) + "\x00"
    c = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    length = len(c)
    n_chars = int((c != 0).sum())
    if n_chars == 0:
        return NgramStats({}, {}, {}, frozenset(), 0)
    c_pad = np.concatenate([c, np.zeros(max_n + 1, dtype=np.uint64)])
    prime = np.uint64(1_000_003)
    counts: dict[str, int] = {}
    left_e: dict[str, float] = {}
    right_e: dict[str, float] = {}
    closed: set[str] = set()
    level = None  # the previous level: its positions, counts, ids, texts and entropies

    def record(lv, not_closed_ids):
        # one list of texts per level, the dicts filled by zip (a per-item loop was half of
        # ngram_stats at 5 MB)
        n = lv["n"]
        texts = [joined[p : p + n] for p in lv["first"].tolist()]
        counts.update(zip(texts, lv["cnt"].tolist(), strict=True))
        left_e.update(zip(texts, lv["le"].tolist(), strict=True))
        right_e.update(zip(texts, lv["re"].tolist(), strict=True))
        closed.update(t for t, nc in zip(texts, not_closed_ids.tolist(), strict=True) if not nc)

    with np.errstate(over="ignore"):
        h = c.copy()
        for n in range(1, max_n + 1):
            if n == 1:
                positions = np.flatnonzero(c != 0)
            else:
                # the n-gram at i is worth counting only if its (n-1)-grams at i and i+1 are
                positions = np.flatnonzero(
                    level["freq"][: length - n + 1] & level["freq"][1 : length - n + 2]
                )
                if len(positions) == 0:
                    record(level, np.zeros(len(level["first"]), dtype=bool))
                    level = None
                    break
                h_new = np.zeros(length, dtype=np.uint64)
                h_new[positions] = h[positions] * prime + c[positions + n - 1]
                h = h_new
            _, inv, cnt = np.unique(h[positions], return_inverse=True, return_counts=True)
            keep = cnt[inv] >= min_count
            pos = positions[keep]
            if len(pos) == 0:
                if level is not None:
                    record(level, np.zeros(len(level["first"]), dtype=bool))
                    level = None
                break
            ids, dense = np.unique(inv[keep], return_inverse=True)
            here = np.zeros(length + 1, dtype=np.int64)
            here[pos] = cnt[ids][dense]
            id_at = np.full(length + 1, -1, dtype=np.int64)
            id_at[pos] = dense
            if level is not None:
                # an (n-1)-gram is not closed when a one-character extension is as frequent
                not_closed = np.zeros(len(level["first"]), dtype=bool)
                same_prefix = pos[here[pos] == level["here"][pos]]
                same_suffix = pos[here[pos] == level["here"][pos + 1]]
                not_closed[level["id_at"][same_prefix]] = True
                not_closed[level["id_at"][same_suffix + 1]] = True
                record(level, not_closed)
            first = np.zeros(len(ids), dtype=np.int64)
            first[dense[::-1]] = pos[::-1]
            left = np.where(pos > 0, c[np.maximum(pos - 1, 0)], 0)
            freq = np.zeros(length + 1, dtype=bool)
            freq[pos] = True
            level = {
                "n": n, "first": first, "cnt": cnt[ids], "here": here, "id_at": id_at,
                "freq": freq,
                "le": _entropy(dense, left, len(ids)),
                "re": _entropy(dense, c_pad[pos + n], len(ids)),
            }  # fmt: skip
        if level is not None:
            record(level, np.zeros(len(level["first"]), dtype=bool))
    return NgramStats(counts, left_e, right_e, frozenset(closed), n_chars)
