"""The digests of a reference corpus's texts, read but not segmented: enough to know, before
processing it, which of its texts are the corpus's own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path


def hash_files(h, folders: Sequence[Path], manifest: str) -> None:
    """Feed the names and bytes of the folders' texts and manifests into the hash ``h``."""
    for folder in folders:
        h.update(b"\0folder")
        for path in sorted([*folder.glob("*.txt"), folder / manifest]):
            if path.is_file():
                h.update(f"\0{path.name}\0".encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())


def reference_digests(
    folders: Sequence[Path], *, manifest: str, cache_dir: str | Path | None
) -> list[str]:
    """The :func:`text_digest` of every text of the reference folders, without segmenting
    them (the texts :func:`process_reference` would process, in no particular order).

    Cheap enough to run before :func:`load_reference`: the folders are only read (and the
    digests kept in ``CACHE_DIR/reference/digests-KEY.json``, keyed by the files' bytes, the
    manifest name and the reading code), so a corpus that *is* the reference learns it without
    the reference's segmentation and formulation discovery.

    Parameters
    ----------
    folders : sequence of Path
        The reference folders.
    manifest : str
        The manifest file name.
    cache_dir : str or Path, optional
        The cache folder.

    Returns
    -------
    list of str
        One digest per reference text.
    """
    from ..ingest import read_articles  # noqa: PLC0415
    from ..run.cache import code_digest  # noqa: PLC0415
    from .reference import CACHE_FORMAT, text_digest  # noqa: PLC0415

    path = None
    if cache_dir:
        h = hashlib.sha256(f"{CACHE_FORMAT}-digests\0{manifest}\0".encode())
        h.update(code_digest("analysis.ingest", __name__).encode())
        hash_files(h, folders, manifest)
        path = Path(cache_dir) / "reference" / f"digests-{h.hexdigest()}.json"
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, list) and all(isinstance(d, str) for d in data):
                    return data
            except ValueError:
                pass  # a damaged entry is recomputed
    out = [
        text_digest([p.text for p in a.analysed])
        for folder in folders
        for a in read_articles(folder, manifest=manifest).articles
    ]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(out), encoding="utf-8")
        tmp.replace(path)
    return out
