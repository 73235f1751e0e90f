"""Echo analysis: which central formulations a corpus repeats, which it anticipates, which it
coins, against a dated reference corpus; and its text reuse.

Sub-modules: ``reference`` (the reference corpus: read, discover, cache), ``delivery`` (its
delivery dates and missing years), ``matching`` (counts per text), ``origins`` (origins, ``echo.csv``,
``echo_rates.csv``, ``echo_gaps.csv``), ``diffusion`` (``diffusion.csv``: import it from
``analysis.echo.diffusion``), ``reuse`` (``reuse.csv``), ``stage`` (the echo stage),
``summary`` (what findings and the report say).
"""

from .matching import count_formulations
from .origins import (
    COLUMNS,
    ORIGINS,
    RefUse,
    compare_dates,
    echo_gaps,
    echo_rates,
    echo_table,
    leading,
    origin,
    reference_uses,
)
from .stage import EchoResult, analyse_echo, formulations, run_echo
from .summary import findings_rows, summary

__all__ = [
    "COLUMNS", "ORIGINS", "EchoResult", "RefUse", "analyse_echo", "compare_dates",
    "count_formulations", "echo_gaps", "echo_rates", "echo_table", "findings_rows",
    "formulations", "leading", "origin", "reference_uses", "run_echo", "summary",
]  # fmt: skip
