"""One cache folder for every stage: data only (NumPy ``.npz`` without pickles), versioned,
checked on load, capped in size.

Each entry is ``DIR/STAGE/KEY[:2]/KEY.npz`` where ``KEY`` is the SHA-256 of exactly what the
stage's result depends on (see :func:`digest`). An entry holds arrays only: numbers, Unicode
strings (NumPy ``U`` arrays) and raw bytes (``uint8``); it is read with ``allow_pickle=False``,
so a cache file can never run code. Every entry records :data:`FORMAT` and its stage; an entry
that does not load, has another format or another stage is deleted and recomputed, with a note.
A cache only ever saves computing the same thing, so a warm run writes the same bytes as a
cold one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from ..atomic import write_atomic

FORMAT = 1  # bump when the layout of any entry changes
DEFAULT_MAX_MB = 2000

Note = Callable[[str], None]


def digest(*parts: object) -> str:
    """SHA-256 of ``parts``; each part is length-prefixed so that no two different
    sequences of parts give the same key.

    Parameters
    ----------
    *parts : bytes, str, NumPy arrays (dtype, shape and data) or anything JSON can write
        (sorted keys)

    Returns
    -------
    str
        The hex digest.
    """
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes | bytearray | memoryview):
            data = bytes(part)
        elif isinstance(part, str):
            data = part.encode("utf-8")
        elif isinstance(part, np.ndarray):
            a = np.ascontiguousarray(part)
            data = f"{a.dtype.str}{a.shape}".encode() + a.tobytes()
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


_CODE: dict[str, str] = {}


def code_digest(*modules: str) -> str:
    """A digest of the source files of ``modules``: editing the code of a stage invalidates
    its cached results. A package counts with all of its modules.

    Parameters
    ----------
    *modules : module names (``"analysis.slogans"``...), imported if need be

    Returns
    -------
    str
        The hex digest (each module's is computed once per process).
    """
    import importlib  # noqa: PLC0415

    out = []
    for name in modules:
        if name not in _CODE:
            module = importlib.import_module(name)
            path = getattr(module, "__file__", None)
            if not path:
                _CODE[name] = name
            elif hasattr(module, "__path__"):  # a package: every source file in it
                root = Path(path).parent
                files = sorted(root.rglob("*.py"))
                _CODE[name] = digest(
                    *(f"{f.relative_to(root).as_posix()}\0".encode() + f.read_bytes() for f in files)
                )
            else:
                _CODE[name] = digest(Path(path).read_bytes())
        out.append(_CODE[name])
    return digest(*out)


def str_array(items: Iterable[str]) -> np.ndarray:
    """Strings as a NumPy Unicode array (never ``object``, which would need a pickle).

    Parameters
    ----------
    items : the strings

    Returns
    -------
    numpy.ndarray
        ``<U`` array (``<U1`` when empty).
    """
    a = np.array(list(items), dtype=str)
    return a if a.size else np.zeros(0, dtype="<U1")


def str_list(a: np.ndarray) -> list[str]:
    """The strings of a Unicode array, as Python strings.

    Parameters
    ----------
    a : from :func:`str_array`

    Returns
    -------
    list of str
    """
    return [str(x) for x in a.tolist()]


def json_array(value: object) -> np.ndarray:
    """Any JSON value as a 0-d Unicode array.

    Parameters
    ----------
    value : lists, dicts, strings, numbers (NumPy scalars too)

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    TypeError
        A value JSON cannot write.
    """
    return np.array(json.dumps(value, ensure_ascii=False, sort_keys=True, default=_scalar))


def _scalar(v: object) -> object:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def from_json_array(a: np.ndarray) -> object:
    """The value :func:`json_array` stored.

    Parameters
    ----------
    a : a 0-d Unicode array

    Returns
    -------
    object
    """
    return json.loads(str(a[()]))


def bytes_array(data: bytes) -> np.ndarray:
    """Raw bytes as a ``uint8`` array.

    Parameters
    ----------
    data : the bytes

    Returns
    -------
    numpy.ndarray
    """
    return np.frombuffer(data, dtype=np.uint8)


class Cache:
    """The cache folder; ``root=None`` is a cache that stores nothing.

    Parameters
    ----------
    root : folder (created on first write)
    max_mb : size cap; :meth:`prune` deletes the least recently used entries above it
    note : called with one line when an entry was damaged and is recomputed
    """

    def __init__(self, root: str | Path | None, *, max_mb: int = DEFAULT_MAX_MB, note=None):
        self.root = Path(root) if root else None
        self.max_bytes = int(max_mb) * 1_000_000
        self.note: Note = note or (lambda _m: None)
        self.stats: dict[str, int] = {}

    def __getstate__(self) -> dict:
        """What another process gets (a drawing process): the folder, made absolute (that
        process may have started in another working folder), and the cap; not the note."""
        root = self.root.resolve() if self.root is not None else None
        return {"root": root, "max_bytes": self.max_bytes}

    def __setstate__(self, state: dict) -> None:
        self.root, self.max_bytes = state["root"], state["max_bytes"]
        self.note, self.stats = (lambda _m: None), {}

    def path(self, stage: str, key: str) -> Path | None:
        """Where the entry ``key`` of ``stage`` lives.

        Parameters
        ----------
        stage : the stage's folder name
        key : the entry's digest

        Returns
        -------
        Path or None
            None for a cache that stores nothing.
        """
        return self.root / stage / key[:2] / f"{key}.npz" if self.root else None

    def _count(self, stage: str, what: str) -> None:
        name = f"{stage}_{what}"
        self.stats[name] = self.stats.get(name, 0) + 1

    def has(self, stage: str, key: str) -> bool:
        """Whether an entry exists (it may still turn out damaged on :meth:`load`).

        Parameters
        ----------
        stage : the stage's folder name
        key : the entry's digest

        Returns
        -------
        bool
        """
        path = self.path(stage, key)
        return path is not None and path.is_file()

    def load(self, stage: str, key: str) -> dict[str, np.ndarray] | None:
        """The arrays stored for ``key``.

        Parameters
        ----------
        stage : the stage's folder name
        key : the entry's digest

        Returns
        -------
        dict of str to ndarray, or None
            None when missing, or damaged (then deleted and noted).
        """
        path = self.path(stage, key)
        if path is None or not path.is_file():
            self._count(stage, "missed")
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {name: z[name] for name in z.files}
            if (
                int(arrays.pop("__format__")[()]) != FORMAT
                or str(arrays.pop("__stage__")) != stage
            ):
                raise ValueError("another format")
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            self.note(f"cache: {path} could not be used ({exc}); recomputed")
            try:
                path.unlink()
            except OSError:
                pass
            self._count(stage, "missed")
            return None
        try:
            os.utime(path)  # least recently used goes first when pruning
        except OSError:
            pass
        self._count(stage, "hit")
        return arrays

    def save(self, stage: str, key: str, arrays: Mapping[str, np.ndarray]) -> None:
        """Store ``arrays`` (no object arrays) for ``key``; a read-only or full disk turns the
        cache off for the rest of the run.

        Parameters
        ----------
        stage : the stage's folder name
        key : the entry's digest
        arrays : the arrays to store
        """
        path = self.path(stage, key)
        if path is None:
            return
        buf = io.BytesIO()
        np.savez(buf, __format__=np.array(FORMAT), __stage__=np.array(stage), **dict(arrays))
        try:
            with buf.getbuffer() as view:  # not getvalue(): no second copy of the entry
                write_atomic(path, view)
        except OSError:
            self.root = None

    def prune(self) -> int:
        """Delete the least recently used entries until the folder is under its cap.

        Returns
        -------
        int
            How many entries were deleted.
        """
        if self.root is None or not self.root.is_dir():
            return 0
        entries = []
        for dirpath, _dirs, files in os.walk(self.root):
            for f in files:
                p = Path(dirpath) / f
                try:
                    st = p.stat()
                except OSError:
                    continue
                entries.append((st.st_mtime, str(p), st.st_size))
        total = sum(e[2] for e in entries)
        deleted = 0
        for _mtime, p, size in sorted(entries):
            if total <= self.max_bytes:
                break
            try:
                os.unlink(p)
            except OSError:
                continue
            total -= size
            deleted += 1
        return deleted
