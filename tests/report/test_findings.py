"""Key findings: the generated sentences' numbers, from the tables a reader can check."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report.findings import (
    carriers,
    falling,
    leading_themes,
    mean_similarity,
    rising,
    slogan_shifts,
    split_periods,
)
from analysis.report.tables import read_table

from ..conftest import warm_cache
from .test_report import _report


@pytest.mark.parametrize(
    ("periods", "early", "late"),
    [
        (["2023", "2024"], ("2023",), ("2024",)),
        (["2024", "", "2023", "2024"], ("2023",), ("2024",)),
        ([str(y) for y in range(2000, 2009)], tuple(str(y) for y in range(2000, 2006)),
         ("2006", "2007", "2008")),
    ],
)  # fmt: skip
def test_the_later_third_of_the_periods_is_compared_with_the_rest(periods, early, late):
    split = split_periods(periods)
    assert split.early == early and split.late == late


def test_one_period_has_no_rise_or_fall():
    assert split_periods(["2024", "2024", ""]) is None


def _periods(rows):
    return pd.DataFrame(rows, columns=["slogan", "period", "count"])


def test_a_slogan_new_in_the_later_periods_rises_and_a_dropped_one_falls():
    periods = _periods([
        ("新提法", "2020", 0), ("新提法", "2021", 0), ("新提法", "2022", 6),
        ("老提法", "2020", 5), ("老提法", "2021", 4), ("老提法", "2022", 0),
        ("常用语", "2020", 5), ("常用语", "2021", 5), ("常用语", "2022", 5),
        ("偶见", "2020", 0), ("偶见", "2021", 0), ("偶见", "2022", 1),
    ])  # fmt: skip
    chars = pd.Series({"2020": 10_000, "2021": 10_000, "2022": 10_000})
    shifts = slogan_shifts(periods, chars, split_periods(["2020", "2021", "2022"]))
    up = rising(shifts, n=5)
    assert up["slogan"].tolist() == ["新提法"]  # 常用语 is steady, 偶见 too rare
    assert up.iloc[0]["early"] == 0 and up.iloc[0]["late"] == pytest.approx(6.0)
    down = falling(shifts, n=5)
    assert down["slogan"].tolist() == ["老提法"]
    assert down.iloc[0]["early"] == pytest.approx(4.5) and down.iloc[0]["late"] == 0


def test_a_rise_carried_by_one_article_is_that_articles_subject_not_a_shift():
    periods = _periods([
        ("专题词", "2020", 0), ("专题词", "2021", 30),
        ("新提法", "2020", 0), ("新提法", "2021", 4),
        ("旧提法", "2020", 6), ("旧提法", "2021", 0),
    ])  # fmt: skip
    counts = pd.DataFrame(
        [("专题词", "b1", 30), ("新提法", "b1", 2), ("新提法", "b2", 2),
         ("旧提法", "a1", 6), ("旧提法", "a2", 0)],
        columns=["slogan", "article_id", "count"],
    )  # fmt: skip
    split = split_periods(["2020", "2021"])
    per = {"a1": "2020", "a2": "2020", "b1": "2021", "b2": "2021"}
    shifts = slogan_shifts(periods, pd.Series({"2020": 10_000, "2021": 10_000}), split)
    shifts = shifts.join(carriers(counts, per, split), on="slogan").fillna(0)
    assert rising(shifts, n=5)["slogan"].tolist() == ["专题词", "新提法"]
    assert rising(shifts, n=5, min_articles=2)["slogan"].tolist() == ["新提法"]
    assert falling(shifts, n=5)["slogan"].tolist() == ["旧提法"]
    assert falling(shifts, n=5, min_articles=2).empty  # one of the two 2020 articles uses it


def test_rates_are_per_10000_characters_of_each_side():
    periods = _periods([("甲", "2020", 2), ("甲", "2021", 2)])
    chars = pd.Series({"2020": 40_000, "2021": 5_000})
    shifts = slogan_shifts(periods, chars, split_periods(["2020", "2021"]))
    row = shifts.iloc[0]
    assert row["early"] == pytest.approx(0.5) and row["late"] == pytest.approx(4.0)
    assert rising(shifts, n=3)["slogan"].tolist() == ["甲"]  # same count, 8x the rate


def test_mean_similarity_counts_each_article_on_both_sides_of_a_pair():
    sim = pd.DataFrame(
        [("a", "b", 0.9), ("a", "c", 0.1), ("b", "c", 0.3)],
        columns=["article_a", "article_b", "cosine"],
    )
    means = mean_similarity(sim, ["a", "b", "c"])
    assert means.to_dict() == pytest.approx({"a": 0.5, "b": 0.6, "c": 0.2})


def test_leading_theme_is_the_largest_share_and_untouched_articles_are_left_out():
    import numpy as np

    shares = np.array([[0.2, 0.8], [0.0, 0.0], [0.6, 0.4]])
    df = leading_themes(shares, ["甲", "乙"], ["x", "y", "z"])
    assert df.to_dict("records") == [
        {"article_id": "x", "theme": "乙", "share": 0.8},
        {"article_id": "z", "theme": "甲", "share": 0.6},
    ]
    # a tentative theme leads no article in the findings
    df = leading_themes(shares, ["甲", "乙"], ["x", "y", "z"], tentative=(False, True))
    assert df.to_dict("records") == [{"article_id": "z", "theme": "甲", "share": 0.6}]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, reference_cache):
    base = tmp_path_factory.mktemp("findings")
    return _report(base / "out", warm_cache(reference_cache, base / "cache"))


def test_findings_csv_agrees_with_the_other_tables(seeds_out):
    tables = seeds_out / "tables"
    findings = read_table(tables / "findings.csv")
    article_themes = read_table(tables / "article_themes.csv")
    themes = read_table(tables / "themes.csv")
    label = dict(zip(themes["theme"].astype(int), themes["label"], strict=True))
    article_themes["share"] = article_themes["share"].astype(float)
    top = article_themes.sort_values("share").groupby("article_id").tail(1)
    expected = {r.article_id: label[int(r.theme)] for r in top.itertuples()}
    lead = findings[findings["finding"] == "leading_theme"]
    # an article's leading theme is claimed only when that theme is stable (not tentative)
    stable = set(themes.loc[themes["stability"].astype(float) >= 0.6, "label"])
    claimed = {a: t for a, t in expected.items() if t in stable}
    assert dict(zip(lead["subject"], lead["item"], strict=True)) == claimed
    tentative = set(findings.loc[findings["finding"] == "tentative_theme", "item"])
    assert tentative == set(themes["label"]) - stable
    # the seeds' must-show themes, as the reader sees them in the key findings
    assert expected["2024-02-yu-changming-visits#2"].startswith("乡村振兴")
    # the enterprise visit: the theme of 企业 and 车间 (named by its terms: 产业发展 fits the
    # interview's industrial clusters better)
    terms = dict(zip(themes["label"], themes["top_terms"], strict=True))
    assert {"企业", "车间"} <= set(terms[expected["2024-02-yu-changming-visits#1"]].split("|"))
    slogans = read_table(tables / "slogans.csv")
    top3 = findings[findings["finding"] == "top_slogan"]["item"].tolist()
    assert top3 == slogans["slogan"].head(3).tolist()
    # their uses are every use, as their articles are every article using them
    top = findings[findings["finding"] == "top_slogan"]
    assert top["value"].astype(int).tolist() == slogans["count_total"].head(3).astype(int).tolist()
    # 2024 against 2023: a rising slogan is absent or rarer in 2023 and used 2+ times in 2024
    periods = read_table(tables / "slogan_periods.csv")
    counts = read_table(tables / "slogan_counts.csv")
    up = findings[findings["finding"] == "rising_slogan"]
    assert len(up) and set(up["subject"]) == {"2024 vs 2023"}
    for slogan in up["item"]:
        rows = periods[periods["slogan"] == slogan].set_index("period")
        assert int(rows.loc["2024", "count"]) >= 2
        assert float(rows.loc["2024", "rate"]) >= 2 * float(rows.loc["2023", "rate"])
        used = counts[(counts["slogan"] == slogan) & (counts["count"].astype(int) > 0)]
        assert used["article_id"].str.startswith("2024").sum() >= 2  # two 2024 articles carry it
    # the 2024 visits' own slogan is used in one of the two 2024 articles: one article's word is
    # no rise, but it is named as the corpus's own
    assert "三服务" not in set(up["item"])
    assert "三服务" in set(findings.loc[findings["finding"] == "own_slogan", "item"])


def test_top_slogans_count_every_use_as_their_articles_do(tmp_path, reference_cache):
    """A formulation mostly used inside a longer one (命运共同体 in 人类命运共同体) is headlined
    with all its uses, not the standalone ones: "30 times in 50 articles" misleads."""
    import dataclasses

    from analysis.config import load_config
    from analysis.pipeline import analyse
    from analysis.report.findings import key_findings

    from ..conftest import SEEDS, warm_cache

    seeds_analysis = analyse(SEEDS, load_config("tifa.toml"), cache_dir=warm_cache(reference_cache, tmp_path))
    res = seeds_analysis.slogans
    table = res.table.copy()
    table.loc[table.index[0], "count"] = 1  # standalone uses fewer than all uses
    changed = dataclasses.replace(seeds_analysis, slogans=dataclasses.replace(res, table=table))
    top = key_findings(changed)
    top = top[top["finding"] == "top_slogan"]
    assert top["value"].astype(int).tolist() == table["count_total"].head(3).astype(int).tolist()
    assert int(top["value"].iloc[0]) > 1


def test_articles_dated_within_a_quarter_have_no_rise_or_fall(tmp_path, reference_cache):
    """A cross-section (reports released within three weeks) is no time series: the findings
    name no rising or falling formulation; the same texts dated over two years do."""
    import dataclasses

    from analysis.config import load_config
    from analysis.pipeline import analyse
    from analysis.report.findings import key_findings

    from ..conftest import SEEDS, warm_cache

    seeds = analyse(SEEDS, load_config("tifa.toml"), cache_dir=warm_cache(reference_cache, tmp_path))
    kinds = set(key_findings(seeds)["finding"])
    assert {"rising_slogan", "falling_slogan"} & kinds
    close = [dataclasses.replace(a, date=f"2024-02-{i + 1:02d}") for i, a in enumerate(seeds.corpus.articles)]
    corpus = dataclasses.replace(seeds.corpus, articles=tuple(close))
    close_seeds = dataclasses.replace(seeds, corpus=corpus)
    findings = key_findings(close_seeds)
    assert not {"rising_slogan", "falling_slogan"} & set(findings["finding"])
    # and the sentences say why, instead of "no formulation rose" between two periods
    from analysis.report.document import _findings_data
    from analysis.report.labels import LABELS

    said = _findings_data(close_seeds, findings, LABELS["zh"])
    assert any("横截面" in x for x in said) and not any("上升" in x for x in said)


def test_the_headline_formulations_do_not_contain_one_another(tmp_path, reference_cache):
    """命运共同体 after 人类命运共同体 says nothing new: the next distinct one is named."""
    import dataclasses

    from analysis.config import load_config
    from analysis.pipeline import analyse
    from analysis.report.findings import key_findings

    from ..conftest import SEEDS, warm_cache

    seeds = analyse(SEEDS, load_config("tifa.toml"), cache_dir=warm_cache(reference_cache, tmp_path))
    table = seeds.slogans.table.copy()
    first = table["slogan"].iloc[0]
    table.loc[table.index[1], "slogan"] = first[: len(first) // 2]  # a part of the first
    changed = dataclasses.replace(seeds, slogans=dataclasses.replace(seeds.slogans, table=table))
    top = key_findings(changed)
    items = top.loc[top["finding"] == "top_slogan", "item"].tolist()
    assert items == [first, *table["slogan"].iloc[2:4]]


def test_rising_and_falling_formulations_come_from_the_list_a_reader_reads(
    tmp_path, reference_cache, monkeypatch
):
    """Only the most salient formulations rise or fall in the findings: the shifts of the
    ordinary phrases far down the list (开工建设, 同比增长) say nothing."""
    from analysis.config import load_config
    from analysis.pipeline import analyse
    from analysis.report import findings as fd

    from ..conftest import SEEDS, warm_cache

    seeds = analyse(SEEDS, load_config("tifa.toml"), cache_dir=warm_cache(reference_cache, tmp_path))
    monkeypatch.setattr(fd, "HEADLINE_TOP", 30)
    table = fd.key_findings(seeds)
    moved = table.loc[table["finding"].isin(["rising_slogan", "falling_slogan"]), "item"]
    assert len(moved) and set(moved) <= set(seeds.slogans.table["slogan"].head(30))


def test_the_headline_names_salient_formulations_that_speak_for_the_corpus():
    """A formulation quoted a hundred times in two of fifty reports (粉碎"四人帮") is salient,
    but the headline names those used in the median number of articles of the 30 most salient:
    the next ones in rank order, still none inside another."""
    import pandas as pd

    from analysis.report.findings import headline_slogans

    names = ["四人帮", "三农", "一国两制", "和平统一、一国两制", "一带一路"]
    names += [f"提法{i}" for i in range(len(names), 40)]
    articles = [2, 18, 34, 15, 10] + [6] * 25 + [40] * 10  # beyond the 30 most salient: unread
    table = pd.DataFrame({"slogan": names, "articles": articles})
    assert headline_slogans(table) == [1, 2, 4]
    # with every article count equal, the rank order alone decides
    table["articles"] = 3
    assert headline_slogans(table) == [0, 1, 2]
    # and a pool of fewer than 30 has its own median
    assert headline_slogans(table.head(2).assign(articles=[1, 5])) == [1]
