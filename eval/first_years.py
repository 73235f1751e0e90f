"""Check (or fill) the gold lists against the raw text: every entry occurs, first years are true.

A gold list ``eval/gold/<corpus>.csv`` has the columns ``formulation, first_year, variants, kind,
note``. This script measures the text only (it never runs tifa): for each entry it searches the raw
files of the corpus (spaces inside lines ignored) for the formulation and each ``|``-joined
variant by plain string search and takes the earliest year of a file that contains one. Years come from the manifest's ``date``
column, else ``metadata.csv``'s ``year``, else the date a file name starts with (``1954.txt``,
``2018-07-11-x.txt``).

Usage::

    .venv/bin/python eval/first_years.py                 # check every gold list present
    .venv/bin/python eval/first_years.py --write seeds   # fill first_year for seeds.csv

It exits with status 1 and one ``error: FILE:LINE: ...`` line per problem when an entry does not
occur or its ``first_year`` is not the measured one. A ``<corpus>.not.csv`` list (column
``fragment``) is checked to occur too (an entry that never occurs guards nothing).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = HERE / "gold"
COLUMNS = ["formulation", "first_year", "variants", "kind", "note"]
NEW_MARK = "new in the last two periods"
_YEAR = re.compile(r"^((?:19|20)\d\d)")
_NOT_INSIDE = re.compile(r"not inside: ([^;]+)")


@dataclass(frozen=True)
class Entry:
    """One gold formulation: its spellings, first year in the corpus, kind and note."""

    formulation: str
    first_year: str
    variants: tuple[str, ...]
    kind: str
    note: str
    line: int

    @property
    def spellings(self) -> tuple[str, ...]:
        """The formulation followed by its variants."""
        return (self.formulation, *self.variants)

    @property
    def not_inside(self) -> tuple[str, ...]:
        """Longer strings whose occurrences do not count (note ``not inside: A|B``): a
        different formulation or word that contains this one (两新一重 for 两新)."""
        m = _NOT_INSIDE.search(self.note)
        return tuple(x.strip() for x in m.group(1).split("|") if x.strip()) if m else ()


def corpus_dir(name: str, shared: Path) -> Path:
    """Return the folder of corpus ``name``: the project's ``seeds/`` or ``SHARED/name``."""
    return ROOT / "seeds" if name == "seeds" else shared / name


def decode(raw: bytes) -> str:
    """Decode a corpus file: UTF-8 (with or without BOM), else GB18030."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(decode(path.read_bytes()))))


def file_years(folder: Path) -> dict[str, str]:
    """Return ``{file name: year}`` for the ``.txt`` files of ``folder`` (year may be ``""``).

    The manifest's ``date`` wins, then ``metadata.csv``'s ``year``, then the file name.
    """
    by_file: dict[str, str] = {}
    for row in _csv_rows(folder / "manifest.csv"):
        key = row.get("file") or row.get("article_id") or ""
        m = _YEAR.match(row.get("date") or "")
        if key and m:
            by_file[key] = m.group(1)
    for row in _csv_rows(folder / "metadata.csv"):
        year = row.get("year") or ""
        if _YEAR.match(year):
            by_file.setdefault(f"{year}.txt", year[:4])
    years = {}
    for path in sorted(folder.glob("*.txt")):
        m = _YEAR.match(path.stem)
        years[path.name] = (
            by_file.get(path.name) or by_file.get(path.stem) or (m.group(1) if m else "")
        )
    return years


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def read_texts(folder: Path) -> dict[str, str]:
    """Return ``{file name: text}`` for the ``.txt`` files of ``folder``, in name order.

    Spaces inside lines are removed (``“九五 ”计划`` is ``“九五”计划``); line breaks stay.
    """
    return {p.name: _SPACES.sub("", decode(p.read_bytes())) for p in sorted(folder.glob("*.txt"))}


def read_gold(path: Path) -> list[Entry]:
    """Read a gold list; ``line`` is the 1-based line number of each row in the file."""
    rows = list(csv.reader(io.StringIO(decode(path.read_bytes()))))
    if not rows or rows[0] != COLUMNS:
        raise ValueError(f"{path}:1: header must be {','.join(COLUMNS)}")
    entries = []
    for i, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        row = (row + [""] * 5)[:5]
        variants = tuple(v.strip() for v in row[2].split("|") if v.strip())
        entries.append(Entry(row[0].strip(), row[1].strip(), variants, row[3].strip(),
                             row[4].strip(), i))  # fmt: skip
    return entries


def read_not(path: Path) -> list[tuple[str, int]]:
    """Read a ``.not.csv`` list (first column ``fragment``): ``[(fragment, line)]``."""
    if not path.is_file():
        return []
    rows = list(csv.reader(io.StringIO(decode(path.read_bytes()))))
    return [(r[0].strip(), i) for i, r in enumerate(rows[1:], start=2) if r and r[0].strip()]


def _blank(text: str, longer: tuple[str, ...]) -> str:
    """Return ``text`` with every occurrence of the ``longer`` strings replaced by a gap."""
    for x in longer:
        text = text.replace(x, "\n")
    return text


def first_year(spellings: tuple[str, ...], texts: dict[str, str], years: dict[str, str]) -> str:
    """Return the earliest year of a file containing one of ``spellings``, or ``""``."""
    found = [years[f] for f, t in texts.items() if years.get(f) and any(s in t for s in spellings)]
    return min(found) if found else ""


def occurrences(spellings: tuple[str, ...], texts: dict[str, str]) -> tuple[int, int]:
    """Return (uses, files) of ``spellings`` in ``texts`` (non-overlapping per spelling)."""
    uses = files = 0
    for t in texts.values():
        n = sum(t.count(s) for s in spellings)
        uses += n
        files += n > 0
    return uses, files


def write_gold(path: Path, entries: list[Entry]) -> None:
    """Write ``entries`` back to ``path`` (UTF-8, LF, the gold columns)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in entries:
        w.writerow([e.formulation, e.first_year, "|".join(e.variants), e.kind, e.note])
    path.write_text(out.getvalue(), encoding="utf-8")


def check(name: str, shared: Path, *, write: bool) -> list[str]:
    """Check (or with ``write`` fill) ``eval/gold/NAME.csv``; return the error lines."""
    path = GOLD / f"{name}.csv"
    folder = corpus_dir(name, shared)
    if not folder.is_dir():
        return []
    texts, years = read_texts(folder), file_years(folder)
    last_two = sorted({y for y in years.values() if y})[-2:]
    entries, errors, seen = read_gold(path), [], {}
    filled = []
    for e in entries:
        where = f"error: {path.relative_to(ROOT)}:{e.line}"
        if e.formulation in seen:
            errors.append(f"{where}: {e.formulation} repeats line {seen[e.formulation]}")
        seen[e.formulation] = e.line
        own = {f: _blank(t, e.not_inside) for f, t in texts.items()} if e.not_inside else texts
        year = first_year(e.spellings, own, years)
        missing = [s for s in e.spellings if not any(s in t for t in own.values())]
        if not year:
            errors.append(f"{where}: {e.formulation} does not occur in {folder}")
        elif missing:
            errors.append(f"{where}: variant(s) {'|'.join(missing)} do not occur")
        if write:
            note = e.note
            if year in last_two and len(set(years.values()) - {""}) > 2 and NEW_MARK not in note:
                note = f"{note}; {NEW_MARK}" if note else NEW_MARK
            e = Entry(e.formulation, year, e.variants, e.kind, note, e.line)
        elif year and e.first_year != year:
            errors.append(f"{where}: {e.formulation} first_year {e.first_year}, text says {year}")
        filled.append(e)
    for frag, line in read_not(GOLD / f"{name}.not.csv"):
        if not any(frag in t for t in texts.values()):
            errors.append(f"error: eval/gold/{name}.not.csv:{line}: {frag} does not occur")
    if write:
        write_gold(path, filled)
    return errors


def main(argv: list[str] | None = None) -> int:
    """Command line: check or fill the gold lists; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="*", help="gold list names (default: every eval/gold/*.csv)")
    p.add_argument("--shared", default=str(ROOT.parent / "shared" / "corpora"))
    p.add_argument("--write", action="store_true", help="fill first_year from the text")
    args = p.parse_args(argv)
    names = args.corpus or sorted(
        q.stem for q in GOLD.glob("*.csv") if not q.name.endswith(".not.csv")
    )
    errors = []
    for name in names:
        errs = check(name, Path(args.shared), write=args.write)
        errors += errs
        n = len(read_gold(GOLD / f"{name}.csv"))
        print(f"{name}: {n} entries, {len(errs)} problems", file=sys.stderr)
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
