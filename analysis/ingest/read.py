"""The only file access of the ingest stage: list a corpus, decode its files, read the
manifest, and build the :class:`~analysis.ingest.model.Corpus`.

    decode_bytes      bytes -> str                       (:mod:`analysis.ingest.decode`)
    parse_text        str -> front matter, articles      (:mod:`analysis.ingest.parse`)
    read_articles     folder -> Corpus
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import Notice, TifaError
from .dates import date_from_stem, date_from_text, parse_date
from .decode import DecodeFailure, decode_bytes
from .duplicates import Finder, mark_duplicate_articles
from .manifest import ManifestRow, parse_manifest
from .model import Article, Corpus, Paragraph
from .normalize import _HAS_HAN
from .parse import parse_text


def _article_ids(stem: str, n: int) -> list[str]:
    return [stem] if n == 1 else [f"{stem}#{k}" for k in range(1, n + 1)]


def _headline(paragraphs: Sequence[Paragraph]) -> str:
    return next((p.text for p in paragraphs if p.role == "headline"), "")


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown_name(name: str | os.PathLike) -> str:
    """A file name or path as the user can find it: printable, on one line.

    Names are bytes on Linux; Python keeps undecodable bytes as surrogates, which cannot be
    printed or written as UTF-8. Bytes that are not UTF-8 are decoded as GB18030 (zip archives
    made on Chinese Windows hold GBK names) where that works, else shown as ``\\xNN`` escapes;
    control and right-to-left characters are escaped (``\\n``, ``\\u202e``).

    Parameters
    ----------
    name : str or PathLike
        A file name or path, as the file system gave it.

    Returns
    -------
    str

    Examples
    --------
    >>> shown_name(os.fsdecode("报告.txt".encode("gbk")))
    '报告.txt'
    >>> shown_name(os.fsdecode(b"\\xff.txt"))
    '\\\\xff.txt'
    """
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "backslashreplace")
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs")
        else ch
        for ch in text
    )


def read_manifest(path: Path) -> tuple[list[ManifestRow], tuple[str, ...]]:
    """Read ``manifest.csv`` (any supported encoding), see :func:`parse_manifest`.

    Parameters
    ----------
    path : Path
        The manifest file.

    Returns
    -------
    rows : list of ManifestRow
        One per non-blank row.
    extras : tuple of str
        The names of the extra metadata columns, in file order.

    Raises
    ------
    TifaError
        The file is not text, or the manifest is malformed.
    """
    try:
        text, _ = decode_bytes(path.read_bytes())
    except DecodeFailure as exc:
        raise TifaError(f"{exc}", path=path) from None
    return parse_manifest(text, path=path)


def list_seed_files(seeds: Path) -> tuple[Path, list[Path], list[Notice], bool]:
    """The ``.txt`` files of a corpus, and what was left out and why.

    ``seeds`` is a folder (its ``*.txt``, sorted by name) or one ``.txt`` file. A folder named
    ``x.txt``, a FIFO or device, a symlink loop and a symlink to anything outside the folder
    are skipped with a notice: a corpus is the folder the user gave, nothing more.

    Parameters
    ----------
    seeds : Path
        The corpus folder, or one ``.txt`` file.

    Returns
    -------
    (folder, files, notices, single)
        ``folder`` holds the manifest; ``single`` is True when ``seeds`` is one file.

    Raises
    ------
    TifaError
        ``seeds`` does not exist, is a file that is not ``.txt``, or holds no ``.txt`` files.
    """
    if seeds.is_file():
        if seeds.suffix.lower() != ".txt":
            raise TifaError(
                "is a file but not a .txt file; give a .txt file or the folder that holds them",
                path=shown_name(seeds),
            )
        return seeds.parent, [seeds], [], True
    if not seeds.is_dir():
        raise TifaError(
            "no such folder; give the folder that holds your .txt articles", path=shown_name(seeds)
        )
    root = seeds.resolve()
    files: list[Path] = []
    notices: list[Notice] = []
    for path in sorted(p for p in seeds.iterdir() if p.suffix.lower() == ".txt"):
        shown = shown_name(path)
        why = ""
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # a loop, or a link to nothing
                why = "a symlink loop or a link to nothing"
            else:
                if not target.is_relative_to(root):
                    why = "a symlink to a file outside the corpus folder; copy the file in instead"
        if not why and path.is_dir():
            why = "a folder, not a file"
        elif not why and not path.is_file():
            why = "not a regular file"
        if why:
            notices.append(Notice(f"skipped: {why}", path=shown))
        else:
            files.append(path)
    if not files and not notices:
        raise TifaError(
            "no .txt files in this folder; put your articles there", path=shown_name(seeds)
        )
    return seeds, files, notices, False


UNMATCHED_SHOWN = 20  # manifest rows matching no article named one by one; the rest counted
NO_CHINESE = "no Chinese text in it (tifa analyses Chinese; an English text is left out)"


def _unique_stem(stem: str, n_articles: int, taken: set[str]) -> str:
    """``stem``, or ``stem~2``, ``stem~3`` ... when two file names show alike or an id is taken
    already (``a#1.txt`` beside a file ``a.txt`` of two articles, ``a#1`` and ``a#2``)."""
    candidate, n = stem, 1
    while candidate in taken or taken.intersection(_article_ids(candidate, n_articles)):
        n += 1
        candidate = f"{stem}~{n}"
    return candidate


# Read and parse the files on the pool of two from this many bytes on. Measured (three runs
# each): at 1.0 and 1.8 MB the pool is as fast as one process (0.13-0.20 s against 0.15-0.23 s),
# at 3.2 MB (the Government Work Reports) 0.35-0.39 s against 0.39-0.49 s, at 20 MB 2.0 s
# against 2.6-3.2 s
POOL_MIN_BYTES = 2_000_000
_FILES: dict[str, Sequence[Path]] = {}  # the files being read, inherited by forked workers


def _read_one(path: Path) -> tuple:
    """One file read, decoded and parsed (all that depends on nothing but the file):
    ``(skipped, encoding, front matter, articles' paragraphs, bad front-matter lines, has
    Chinese)``, ``skipped`` the notice's text of a file that is left out ("" otherwise)."""
    shown = shown_name(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"skipped: cannot be read ({exc.strerror})", "", {}, [], [], False
    try:
        text, encoding = decode_bytes(data)
    except DecodeFailure as exc:
        return f"skipped: {exc}", "", {}, [], [], False
    if not text.strip():
        return "skipped: empty file", "", {}, [], [], False
    bad: list[TifaError] = []  # malformed front-matter lines: warned about, skipped
    has_han = bool(_HAS_HAN.search(text))
    front, parsed = parse_text(text, path=shown, bad=bad) if has_han else ({}, [])
    return "", encoding, front, parsed, bad, has_han


def _read_run(run: list[int]) -> list[tuple]:
    return [_read_one(_FILES["paths"][i]) for i in run]


def _read_all(files: Sequence[Path]) -> list[tuple]:
    """:func:`_read_one` of every file, in order: on a pool of two forked processes for a
    corpus of :data:`POOL_MIN_BYTES` or more (the same results either way)."""
    from ..run.pool import map_in_runs  # noqa: PLC0415

    sizes = []
    for path in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)  # (the read says why)
    _FILES["paths"] = files
    try:
        return map_in_runs(
            _read_run, range(len(files)), workers=2, pooled=sum(sizes) >= POOL_MIN_BYTES,
            sizes=sizes,
        )  # fmt: skip
    finally:
        _FILES.clear()


def read_articles(
    seed_dir: str | Path,
    *,
    manifest: str = "manifest.csv",
    on_read: Callable[[Sequence[Article]], None] | None = None,
    find_duplicates: Finder | None = None,
) -> Corpus:
    """Read every ``*.txt`` in ``seed_dir`` (sorted by name), or the one ``.txt`` file it
    names, into articles.

    Unreadable, empty, binary and non-Chinese files, folders named ``*.txt`` and symlinks that
    leave the folder are skipped with a notice; metadata comes from the manifest, then front
    matter, then a date at the start of the file name, then the text. For one file, the
    manifest of its folder applies when it names the file. File names that are not UTF-8 are
    shown as :func:`shown_name` gives them, in messages, ``file`` and ``article_id``.

    Parameters
    ----------
    seed_dir : str or Path
        The corpus folder, or one ``.txt`` file.
    manifest : str
        The manifest's file name inside the folder.
    on_read : callable, optional
        Called with the articles once they are read, before the near-duplicate check (which
        changes only paragraph roles): work that needs their text starts during the check.
    find_duplicates : callable, optional
        The near-duplicate search (:func:`analysis.ingest.duplicates.find_duplicates`, the
        default), e.g. its cached result.

    Returns
    -------
    Corpus
        The articles (near-duplicates marked) and the notices of what was skipped or changed.

    Raises
    ------
    TifaError
        The folder does not exist, holds no ``.txt`` files, or no article could be read; or the
        manifest is malformed.
    """
    seed_dir = Path(seed_dir)
    folder, files, listing, single = list_seed_files(seed_dir)
    notices: list[Notice] = list(listing)
    manifest_path = folder / manifest
    rows, extras = read_manifest(manifest_path) if manifest_path.is_file() else ([], ())
    by_key: dict[str, ManifestRow] = {}
    for row in rows:
        if row.key in by_key:
            notices.append(
                Notice(
                    f"manifest row {row.key!r} repeats line {by_key[row.key].line}; "
                    "this later row is used",
                    path=shown_name(manifest_path),
                    line=row.line,
                )
            )
        by_key[row.key] = row
    used: set[str] = set()
    taken: set[str] = set()
    articles: list[Article] = []
    converted, converted_files = 0, set()
    no_chinese: list[str] = []
    for path, (skipped, encoding, front, parsed, bad, has_han) in zip(
        files, _read_all(files), strict=True
    ):
        shown = shown_name(path)
        if skipped:
            notices.append(Notice(skipped, path=shown))
            continue
        if front.get("date") and parse_date(front["date"]) is None:
            bad.append(
                TifaError(
                    f"front matter date {front.pop('date')[:80]!r} is not a date; "
                    "write YYYY-MM-DD",
                    path=shown,
                )
            )
        for error in bad:
            what, _, fix = error.message.partition("; ")
            notices.append(Notice(f"{what}: ignored; {fix}", path=error.path, line=error.line))
        if parsed and any(_HAS_HAN.search(p.text) for a in parsed for p in a):
            pass
        elif parsed or not has_han:  # (Chinese only in the front matter)
            notices.append(Notice(f"skipped: {NO_CHINESE}", path=shown))
            no_chinese.append(shown_name(path.name))
            continue
        else:
            notices.append(Notice("skipped: no paragraph of text in it", path=shown))
            continue
        name = shown_name(path.name)
        file_stem = name[: -len(".txt")] if name.lower().endswith(".txt") else name
        stem = _unique_stem(file_stem, len(parsed), taken)  # every article_id is unique
        taken.update({stem, *_article_ids(stem, len(parsed))})
        for article_id, paragraphs in zip(_article_ids(stem, len(parsed)), parsed, strict=True):
            meta: dict[str, str] = {k: v for k, v in front.items()}
            if meta.get("date"):
                meta["date"] = parse_date(meta["date"])
            for key in dict.fromkeys((file_stem, stem, article_id)):
                if key in by_key:
                    meta.update(dict(by_key[key].values))
                    used.add(key)
            base = meta.get("date") or date_from_stem(file_stem)
            date = date_from_text(paragraphs, base)
            title = meta.get("title") or _headline(paragraphs) or article_id
            extra = tuple((k, meta.get(k, "")) for k in extras)
            articles.append(
                Article(
                    article_id=article_id,
                    file=name,
                    title=title,
                    date=date,
                    source=meta.get("source", ""),
                    paragraphs=tuple(paragraphs),
                    encoding=encoding,
                    meta=extra,
                )
            )
            converted += sum(p.converted for p in paragraphs)
            if any(p.converted for p in paragraphs):
                converted_files.add(name)
    if converted:
        names = sorted(converted_files)
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        notices.append(
            Notice(
                f"{converted} paragraph(s) in {len(names)} file(s) converted from traditional "
                f"to simplified characters ({listed}); articles.csv counts them per article",
                path=shown_name(seed_dir),
                warning=False,
            )
        )
    if no_chinese and articles:
        notices.append(
            Notice(
                f"{len(no_chinese)} file(s) without Chinese text left out: "
                + ", ".join(no_chinese[:3])
                + (f" and {len(no_chinese) - 3} more" if len(no_chinese) > 3 else ""),
                path=shown_name(seed_dir),
                warning=False,
            )
        )
    unmatched = [] if single else [row for row in rows if row.key not in used]
    for row in unmatched[:UNMATCHED_SHOWN]:
        notices.append(
            Notice(
                f"manifest row {row.key!r} matches no article",
                path=shown_name(manifest_path),
                line=row.line,
            )
        )
    if len(unmatched) > UNMATCHED_SHOWN:
        rest = unmatched[UNMATCHED_SHOWN:]
        notices.append(
            Notice(
                f"and {len(rest)} more manifest rows match no article (lines {rest[0].line} "
                f"to {rest[-1].line})",
                path=shown_name(manifest_path),
            )
        )
    if not articles and no_chinese and len(no_chinese) == len(notices):
        raise TifaError(
            "no Chinese text in any file (tifa analyses Chinese); give Chinese .txt articles",
            path=shown_name(seed_dir),
        )
    if on_read is not None:
        on_read(articles)
    articles, repeats = mark_duplicate_articles(
        articles, where=shown_name(seed_dir), find=find_duplicates
    )
    notices.extend(repeats)
    if not articles:
        why = [f"{n.path.rsplit('/', 1)[-1]} ({n.message.removeprefix('skipped: ')})"
               for n in notices if n.message.startswith("skipped")]  # fmt: skip
        listed = "; ".join(why[:3]) + (f"; and {len(why) - 3} more" if len(why) > 3 else "")
        raise TifaError(
            f"no article could be read, every file was skipped: {listed}; give UTF-8, GB18030, "
            "Big5 or UTF-16 text files",
            path=shown_name(seed_dir),
        )
    return Corpus(articles=tuple(articles), notices=tuple(notices), meta_columns=extras)
