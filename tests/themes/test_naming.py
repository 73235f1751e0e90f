"""Naming themes from the theme lexicon or by their top terms."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.themes.naming import era_exclusions, label_scores, name_themes
from analysis.wordlists import ThemeEntry

TERMS = ("企业", "产业", "招商", "乡村", "村民", "田园", "天气", "晴朗", "温度")

LEXICON = [
    ThemeEntry("产业发展", "Industry", ("企业", "产业", "招商")),
    ThemeEntry("乡村振兴", "Rural", ("乡村", "村民", "田园")),
]


def test_theme_names_from_the_lexicon_and_from_top_terms():
    H = np.array(
        [
            [5, 4, 3, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 5, 4, 3, 0, 0, 0],
            [0, 0, 0, 4, 3, 0, 1, 1, 0],
            [0, 0, 0, 0, 0, 0, 5, 4, 3],
        ],
        dtype=float,
    )
    names = name_themes(H, TERMS, LEXICON)
    # never two themes with one name: the second rural theme has no other fitting entry
    assert [n[0] for n in names] == ["产业发展", "乡村振兴", "乡村·村民·天气", "天气·晴朗·温度"]
    assert names[0][3] and names[1][3] and not names[2][3] and not names[3][3]
    assert names[0][2] == pytest.approx(1.0)
    assert names[2][2] > 0.5  # its fit to 乡村振兴 is kept in the score, though not used


def test_a_name_needs_its_seed_words_among_the_top_terms():
    # 乡村 alone carries 70% of the weight, but it is the only seed word: no name
    H = np.array([[0, 0, 0, 7, 0, 0, 1, 1, 1]], dtype=float)
    (name,) = name_themes(H, TERMS, LEXICON)
    assert not name[3] and name[0] == "乡村·天气·晴朗"
    assert name_themes(H, TERMS, LEXICON, min_seed_terms=1)[0][0] == "乡村振兴"


def test_a_term_inside_a_seed_word_is_no_evidence():
    terms = ("社会主义", "建设", "人民", "现代化", "国家", "发展")
    lexicon = [ThemeEntry("阶级斗争与革命", "Revolution", ("社会主义改造", "社会主义建设", "革命"))]
    H = np.array([[5, 4, 3, 2, 1, 1]], dtype=float)
    (name,) = name_themes(H, terms, lexicon)
    assert name[0] == "社会主义·建设·人民" and name[2] == 0.0
    # a term that contains a seed word still counts half (社会主义建设者 for 社会主义建设)
    H2 = np.array([[5, 4, 0, 0, 0, 0, 0]], dtype=float)
    scores = label_scores(H2, ("社会主义建设者", "革命", "a", "b", "c", "d", "e"), lexicon)
    assert scores[0, 0] == pytest.approx((0.5 * 5 + 4) / 9)


ERA_TERMS = ("农业", "农村", "农民", "粮食", "乡村", "企业", "产业", "招商")
ERA_LEXICON = [
    ThemeEntry("乡村振兴", "Rural revitalization", ("乡村", "农村", "农业", "农民", "粮食"), since=2017),
    ThemeEntry("农业农村", "Agriculture", ("农业", "农村", "农民", "粮食")),
    ThemeEntry("产业发展", "Industry", ("企业", "产业", "招商")),
]


def _era_case():
    """Paragraphs 1950-2020, one per decade: theme 0 (agriculture) in all of them, theme 1
    (industry) only from 2000."""
    years = np.array([1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020])
    weights = np.array([[1.0, 0.0]] * 5 + [[1.0, 1.0]] * 3)
    return weights, years


def test_a_formulation_newer_than_most_of_the_theme_does_not_name_it():
    weights, years = _era_case()
    exclude = era_exclusions(weights, years, ERA_LEXICON)
    # the agriculture theme's median year is 1980: 乡村振兴 (since 2017) is excluded; the
    # industry theme's is 2010, also before it; the entries without since exclude nothing
    assert exclude.tolist() == [[True, False, False], [True, False, False]]
    # the agriculture theme fits 乡村振兴 best (乡村 is one of its seeds), but gets 农业农村
    H = np.array([[5, 4, 3, 2, 2, 0, 0, 0], [0, 0, 0, 0, 0, 5, 4, 3]], dtype=float)
    assert name_themes(H, ERA_TERMS, ERA_LEXICON)[0][0] == "乡村振兴"
    names = name_themes(H, ERA_TERMS, ERA_LEXICON, exclude=exclude)
    assert [n[0] for n in names] == ["农业农村", "产业发展"]


def test_a_formulation_the_theme_lived_with_may_name_it():
    weights, years = _era_case()
    late = [ThemeEntry("乡村振兴", "Rural", ("乡村",), since=1960), *ERA_LEXICON[1:]]
    assert not era_exclusions(weights, years, late).any()
    # undated text: nothing is excluded
    assert not era_exclusions(weights, np.zeros(8, dtype=int), ERA_LEXICON).any()


def _era_corpus():
    """Agriculture paragraphs 1950-2020 and industry paragraphs from 2000."""
    from analysis.segment import Tokens

    farm = ["农业", "农村", "农民", "粮食", "乡村", "耕地", "水利", "种植"]
    work = ["企业", "产业", "招商", "工厂", "园区", "投资", "技术", "市场"]
    docs, years = [], []
    for i, year in enumerate(range(1950, 2021, 5)):
        docs.append([farm[(i + j) % 8] for j in range(6)])
        years.append(year)
        if year >= 2000:
            docs.append([work[(i + j) % 8] for j in range(6)])
            years.append(year)
    return Tokens.from_docs(docs), np.array(years)


def test_fit_themes_names_with_the_era_rule_when_given_the_years():
    from analysis.themes.fit import fit_themes

    toks, years = _era_corpus()
    common = dict(n_themes=2, runs=0, min_unit_tokens=1, lexicon=ERA_LEXICON)
    plain = fit_themes(toks, **common)
    assert sorted(plain.labels) == ["乡村振兴", "产业发展"]
    # with the years, the agriculture theme (median year 1985) is not named by a formulation
    # of 2017: the one naming path gives the era-neutral entry
    dated = fit_themes(toks, **common, years=years)
    assert sorted(dated.labels) == ["产业发展", "农业农村"]
    assert np.allclose(dated.H, plain.H)


def test_the_lexicon_reads_since(tmp_path):
    from analysis.errors import TifaError
    from analysis.wordlists import read_theme_lexicon

    path = tmp_path / "themes.toml"
    path.write_text('["乡村振兴"]\nsince = 2017\nwords = ["乡村"]\n["教育"]\nwords = ["学校"]\n',
                    encoding="utf-8")  # fmt: skip
    assert [e.since for e in read_theme_lexicon(path)] == [2017, 0]
    path.write_text('["乡村振兴"]\nsince = "2017年"\nwords = ["乡村"]\n', encoding="utf-8")
    with pytest.raises(TifaError, match="not a year"):
        read_theme_lexicon(path)


def test_the_report_stage_and_fit_themes_give_the_same_names(tmp_path):
    # one naming path: `tifa report` (steps.fit_corpus_themes, cached) and
    # scripts/eval_themes.py (fit_themes with the paragraphs' years) name alike
    from analysis.run.cache import Cache
    from analysis.steps import fit_corpus_themes
    from analysis.themes.fit import fit_themes

    toks, years = _era_corpus()
    settings = dict(random_state=42, n_themes=2, k_min=2, k_max=2, runs=0, sample_fraction=0.8,
                    stability_margin=0.1, top_terms=10, min_unit_tokens=1, stability_floor=0.6,
                    guided=False, excerpts=1)  # fmt: skip
    for cache in (Cache(tmp_path), Cache(tmp_path)):  # fitted, then from the cache
        themes, *_ = fit_corpus_themes(
            toks, len(years), lambda _m: None, cache=cache, previous=None,
            lexicon=ERA_LEXICON, article_years=list(years), **settings,
        )  # fmt: skip
        assert sorted(themes.labels) == ["产业发展", "农业农村"]
    direct = fit_themes(toks, n_themes=2, runs=0, min_unit_tokens=1, lexicon=ERA_LEXICON,
                        years=years)  # fmt: skip
    assert themes.labels == direct.labels


def _shipped(themes: list[list[str]]):
    """Name themes whose top terms are ``themes`` (weights falling 20, 19, ...) against the
    shipped ``lexicon/themes.toml``."""
    from analysis.wordlists import read_theme_lexicon

    terms = sorted({t for theme in themes for t in theme})
    H = np.zeros((len(themes), len(terms)))
    for row, theme in enumerate(themes):
        for rank, term in enumerate(theme):
            H[row, terms.index(term)] = 20 - rank
    return [n[0] for n in name_themes(H, terms, read_theme_lexicon("lexicon/themes.toml"))]


def test_the_shipped_lexicon_names_the_reports_own_paragraphs():
    """The thanks paragraph of a government work report (是...的结果; 向民主党派、人民团体、
    社会各界... 表示感谢) and a five-year plan outline are named as what they are, not by their
    top terms (结果·朋友·关心); support for the army (双拥: 部队, 官兵) is no thanks."""
    thanks = ["结果", "朋友", "关心", "领导", "部队", "人民团体", "军警", "民主党派", "干部群众",
              "人大代表", "政协委员", "来之不易", "社会各界", "各族", "一年"]  # fmt: skip
    plan = ["国民经济", "规划", "五年", "纲要", "草案", "审查", "社会", "编制", "建议", "大会"]
    army = ["部队", "官兵", "驻军", "拥军", "优属", "军民", "退役军人", "双拥", "关心", "结果"]
    names = _shipped([thanks, plan, army])
    assert names[:2] == ["致谢", "五年规划"]
    assert names[2] != "致谢"
