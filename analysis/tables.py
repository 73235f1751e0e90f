"""Write the contract's CSV tables: UTF-8 with BOM, floats to 6 decimals, lists joined by ``|``."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

# Column order of each table, as in CONTRACT.md (additions only at the end).
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id", "file", "title", "date", "source", "paragraphs", "characters", "tokens",
        "words", "encoding", "converted",
    ),
    "paragraphs": ("article_id", "paragraph", "role", "speaker", "line", "text"),
    "term_frequencies": ("term", "count", "articles", "rate"),
    "people": ("name", "count", "articles"),
}  # fmt: skip


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(map(str, value))
    return str(value)


def to_csv_bytes(df: pd.DataFrame, *, columns: tuple[str, ...] | None = None) -> bytes:
    """Serialise ``df`` the contract's way; ``columns`` fixes the order (and requires them)."""
    if columns is not None:
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ValueError(f"table lacks columns {missing}")
        extra = [c for c in df.columns if c not in columns]
        df = df[list(columns) + extra]
    buf = io.StringIO()
    cells = df.map(_cell) if len(df) else df.astype(str)
    cells.to_csv(buf, index=False, lineterminator="\n")
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`to_csv_bytes` (for tests and the stopword loop)."""
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def table_articles(analysis) -> pd.DataFrame:
    """``articles.csv``: one row per article; ``tokens`` are the analysed terms (after
    stopwords), ``words`` every word before stopwords; manifest columns follow."""
    corpus = analysis.corpus
    n = len(corpus.articles)
    n_tokens = np.bincount(analysis.tokens.article, weights=analysis.tokens.lengths(), minlength=n)
    n_words = np.bincount(
        analysis.raw_tokens.article, weights=analysis.raw_tokens.lengths(), minlength=n
    )
    rows = []
    for i, art in enumerate(corpus.articles):
        row = {
            "article_id": art.article_id,
            "file": art.file,
            "title": art.title,
            "date": art.date,
            "source": art.source,
            "paragraphs": len(art.paragraphs),
            "characters": art.characters,
            "tokens": int(n_tokens[i]),
            "words": int(n_words[i]),
            "encoding": art.encoding,
            "converted": sum(p.converted for p in art.paragraphs),
        }
        row.update({k: v for k, v in art.meta})
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS["articles"]) + list(corpus.meta_columns))


def table_paragraphs(analysis) -> pd.DataFrame:
    """``paragraphs.csv``: every paragraph of every article, all roles, in reading order."""
    rows = [
        (a.article_id, p.index, p.role, p.speaker, p.line, p.text)
        for a in analysis.corpus.articles
        for p in a.paragraphs
    ]
    return pd.DataFrame(rows, columns=COLUMNS["paragraphs"])


def build_tables(analysis) -> dict[str, pd.DataFrame]:
    """Every table of the run, by name (the file is ``NAME.csv``)."""
    return {
        "articles": table_articles(analysis),
        "paragraphs": table_paragraphs(analysis),
        "term_frequencies": analysis.term_frequencies[list(COLUMNS["term_frequencies"])],
        "people": analysis.people[list(COLUMNS["people"])],
    }
