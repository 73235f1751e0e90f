"""Write a run's outputs: the CSV tables, the figures and the PDF (typst), all atomically."""

from __future__ import annotations

import datetime as dt
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from ..result import Analysis
from .canvas import font_path
from .charts import render_figures
from .document import data_timestamp, report_data
from .labels import LABELS
from .options import ReportOptions
from .runlog import SUMMARY_NAME, _changes_data, changes, run_summary, summary_bytes
from .tables import COLUMNS, build_tables, csv_blocks, to_csv_bytes
from .typeset import Typesetter, _json_default, template_text

# the names of tifa's figures: only these are removed when a run no longer draws them
FIGURE_NAME = re.compile(
    r"(terms|slogan_timeline|compare_cloud|similarity|group_themes|theme_trends|term_trends"
    r"|k_selection|theme_heatmap|cloud_article_\d+|cloud_group_\d+|keyness_\d+|theme_\d+_(terms|cloud)"
    r"|echo_rates|echo_adoption)\.png"
)


# Tables up to this many rows in all are encoded while the figures are drawn (the Government
# Work Reports' 320,000 take 0.9 s); the bytes are then held until written, so a 100 MB
# corpus's 8 million rows are encoded at write time instead (its peak memory is the report's).
EARLY_CSV_ROWS = 2_000_000


@dataclass(frozen=True)
class Outputs:
    """What a run writes, in memory, before anything touches the output folder."""

    tables: dict[str, pd.DataFrame]
    figures: dict[str, bytes]
    pdf: bytes
    summary: bytes  # run.json: what the next run into the same folder compares itself with
    html: bytes | None = None  # report.html, the interactive twin ([report] html)
    csv: dict[str, bytes] | None = None  # the tables encoded (while the figures were drawn)


def build_outputs(
    analysis: Analysis,
    options: ReportOptions,
    *,
    lang: str,
    title: str,
    timestamp: dt.datetime | None = None,
    previous: dict | None = None,
    cache=None,
    elsewhere=(),
) -> Outputs:
    """Compute tables, figures and the PDF in memory; ``previous`` is the summary of the last
    run into the same folder (``None``: a fresh folder), for the changes it made. ``cache``
    (an :class:`analysis.run.cache.Cache`) keeps figures and PDF by what they are made from.

    Parameters
    ----------
    analysis : Analysis
        The run's results.
    options : ReportOptions
        The report's settings (:func:`analysis.report.options.report_options`).
    lang : str
        "zh" or "en": the language of the words.
    title : str
        The corpus name on the cover.
    timestamp : datetime, optional
        The PDF's date (default: the latest article date).
    previous : dict, optional
        run.json of the last run into the same folder.
    cache : Cache, optional
        Keeps figures, PDF and font subset by their inputs.
    elsewhere : sequence of Process
        Figures drawn meanwhile (:func:`~analysis.report.charts.prefetch_figures`).

    Returns
    -------
    Outputs
        Tables, figures, PDF, run.json and the HTML page, in memory.
    """
    from ..run.memory import release_memory  # noqa: PLC0415
    from ..run.rendered import figures_common  # noqa: PLC0415

    summary = run_summary(analysis, options.settings)
    tables = build_tables(analysis)
    tables["changes"] = changes(previous, summary)
    encoded: dict[str, bytes] = {}

    def encode() -> None:  # while the figures are drawn; held until written, so not at scale
        if sum(len(df) for df in tables.values()) <= EARLY_CSV_ROWS:
            encoded.update((n, to_csv_bytes(df)) for n, df in tables.items())

    with Typesetter() as typesetter:  # fed the figures as they are drawn, on a core of its own
        figures = render_figures(
            analysis, options, labels=LABELS[lang], cache=cache,
            common=figures_common(font_path().name), meanwhile=encode, on_ready=typesetter.feed,
            elsewhere=elsewhere,
        )  # fmt: skip
        release_memory()
        return _finish(analysis, options, tables, figures, typesetter, lang=lang, title=title,
                       previous=previous, timestamp=timestamp, cache=cache, encoded=encoded,
                       summary=summary)  # fmt: skip


def _finish(analysis, options, tables, figures, typesetter, *, lang, title, previous, timestamp,
            cache, encoded, summary) -> Outputs:  # fmt: skip
    """:func:`build_outputs` once the figures are drawn: the PDF and the HTML page."""
    from ..run.memory import release_memory  # noqa: PLC0415
    from ..run.rendered import cached_pdf  # noqa: PLC0415

    data = report_data(analysis, options, tables, figures, lang=lang, title=title)
    data["changes"] = _changes_data(tables["changes"], previous is not None, LABELS[lang])
    stamp = timestamp or data_timestamp(analysis)
    template = template_text()

    def typeset() -> bytes:  # typst runs in its own process: this thread only waits for it
        return cached_pdf(
            cache,
            [json.dumps(data, ensure_ascii=False, default=_json_default, sort_keys=True), template,
             stamp.isoformat(), font_path().name, *(x for kv in sorted(figures.items()) for x in kv)],
            lambda: typesetter.compile(data, figures, timestamp=stamp),
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf_job = pool.submit(typeset)
        page = None
        if options.html:  # while the PDF is typeset
            from .html import html_page  # noqa: PLC0415

            page = html_page(analysis, options, tables, data, lang=lang, cache=cache)
        pdf = pdf_job.result()
    release_memory()
    return Outputs(
        tables=tables, figures=figures, pdf=pdf, summary=summary_bytes(summary), html=page,
        csv=encoded,
    )  # fmt: skip


def write_tables(
    tables: dict[str, pd.DataFrame],
    out_dir: str | Path,
    *,
    prune: bool = True,
    encoded: dict[str, bytes] | None = None,
) -> None:
    """Write the tables into ``out_dir/tables``, each file atomically. With ``prune``, tifa's
    tables that this run does not produce (themes of a corpus now too small) go; files of
    other names are never touched.

    Parameters
    ----------
    tables : dict of DataFrame
        Tables by name.
    out_dir : str or Path
        The output folder.
    prune : bool
        Remove tifa's tables this run does not produce.
    encoded : dict of bytes, optional
        Tables already encoded (:func:`~analysis.report.tables.to_csv_bytes`) by name.
    """
    folder = Path(out_dir) / "tables"
    if prune and folder.is_dir():
        for name in set(COLUMNS) - set(tables):
            stale = folder / f"{name}.csv"
            if stale.is_file():
                stale.unlink()
    encoded = encoded or {}
    for name, df in tables.items():
        data = encoded.get(name)
        write_atomic(folder / f"{name}.csv", csv_blocks(df) if data is None else data)


def write_outputs(outputs: Outputs, out_dir: str | Path) -> Path:
    """Write tables, figures and the PDF into ``out_dir``, each file atomically, PDF last.

    Files of earlier runs that this run does not produce (figures of removed articles) are
    removed, so the folder always shows one run.

    Parameters
    ----------
    outputs : Outputs
        What :func:`build_outputs` computed.
    out_dir : str or Path
        The output folder.

    Returns
    -------
    Path
        The written ``report.pdf``.
    """
    out = Path(out_dir)
    write_tables(outputs.tables, out, encoded=outputs.csv)
    folder = out / "figures"
    if folder.is_dir():
        for old in folder.iterdir():
            if (
                old.is_file()
                and old.name not in outputs.figures
                and FIGURE_NAME.fullmatch(old.name)
            ):
                old.unlink()
    for name, png in outputs.figures.items():
        write_atomic(out / "figures" / name, png)
    write_atomic(out / SUMMARY_NAME, outputs.summary)
    if outputs.html is not None:
        write_atomic(out / "report.html", outputs.html)
    pdf_path = out / "report.pdf"
    write_atomic(pdf_path, outputs.pdf)
    return pdf_path


def corpus_title(seed_dir: str | Path, configured: str, articles=()) -> str:
    """The corpus name on the cover: the configured ``[report] title``, else the manifest's
    ``source`` and ``kind`` when every article shares one (``政府工作报告 · 国务院``), else the
    seeds folder's name (a file's name without ``.txt`` when SEEDS_DIR is one file).

    Parameters
    ----------
    seed_dir : str or Path
        The seeds folder (or one file).
    configured : str
        ``[report] title``.
    articles : sequence of Article
        The corpus's articles (their ``kind`` and ``source``).

    Returns
    -------
    str
        The title.
    """
    from ..ingest import shown_name  # noqa: PLC0415

    if configured:
        return configured
    shared = []
    for key in ("kind", "source"):
        values = {a.get(key) or "" for a in articles}
        if len(values) == 1 and (value := values.pop()):
            shared.append(value)
    path = Path(seed_dir).resolve()
    folder = shown_name(path.stem if path.is_file() else path.name)
    return " · ".join(dict.fromkeys(shared)) or folder
