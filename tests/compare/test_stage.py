"""Comparisons and trends as a reader meets them: distinctive terms, similar articles, slogan
changes, and lines over time with gaps where there are no articles."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from analysis.cli import main
from analysis.compare import REST, comparison_pairs, group_labels
from analysis.config import Config, load_config
from analysis.ingest import read_articles
from analysis.ingest.periods import period_range, periods
from analysis.pipeline import analyse
from analysis.report.tables import read_table

from ..conftest import GWR, SEEDS, needs_gwr


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return analyse(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path_factory.mktemp("c"))


def _distinctive(analysis, target, n=8):
    k = analysis.comparison.keyness
    rows = k[(k["kind"] == "term") & (k["target"] == target) & (k["reference"] == REST)]
    return rows[rows["score"] > 0]["term"].head(n).tolist()


def test_jinao_visit_is_set_apart_by_rural_and_tourist_words(seeds):
    top = _distinctive(seeds, "2024-02-yu-changming-visits#2")
    assert {"游客", "乡村", "乡村振兴"} <= set(top)


def test_enterprise_visit_is_set_apart_by_industrial_words(seeds):
    top = _distinctive(seeds, "2024-02-yu-changming-visits#1")
    assert {"企业", "产能"} <= set(top)


def test_interview_is_set_apart_by_goals_policy_and_reform(seeds):
    top = _distinctive(seeds, "2023-yu-changming-interview", n=12)
    assert {"政策", "改革", "经济"} <= set(top)


def test_distinctive_terms_are_content_words_not_function_words(seeds):
    from analysis.wordlists import read_stopwords

    stop = {e.word for e in read_stopwords(["stopwords"])}
    k = seeds.comparison.keyness
    assert not set(k["term"]) & stop


def test_similarity_lists_every_pair_once(seeds):
    sim = seeds.comparison.similarity
    assert len(sim) == 3 and (sim["article_a"] < sim["article_b"]).all()
    assert sim["cosine"].between(0, 1).all()


def test_periods_are_years_unless_every_article_has_a_month():
    assert periods(["2024-02-19", "2023"]) == ["2024", "2023"]
    assert periods(["2024-02-19", "2023-11"]) == ["2024-02", "2023-11"]
    assert periods(["2024-02-19", ""]) == ["2024", ""]
    assert period_range(["2018", "2021"]) == ["2018", "2019", "2020", "2021"]
    assert period_range(["2023-11", "2024-02"]) == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_groups_and_pairs():
    arts = read_articles(SEEDS).articles
    assert group_labels(arts, "source") == [
        "《中国企业报》",
        "未署媒体名（大渡口区调研报道）",
        "未署媒体名（大渡口区调研报道）",
    ]
    with pytest.raises(ValueError, match="no article has a value for 'author'"):
        group_labels(arts, "author")
    labels = group_labels(arts, "period")
    assert comparison_pairs(labels) == [(("2023",), ()), (("2024",), ())]
    assert comparison_pairs(labels, target="2024", reference="2023") == [(("2024",), ("2023",))]
    with pytest.raises(ValueError, match="no group '1999'"):
        comparison_pairs(labels, target="1999")


def test_slogan_diff_between_consecutive_periods(tmp_path):
    cfg = load_config("tifa.toml")
    result = analyse(
        SEEDS, replace(cfg, compare=replace(cfg.compare, by="period")), cache_dir=tmp_path
    )
    diff = result.comparison.slogan_diff
    assert set(zip(diff["group_a"], diff["group_b"], strict=True)) == {("2023", "2024")}
    new = set(diff[diff["status"] == "new"]["slogan"])
    dropped = set(diff[diff["status"] == "dropped"]["slogan"])
    kept = set(diff[diff["status"] == "kept"]["slogan"])
    assert {"三服务", "千万工程"} <= new and "一核两带" in dropped
    assert "公园大渡口、多彩艺术湾" in kept


def test_trends_have_rows_only_for_periods_with_articles(tmp_path):
    for name, text in {
        "2001.txt": "推动高质量发展，培育新质生产力。推动高质量发展。\n",
        "2003.txt": "坚持改革开放，推动高质量发展。\n",
        "2004.txt": "坚持改革开放，深化改革。\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = analyse(tmp_path, Config(), cache_dir=tmp_path / "cache")
    trends = result.trends
    assert set(trends["period"]) == {"2001", "2003", "2004"}  # 2002 is a gap, not a zero
    row = trends[
        (trends["kind"] == "term") & (trends["item"] == "改革开放") & (trends["period"] == "2001")
    ]
    assert row["count"].tolist() == [0]
    rate = trends[
        (trends["item"] == "高质量发展")
        & (trends["period"] == "2001")
        & (trends["kind"] == "term")
    ]
    chars = result.corpus.articles[0].characters
    assert rate["rate"].iloc[0] == pytest.approx(2 * 10_000 / chars)


def test_compare_command_prints_a_summary_and_writes_tables(tmp_path, capsys):
    code = main(["compare", "seeds", "--by", "period", "--target", "2024", "--reference", "2023",
                 "--out", str(tmp_path), "-q"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "2024 vs 2023:" in out and "slogans from 2023 to 2024: new" in out
    keyness = read_table(tmp_path / "tables" / "keyness.csv")
    assert set(keyness["target"]) == {"2024"} and set(keyness["reference"]) == {"2023"}
    assert set(keyness["method"]) == {"fightin"}
    assert not (tmp_path / "report.pdf").exists()


def test_compare_by_unknown_column_is_one_line(capsys):
    assert main(["compare", "seeds", "--by", "author", "-q", "--out", "/tmp/never"]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("error: [compare] no article has a value for 'author'")
        and err.count("\n") == 1
    )


@needs_gwr()
def test_1978_against_2018_reads_right(gwr_cache):
    cfg = load_config("tifa.toml")
    cfg = replace(cfg, compare=replace(cfg.compare, by="period", target="2018", reference="1978"))
    result = analyse(GWR, cfg, cache_dir=gwr_cache)
    k = result.comparison.keyness
    terms = k[k["kind"] == "term"].sort_values("score")
    old, new = terms["term"].head(15).tolist(), terms["term"].tail(15).tolist()
    assert {"四人帮", "毛主席", "革命"} <= set(old)
    assert {"创新", "供给侧结构性改革"} <= set(new)


@needs_gwr()
def test_trend_lines_rise_and_fall_in_the_right_decades(gwr_cache):
    result = analyse(GWR, load_config("tifa.toml"), cache_dir=gwr_cache)
    t = result.trends

    def decade_rate(kind, item, lo, hi):
        rows = t[(t["kind"] == kind) & (t["item"] == item) & t["period"].between(str(lo), str(hi))]
        return rows["rate"].mean()

    assert decade_rate("term", "改革开放", 1990, 2009) > 5 * decade_rate(
        "term", "改革开放", 1954, 1977
    )
    assert (
        decade_rate("term", "高质量发展", 2018, 2025)
        > 0
        == decade_rate("term", "高质量发展", 1954, 2016)
    )
    assert decade_rate("term", "阶级斗争", 1954, 1979) > 10 * decade_rate(
        "term", "阶级斗争", 1990, 2025
    )
    # the same three, as slogans, in the slogan rows of the most salient formulations
    assert decade_rate("slogan", "高质量发展", 2018, 2025) > 0
    assert np.isfinite(t["rate"]).all()


def test_group_themes_added_after_give_the_comparison_computed_with_them(seeds):
    """The comparison runs before the themes (its figures are drawn while they are fitted) and
    gets the groups' theme shares after: the same result as computing it with the themes."""
    import dataclasses

    from analysis.compare import compare_groups, with_group_themes
    from analysis.result import theme_characters

    chars = theme_characters(seeds.corpus, seeds.tokens, seeds.themes)
    m, terms, arts = seeds.article_dtm.matrix, seeds.article_dtm.terms, seeds.corpus.articles
    slogans = [s.text for s in seeds.slogans.slogans]
    kw = {"slogans": slogans, "slogan_counts": seeds.slogans.counts, "by": "article",
          "random_state": 42}  # fmt: skip
    whole = compare_groups(arts, m, terms, theme_chars=chars, **kw)
    before = compare_groups(arts, m, terms, **kw)
    assert before.group_themes is None
    after = with_group_themes(before, chars)
    assert after.group_themes is not None and after.group_themes.shape[1] == seeds.themes.k
    for f in dataclasses.fields(whole):
        a, b = getattr(whole, f.name), getattr(after, f.name)
        if hasattr(a, "equals"):
            assert a.equals(b), f.name
        elif isinstance(a, np.ndarray):
            assert np.array_equal(a, b), f.name
        else:
            assert a == b, f.name
    assert with_group_themes(after, None).group_themes is None
    assert seeds.comparison.group_themes is not None  # the pipeline adds them


def test_the_report_is_handed_the_comparison_before_the_themes(tmp_path):
    """``analyse(early=)`` is called before the comparison, with it (no theme shares yet: its
    figures are drawn while the themes are fitted) and with the themes; the final comparison
    has the shares."""
    calls = []
    result = analyse(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path, early=calls.append)
    assert [(a.comparison is not None, a.themes is not None) for a in calls] == [
        (False, False), (True, False), (True, True)
    ]  # fmt: skip
    assert calls[1].comparison.group_themes is None
    assert calls[1].comparison.keyness.equals(result.comparison.keyness)
    assert result.comparison.group_themes is not None
