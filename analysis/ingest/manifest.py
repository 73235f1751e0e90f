"""Parse ``manifest.csv``: a key column (``file`` or ``article_id``) and metadata columns."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..errors import TifaError
from .dates import parse_date

MANIFEST_KEYS = ("article_id", "file")
COMPUTED_COLUMNS = frozenset(
    "paragraphs characters tokens words encoding converted".split()
)  # columns of articles.csv that a copied manifest may carry; they are recomputed


def _not_csv(exc: csv.Error, path, line: int) -> TifaError:
    """A row the csv module cannot read (a value over its field limit: an unclosed quote)."""
    why = f"a value over {csv.field_size_limit():,} characters (an unclosed quote?)" if "field limit" in str(exc) else exc
    return TifaError(f"not a CSV row: {why}; close every quote", path=path, line=max(line, 1))


def _rows(reader, path):
    """The rows of ``reader``; a row it cannot read is a :class:`TifaError` naming its line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _not_csv(exc, path, reader.line_num) from None


@dataclass(frozen=True)
class ManifestRow:
    key: str  # article_id (with '#') or file name without .txt
    values: tuple[tuple[str, str], ...]
    line: int


def parse_manifest(text: str, *, path) -> tuple[list[ManifestRow], tuple[str, ...]]:
    """Parse the decoded text of ``manifest.csv``.

    Parameters
    ----------
    text : str
        The manifest's text: a header row naming a key column (``file`` or ``article_id``) and
        metadata columns, then one row per file or article.
    path : str or Path
        Where the manifest is, for error messages only.

    Returns
    -------
    rows : list of ManifestRow
        One per non-blank row, dates made ISO; computed columns dropped.
    extras : tuple of str
        The names of the extra metadata columns, in file order.

    Raises
    ------
    TifaError
        No key column, a row with more fields than the header or without a key, or a date that
        is not a date.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], ()
    except csv.Error as exc:
        raise _not_csv(exc, path, reader.line_num) from None
    if not any(k in header for k in MANIFEST_KEYS):
        raise TifaError(
            "the first row must name a 'file' or 'article_id' column; "
            "e.g. 'file,title,date,source'",
            path=path,
            line=1,
        )
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise TifaError(
            f"column {twice[0]!r} appears {header.count(twice[0])} times in the header; "
            "keep one column of each name",
            path=path,
            line=1,
        )
    extras = tuple(
        h
        for h in header
        if h and h not in (*MANIFEST_KEYS, "title", "date", "source") and h not in COMPUTED_COLUMNS
    )
    rows = []
    for values in _rows(reader, path):
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise TifaError(
                f"{len(values)} fields but the header has {len(header)}; "
                "quote values that contain commas",
                path=path,
                line=line,
            )
        record = {h: v.strip() for h, v in zip(header, values, strict=False) if h}
        key = record.get("article_id") or record.get("file", "")
        key = key[: -len(".txt")] if key.lower().endswith(".txt") else key
        if not key:
            raise TifaError("row has no 'file' or 'article_id' value", path=path, line=line)
        if record.get("date"):
            iso = parse_date(record["date"])
            if iso is None:
                raise TifaError(
                    f"date {record['date']!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
                    path=path,
                    line=line,
                )
            record["date"] = iso
        kept = tuple(
            (k, v)
            for k, v in record.items()
            if k not in MANIFEST_KEYS and k not in COMPUTED_COLUMNS and v
        )
        rows.append(ManifestRow(key=key, values=kept, line=line))
    return rows, extras
