"""Keep a run's outputs apart from its inputs: ``--out`` may not be, lie inside or contain an
input (the seeds, lists, lexicon, cache ...), and the cache may not lie inside the seeds;
both are refused before anything is written (:mod:`analysis.run.outputs` writes the set)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import TifaError
from ..ingest import shown_name


def check_out_dir(out: str | Path, inputs: Sequence[tuple[str, str | Path | None]]) -> None:
    """Refuse an output folder that is, lies inside or contains one of ``inputs``.

    Parameters
    ----------
    out : path
        The ``--out`` folder (it need not exist).
    inputs : sequence of (what, path)
        Every input folder or file, named for the message (``"SEEDS_DIR"``, ``"the cache
        folder"``); a ``None`` path is ignored.

    Raises
    ------
    TifaError
        One line: ``OUT: --out is SEEDS_DIR seeds; ...``.
    """
    o = Path(out).resolve()
    if o.exists() and not o.is_dir():
        raise TifaError(
            "exists and is not a folder; give a folder for --out", path=shown_name(out)
        )
    for what, path in inputs:
        if path is None or str(path) == "":
            continue
        i = Path(path).resolve()
        if o == i:
            rel = "is"
        elif o.is_relative_to(i):
            rel = "lies inside"
        elif i.is_relative_to(o):
            rel = "contains"
        else:
            continue
        raise TifaError(
            f"--out {rel} {what} {shown_name(path)}; give an --out folder apart from your "
            "inputs (tifa never writes among them)",
            path=shown_name(out),
        )


def check_cache_dir(cache_dir: str | Path | None, seeds: str | Path) -> None:
    """Refuse a segmentation cache inside the corpus (``cd seeds && tifa report .`` would put
    ``.cache`` among the articles): the corpus folder is the user's and stays as it was.

    Parameters
    ----------
    cache_dir : the cache folder, or None
    seeds : the corpus folder (a single file: nothing to check)

    Raises
    ------
    TifaError
        The cache folder lies inside the corpus folder.
    """
    if not cache_dir or not Path(seeds).is_dir():  # one .txt file: its folder is not the corpus
        return
    c, s = Path(cache_dir).resolve(), Path(seeds).resolve()
    if c.is_relative_to(s):
        raise TifaError(
            f"the cache folder lies inside SEEDS_DIR {shown_name(seeds)}; give --cache-dir "
            "(or TIFA_CACHE_DIR) a folder outside your corpus",
            path=shown_name(cache_dir),
        )


def input_paths(
    seeds: str | Path, config, *, cache_dir: str | Path | None, config_path: str | Path | None
) -> list[tuple[str, str | Path | None]]:
    """The inputs of a run that ``--out`` must keep clear of (see :func:`check_out_dir`).

    Parameters
    ----------
    seeds : the corpus folder or file
    config : the run's configuration (lexicon, lists, reference corpus)
    cache_dir : the cache folder, or None
    config_path : the config file, or None

    Returns
    -------
    list of (str, path)
        ``(what, path)`` pairs, ``what`` naming the input in a message.
    """
    paths: list[tuple[str, str | Path | None]] = [("SEEDS_DIR", seeds)]
    paths += [("the lexicon", p) for p in config.segment.lexicon]
    paths += [("the theme lexicon", config.themes.lexicon)]
    paths += [("a stopword list", p) for p in config.stopwords.paths]
    paths += [("the keep list", config.stopwords.keep), ("the cache folder", cache_dir)]
    paths += [("the reference corpus", p) for p in _reference_folders(config)]
    if config_path is not None and Path(config_path).is_file():
        paths.append(("the config file", config_path))
    return paths


def _reference_folders(config) -> list[Path]:
    from ..echo.reference import resolve_folders  # noqa: PLC0415

    try:
        return resolve_folders(config.echo.reference_corpus)
    except TifaError:  # a missing folder: the run itself says so
        return []
