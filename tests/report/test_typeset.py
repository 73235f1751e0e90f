"""typst in its own process: the PDF comes back, a typst error is one TifaError line."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.errors import TifaError
from analysis.report import typeset


def test_a_minimal_document_is_typeset_in_a_child_process(monkeypatch):
    monkeypatch.setattr(
        typeset, "template_text",
        lambda: '#set text(font: "Noto Sans CJK SC")\n#let d = json(sys.inputs.data)\n提法 #d.at("x")',
    )  # fmt: skip
    pdf = typeset.compile_pdf(
        {"x": "新质生产力"}, {}, timestamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000


def test_a_typst_error_is_one_line(monkeypatch):
    monkeypatch.setattr(typeset, "template_text", lambda: "#let x = (\n")
    with pytest.raises(TifaError) as err:
        typeset.compile_pdf({}, {}, timestamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert str(err.value).startswith("typst could not typeset the report:")
    assert "\n" not in str(err.value).strip()


def test_a_missing_font_family_is_an_error_not_boxes(monkeypatch):
    monkeypatch.setattr(
        typeset, "template_text", lambda: '#set text(font: "No Such Font")\n提法\n'
    )
    with pytest.raises(TifaError, match="font"):
        typeset.compile_pdf({}, {}, timestamp=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
