"""``tifa stopwords check``: mistakes in the stopword lists, each with its file and line.

Problems (a word that cannot do what its author meant):

- ``duplicate``: the word is already in an earlier file (or line) of the layered lists;
- ``split``: jieba cuts the word in two on its own and never produced it as one token in the
  corpus, so it cannot match (its parts, or a lexicon line that keeps it whole, would; 一要
  is cut 一 | 要 alone but kept whole in 一要...二要..., so a word seen in the corpus passes);
- ``lexicon``: the word is a user-lexicon term: the lexicon keeps it whole and the stopword
  list removes it again;
- ``slogan``: the word is a formulation tifa found in the corpus;
- ``keep``: the word is also in the keep list, so no list removes it;
- ``form``: hidden or unusual characters (a BOM or zero-width character inside the line,
  several words on one line, full-width letters, traditional characters): the articles are
  normalised, so this form never matches.

Notes (harmless, listed with ``--all``): ``absent``, the word never occurs in the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .ingest import normalize_line, to_simplified
from .wordlists import decode_user_text, expand_paths, line_fields, list_lines

PROBLEMS = ("duplicate", "split", "lexicon", "slogan", "keep", "form")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    kind: str
    message: str

    @property
    def is_problem(self) -> bool:
        return self.kind in PROBLEMS

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class RawEntry:
    """A word-list line as written: the word (first field) and what else is on the line."""

    path: str
    line: int
    word: str
    fields: tuple[str, ...]
    raw: str


_HIDDEN = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad\x00-\x08\x0b-\x1f\x7f]")


def read_raw(path: Path) -> tuple[list[RawEntry], list[Finding]]:
    """The entries of one list, and the problems seen in its bytes (encoding, hidden
    characters). A BOM at the very start of the file is fine (tifa reads it).

    Parameters
    ----------
    path : Path
        A stopword or keep list.

    Returns
    -------
    entries : list of RawEntry
        Each line that holds a word, as written.
    findings : list of Finding
        ``form`` problems: not UTF-8, hidden characters.
    """
    data = path.read_bytes()
    findings = []
    decoded = decode_user_text(data)
    if decoded.encoding != "utf-8":
        line = data[: decoded.bad_utf8].count(b"\n") + 1
        if decoded.text is None:
            return [], [Finding(str(path), line, "form", "not UTF-8 text; save it as UTF-8")]
        findings.append(
            Finding(str(path), line, "form", "not UTF-8 (read as GB18030); save it as UTF-8")
        )
    # utf-8-sig dropped a BOM already; GB18030 reads one as U+FEFF
    text = decoded.text if decoded.encoding == "utf-8" else decoded.text.removeprefix("\ufeff")
    entries = []
    for no, raw, body in list_lines(text):
        if _HIDDEN.search(body):
            names = sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in _HIDDEN.findall(body)})
            findings.append(
                Finding(
                    str(path),
                    no,
                    "form",
                    f"hidden character ({', '.join(names)}) in {body.strip()!r}: the word "
                    "never matches; retype the line",
                )  # fmt: skip
            )
        fields = line_fields(body)
        if fields:
            entries.append(RawEntry(str(path), no, fields[0], fields, raw))
    return entries, findings


def check_lists(
    stopword_paths: Iterable[str | Path],
    keep_path: str | Path | None,
    *,
    cut: callable,
    lexicon: Iterable[str] = (),
    slogans: Iterable[str] = (),
    corpus_words: set[str] | frozenset[str] = frozenset(),
    corpus_text: str = "",
    corpus_name: str = "the corpus",
) -> list[Finding]:
    """Check the layered stopword lists (and the keep list); see the module docstring.

    Parameters
    ----------
    stopword_paths : iterable of str or Path
        The layered stopword files and folders.
    keep_path : str, Path or None
        The keep list.
    cut : callable
        ``cut(word)`` returns jieba's tokens for ``word`` (with the user lexicon).
    lexicon, slogans : iterable of str
        The user-lexicon words and the formulations found.
    corpus_words : set of str
        The tokens of the corpus.
    corpus_text : str
        Its analysed text.
    corpus_name : str
        How messages name the corpus.

    Returns
    -------
    list of Finding
        Problems and notes, sorted by file, line and kind.
    """
    keep_name = Path(keep_path).name if keep_path else "keep.txt"
    files = [p for p in expand_paths(stopword_paths, exclude=(keep_name,))]
    keep_file = Path(keep_path) if keep_path and Path(keep_path).is_file() else None
    lexicon, slogans = set(lexicon), set(slogans)
    findings: list[Finding] = []
    seen: dict[str, RawEntry] = {}
    keep_entries: list[RawEntry] = []
    if keep_file is not None:
        keep_entries, problems = read_raw(keep_file)
        findings.extend(problems)
    keep_words = {e.word for e in keep_entries}
    for path in files:
        entries, problems = read_raw(path)
        findings.extend(problems)
        for e in entries:
            findings.extend(_check_entry(e, seen, keep_words, lexicon, slogans, cut, corpus_words))
            if e.word not in corpus_words:
                where = (
                    f"occurs {corpus_text.count(e.word)} times in the text but never as one token"
                    if e.word in corpus_text
                    else f"never occurs in {corpus_name}"
                )
                findings.append(Finding(e.path, e.line, "absent", f"{e.word}: {where}"))
            seen.setdefault(e.word, e)
    listed = set(seen)
    for e in keep_entries:
        if e.word not in listed:
            findings.append(
                Finding(
                    e.path,
                    e.line,
                    "absent",
                    f"{e.word}: in the keep list but in no stopword list (keeping it does nothing)",
                )  # fmt: skip
            )
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.kind, f.message))


def _check_entry(
    e: RawEntry,
    seen: dict[str, RawEntry],
    keep_words: set[str],
    lexicon: set[str],
    slogans: set[str],
    cut,
    corpus_words: set[str] | frozenset[str],
) -> Sequence[Finding]:
    out = []

    def add(kind: str, message: str) -> None:
        out.append(Finding(e.path, e.line, kind, message))

    w = e.word
    if len(e.fields) > 1:
        add("form", f"{len(e.fields)} words on one line ({' '.join(e.fields)}): only {w} is "
                    "used; put one word per line")  # fmt: skip
    normal = to_simplified(normalize_line(w))
    if normal != w:
        why = "traditional characters" if to_simplified(w) != w else "full-width or unusual form"
        add("form", f"{w}: {why}; the articles are normalised, write {normal}")
    if w in seen:
        first = seen[w]
        add("duplicate", f"{w} is already in {first.path}:{first.line}")
    if w in lexicon:
        add("lexicon", f"{w} is a user-lexicon term (kept whole by lexicon/, removed here): "
                       "probably a mistake; move it to stopwords/keep.txt or drop this line")  # fmt: skip
    elif w in slogans:
        add("slogan", f"{w} is a formulation tifa found in the corpus: probably a mistake")
    if w in keep_words:
        add("keep", f"{w} is also in the keep list, so this line removes nothing")
    if normal == w and w not in lexicon and w not in corpus_words:
        parts = [t for t in cut(w) if t.strip()]
        if len(parts) > 1:
            add("split", f"jieba cuts {w} as {' | '.join(parts)}: it can never match; list the "
                         f"parts ({', '.join(parts)}) or add {w} to a lexicon file to keep it whole")  # fmt: skip
    return out
