"""The outputs of a run as one set, kept apart from the inputs, one run at a time.

- :func:`analysis.run.inputs.check_out_dir`: ``--out`` may not be, lie inside or contain an
  input (the seeds, lists, lexicon, cache ...); refused before anything is written.
- :func:`out_lock`: an ``fcntl`` lock beside ``--out``; a second run on the same folder stops
  with one line naming the first (pid and start time).
- :func:`output_set`: the writers write into a staging folder beside ``--out``; at the end
  :data:`SET_MANIFEST` (a checksum of every file, and a run id made of them) is added and the
  staging folder is swapped with ``--out`` in one step (Linux ``renameat2(RENAME_EXCHANGE)``).
  A killed run leaves the old set or the new one, never a mix.

What lives in ``--out`` but is not part of the set (``.gitkeep``, the ``compare/`` folder of
``tifa compare``, a user's own files) is carried into the staging folder just before the swap
(files as hard links, folders moved), so it stays where it was; a kill in that instant leaves a
carried folder in the staging folder, and the next run on ``--out`` moves it back. Where the exchange is not available (not Linux, or a file system without
it) two renames are used: ``--out`` to ``.NAME.tifa-old-PID``, then staging to ``--out``; a kill
between them leaves the old set under that name, which the next run puts back. Every run
first cleans up what a killed run left beside ``--out`` (under the lock, so never a live run's).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import TifaError
from ..ingest import shown_name

SET_MANIFEST = "outputs.json"
# Names that belong to a run's set even when this run does not write them (a stale file of an
# earlier run must go, not be carried over as if it were the user's).
SET_NAMES = frozenset({"report.pdf", "report.html", "tables", "figures", "run.json", SET_MANIFEST})
_STAGE = ".tifa-stage-"
_OLD = ".tifa-old-"
_KILL_ENV = "TIFA_TEST_KILL_AT"  # fault injection for the tests: SIGKILL at a named point


def _checkpoint(name: str) -> None:
    """Kill this process at point ``name`` when the tests ask for it (``TIFA_TEST_KILL_AT``)."""
    if os.environ.get(_KILL_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


# --------------------------------------------------------------------------- lock


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.tifa-lock"


@contextmanager
def out_lock(*outs: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on each output folder; refuse at once if another run has one.

    The lock is a file ``.NAME.tifa-lock`` beside the folder holding the pid and start time of
    the run; it is removed when the run ends (a killed run's lock file is stale and reused:
    the kernel drops the lock itself).

    Raises
    ------
    TifaError
        ``OUT: another tifa run (pid 123, started 2026-12-01 21:40:05) is writing this
        folder; ...``
    """
    with ExitStack() as stack:
        for out in outs:
            stack.enter_context(_one_lock(Path(out)))
        yield


_HELD: set[int] = set()  # the lock files this process holds open


def _close_held_in_child() -> None:
    """A forked worker (the figure or segmentation pool) must not keep the run's lock: a
    ``flock`` belongs to the open file, which the child shares, so a killed run's workers
    would hold the lock until they end. The child closes its copies; the parent keeps it."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


@contextmanager
def _one_lock(out: Path) -> Iterator[None]:
    path = _lock_path(out.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").split("\n")[0].split(" ", 1)
            os.close(fd)
            pid, started = (holder + ["?", "?"])[:2] if holder != [""] else ("?", "?")
            raise TifaError(
                f"another tifa run (pid {pid}, started {started}) is writing this folder; "
                "wait for it to finish or give another --out",
                path=shown_name(out),
            ) from None
        try:  # the file may have been removed by the run that held it: lock the new one
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    _HELD.add(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        recover(out.resolve())  # what a killed run left, now that no other run is writing
        yield
    finally:
        _HELD.discard(fd)
        path.unlink(missing_ok=True)
        os.close(fd)


# --------------------------------------------------------------------------- the set


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def set_manifest(folder: str | Path) -> dict:
    """The checksum of every file under ``folder`` and a run id made of them (deterministic:
    the same outputs give the same id).

    Parameters
    ----------
    folder : the output set's folder

    Returns
    -------
    dict
        ``{"format": 1, "run": id, "files": {relative path: sha256}}``.
    """
    folder = Path(folder)
    files = {
        p.relative_to(folder).as_posix(): _sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != SET_MANIFEST
    }
    run = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {"format": 1, "run": run, "files": files}


def verify_set(folder: str | Path) -> list[str]:
    """What is wrong with the set in ``folder``: files missing, changed or from another run.
    Files outside the set's names (``.gitkeep``, ``compare/``) are not looked at.

    Parameters
    ----------
    folder : an output folder

    Returns
    -------
    list of str
        One line per problem; empty when the set is whole.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / SET_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"no readable {SET_MANIFEST}"]
    problems = []
    for rel, digest in manifest["files"].items():
        p = folder / rel
        if not p.is_file():
            problems.append(f"{rel} missing")
        elif _sha256(p) != digest:
            problems.append(f"{rel} changed")
    members = SET_NAMES | {rel.split("/")[0] for rel in manifest["files"]}
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and rel.split("/")[0] in members and p.name != SET_MANIFEST:
            if rel not in manifest["files"]:
                problems.append(f"{rel} not of this run")
    return problems


def _members(folder: Path) -> set[str]:
    """Top-level names of the set in ``folder`` (its manifest, else the known names)."""
    try:
        files = json.loads((folder / SET_MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        files = {}
    return set(SET_NAMES) | {rel.split("/")[0] for rel in files}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux ``renameat2``); False where not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover(out: str | Path) -> None:
    """Clean up what a killed run left beside ``out``: put back the old set of a rename pair
    cut in two, return carried files of the user to ``out``, remove staging folders.

    Parameters
    ----------
    out : the output folder (call under its lock)
    """
    out = Path(out)
    parent = out.parent
    if not parent.is_dir():
        return
    leftovers = sorted(parent.glob(f".{out.name}{_OLD}*")) + sorted(
        parent.glob(f".{out.name}{_STAGE}*")
    )
    for old in leftovers:
        if not old.is_dir() or old.is_symlink():
            continue
        if _OLD in old.name and not out.exists():
            os.rename(old, out)
            continue
        # Only a staging folder that got its manifest can hold carried entries (carrying
        # comes after it); one without is half-written and goes whole.
        if out.is_dir() and (old / SET_MANIFEST).is_file():
            members = _members(old)
            for entry in sorted(old.iterdir()):
                if entry.name not in members and not (out / entry.name).exists():
                    os.rename(entry, out / entry.name)
        shutil.rmtree(old, ignore_errors=True)


def swap_in(stage: Path, out: Path) -> None:
    """Make the finished ``stage`` folder the new ``out`` in one step, keeping what in ``out``
    is not of the set; the old set is removed.

    Parameters
    ----------
    stage : the staging folder, manifest written
    out : the output folder
    """
    if not out.exists():
        os.rename(stage, out)
        return
    if not out.is_dir():
        raise TifaError(
            "exists and is not a folder; give a folder for --out", path=shown_name(out)
        )
    produced = {p.name for p in stage.iterdir()}
    members = _members(out) | produced
    carried = False
    for entry in sorted(out.iterdir()):
        if entry.name not in members:
            try:  # a file stays in place until the swap
                if not entry.is_file() or entry.is_symlink():
                    raise IsADirectoryError
                os.link(entry, stage / entry.name)
            except OSError:  # a folder, or a file system without hard links
                os.rename(entry, stage / entry.name)
            if not carried:
                carried = True
                _checkpoint("carrying")
    _checkpoint("carried")
    if _exchange(stage, out):
        _checkpoint("swapped")
        shutil.rmtree(stage, ignore_errors=True)
        return
    old = out.parent / f".{out.name}{_OLD}{os.getpid()}"
    os.rename(out, old)
    _checkpoint("renamed")
    os.rename(stage, out)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def output_set(out: str | Path) -> Iterator[Path]:
    """Give the writers a staging folder; when they are done, swap it in as ``out``.

    Call it under :func:`out_lock`. On an exception the staging folder is removed and ``out``
    is left as it was. ``out`` is resolved first, so a symlinked ``--out`` keeps its link.

    Examples
    --------
    >>> with out_lock("reports"), output_set("reports") as stage:  # doctest: +SKIP
    ...     write_outputs(outputs, stage)
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}{_STAGE}", dir=out.parent))
    mode = (out.stat().st_mode if out.is_dir() else 0o777 & ~_umask()) & 0o7777
    os.chmod(stage, mode)
    try:
        yield stage
        manifest = set_manifest(stage)
        (stage / SET_MANIFEST).write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        _checkpoint("staged")
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    swap_in(stage, out)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
