"""The report: what is shown, the figures, the CSV tables, the PDF (typst) and the HTML twin.

``build.build_outputs`` is the way in: an :class:`analysis.result.Analysis` and the report's
options (:class:`options.ReportOptions`, plain values built from ``Config`` by the caller)
give every output in memory; ``build.write_outputs`` writes them.

options.py    ReportOptions: the settings the report reads, built from Config at the edge
select.py     what is shown (articles, pairs, slogans, terms) and short labels
readings.py   readings of the data that choose what is shown
findings.py   key findings (findings.csv)
charts.py     the figures as jobs (jobs.py: cached, on a forked pool); figures.py draws
              charts (plot_* onto an Axes) on canvas.py (font, colours, a new figure, its
              PNG), clouds.py word clouds
document.py   the typst data of the cover, key findings and method; sections.py of each section
echo.py       the echo section (data and figures)
typeset.py    the template (analysis/templates/report.typ) and typst
html.py       report.html, the interactive twin; html_data.py what it embeds,
              html_assets.py its style sheet and script
tables.py     the CSV tables; runlog.py run.json and the changes since the last run
labels.py     every word the report prints, in both languages
build.py      build the outputs in memory and write them
"""

from .build import FIGURE_NAME, Outputs, build_outputs, corpus_title, write_outputs, write_tables
from .charts import _draw_terms, render_figures
from .document import data_timestamp, report_data, shared_metadata
from .options import ReportOptions, report_options
from .runlog import _changes_data, change_lines
from .sections import _slogans_data, genre_caution
from .select import (
    MAX_SIMILARITY_ARTICLES,
    _timeline_slogans,
    article_label,
    by_peak,
    similarity_kind,
    similarity_matrix,
    spread_kwic,
    theme_share_matrix,
)
from .typeset import compile_pdf

__all__ = [
    "FIGURE_NAME",
    "MAX_SIMILARITY_ARTICLES",
    "Outputs",
    "ReportOptions",
    "_changes_data",
    "_draw_terms",
    "_slogans_data",
    "_timeline_slogans",
    "article_label",
    "build_outputs",
    "by_peak",
    "change_lines",
    "compile_pdf",
    "corpus_title",
    "data_timestamp",
    "genre_caution",
    "render_figures",
    "report_data",
    "report_options",
    "shared_metadata",
    "similarity_kind",
    "similarity_matrix",
    "spread_kwic",
    "theme_share_matrix",
    "write_outputs",
    "write_tables",
]
