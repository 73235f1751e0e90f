"""Read the editable word lists: the user lexicon and the stopword lists (files the user edits)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import TifaError


@dataclass(frozen=True)
class Entry:
    """One line of a word list: the word, where it is, and (lexicon only) frequency and tag."""

    word: str
    path: str
    line: int
    freq: int | None = None
    tag: str | None = None


def expand_paths(paths: Iterable[str | Path], *, exclude: Sequence[str] = ()) -> list[Path]:
    """Expand folders to their ``*.txt`` files (sorted); keep files; skip missing paths.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders.
    exclude : sequence of str
        File names left out of a folder's files.

    Returns
    -------
    list of Path
        The files, in the order given.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.glob("*.txt")) if f.name not in exclude)
        elif p.is_file():
            out.append(p)
    return out


@dataclass(frozen=True)
class Decoded:
    """The text of a file's bytes, and where each encoding tried first failed."""

    text: str | None  # None: neither encoding reads it
    encoding: str  # "utf-8", "gb18030" or "" (none)
    bad_utf8: int | None = None  # offset of the first byte that is not UTF-8
    bad_gb18030: int | None = None  # the same for GB18030, when it was tried


def decode_user_text(raw: bytes, *, gb18030: bool = True) -> Decoded:
    """Decode a word list or TOML file: UTF-8 (a leading BOM dropped), else GB18030.

    The one decoder of the files the user edits (word lists, ``tifa.toml``); corpus files have
    their own (:mod:`analysis.ingest`).

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    gb18030 : bool
        Try GB18030 when the bytes are not UTF-8 (``tifa.toml`` must be UTF-8).

    Returns
    -------
    Decoded
        The text (None when no encoding reads it), the encoding used and the offsets of the
        first bad byte for each encoding that failed.
    """
    try:
        return Decoded(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_utf8 = exc.start
    if not gb18030:
        return Decoded(None, "", bad_utf8)
    try:
        return Decoded(raw.decode("gb18030"), "gb18030", bad_utf8)
    except UnicodeDecodeError as exc:
        return Decoded(None, "", bad_utf8, exc.start)


def list_lines(text: str) -> list[tuple[int, str, str]]:
    """Split a word list into lines: the one line parser of every word list.

    Parameters
    ----------
    text : str
        The decoded file (CRLF, CR or LF line ends).

    Returns
    -------
    list of (int, str, str)
        For every line: its number (from 1), the line as written and the line without its
        ``#`` comment (whole-line, or after whitespace).
    """
    out = []
    for no, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        out.append((no, line, re.sub(r"(^|\s)#.*$", "", line)))
    return out


def line_fields(body: str) -> tuple[str, ...]:
    """The whitespace-separated fields of a line without its comment (U+3000 is a space)."""
    return tuple(body.replace("\u3000", " ").split())


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Return (line number, text) for the non-blank, non-comment lines of a word list.

    Tolerates a BOM, CRLF line ends and ``#`` comments (whole-line, or after whitespace).

    Parameters
    ----------
    path : Path
        A word-list file, UTF-8 or GB18030.

    Returns
    -------
    list of (int, str)
        The line number and the stripped text of each line that holds a word.

    Raises
    ------
    TifaError
        The file is neither UTF-8 nor GB18030.
    """
    decoded = decode_user_text(path.read_bytes())
    if decoded.text is None:
        raise TifaError(
            f"not UTF-8 or GB18030 text (bad byte at offset {decoded.bad_gb18030}); "
            "save it as UTF-8",
            path=path,
        )
    out = []
    for no, _line, body in list_lines(decoded.text):
        line = body.replace("\u3000", " ").strip()
        if line:
            out.append((no, line))
    return out


# lexicon/not-formulations.txt lives beside the lexicon but is a stopword-style list of
# phrases that are never formulations (see analysis.slogans.find_slogans), not lexicon words.
NOT_FORMULATIONS = "not-formulations.txt"
# lexicon/formulations.txt ([slogans] lexicon), the known formulations, is a list of phrases
# too: reported as formulations, never segmentation words (a long phrase would swallow words)
KNOWN_FORMULATIONS = "formulations.txt"
PHRASE_LISTS = (NOT_FORMULATIONS, KNOWN_FORMULATIONS)

_TAG = re.compile(r"^[A-Za-z]{1,8}$")
# jieba's part-of-speech tags (ICTCLAS set); a word tagged otherwise is most likely a typo.
JIEBA_TAGS = frozenset(
    "a ad ag an b c d df dg e eng f g h i j k l m mg mq n ng nr nrfg nrt ns nt nz o p q r rg rr "
    "rz s t tg u ud ug uj ul uv uz v vd vg vi vn vq x y z zg".split()
)


def read_lexicon(paths: Iterable[str | Path]) -> list[Entry]:
    """Read user lexicon files in jieba's format: ``word [freq] [tag]`` per line.

    Parameters
    ----------
    paths : iterable of str or Path
        Lexicon files and folders (a folder: its ``*.txt`` except the phrase lists
        ``not-formulations.txt`` and ``formulations.txt``).

    Returns
    -------
    list of Entry
        Every word with its file, line, frequency and tag, in file order.

    Raises
    ------
    TifaError
        A malformed line, with its file and line number.
    """
    entries = []
    for path in expand_paths(paths, exclude=PHRASE_LISTS):
        for no, line in read_lines(path):
            parts = line.split()
            word, rest = parts[0], parts[1:]
            freq = tag = None
            if len(rest) > 2:
                raise TifaError(
                    f"{line!r} has {len(parts)} fields; write 'word [freq] [tag]', "
                    "one word per line, no spaces inside a word",
                    path=path,
                    line=no,
                )
            if rest and not _TAG.match(rest[0]):
                if not rest[0].isdigit():
                    raise TifaError(
                        f"frequency {rest[0]!r} for {word!r} is not a whole number >= 0; "
                        "write e.g. '新质生产力 1000' or leave it out",
                        path=path,
                        line=no,
                    )
                freq = int(rest.pop(0))
            if rest:
                if rest[0] not in JIEBA_TAGS:
                    raise TifaError(
                        f"{rest[0]!r} after {word!r} is neither a frequency nor a jieba "
                        "part-of-speech tag (n, nz, v, ...); write 'word [freq] [tag]'",
                        path=path,
                        line=no,
                    )
                tag = rest[0]
            entries.append(Entry(word=word, path=str(path), line=no, freq=freq, tag=tag))
    return entries


def read_stopwords(paths: Iterable[str | Path], *, keep: str | Path | None = None) -> list[Entry]:
    """Read layered stopword files (folders expand to ``*.txt`` except ``keep.txt``).

    One word per line; the first field is the word.

    Parameters
    ----------
    paths : iterable of str or Path
        Stopword files and folders, layered in order.
    keep : str or Path, optional
        The keep list, never read as a stopword list.

    Returns
    -------
    list of Entry
        Every entry with its file and line, in file order, so ``stopwords check`` can point at
        each one.

    Raises
    ------
    TifaError
        A file that is neither UTF-8 nor GB18030.
    """
    keep_name = Path(keep).name if keep else "keep.txt"
    entries = []
    for path in expand_paths(paths, exclude=(keep_name,)):
        if keep and path.resolve() == Path(keep).resolve():
            continue
        for no, line in read_lines(path):
            entries.append(Entry(word=line.split()[0], path=str(path), line=no))
    return entries


def read_keep(path: str | Path | None) -> list[Entry]:
    """Read ``stopwords/keep.txt``: words no stopword list may remove. Missing file: none.

    Parameters
    ----------
    path : str, Path or None
        The keep list.

    Returns
    -------
    list of Entry
        Its words with file and line.

    Raises
    ------
    TifaError
        A file that is neither UTF-8 nor GB18030.
    """
    if not path or not Path(path).is_file():
        return []
    return [
        Entry(word=line.split()[0], path=str(path), line=no) for no, line in read_lines(Path(path))
    ]


def stopword_set(stopwords: Iterable[Entry], keep: Iterable[Entry]) -> frozenset[str]:
    """The words to remove: every stopword entry minus the keep list.

    Parameters
    ----------
    stopwords, keep : iterable of Entry
        From :func:`read_stopwords` and :func:`read_keep`.

    Returns
    -------
    frozenset of str
        The words removed from the analysed terms.
    """
    return frozenset(e.word for e in stopwords) - {e.word for e in keep}


def word_files(
    lexicon: Iterable[str | Path], stopwords: Iterable[str | Path], keep: str | Path | None
) -> list[Path]:
    """Every word-list file a run reads, empty ones included: lexicon, stopword layers, keep.

    Parameters
    ----------
    lexicon, stopwords : iterable of str or Path
        ``[segment] lexicon`` and ``[stopwords] paths``.
    keep : str, Path or None
        ``[stopwords] keep``.

    Returns
    -------
    list of Path
        The files, lexicon first.
    """
    keep_name = Path(keep).name if keep else "keep.txt"
    files = [
        *expand_paths(lexicon, exclude=PHRASE_LISTS),
        *expand_paths(stopwords, exclude=(keep_name,)),
    ]
    if keep and Path(keep).is_file():
        files.append(Path(keep))
    return files


def files_digest(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """Return (path, sha256 prefix) for each file, for the report's method section.

    Parameters
    ----------
    paths : iterable of str or Path
        Files; missing ones are left out.

    Returns
    -------
    list of (str, str)
        The path and the first 12 hex digits of its SHA-256.
    """
    out = []
    for p in map(Path, paths):
        if p.is_file():
            out.append((str(p), hashlib.sha256(p.read_bytes()).hexdigest()[:12]))
    return out


# --------------------------------------------------------------------------- theme lexicon


@dataclass(frozen=True)
class ThemeEntry:
    """One table of ``themes.toml``: a theme's name, its English name, its seed words and,
    for a name that is itself a formulation, the year it entered official use (0: none)."""

    name: str
    en: str
    words: tuple[str, ...]
    since: int = 0


def read_theme_lexicon(path: str | Path) -> list[ThemeEntry]:
    """Read ``themes.toml``: ``["name"]`` tables with ``words`` (optional ``en``, ``since``).

    A missing file means no names (themes are named by their top terms).

    Parameters
    ----------
    path
        The theme lexicon's file.

    Returns
    -------
    list of ThemeEntry
        In file order; empty when the file is missing.

    Raises
    ------
    TifaError
        The file is not UTF-8 TOML, a theme has no list of seed words, or its ``since`` is
        not a year.
    """
    import tomllib  # noqa: PLC0415 - kept here so this reader stays one block at the file's end

    path = Path(path)
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TifaError(
            f"not valid TOML ({exc}); see the comments at its top", path=path
        ) from None
    entries = []
    for name, table in data.items():
        words = table.get("words") if isinstance(table, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise TifaError(
                f'theme {name!r} needs words = ["...", ...], a list of seed words', path=path
            )
        since = table.get("since", 0)
        if not isinstance(since, int) or isinstance(since, bool) or not 0 <= since <= 9999:
            raise TifaError(f"theme {name!r}: since = {since!r} is not a year", path=path)
        entries.append(
            ThemeEntry(name=name, en=str(table.get("en", name)), words=tuple(words), since=since)
        )
    return entries
