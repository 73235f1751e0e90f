"""The report as a reader gets it: a PDF read back and rendered, and its tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2 as pdfium
import pytest

from analysis.cli import main
from analysis.tables import read_table


def _report(out: Path, cache: Path, *extra: str) -> Path:
    code = main(["report", "seeds", "--out", str(out), "--cache-dir", str(cache), "-q", *extra])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    return _report(base / "a", base / "cache")


@pytest.fixture(scope="module")
def pdf_text(seeds_report):
    reader = pypdf.PdfReader(seeds_report / "report.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_text_has_the_sections_and_the_articles(pdf_text):
    for title in ("语料概况", "段落角色", "高频词", "各篇词云", "方法与设置", "目录"):
        assert title in pdf_text
    assert "加快培育发展新质生产力" in pdf_text
    assert "努力将金鳌田园打造成" in pdf_text
    assert "rjieba" in pdf_text or "jieba" in pdf_text


def _fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = descendants[0].get_object() if descendants else font
            fd = desc.get("/FontDescriptor")
            fd = fd.get_object() if fd else {}
            embedded = any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_every_font_is_noto_sans_cjk_sc_and_embedded(seeds_report):
    fonts = _fonts(pypdf.PdfReader(seeds_report / "report.pdf"))
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert "NotoSansCJKsc" in name, f"fallback font {name}: Chinese would show as boxes"
        assert embedded, f"{name} is not embedded"


def test_pages_render_with_ink_on_them(seeds_report, tmp_path):
    pdf = pdfium.PdfDocument(seeds_report / "report.pdf")
    assert len(pdf) >= 5
    for i in range(len(pdf)):
        image = pdf[i].render(scale=0.5).to_pil().convert("L")
        image.save(tmp_path / f"page-{i}.png")
        pixels = np.asarray(image)
        assert (pixels < 230).mean() > 0.002, f"page {i + 1} looks empty"


def test_same_inputs_give_byte_identical_pdf_and_tables(seeds_report, tmp_path):
    again = _report(tmp_path / "b", tmp_path / "cache")

    def digests(folder):
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digests(again) == digests(seeds_report)


def test_tables_follow_the_contract(seeds_report):
    tables = seeds_report / "tables"
    for name in ("articles", "paragraphs", "term_frequencies", "people"):
        assert (tables / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    articles = read_table(tables / "articles.csv")
    assert list(articles.columns[:8]) == [
        "article_id", "file", "title", "date", "source", "paragraphs", "characters", "tokens",
    ]  # fmt: skip
    assert articles["article_id"].tolist() == [
        "2023-yu-changming-interview",
        "2024-02-yu-changming-visits#1",
        "2024-02-yu-changming-visits#2",
    ]
    assert list(articles.columns[-3:]) == ["kind", "region", "person"]
    paragraphs = read_table(tables / "paragraphs.csv")
    assert list(paragraphs.columns) == [
        "article_id",
        "paragraph",
        "role",
        "speaker",
        "line",
        "text",
    ]
    roles = paragraphs["role"].value_counts().to_dict()
    assert roles["caption"] == 1 and roles["question"] == 4 and roles["duplicate"] == 1
    answers = paragraphs[paragraphs["role"] == "answer"]
    assert set(answers["speaker"]) == {"余长明"}
    freq = read_table(tables / "term_frequencies.csv")
    assert freq["count"].astype(int).sum() == articles["tokens"].astype(int).sum()
    assert "余长明" not in set(freq["term"])
    people = read_table(tables / "people.csv")
    assert people.iloc[0]["name"] == "余长明"


def test_english_headings_with_lang_en(tmp_path):
    out = _report(tmp_path / "en", tmp_path / "cache", "--lang", "en")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out / "report.pdf").pages)
    assert "Frequent terms" in text and "Method and settings" in text
    assert "新质生产力" in text  # the data stay Chinese


def test_a_failed_run_leaves_the_previous_report_intact(seeds_report, tmp_path, capsys):
    out = tmp_path / "keep"
    _report(out, tmp_path / "cache")
    before = (out / "report.pdf").read_bytes()
    bad = tmp_path / "bad.toml"
    bad.write_text("[terms]\nmin_chars = 99\n", encoding="utf-8")
    assert main(["report", "seeds", "--out", str(out), "--config", str(bad), "-q"]) == 1
    assert (out / "report.pdf").read_bytes() == before
    leftovers = [p.name for p in out.rglob("*") if p.name.startswith(".")]
    assert leftovers == []
