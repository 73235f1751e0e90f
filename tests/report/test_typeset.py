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


def _png(colour: str) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buf, format="PNG")
    return buf.getvalue()


def test_figures_fed_while_drawn_give_the_pdf_of_one_compilation(monkeypatch):
    """The typesetter embeds figures as they come (its process keeps their encoding); the
    report it then typesets is the same bytes as one typeset with every figure at once."""
    monkeypatch.setattr(
        typeset, "template_text",
        lambda: '#set text(font: "Noto Sans CJK SC")\n提法\n'
        '#image("figures/a.png", width: 2cm)\n#image("figures/b.png", width: 2cm)\n',
    )  # fmt: skip
    figures = {"a.png": _png("red"), "b.png": _png("navy")}
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with typeset.Typesetter() as ts:
        ts.feed({"a.png": figures["a.png"]})
        ts.feed(figures)  # a.png again: written once
        fed = ts.compile({}, figures, timestamp=stamp)
        assert sorted(p.name for p in (ts.root / "figures").iterdir()) == ["a.png", "b.png"]
    assert fed == typeset.compile_pdf({}, figures, timestamp=stamp)
    assert fed.startswith(b"%PDF-")


def test_a_typesetter_never_fed_starts_no_process_and_cleans_up():
    ts = typeset.Typesetter()
    root = ts.root
    ts.close()
    assert ts._proc is None and not root.exists()
    ts.feed({"a.png": _png("red")})  # after close: ignored
    assert ts._proc is None


def test_a_typesetter_process_lost_after_feeding_is_replaced_by_one_alone(monkeypatch):
    monkeypatch.setattr(
        typeset, "template_text",
        lambda: '#set text(font: "Noto Sans CJK SC")\n提法\n#image("figures/a.png", width: 2cm)\n',
    )  # fmt: skip
    figures = {"a.png": _png("red")}
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with typeset.Typesetter() as ts:
        ts.feed(figures)
        ts._proc.kill()
        ts._proc.wait()
        assert ts.compile({}, figures, timestamp=stamp) == typeset.compile_pdf(
            {}, figures, timestamp=stamp
        )
