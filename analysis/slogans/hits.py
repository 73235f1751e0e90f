"""Occurrences kept compactly: one int32 row (slogan, article, paragraph, start, end) per hit.

A large corpus has millions of occurrences; as :class:`~analysis.slogans.model.Hit` objects
they were most of the memory of formulation discovery (about 240 bytes each, 20 here).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from .model import Hit

_CHUNK = 65_536  # rows turned into Hit objects at a time while iterating


class Hits(Sequence):
    """An immutable sequence of :class:`Hit` backed by an ``(n, 5)`` int32 array.

    Indexing and iteration give :class:`Hit` objects (made on the fly); a slice or
    :meth:`take` gives another :class:`Hits`. Equal to any sequence of the same hits.

    Parameters
    ----------
    rows : array-like of shape (n, 5), optional
        slogan, article, paragraph, start, end of each hit.
    """

    __slots__ = ("array",)

    def __init__(self, rows=None):
        a = np.zeros((0, 5), np.int32) if rows is None else np.asarray(rows, dtype=np.int32)
        self.array = np.ascontiguousarray(a.reshape(-1, 5))
        self.array.flags.writeable = False

    @classmethod
    def of(cls, hits: Iterable[Hit]) -> Hits:
        """``hits`` as :class:`Hits` (itself when it already is one).

        Parameters
        ----------
        hits : iterable of Hit

        Returns
        -------
        Hits
        """
        if isinstance(hits, Hits):
            return hits
        return cls([(h.slogan, h.article, h.paragraph, h.start, h.end) for h in hits])

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return Hits(self.array[k])
        return Hit(*map(int, self.array[k]))

    def __iter__(self) -> Iterator[Hit]:
        for lo in range(0, len(self.array), _CHUNK):
            for row in self.array[lo : lo + _CHUNK].tolist():
                yield Hit(*row)

    def __eq__(self, other) -> bool:
        if isinstance(other, Hits):
            return np.array_equal(self.array, other.array)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"Hits({len(self)} hits)"

    def column(self, name: str) -> np.ndarray:
        """One field of every hit (``slogan``, ``article``, ``paragraph``, ``start``, ``end``).

        Parameters
        ----------
        name : str

        Returns
        -------
        ndarray of int32
        """
        return self.array[:, ("slogan", "article", "paragraph", "start", "end").index(name)]

    def take(self, index) -> Hits:
        """The hits at ``index`` (integer positions or a boolean mask), in that order.

        Parameters
        ----------
        index : array-like

        Returns
        -------
        Hits
        """
        return Hits(self.array[np.asarray(index)])

    def by_slogan(self) -> dict[int, Hits]:
        """The hits of each slogan (in their order here), for the slogans that have any.

        Returns
        -------
        dict of int to Hits
        """
        s = self.array[:, 0]
        if len(s) and (s[1:] >= s[:-1]).all():  # sorted by slogan: views, no copies
            ids, starts = np.unique(s, return_index=True)
            ends = [*starts[1:].tolist(), len(s)]
            return {
                int(i): Hits(self.array[b:e])
                for i, b, e in zip(ids.tolist(), starts.tolist(), ends, strict=True)
            }
        order = np.argsort(s, kind="stable")
        ids, starts = np.unique(s[order], return_index=True)
        parts = np.split(order, starts[1:]) if len(order) else []
        return {int(i): self.take(p) for i, p in zip(ids.tolist(), parts, strict=True)}


class HitBuffer:
    """Append hits one by one into int32 buffers (no object per hit), then :meth:`hits`."""

    __slots__ = ("_rows",)

    def __init__(self):
        self._rows = array("i")

    def add(self, slogan: int, article: int, paragraph: int, start: int, end: int) -> None:
        """Append one hit."""
        self._rows.extend((slogan, article, paragraph, start, end))

    @property
    def extend(self):
        """``extend((slogan, article, paragraph, start, end))`` appends one hit (no call of
        :meth:`add` per hit in the counting loop)."""
        return self._rows.extend

    def __len__(self) -> int:
        return len(self._rows) // 5

    def hits(self) -> Hits:
        """Every hit appended, in that order (the buffer is not to be added to after this).

        Returns
        -------
        Hits
        """
        return Hits(np.frombuffer(self._rows, dtype=np.int32).reshape(-1, 5))


def group_starts(keys: Sequence[np.ndarray]) -> np.ndarray:
    """For rows sorted by ``keys``, whether each row starts a new group of equal keys.

    Parameters
    ----------
    keys : sequence of ndarray
        Columns of equal length.

    Returns
    -------
    ndarray of bool
    """
    n = len(keys[0])
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
        for k in keys:
            new[1:] |= k[1:] != k[:-1]
    return new


def reach_before(ends: np.ndarray, new_group: np.ndarray) -> np.ndarray:
    """For rows in groups, the largest ``end`` of the earlier rows of the same group (-1 for
    the first of a group).

    Parameters
    ----------
    ends : ndarray of int
    new_group : ndarray of bool
        From :func:`group_starts`.

    Returns
    -------
    ndarray of int64
    """
    g = np.cumsum(new_group) - 1
    span = int(ends.max()) + 2 if len(ends) else 1
    running = np.maximum.accumulate(g.astype(np.int64) * span + ends.astype(np.int64) + 1)
    before = np.full(len(ends), -1, dtype=np.int64)
    before[1:] = running[:-1] - g[1:].astype(np.int64) * span - 1
    before[new_group] = -1
    return before


def renumber(hits: Sequence[Hit], new_index: dict[int, int]) -> Hits:
    """The hits of the slogans in ``new_index``, with their slogans renumbered so (the others
    dropped), in their order.

    Parameters
    ----------
    hits : sequence of Hit
    new_index : dict of int to int
        Old slogan index to new.

    Returns
    -------
    Hits
    """
    a = Hits.of(hits).array
    if not len(a):
        return Hits()
    table = np.full(max(int(a[:, 0].max()), max(new_index, default=0)) + 1, -1, dtype=np.int64)
    for old, new in new_index.items():
        table[old] = new
    mapped = table[a[:, 0]]
    keep = mapped >= 0
    rows = a[keep].copy()
    rows[:, 0] = mapped[keep]
    return Hits(rows)


def documents_of(hits: Sequence[Sequence[Hit]]) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
    """For the candidate at each position, its documents (sorted) and its uses in each, from
    one pass over every candidate's hits (a ``numpy.unique`` per candidate was a tenth of
    formulation discovery at 20 MB).

    Parameters
    ----------
    hits : sequence of sequence of Hit
        The occurrences of each candidate.

    Returns
    -------
    callable
        ``k -> (documents, uses per document)``, two int64 arrays.
    """
    arts = [Hits.of(hs).column("article").astype(np.int64) for hs in hits]
    lengths = np.fromiter(map(len, arts), dtype=np.int64, count=len(arts))
    art = np.concatenate(arts) if arts else np.zeros(0, np.int64)
    cid = np.repeat(np.arange(len(arts), dtype=np.int64), lengths)
    key = cid * (int(art.max(initial=0)) + 1) + art
    if len(key) > 1 and not (key[1:] >= key[:-1]).all():
        key = np.sort(key, kind="stable")
    new = np.ones(len(key), dtype=bool)
    new[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(new)
    uses = np.diff(np.append(starts, len(key)))
    span = int(art.max(initial=0)) + 1
    docs, owner = key[starts] % span, key[starts] // span
    bounds = np.searchsorted(owner, np.arange(len(arts) + 1))
    return lambda k: (docs[bounds[k] : bounds[k + 1]], uses[bounds[k] : bounds[k + 1]])
