"""Write the contract's CSV tables: UTF-8 with BOM, floats to 6 decimals, lists joined by ``|``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..echo import COLUMNS as ECHO_COLUMNS
from ..echo.reuse import COLUMNS as REUSE_COLUMNS
from .findings import COLUMNS as FINDINGS_COLUMNS
from .findings import key_findings
from .runlog import COLUMNS as CHANGES_COLUMNS

# Column order of each table, as in CONTRACT.md (additions only at the end).
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id", "file", "title", "date", "source", "paragraphs", "characters", "tokens",
        "words", "encoding", "converted", "duplicate_of",
    ),
    "paragraphs": ("article_id", "paragraph", "role", "speaker", "line", "text"),
    "term_frequencies": ("term", "count", "articles", "rate"),
    "people": ("name", "count", "articles", "evidence"),
    "themes": ("theme", "label", "score", "stability", "top_terms", "share", "label_en", "named_by"),
    "k_selection": ("k", "coherence", "stability", "chosen", "largest_share", "stable", "why"),
    "article_themes": ("article_id", "theme", "share"),
    "paragraph_themes": ("article_id", "paragraph", "theme", "weight"),
    "slogans": (
        "slogan", "kind", "variants", "count", "articles", "first_date", "last_date",
        "evidence", "salience",
    ),
    "slogan_counts": ("slogan", "article_id", "count"),
    "slogan_periods": ("slogan", "period", "count", "rate", "tier"),
    "kwic": ("slogan", "article_id", "paragraph", "line", "left", "match", "right"),
    "keyness": (
        "target", "reference", "kind", "term", "score", "count_target", "count_reference", "method",
        "p_value", "q_value", "significant",
    ),
    "similarity": ("article_a", "article_b", "cosine"),
    "trends": ("period", "kind", "item", "count", "rate"),
    "slogan_diff": ("group_a", "group_b", "slogan", "status", "count_a", "count_b"),
    "eras": ("era", "start", "end", "source"),
    "findings": FINDINGS_COLUMNS,
    "changes": CHANGES_COLUMNS,
    **ECHO_COLUMNS,
    "reuse": REUSE_COLUMNS,
}  # fmt: skip


_CSV_ROWS = 50_000  # rows serialised at a time


def _cell(value) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_cell(value)
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(map(str, value))
    return str(value)


def _float_cell(value: float) -> str:
    """A float's cell: 6 decimals (the exact value rounded half to even), trailing zeros
    dropped, ``-0`` as ``0``, NaN empty."""
    if value != value:  # NaN
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _column(values: pd.Series) -> list[str]:
    """:func:`_cell` over a column, with fast paths for the common plain dtypes."""
    kind = values.dtype.kind
    if kind in "iu" and isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        # nullable integers (Int64): a missing value is an empty cell, as _cell writes pd.NA
        missing = values.isna().to_numpy().tolist()
        ints = values.to_numpy(dtype="int64", na_value=0).tolist()
        return ["" if m else str(v) for v, m in zip(ints, missing, strict=True)]
    if kind in "iu":  # numpy integers
        return list(map(str, values.tolist()))
    if kind == "f" and not isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
        return list(map(_float_cell, values.tolist()))
    return [v if type(v) is str else _cell(v) for v in values.tolist()]


def csv_blocks(df: pd.DataFrame, *, columns: tuple[str, ...] | None = None) -> Iterator[bytes]:
    """Serialise ``df`` the contract's way, block by block of rows (the byte-order mark first);
    ``columns`` fixes the order (and requires them). A table of a large corpus (reuse.csv:
    200 MB at 100 MB of text) is never held as cells, text and bytes at once.

    Parameters
    ----------
    df : DataFrame
        The table.
    columns : tuple of str, optional
        The order of the columns.

    Yields
    ------
    bytes
        UTF-8 CSV: the byte-order mark, then the header with the first rows, then the rest.

    Raises
    ------
    ValueError
        ``columns`` names a column ``df`` lacks.
    """
    if columns is not None:
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ValueError(f"table lacks columns {missing}")
        extra = [c for c in df.columns if c not in columns]
        df = df[list(columns) + extra]
    yield b"\xef\xbb\xbf"
    for lo in range(0, max(1, len(df)), _CSV_ROWS):
        part = df.iloc[lo : lo + _CSV_ROWS]
        buf = io.StringIO()
        # the csv module writes as pandas' to_csv does (minimal quoting, "" inside quotes),
        # straight from the columns' cells
        writer = csv.writer(buf, lineterminator="\n")
        if lo == 0:
            writer.writerow([str(c) for c in df.columns])
        cols = [_column(part.iloc[:, j]) for j in range(df.shape[1])]
        writer.writerows(zip(*cols, strict=True))
        del cols
        yield buf.getvalue().encode("utf-8")


def to_csv_bytes(df: pd.DataFrame, *, columns: tuple[str, ...] | None = None) -> bytes:
    """:func:`csv_blocks` joined: the whole CSV as bytes (UTF-8 with a byte-order mark).

    Raises
    ------
    ValueError
        ``columns`` names a column ``df`` lacks.
    """
    return b"".join(csv_blocks(df, columns=columns))


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`to_csv_bytes` (for tests and the stopword loop).

    Parameters
    ----------
    path : str or Path
        A CSV written by :func:`to_csv_bytes`.

    Returns
    -------
    DataFrame
        The table.
    """
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def table_articles(analysis) -> pd.DataFrame:
    """``articles.csv``: one row per article; ``tokens`` are the analysed terms (after
    stopwords), ``words`` every word before stopwords; manifest columns follow.

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    DataFrame
        ``articles.csv``.
    """
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
            "duplicate_of": art.duplicate_of,
        }
        row.update({k: v for k, v in art.meta})
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS["articles"]) + list(corpus.meta_columns))


def table_paragraphs(analysis) -> pd.DataFrame:
    """``paragraphs.csv``: every paragraph of every article, all roles, in reading order.

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    DataFrame
        ``paragraphs.csv``.
    """
    rows = [
        (a.article_id, p.index, p.role, p.speaker, p.line, p.text)
        for a in analysis.corpus.articles
        for p in a.paragraphs
    ]
    return pd.DataFrame(rows, columns=COLUMNS["paragraphs"])


def table_themes(analysis) -> pd.DataFrame:
    """``themes.csv``: each theme's name, how well the name fits (score), how stable it is
    across sample runs, its top terms and its share of all analysed text.

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    DataFrame
        ``themes.csv``.
    """
    th = analysis.themes
    rows = [
        {
            "theme": t,
            "label": th.labels[t],
            "score": th.label_scores[t],
            "stability": th.stability[t],
            "top_terms": th.top_terms(t),
            "share": float(th.shares[t]),
            "label_en": th.labels_en[t],
            "named_by": "lexicon" if th.named[t] else "top terms",
        }
        for t in range(th.k)
    ]
    return pd.DataFrame(rows, columns=COLUMNS["themes"])


def table_article_themes(analysis) -> pd.DataFrame:
    """``article_themes.csv``: every theme's share of each article (rows of an article sum to
    1; an article without analysed terms has no rows).

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    DataFrame
        ``article_themes.csv``.
    """
    shares = analysis.article_themes
    rows = [
        (a.article_id, t, float(shares[i, t]))
        for i, a in enumerate(analysis.corpus.articles)
        if shares[i].sum() > 0
        for t in range(shares.shape[1])
    ]
    return pd.DataFrame(rows, columns=COLUMNS["article_themes"])


def table_paragraph_themes(analysis) -> pd.DataFrame:
    """``paragraph_themes.csv``: how much of each analysed paragraph each theme explains
    (0-1; the rest of a paragraph is what no theme covers), a row per paragraph and theme with
    a weight that rounds above zero.

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    DataFrame
        ``paragraph_themes.csv``.
    """
    toks, weights = analysis.tokens, analysis.themes.paragraph_weights
    ids = [a.article_id for a in analysis.corpus.articles]
    p_idx, t_idx = np.nonzero(np.round(weights, 6) > 0)
    return pd.DataFrame(
        {
            "article_id": [ids[toks.article[i]] for i in p_idx],
            "paragraph": toks.paragraph[p_idx].astype(int),
            "theme": t_idx.astype(int),
            "weight": weights[p_idx, t_idx],
        },
        columns=COLUMNS["paragraph_themes"],
    )


def build_tables(analysis) -> dict[str, pd.DataFrame]:
    """Every table of the run, by name (the file is ``NAME.csv``).

    Parameters
    ----------
    analysis : Analysis
        The run's results.

    Returns
    -------
    dict of DataFrame
        Tables by name.
    """
    tables = {
        "articles": table_articles(analysis),
        "paragraphs": table_paragraphs(analysis),
        "term_frequencies": analysis.term_frequencies[list(COLUMNS["term_frequencies"])],
        "people": analysis.people[list(COLUMNS["people"])],
    }
    if analysis.slogans is not None:
        tables["slogans"] = analysis.slogans.table
        tables["slogan_counts"] = analysis.slogans.counts
        tables["slogan_periods"] = analysis.slogans.periods
        tables["kwic"] = analysis.slogans.kwic
    if analysis.comparison is not None:
        tables["keyness"] = analysis.comparison.keyness
        tables["similarity"] = analysis.comparison.similarity
        tables["slogan_diff"] = analysis.comparison.slogan_diff
        if analysis.comparison.eras is not None:
            tables["eras"] = analysis.comparison.eras
    if analysis.trends is not None:
        tables["trends"] = analysis.trends
    if analysis.themes is not None:
        tables["themes"] = table_themes(analysis)
        tables["k_selection"] = analysis.themes.k_selection[list(COLUMNS["k_selection"])]
        tables["article_themes"] = table_article_themes(analysis)
        tables["paragraph_themes"] = table_paragraph_themes(analysis)
    if getattr(analysis, "echo", None) is not None:
        tables.update(analysis.echo.tables())
    tables["findings"] = key_findings(analysis)
    return tables
