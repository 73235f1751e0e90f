"""A command's printed answer, kept in the cache folder under the digest of every input it read.

``tifa slogans`` on an unchanged corpus answers from here without importing NumPy, pandas or
the analysis stages (start-up, issue 15): the key digests the bytes of every file the command
reads (the corpus folder, each word list), the settings, the version of each library that
shapes the result and the source of the whole package, so any edit to any of them is a miss
and the command runs in full. An entry is JSON, ``DIR/memo/KEY[:2]/KEY.json``, written
atomically; the folder's size cap (``Cache.prune``) counts it like any other entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from ..atomic import write_atomic

FORMAT = 1  # bump when the layout of an entry changes
# Libraries whose version can change a result (segmentation, counts, tables).
LIBRARIES = ("jieba", "rjieba", "numpy", "pandas", "scipy", "scikit-learn")
_PACKAGE = Path(__file__).resolve().parent.parent  # analysis/


def _update(h, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "little"))
    h.update(data)


def _files(path: Path) -> list[Path]:
    """``path`` itself, or every file below it (sorted), or nothing when it does not exist."""
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*")
            if p.is_file() and "__pycache__" not in p.relative_to(path).parts
        )  # fmt: skip
    return [path] if path.is_file() else []


def inputs_digest(paths: Iterable[str | Path], *parts: str) -> str:
    """SHA-256 over the names and bytes of every file at or below ``paths``, then ``parts``.

    Parameters
    ----------
    paths : files or folders (a missing one counts as missing, so creating it is a change)
    *parts : further strings (settings, versions)

    Returns
    -------
    str
        The hex digest.
    """
    h = hashlib.sha256()
    for path in paths:
        path = Path(path)
        _update(h, f"{path.as_posix()}\0{path.exists()}".encode())
        for f in _files(path):
            _update(h, f.relative_to(path).as_posix().encode() if f != path else b".")
            _update(h, f.read_bytes())
    for part in parts:
        _update(h, part.encode("utf-8"))
    return h.hexdigest()


def versions(*dists: str) -> list[str]:
    """``"name version"`` of each installed distribution (``"name -"`` when missing)."""
    out = []
    for name in dists:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} -")
    return out


def code_and_libraries() -> str:
    """The source of the package (every file under ``analysis/``, data included) and the
    versions of :data:`LIBRARIES`, as one string for :func:`inputs_digest`."""
    return f"{FORMAT} {inputs_digest([_PACKAGE])} {', '.join(versions(*LIBRARIES))}"


def _path(cache_dir: str | Path | None, key: str) -> Path | None:
    return Path(cache_dir) / "memo" / key[:2] / f"{key}.json" if cache_dir else None


def load(cache_dir: str | Path | None, key: str) -> dict | None:
    """The entry saved under ``key``, or None (none, or unreadable: then it is removed)."""
    path = _path(cache_dir, key)
    if path is None or not path.is_file():
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("format") != FORMAT or entry.get("key") != key:
            raise ValueError("another format")
    except (OSError, ValueError):
        path.unlink(missing_ok=True)
        return None
    os.utime(path)  # recently used: the size cap deletes the oldest first
    return entry


def save(cache_dir: str | Path | None, key: str, entry: dict) -> None:
    """Keep ``entry`` (JSON values) under ``key``; no cache folder: nothing."""
    path = _path(cache_dir, key)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**entry, "format": FORMAT, "key": key}
    write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
