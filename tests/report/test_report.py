"""The report as a reader gets it: a PDF read back and rendered, and its tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2 as pdfium
import pytest

from analysis.cli import main
from analysis.config import load_config
from analysis.report.labels import LABELS
from analysis.report.tables import read_table

from ..conftest import ROOT, warm_cache


def _report(out: Path, cache: Path, *extra: str) -> Path:
    code = main(["report", "seeds", "--out", str(out), "--cache-dir", str(cache), "-q", *extra])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory, reference_cache):
    base = tmp_path_factory.mktemp("report")
    return _report(base / "a", warm_cache(reference_cache, base / "cache"))


@pytest.fixture(scope="module")
def pdf_text(seeds_report):
    reader = pypdf.PdfReader(seeds_report / "report.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def _squeeze(text: str) -> str:
    return "".join(text.split())  # typst breaks lines anywhere in Chinese


def test_pdf_text_has_every_section_title_and_the_top_slogans(seeds_report, pdf_text):
    text = _squeeze(pdf_text)
    t = LABELS["zh"]
    for key in ("contents", "findings", "corpus", "roles", "terms", "article_clouds", "slogans",
                "timeline", "kwic_title", "themes", "heatmap", "compare", "similarity", "trends",
                "method", "settings", "k_table", "files"):  # fmt: skip
        assert _squeeze(t[key]) in text, f"section {t[key]!r} is missing"
    slogans = read_table(seeds_report / "tables" / "slogans.csv")
    for slogan in slogans["slogan"].head(10):
        assert _squeeze(slogan) in text, f"top slogan {slogan} is not in the PDF"
    assert "加快培育发展新质生产力" in text
    assert "努力将金鳌田园打造成" in text
    assert "rjieba" in text or "jieba" in text


def test_theme_pages_mark_the_themes_below_the_stability_floor(seeds_report, pdf_text):
    text = _squeeze(pdf_text)
    t = LABELS["zh"]
    themes = read_table(seeds_report / "tables" / "themes.csv")
    floor = load_config(ROOT / "tifa.toml").themes.stability_floor
    for n, (name, stab) in enumerate(zip(themes["label"], themes["stability"], strict=True), 1):
        title = _squeeze(t["theme_title"].format(n=n, name=name))
        marked = _squeeze(title + t["tentative_mark"])
        assert title in text
        assert (marked in text) is (float(stab) < floor), name


def test_cover_names_the_shared_person_and_region_and_the_datas_date(seeds_report):
    cover = pypdf.PdfReader(seeds_report / "report.pdf").pages[0].extract_text()
    assert "余长明" in cover and "重庆市大渡口区" in cover
    assert "2024-02-20" in cover  # the latest article date, not today


def test_key_findings_come_first_and_name_the_leading_themes(seeds_report):
    reader = pypdf.PdfReader(seeds_report / "report.pdf")
    page = _squeeze(reader.pages[2].extract_text())  # cover, contents, key findings
    assert page.index("要点") < 40
    assert "乡村振兴" in page and "产业发展" in page
    assert "三服务" in page  # rising in 2024
    assert "findings.csv" in page


def test_method_section_lists_every_word_list_with_its_checksum(seeds_report, pdf_text):
    text = _squeeze(pdf_text)
    for name in ("stopwords/function.txt", "stopwords/official.txt", "stopwords/user.txt",
                 "stopwords/keep.txt", "lexicon/official.txt", "lexicon/themes.toml"):  # fmt: skip
        assert name in text, name
        digest = hashlib.sha256(Path(name).read_bytes()).hexdigest()[:12]
        assert digest in text, f"checksum of {name}"


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


HAILAR = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "hailar-gwr-2012-2019"


@pytest.mark.slow
@pytest.mark.skipif(not HAILAR.is_dir(), reason="../shared/corpora/hailar-gwr-2012-2019 is absent")
def test_a_long_table_of_contents_stays_on_its_page(tmp_path, reference_cache):
    """Eight dated reports give 70 entries (12 themes, 7 comparisons): the contents are set
    smaller rather than spill three lines onto a page of their own."""
    out = tmp_path / "out"
    cache = warm_cache(reference_cache, tmp_path / "cache")
    assert main(["report", str(HAILAR), "--out", str(out), "--cache-dir", str(cache), "-q"]) == 0
    pages = pypdf.PdfReader(out / "report.pdf").pages
    assert pages[1].extract_text().startswith(LABELS["zh"]["contents"])
    third = pages[2].extract_text().splitlines()
    assert third[1] == f"1 {LABELS['zh']['findings']}", third[:3]
