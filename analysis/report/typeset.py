"""Typeset the report: the typst template and the call to typst."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
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


# typst runs in a fresh interpreter: the images it decodes (a quarter of a GB for 65 figures)
# are never part of the analysis process, which keeps its peak memory, and the process's own
# work (the HTML page) runs while typst typesets
_TYPST = """
import datetime as dt, json, sys
import typst
a = json.loads(sys.argv[1])
try:
    pdf, warnings = typst.compile_with_warnings(
        a["input"], root=a["root"], font_paths=[a["fonts"]], ignore_system_fonts=True,
        sys_inputs={"data": "data.json"}, timestamp=dt.datetime.fromisoformat(a["timestamp"]),
    )
except typst.TypstError as exc:
    print(json.dumps({"error": exc.message}))
    sys.exit(0)
with open(a["output"], "wb") as f:
    f.write(pdf)
print(json.dumps({"warnings": [w.message for w in warnings]}))
"""


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
        args = {
            "input": str(root / "report.typ"), "root": str(root), "fonts": str(root / "fonts"),
            "timestamp": timestamp.isoformat(), "output": str(root / "report.pdf"),
        }  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", _TYPST, json.dumps(args)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            why = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise TifaError(f"typst could not typeset the report: {why}")
        answer = json.loads(lines[-1])
        if "error" in answer:
            raise TifaError(f"typst could not typeset the report: {answer['error']}")
        bad = [w for w in answer["warnings"] if "font" in w.lower()]
        if bad:
            raise TifaError(f"typst font problem: {bad[0]}; run `make distclean setup`")
        pdf = (root / "report.pdf").read_bytes()
    return pdf
