"""report.html: the interactive twin of the PDF, opened in a real headless Chromium."""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.cli import cli
from analysis.config import Config
from analysis.ingest import normalize_line, to_simplified
from analysis.pipeline import analyse
from analysis.report import build_outputs, report_options, write_outputs
from analysis.report.html import HTML_TABLES, html_page, search_data

from ..conftest import warm_cache

QUERIES = [
    "新質生產力", "發展新質生產力，", "高質量發展(2024)", "ＡＩ＋製造", "  兩會  ", "５０％",
    '"两个确立"', "堅持黨的領導.", "改革, 開放", "「國務院」", "数字\u200b经济", "經濟\u3000建設",
]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def built(tmp_path_factory, reference_cache):
    out = tmp_path_factory.mktemp("html")
    cache = warm_cache(reference_cache, tmp_path_factory.mktemp("html-cache"))
    result = analyse(SEEDS, Config(), cache_dir=cache, echo=True)
    outputs = build_outputs(result, report_options(Config()), lang="zh", title="seeds")
    write_outputs(outputs, out)
    return result, outputs, out


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_html_written_self_contained_and_reproducible(built):
    result, outputs, out = built
    page = (out / "report.html").read_text(encoding="utf-8")
    # no network: outside plotly's own (inlined) script nothing points anywhere
    ours = re.sub(r"<script>.*?</script>", "", page, count=1, flags=re.S)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", ours)
    assert '<script src' not in page and "<link" not in page
    assert "@font-face" in page and "Plotly.newPlot" in page
    again = html_page(result, report_options(Config()), outputs.tables, _data(result, outputs), lang="zh")
    assert again == outputs.html


def _data(result, outputs):
    from analysis.report import report_data  # noqa: PLC0415

    return report_data(result, report_options(Config()), outputs.tables, outputs.figures, lang="zh", title="seeds")


def test_search_caps_the_full_text(built):
    result, _, _ = built
    full = search_data(result)
    assert full["mode"] == "full"
    capped = search_data(result, cap=1000)
    assert capped["mode"] == "capped"
    assert "新质生产力" in capped["uses"]  # a formulation is still searchable


def test_capped_search_keeps_the_first_uses_as_kwic_finds_them(built):
    from analysis.kwic import occurrences  # noqa: PLC0415
    from analysis.report.html_data import find_uses  # noqa: PLC0415

    result, _, _ = built
    arts = result.corpus.articles
    words = ["新质生产力", "发展", "高质量发展", "不在文中的词"]
    every = find_uses(arts, words, limit=10**9)
    expected = {
        w: [(i, p.line_at(s)) for i, a in enumerate(arts) for p in a.paragraphs
            if p.role != "duplicate" for s in occurrences(p.text, w)]
        for w in words
    }  # fmt: skip
    assert {w: [(u[0], u[2]) for u in every.get(w, [])] for w in words} == expected
    assert len(expected["发展"]) > 3 and "不在文中的词" not in every
    first = find_uses(arts, words, limit=3)
    assert first["发展"] == every["发展"][:3]


def test_echo_section_holds_the_pdf_data(built):
    result, outputs, _ = built
    from analysis.ingest.dates import corpus_precision  # noqa: PLC0415
    from analysis.report.echo import echo_data, echo_rate_series  # noqa: PLC0415

    assert result.echo is not None
    page = outputs.html.decode("utf-8")
    ed = echo_data(result.echo, outputs.figures, "zh", corpus_precision(result))
    assert 'id="sec-echo"' in page and ed["totals"] in page
    for key in ("echoed", "ahead", "own", "gaps"):
        for row in ed[key]["rows"]:
            assert "".join(f"<td>{c}</td>" for c in row) in page, (key, row)
    assert ("chart-echo-rates" in page) == (echo_rate_series(result.echo, "zh") is not None)
    # the font holds the glyphs of the chart titles too (plotly escapes them as \\uXXXX)
    import base64  # noqa: PLC0415
    import io  # noqa: PLC0415

    from fontTools.ttLib import TTFont  # noqa: PLC0415

    b64 = re.search(r"base64,([A-Za-z0-9+/=]+)", page).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(b64))).getBestCmap()
    missing = {c for c in ed["labels"]["echo_rates_caption"] if ord(c) > 0x2E80 and ord(c) not in cmap}
    assert not missing
    # the traditional forms a query may be typed in are left to the system's fonts (whoever
    # types them has one): the page's own text is all in the subset, 質 and 產 are not
    assert ord("质") in cmap and ord("質") not in cmap
    assert 'input#search{font-family:tifa-cjk,"Noto Sans CJK SC","Noto Sans CJK TC"' in page


def _kwic_lines(term: str) -> list[tuple[str, int, str]]:
    res = CliRunner().invoke(cli, ["kwic", term, str(SEEDS)])
    assert res.exit_code == 0, res.output
    out = []
    for line in res.output.splitlines():
        m = re.match(r"(.+?):(\d+): (.*)$", line)
        assert m, line
        out.append((Path(m.group(1)).name, int(m.group(2)), m.group(3).replace(" ", "")))
    return out


def _driver(tmp: Path):
    selenium = pytest.importorskip("selenium", reason="selenium is not installed")
    del selenium
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("no browser: Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1280,2400", f"--user-data-dir={tmp / 'profile'}"):  # fmt: skip
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def test_html_in_chromium(built):
    from selenium.webdriver.common.by import By  # noqa: PLC0415

    _, _, out = built
    with tempfile.TemporaryDirectory(prefix="tifa-chromium-") as tmp:
        driver = _driver(Path(tmp))
        try:
            driver.get((out / "report.html").as_uri())
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == []
            # the search lists every use that `tifa kwic` lists, with its file:line
            box = driver.find_element(By.ID, "search")
            box.send_keys("新质生产力")
            hits = driver.find_elements(By.CSS_SELECTOR, "#search-results tr.hit")
            shown = []
            for row in hits:
                cells = row.find_elements(By.TAG_NAME, "td")
                file, line = cells[4].text.rsplit(":", 1)
                shown.append((file, int(line), cells[1].text.replace(" ", "")))
            expected = _kwic_lines("新质生产力")
            assert len(expected) >= 2  # a headline and a body line
            assert sorted((f, n) for f, n, _ in shown) == sorted((f, n) for f, n, _ in expected)
            for (_, _, ctx), (_, _, want) in zip(sorted(shown), sorted(expected), strict=True):
                assert ctx == want.replace("【", "").replace("】", "")
            # a traditional query and full-width forms find the same lines, as `tifa kwic` does
            box.clear()
            box.send_keys("新質生產力")
            trad = driver.find_elements(By.CSS_SELECTOR, "#search-results tr.hit")
            assert len(trad) == len(_kwic_lines("新質生產力")) == len(expected)
            # the page normalises any query exactly as the terminal does
            for q in QUERIES:
                got = driver.execute_script("return TIFA.normalise(arguments[0])", q)
                assert got == to_simplified(normalize_line(q)), q
            # the tables hold the CSVs' rows
            for name in HTML_TABLES:
                rows = _csv_rows(out / "tables" / f"{name}.csv")
                held = driver.execute_script(
                    f"return [TIFA.tables.{name}.columns].concat(TIFA.tables.{name}.rows)"
                )
                assert held == rows, name
                body = driver.find_elements(By.CSS_SELECTOR, f"#tbody-{name} tr")
                assert len(body) == min(500, len(rows) - 1)
            # a click on a header sorts the table
            driver.find_element(By.CSS_SELECTOR, "#thead-slogans th[data-col='3']").click()
            first = driver.find_elements(By.CSS_SELECTOR, "#tbody-slogans tr td:nth-child(4)")
            counts = [int(c.text) for c in first]
            assert counts == sorted(counts)
            assert driver.find_elements(By.CSS_SELECTOR, ".plotly-graph-div .main-svg")
            assert driver.find_elements(By.CSS_SELECTOR, "#sec-echo")
            assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
            shot = Path(os.environ.get("TIFA_SCREENSHOT", out / "report-html.png"))
            driver.find_element(By.ID, "sec-search").location_once_scrolled_into_view  # noqa: B018
            driver.save_screenshot(str(shot))
            assert shot.stat().st_size > 10_000
        finally:
            driver.quit()
