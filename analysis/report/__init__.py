"""The report: what is shown, the figures, the CSV tables, the PDF (typst) and the HTML twin.

``build.build_outputs`` is the way in: an :class:`analysis.pipeline.Analysis` and the report's
options (:class:`options.ReportOptions`, plain values built from ``Config`` by the caller)
give every output in memory; ``build.write_outputs`` writes them.

select.py     what is shown (articles, pairs, slogans, terms) and short labels
readings.py   readings of the data that choose what is shown
findings.py   key findings (findings.csv)
charts.py     the figures as jobs; figures.py draws them (plot_* onto an Axes)
sections.py   the typst data of each section; document.py the whole document's data
echo.py       the echo section (data and figures)
typeset.py    the template and typst; html.py the interactive twin
tables.py     the CSV tables; runlog.py run.json and the changes since the last run
labels.py     every word the report prints, in both languages
build.py      build and write the outputs
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
