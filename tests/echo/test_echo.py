"""Echo analysis: origins, lags at partial dates, reuse, diffusion, the shipped reference."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import Config, with_overrides
from analysis.echo import (
    RefUse,
    analyse_echo,
    compare_dates,
    count_formulations,
    echo_gaps,
    echo_table,
    origin,
)
from analysis.echo.delivery import cn_number, delivery_date, missing_years, year_spans
from analysis.echo.origins import COLUMNS
from analysis.echo.reference import (
    DEFAULT_REFERENCE,
    PROJECT_ROOT,
    load_reference,
    resolve_folders,
)
from analysis.ingest import count_chars, decode_bytes, read_articles
from analysis.pipeline import analyse_formulations
from analysis.report.tables import to_csv_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "echo"
SHIPPED = PROJECT_ROOT / DEFAULT_REFERENCE
SLOGANS = [
    ("绿色转型", ("绿色转型",)),
    ("山海协作、陆海统筹", ("山海协作、陆海统筹", "陆海统筹、山海协作")),
    ("数字乡村", ("数字乡村",)),
    ("智慧港城", ("智慧港城",)),
    ("山海协作新高地", ("山海协作新高地",)),
]


def _reference(folder: Path, cache_dir):
    return load_reference(
        [folder], manifest="manifest.csv", engine="auto", lexicon=(), stopwords=frozenset(),
        sample_chars=3_000_000, cache_dir=cache_dir,
    )  # fmt: skip


@pytest.fixture(scope="module")
def fixture_echo(tmp_path_factory):
    ref = _reference(FIXTURES / "reference", tmp_path_factory.mktemp("cache"))
    corpus = read_articles(FIXTURES / "local")
    return corpus, analyse_echo(corpus.articles, SLOGANS, ref, by="region")


def _row(echo: pd.DataFrame, article: str, slogan: str) -> pd.Series:
    rows = echo[(echo["article_id"] == article) & (echo["slogan"] == slogan)]
    assert len(rows) == 1, (article, slogan, echo)
    return rows.iloc[0]


# --------------------------------------------------------------------------- dates


def test_compare_dates_at_the_common_precision():
    assert compare_dates("2024-02-19", "2024-03-05") == (-1, -15)
    assert compare_dates("2021-06-01", "2020-03-05") == (1, 453)
    assert compare_dates("2025", "2025-01-14") == (0, None)  # the same year: concurrent
    assert compare_dates("2024-02", "2024-03-05") == (-1, None)  # month precision: no days
    assert compare_dates("2024-03", "2024-03-05") == (0, None)


def test_origin_of_each_case():
    assert origin("2024-02-19", "2024-03-05") == "anticipated"
    assert origin("2023", "2018") == "echoed"
    assert origin("2025", "2025-01-14") == "concurrent"
    assert origin("2025", "") == "own"
    assert origin("", "2018") == "in_reference"
    assert origin("", "") == "own"
    # a reference whose texts using it are all undated: in the reference, no order in time
    table = echo_table(
        ["x", "y"], ["a"], ["2020"], [Counter({0: 1, 1: 1})], [RefUse("", 3), RefUse("", 0)]
    )
    assert table["origin"].tolist() == ["in_reference", "own"]


def test_echo_table_columns_and_types_with_rows_and_without():
    """Built column by column, the table has the contract's columns in order, nullable lags
    where a date is missing, and the same columns when no article uses a formulation."""
    table = echo_table(
        ["x", "y"], ["a", "b"], ["2020-03-01", ""],
        [Counter({1: 2, 0: 1}), Counter({0: 4})], [RefUse("2019-03-01", 3), RefUse("", 0)],
    )  # fmt: skip
    assert list(table.columns) == [*COLUMNS["echo"], "uses"]
    assert table[["article_id", "slogan", "origin"]].values.tolist() == [
        ["a", "x", "echoed"], ["a", "y", "own"], ["b", "x", "in_reference"],
    ]  # fmt: skip
    assert str(table["lag_days"].dtype) == "Int64" and table["lag_days"].tolist()[0] == 366
    assert table["lag_days"].isna().tolist() == [False, True, True]
    assert table["uses"].tolist() == [1, 2, 4] and table["uses"].dtype == "int64"
    empty = echo_table(["x"], ["a"], ["2020"], [Counter()], [RefUse("", 0)])
    assert list(empty.columns) == [*COLUMNS["echo"], "uses"] and len(empty) == 0


def test_echo_table_matches_a_frame_built_row_by_row():
    """The table built from integer columns is the frame of its rows built cell by cell, with
    the same dtypes (strings, int64, nullable lags) and the same CSV, negative lags included."""
    names, ids, dates = ["x", "y", "z"], ["a", "b", "c"], ["2020-03-01", "2018", ""]
    counts = [Counter({2: 1, 0: 3}), Counter({1: 2, 0: 1}), Counter({1: 1})]
    uses = [RefUse("2021-01-02", 4), RefUse("2017-06", 1), RefUse("", 0)]
    table = echo_table(names, ids, dates, counts, uses)
    rows = [
        ["a", "x", "anticipated", "2020-03-01", "2021-01-02", 4, -307, -1, 3],
        ["a", "z", "own", "2020-03-01", "", 0, None, None, 1],
        ["b", "x", "anticipated", "2018", "2021-01-02", 4, None, -3, 1],
        ["b", "y", "echoed", "2018", "2017-06", 1, None, 1, 2],
        ["c", "y", "in_reference", "", "2017-06", 1, None, None, 1],
    ]
    built = pd.DataFrame(rows, columns=[*COLUMNS["echo"], "uses"])
    built = built.astype({"lag_days": "Int64", "lag_years": "Int64"})
    assert list(table.dtypes) == list(built.dtypes)
    assert table.equals(built)
    assert to_csv_bytes(table) == to_csv_bytes(built)


# --------------------------------------------------------------------------- matching


def test_counting_uses_variants_and_skips_numbers_inside_numbers():
    counts = count_formulations(
        [("山海协作、陆海统筹", "陆海统筹、山海协作"), ("九五",), ("高质量发展",)],
        ["坚持陆海统筹、山海协作。", "一九五四年的九五计划", "推动高质量发展，高质量发展"],
    )
    assert counts[0] == {0: 1}
    assert counts[1] == {1: 1}  # 九五 of 一九五四年 is a year, not the plan
    assert counts[2] == {2: 2}


def test_counting_on_a_pool_gives_the_counts_counted_here(monkeypatch):
    """Runs of texts counted on two forked processes: the same counts, text by text."""
    from analysis.echo import matching

    variants = [("山海协作",), ("九五",), ("高质量发展", "高质量的发展")]
    texts = ["推动高质量发展，高质量的发展", "一九五四年的九五计划"] + [
        "山海协作" * (k % 3) + "九五" * (k % 2) + "高质量发展" * (k % 4) for k in range(12)
    ]
    here = count_formulations(variants, texts)
    monkeypatch.setattr(matching, "POOL_MIN_CHARS", 0)
    pooled = count_formulations(variants, texts, workers=2)
    assert pooled == here
    assert here[0] == {2: 2} and here[1] == {1: 1} and sum(map(len, here)) > 10


# --------------------------------------------------------------------------- fixture corpus


def test_fixture_origins_and_lags(fixture_echo):
    _, res = fixture_echo
    e = res.echo
    r = _row(e, "a", "绿色转型")
    assert (r.origin, r.reference_first_date, r.lag_days, r.lag_years) == (
        "echoed",
        "2020-03-05",
        453,
        1,
    )
    r = _row(e, "a", "山海协作、陆海统筹")  # the reference says it the other way round
    assert (r.origin, r.lag_days) == ("echoed", 453)
    r = _row(e, "a", "数字乡村")  # a day against a year: earlier, but no lag in days
    assert (r.origin, r.reference_first_date, r.lag_years) == ("anticipated", "2022", -1)
    assert pd.isna(r.lag_days)
    assert _row(e, "a", "山海协作新高地").origin == "own"
    r = _row(e, "b", "数字乡村")
    assert (r.origin, r.date) == ("concurrent", "2022")
    r = _row(e, "b", "绿色转型")  # a year against a day: echoed, lag only in years
    assert (r.origin, r.lag_years) == ("echoed", 2) and pd.isna(r.lag_days)
    r = _row(e, "c", "智慧港城")
    assert (r.origin, r.lag_days) == ("anticipated", -13)
    assert _row(e, "d", "绿色转型").origin == "in_reference"
    assert _row(e, "d", "山海协作新高地").origin == "own"
    assert _row(e, "a", "绿色转型").reference_count == 2


def test_a_known_central_formulation_the_reference_lacks_is_central_not_own(tmp_path):
    """A formulation the reference never uses is the text's own, unless the known list of
    central formulations ([slogans] lexicon) names it or one of its variants: then it is
    ``central`` (taken from the centre, undated), dated articles and undated alike; one the
    reference does use keeps its dated origin."""
    table = echo_table(
        ["x", "y", "z"], ["a", "b"], ["2020", ""],
        [Counter({0: 1, 1: 1, 2: 1}), Counter({1: 2})],
        [RefUse("", 0), RefUse("", 0), RefUse("2019", 2)], central={1, 2},
    )  # fmt: skip
    assert table[["article_id", "slogan", "origin"]].values.tolist() == [
        ["a", "x", "own"], ["a", "y", "central"], ["a", "z", "echoed"], ["b", "y", "central"],
    ]  # fmt: skip
    ref = _reference(FIXTURES / "reference", tmp_path / "cache")
    corpus = read_articles(FIXTURES / "local")
    res = analyse_echo(corpus.articles, SLOGANS, ref, by="region", central=["山海协作新高地"])
    e = res.echo
    assert _row(e, "a", "山海协作新高地").origin == "central"
    assert _row(e, "d", "山海协作新高地").origin == "central"
    assert _row(e, "a", "绿色转型").origin == "echoed"  # in the reference: dated as before
    # named by a variant: a slogan whose other form is the known one
    renamed = [s if s[0] != "山海协作新高地" else ("新高地", ("新高地", "山海协作新高地"))
               for s in SLOGANS]  # fmt: skip
    res = analyse_echo(corpus.articles, renamed, ref, by="region", central=["山海协作新高地"])
    assert _row(res.echo, "a", "新高地").origin == "central"
    from analysis.report.echo import echo_data

    # the report names them in its totals line, not only counts them
    assert "参照语料未收的中央提法 1 个（新高地）" in echo_data(res, {}, "zh")["totals"]
    assert "central formulations the reference lacks (新高地)" in echo_data(res, {}, "en")["totals"]


def test_fixture_reuse_share(fixture_echo):
    corpus, res = fixture_echo
    reuse = res.reuse
    assert len(reuse) == 1
    r = reuse.iloc[0]
    sentence = "各级政府要坚持把群众冷暖放在心上，持续改善营商环境，切实为企业排忧解难。"
    assert (r.article_id, r.paragraph, r.reference_article_id, r.reference_date) == (
        "a",
        1,
        "2020",
        "2020-03-05",
    )
    assert r.similarity == 1.0 and r.text == sentence == r.reference_text
    a = next(x for x in corpus.articles if x.article_id == "a")
    rates = res.rates.set_index(["kind", "group"])
    assert rates.loc[("article", "a"), "reused_share"] == pytest.approx(
        count_chars(sentence) / a.characters
    )
    assert rates.loc[("article", "b"), "reused_share"] == 0


def test_fixture_rates(fixture_echo):
    _, res = fixture_echo
    rates = res.rates.set_index(["kind", "group"])
    a = rates.loc[("article", "a")]
    assert (a.uses, a.echoed_uses, a.formulations, a.echoed_formulations) == (4, 2, 4, 2)
    assert a.echo_rate == 0.5 and a.median_lag_days == 453
    assert pd.isna(rates.loc[("article", "d"), "echo_rate"])  # undated: nothing before or after
    assert list(res.rates[res.rates["kind"] == "period"]["group"]) == ["2021", "2022", "2023"]


def test_fixture_diffusion_by_region(fixture_echo):
    _, res = fixture_echo
    d = res.diffusion[res.diffusion["slogan"] == "绿色转型"]
    assert list(d["group"]) == ["甲县", "乙县"]  # 丙县's text is undated: no first use
    assert list(d["first_date"]) == ["2021-06-01", "2022"]
    assert list(d["adopted_share"]) == pytest.approx([1 / 3, 2 / 3])
    assert d["lag_days"].iloc[0] == 453 and pd.isna(d["lag_days"].iloc[1])
    assert set(res.diffusion["slogan"]) == {"绿色转型", "山海协作、陆海统筹"}  # echoed ones only


def test_echo_tables_follow_the_contract(fixture_echo):
    _, res = fixture_echo
    tables = res.tables()
    assert list(tables["echo"].columns[:7]) == [
        "article_id", "slogan", "origin", "date", "reference_first_date", "reference_count", "lag_days",
    ]  # fmt: skip
    assert list(tables["echo_rates"].columns) == [
        "group", "kind", "uses", "echoed_uses", "formulations", "echoed_formulations",
        "echo_rate", "median_lag_days", "reused_share",
    ]  # fmt: skip
    assert list(tables["echo_gaps"].columns[:4]) == [
        "period",
        "slogan",
        "reference_first_date",
        "reference_count",
    ]
    assert list(tables["diffusion"].columns[:5]) == [
        "slogan",
        "group",
        "first_date",
        "lag_days",
        "adopted_share",
    ]
    assert list(tables["reuse"].columns) == [
        "article_id", "paragraph", "reference_article_id", "reference_date", "similarity", "text",
        "reference_text",
    ]  # fmt: skip
    text = to_csv_bytes(tables["echo"]).decode("utf-8-sig")
    assert "a,数字乡村,anticipated,2021-06-01,2022,2,,-1" in text  # empty lag, no <NA>


def test_echo_gaps_lists_leading_formulations_the_corpus_never_uses():
    names = ["新提法", "老提法", "每年都说", "未用"]
    ref_dates = ["2021", "2022", "2023"]
    uses = [((1, 5),), ((0, 2),), ((0, 1), (1, 1), (2, 1)), ((1, 3),)]
    gaps = echo_gaps(names, uses, ref_dates, {0}, ["2023", "2023", "2024"], top=5)
    # 2023 looks at 2022: 新提法 is used by the corpus, 每年都说 leads no year; 未用 is left
    assert gaps[gaps["period"] == "2023"]["slogan"].tolist() == ["未用"]
    assert gaps[gaps["period"] == "2023"]["reference_period"].tolist() == ["2022"]
    assert gaps[gaps["period"] == "2024"]["slogan"].tolist() == []  # 2023 leads nothing new
    # months against whole dates: May 2024 follows the report of 5 March 2024, February not
    gaps = echo_gaps(["甲", "乙"], [((0, 3),), ((1, 2),)], ["2023-03-05", "2024-03-05"], set(),
                     ["2024-02", "2024-05"], top=5)  # fmt: skip
    assert gaps[["period", "slogan", "reference_period"]].values.tolist() == [
        ["2024-02", "甲", "2023"], ["2024-05", "乙", "2024"],
    ]  # fmt: skip


# --------------------------------------------------------------------------- the reference


def test_reference_is_cached_by_content(tmp_path):
    folder = tmp_path / "ref"
    shutil.copytree(FIXTURES / "reference", folder)
    cache = tmp_path / "cache"
    first = _reference(folder, cache)
    again = _reference(folder, cache)
    assert not first.cached and again.cached
    assert again.articles == first.articles and again.slogans == first.slogans
    assert list((cache / "reference").glob("*.json"))
    with (folder / "2023.txt").open("a", encoding="utf-8") as f:
        f.write("\n今年还要建设海上粮仓，保障粮食安全和重要农产品稳定安全供给。\n")
    changed = _reference(folder, cache)
    assert not changed.cached and "海上粮仓" in changed.articles[-1].paragraphs[-1][1]


def test_missing_reference_folder_is_one_clear_error(tmp_path):
    from analysis.errors import TifaError

    with pytest.raises(TifaError, match="reference corpus folder not found"):
        resolve_folders([str(tmp_path / "nope")])
    assert resolve_folders(["none"]) == [] and resolve_folders([]) == []


def test_numerals_and_delivery_dates():
    assert cn_number("一九五七") == 1957 and cn_number("二十六") == 26 and cn_number("十") == 10
    assert cn_number("十二") == 12 and cn_number("１９８０") == 1980 and cn_number("年") is None
    assert (
        delivery_date("——一九五七年六月二十六日在第一届全国人民代表大会第四次会议上")
        == "1957-06-26"
    )
    assert delivery_date("——2024年3月5日\n在第十四届全国人民代表大会第二次会议上") == "2024-03-05"
    assert delivery_date("2009年3月5日，我们召开了会议") == ""  # not a delivery line
    assert year_spans(missing_years([1960, 1964, 1965, 1968])) == "1961–1963, 1966–1967"


def test_shipped_manifest_gives_each_report_its_stated_date():
    """All 52 reports: the date the text states (6 of them), else the year; ingestion reads
    exactly the manifest's dates."""
    with (SHIPPED / "manifest.csv").open(encoding="utf-8") as f:
        manifest = {r["file"]: r for r in csv.DictReader(f)}
    files = sorted(SHIPPED.glob("*.txt"))
    assert len(files) == len(manifest) == 52
    stated = {}
    for path in files:
        text, _ = decode_bytes(path.read_bytes())
        found = delivery_date(text)
        row = manifest[path.name]
        assert row["date"] == (found if found.startswith(path.stem) else path.stem), path.name
        if len(row["date"]) > 4:
            stated[path.stem] = row["date"]
    assert stated == {
        "1957": "1957-06-26", "2017": "2017-03-05", "2021": "2021-03-05", "2022": "2022-03-05",
        "2023": "2023-03-05", "2024": "2024-03-05",
    }  # fmt: skip
    corpus = read_articles(SHIPPED)
    assert {a.file: a.date for a in corpus.articles} == {k: v["date"] for k, v in manifest.items()}
    years = [int(a.date[:4]) for a in corpus.articles]
    assert (
        year_spans(missing_years(years))
        == "1961–1963, 1965–1974, 1976–1977, 1989–1991, 1996, 2020"
    )
    source = (SHIPPED / "SOURCE.md").read_text(encoding="utf-8")
    assert "1961–1963, 1965–1974, 1976–1977, 1989–1991, 1996, 2020" in source


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One cache for the tests that read the shipped reference: it is processed once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def seeds_echo(shared_cache):
    return analyse_formulations("seeds", Config(), cache_dir=shared_cache, echo=True).echo


def test_seeds_against_the_shipped_reference(seeds_echo):
    e = seeds_echo.echo
    r = _row(e, "2024-02-yu-changming-visits#1", "高质量发展")
    assert (r.origin, r.reference_first_date) == ("echoed", "2018")  # first in the 2018 report
    assert r.lag_years == 6 and pd.isna(r.lag_days)  # 2018 has only its year
    assert _row(e, "2023-yu-changming-interview", "高质量发展").origin == "echoed"
    r = _row(e, "2024-02-yu-changming-visits#1", "新质生产力")
    assert (r.origin, r.reference_first_date, r.lag_days) == ("anticipated", "2024-03-05", -15)
    for article in ("2023-yu-changming-interview", "2024-02-yu-changming-visits#1"):
        assert _row(e, article, "公园大渡口、多彩艺术湾").origin == "own"
    assert _row(e, "2024-02-yu-changming-visits#1", "三攻坚一盘活").origin == "own"
    assert seeds_echo.missing_years[:3] == (1961, 1962, 1963)
    assert seeds_echo.reference_articles == 52


def test_reference_none_turns_echo_off(tmp_path):
    config = with_overrides(Config(), echo={"reference_corpus": ("none",)})
    result = analyse_formulations("seeds", config, cache_dir=tmp_path, echo=True)
    assert result.echo is None


@pytest.mark.skipif(
    not (PROJECT_ROOT.parent / "shared/corpora/prov-gwr-2026").is_dir()
    and not Path("../shared/corpora/prov-gwr-2026").is_dir(),
    reason="development corpora not present",
)
def test_provincial_reports_2026_echo_the_2025_national_report(shared_cache):
    folder = Path("../shared/corpora/prov-gwr-2026")
    if not folder.is_dir():
        folder = PROJECT_ROOT.parent / "shared/corpora/prov-gwr-2026"
    config = with_overrides(Config(), echo={"by": "region"})
    res = analyse_formulations(folder, config, cache_dir=shared_cache, echo=True).echo
    e = res.echo
    for name, first in (("新质生产力", "2024-03-05"), ("十五五", "2025"), ("高质量发展", "2018")):
        rows = e[e["slogan"] == name]
        assert len(rows) >= 25, name
        assert set(rows["origin"]) == {"echoed"} and set(rows["reference_first_date"]) == {first}
    share = res.diffusion[res.diffusion["slogan"] == "新质生产力"]["adopted_share"].max()
    assert share > 0.9


# --------------------------------------------------------------------------- report


def test_headline_names_only_the_most_salient_formulations_none_inside_another(fixture_echo):
    """The findings name echoed, anticipated and own formulations from the top of the ranked
    list only (the breadth of an ordinary noun far down says nothing), and never one inside a
    formulation already named."""
    from analysis.echo import findings_rows
    from analysis.echo.summary import _distinct

    _, res = fixture_echo
    named = lambda rows: [r[2] for r in rows if r[0] != "echo_rate"]  # noqa: E731
    assert named(findings_rows(res)) == [
        "绿色转型",
        "山海协作、陆海统筹",
        "数字乡村",
        "智慧港城",
        "山海协作新高地",
    ]
    assert named(findings_rows(res, top=3)) == ["绿色转型", "山海协作、陆海统筹", "数字乡村"]
    assert named(findings_rows(res, top=0)) == []
    items = [{"slogan": s} for s in ("命运共同体", "人类命运共同体", "一带一路", "共同体", "开放")]
    assert [d["slogan"] for d in _distinct(items, 3)] == ["命运共同体", "一带一路", "开放"]


def test_report_section_and_headline_in_both_languages(fixture_echo):
    from analysis.echo import findings_rows
    from analysis.report.echo import echo_data, echo_figures, findings_line

    _, res = fixture_echo
    findings = pd.DataFrame(
        findings_rows(res), columns=["finding", "subject", "item", "value", "baseline"]
    )
    assert findings[findings["finding"] == "echo_rate"]["value"].iloc[0] == pytest.approx(3 / 7)
    assert findings[findings["finding"] == "own_slogan"]["item"].tolist() == ["山海协作新高地"]
    figures = echo_figures(res, "en")
    assert set(figures) == {"echo_rates.png", "echo_adoption.png"}  # 3 periods, 3 regions
    for lang, word in (("zh", "可能为自创的有"), ("en", "perhaps own:")):
        data = echo_data(res, figures, lang)
        assert data["available"] and data["adoption"] == "figures/echo_adoption.png"
        assert [r[0] for r in data["own"]["rows"]] == ["山海协作新高地"]
        assert data["reuse"][0]["reference_source"] == "2020 · 2020-03-05"
        assert word in findings_line(findings, lang)
    assert echo_data(None, {}, "en")["note"].startswith("No reference corpus")


def test_cli_report_writes_the_echo_tables_and_none_removes_them(tmp_path):
    from analysis.cli import main

    out = tmp_path / "out"
    args = [
        "report",
        str(FIXTURES / "local"),
        "--out",
        str(out),
        "-q",
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    assert main([*args, "--reference-corpus", str(FIXTURES / "reference")]) == 0
    echo = pd.read_csv(
        out / "tables" / "echo.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert "echoed" in set(echo["origin"])
    assert (out / "tables" / "reuse.csv").is_file()
    assert main([*args, "--reference-corpus", "none"]) == 0
    assert (
        not (out / "tables" / "echo.csv").exists() and not (out / "tables" / "reuse.csv").exists()
    )


def test_a_corpus_text_that_is_also_in_the_reference_never_echoes_itself(tmp_path):
    """The Government Work Reports analysed against the shipped reference of the same reports:
    each report is left out of the reference, so its formulations are not 'echoed' by itself."""
    from analysis.echo.reference import reference_without, text_digest

    ref = _reference(FIXTURES / "reference", tmp_path / "cache")
    corpus = read_articles(FIXTURES / "reference")  # the reference's own texts as a corpus
    one = corpus.articles[-1]
    kept, dropped = reference_without(ref, {text_digest([p.text for p in one.analysed])})
    assert dropped == 1 and len(kept.articles) == len(ref.articles) - 1
    assert one.article_id not in {a.article_id for a in kept.articles}
    assert all(0 <= p < len(kept.articles) for s in kept.slogans for p, _ in s.uses)
    everything = {text_digest([p.text for p in a.analysed]) for a in corpus.articles}
    assert reference_without(ref, everything)[0].articles == ()
    assert reference_without(ref, set()) == (ref, 0)


def test_a_corpus_that_is_the_reference_skips_processing_it(tmp_path, monkeypatch):
    """The reference texts' digests are compared with the corpus before the reference is
    processed: a corpus that is the whole reference never segments it (and says so)."""
    import analysis.echo.reference as reference
    from analysis.echo.reference import reference_digests, text_digest
    from analysis.echo.stage import run_echo

    folder = FIXTURES / "reference"
    corpus = read_articles(folder)
    digests = reference_digests([folder], manifest="manifest.csv", cache_dir=tmp_path)
    assert sorted(digests) == sorted(
        text_digest([p.text for p in a.analysed]) for a in corpus.articles
    )
    assert list(tmp_path.glob("reference/digests-*.json"))  # kept, and served again
    assert reference_digests([folder], manifest="manifest.csv", cache_dir=tmp_path) == digests

    def never(*_a, **_k):
        raise AssertionError("the reference was processed")

    for name in ("load_reference", "unfiltered_reference", "process_reference"):
        monkeypatch.setattr(reference, name, never)
    config = with_overrides(Config(), echo={"reference_corpus": (str(folder),)})
    said: list[str] = []
    out = run_echo(
        corpus,
        None,
        config,
        lexicon=(),
        stopwords=frozenset(),
        cache_dir=tmp_path,
        log=said.append,
    )
    assert out is None
    assert said == [
        f"echo: {len(corpus.articles)} reference text(s) are articles of the corpus itself and are "
        "left out of the reference (a text never echoes itself)",
        "echo: no reference text is left beside the corpus's own; no echo analysis",
    ]


def test_a_stopword_edit_reuses_the_echo_matching_and_filters_only_the_gaps(
    tmp_path, reference_cache, monkeypatch
):
    """The echo matching (the corpus against the whole reference, the reused sentences) does
    not depend on the stopword lists: after a stopword edit it comes from the cache, and only
    ``echo_gaps.csv``, made from the reference's formulations, follows the edit. The gaps are
    those of a fresh analysis against the filtered reference."""
    import analysis.echo.stage as stage
    from analysis.config import load_config
    from analysis.echo.reference import filter_reference, unfiltered_reference
    from analysis.echo.stage import known_formulations, run_echo
    from analysis.slogans.lexicon import NOT_FORMULATION_TAGS
    from analysis.wordlists import read_lexicon

    from ..conftest import warm_cache

    cache = warm_cache(reference_cache, tmp_path / "cache")
    config = load_config("tifa.toml")
    lexicon = read_lexicon(config.segment.lexicon)
    found = analyse_formulations(Path("seeds"), config, cache_dir=cache)
    corpus = found.corpus
    first = run_echo(
        corpus, found.slogans, config, lexicon=lexicon, stopwords=frozenset(), cache_dir=cache
    )
    whole, words = unfiltered_reference(
        resolve_folders(config.echo.reference_corpus), manifest=config.input.manifest,
        engine=config.segment.engine, lexicon=lexicon, sample_chars=config.slogans.sample_chars,
        cache_dir=cache,
    )  # fmt: skip
    assert len(first.gaps)
    gap = first.gaps["slogan"].iloc[0]
    stop = frozenset(words[gap])  # the gap's formulation is made of these words only

    def never(*_a, **_k):
        raise AssertionError("the echo matching was redone")

    monkeypatch.setattr(stage, "analyse_echo", never)
    second = run_echo(
        corpus, found.slogans, config, lexicon=lexicon, stopwords=stop, cache_dir=cache
    )
    monkeypatch.undo()
    pd.testing.assert_frame_equal(second.echo, first.echo)
    pd.testing.assert_frame_equal(second.reuse, first.reuse)
    assert gap in set(first.gaps["slogan"]) and gap not in set(second.gaps["slogan"])
    fresh = analyse_echo(  # the seeds are no text of the reference: none is left out
        corpus.articles, [(s.text, tuple(s.variants)) for s in found.slogans.slogans],
        filter_reference(whole, stop, words),
        lexicon_words=[e.word for e in lexicon if (e.tag or "") not in NOT_FORMULATION_TAGS],
        central=sorted(known_formulations(config.slogans.lexicon)), by=config.echo.by,
        gaps_top=config.echo.gaps_top,
    )  # fmt: skip
    pd.testing.assert_frame_equal(second.gaps, fresh.gaps)


def test_the_headline_says_how_much_earlier_a_formulation_was_used():
    """"早于参照语料首次使用的有 六稳（早 732 天）", not "（-732 天）": the sentence already
    says earlier; a lag in years when a date lacks its day."""
    from analysis.report.echo import findings_line

    findings = pd.DataFrame(
        [("echo_rate", "", "", 0.4, 0.3),
         ("anticipated_slogan", "2021", "六稳", -732.0, -2.0),
         ("anticipated_slogan", "2016", "三严三实", float("nan"), -1.0)],
        columns=["finding", "subject", "item", "value", "baseline"],
    )  # fmt: skip
    zh, en = findings_line(findings, "zh"), findings_line(findings, "en")
    assert "六稳（早 732 天）" in zh and "三严三实（早 1 年）" in zh and "-" not in zh
    assert "六稳 (732 days earlier)" in en and "三严三实 (1 yr earlier)" in en
    same = findings.assign(value=float("nan"), baseline=0.0)  # earlier within the year
    assert "（同年稍早）" in findings_line(same, "zh") and "早 0 年" not in findings_line(same, "zh")
