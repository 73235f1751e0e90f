"""Typeset the report: the typst template and the call to typst."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import TifaError
from .canvas import font_path

TEMPLATE = "templates/report.typ"  # package data of ``analysis``, beside this package


def template_text() -> str:
    """The typst template of the report.

    Returns
    -------
    str
        ``analysis/templates/report.typ``, read as package data.
    """
    return resources.files("analysis").joinpath(TEMPLATE).read_text("utf-8")


def _json_default(obj):
    """``json.dumps`` default: numpy scalars as Python numbers."""
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def compile_pdf(data: dict, figures: dict[str, bytes], *, timestamp: dt.datetime) -> bytes:
    """Typeset the report with typst: data goes in as JSON, fonts are only Noto Sans CJK SC.

    Parameters
    ----------
    data : dict
        The template's data (:func:`analysis.report.document.report_data`).
    figures : dict of bytes
        PNG bytes by file name.
    timestamp : datetime
        The PDF's date.

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    TifaError
        typst failed, or warned about a font (a missing family silently falls back, which would
        print boxes instead of Chinese).
    """
    import typst  # noqa: PLC0415 - slow import, only when writing the PDF

    with tempfile.TemporaryDirectory(prefix="tifa-typst-") as tmp:
        root = Path(tmp)
        (root / "fonts").mkdir()
        (root / "fonts" / font_path().name).symlink_to(font_path())
        (root / "figures").mkdir()
        for name, png in figures.items():
            (root / "figures" / name).write_bytes(png)
        (root / "data.json").write_text(
            json.dumps(data, ensure_ascii=False, default=_json_default), encoding="utf-8"
        )
        (root / "report.typ").write_text(template_text(), encoding="utf-8")
        try:
            pdf, warnings = typst.compile_with_warnings(
                str(root / "report.typ"),
                root=str(root),
                font_paths=[str(root / "fonts")],
                ignore_system_fonts=True,
                sys_inputs={"data": "data.json"},
                timestamp=timestamp,
            )
        except typst.TypstError as exc:
            raise TifaError(f"typst could not typeset the report: {exc.message}") from None
        bad = [w for w in warnings if "font" in w.message.lower()]
        if bad:
            raise TifaError(f"typst font problem: {bad[0].message}; run `make distclean setup`")
    return pdf
