"""Themes: what a reader of the seeds and the Government Work Reports should find, the
measures behind the choice of k, and the invariants of the model."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest
import scipy.sparse as sp

from analysis.config import Config, load_config
from analysis.pipeline import analyse
from analysis.segment import Tokens
from analysis.themes import (
    Candidate,
    ThemeEntry,
    TooSmall,
    agreement,
    average_jaccard,
    choose_k,
    fit_themes,
    name_themes,
    npmi_coherence,
)

from .conftest import GWR, SEEDS, needs_gwr


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return analyse(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path_factory.mktemp("cache"))


def _leading(analysis, mask) -> str:
    toks, th = analysis.tokens, analysis.themes
    mass = (th.paragraph_weights[mask] * toks.lengths()[mask][:, None]).sum(axis=0)
    return th.labels[int(np.argmax(mass))]


def _article(analysis, article_id) -> int:
    return next(i for i, a in enumerate(analysis.corpus.articles) if a.article_id == article_id)


def test_enterprise_visit_is_led_by_industry(seeds):
    i = _article(seeds, "2024-02-yu-changming-visits#1")
    assert seeds.themes.labels[int(np.argmax(seeds.article_themes[i]))].startswith("产业发展")


def test_jinao_visit_is_led_by_rural_revitalization(seeds):
    i = _article(seeds, "2024-02-yu-changming-visits#2")
    assert seeds.themes.labels[int(np.argmax(seeds.article_themes[i]))].startswith("乡村振兴")


def test_party_building_section_of_the_interview_is_led_by_governance(seeds):
    interview = seeds.corpus.articles[_article(seeds, "2023-yu-changming-interview")]
    heading = next(p.index for p in interview.paragraphs if p.text == "党建引领 赋能聚力")
    toks = seeds.tokens
    mask = (toks.article == _article(seeds, interview.article_id)) & (toks.paragraph > heading)
    assert mask.sum() == 5
    assert _leading(seeds, mask).startswith("党建与治理")


def test_model_invariants(seeds):
    th = seeds.themes
    assert (th.H >= 0).all() and (th.paragraph_weights >= 0).all()
    assert (th.paragraph_weights <= 1 + 1e-9).all()
    sums = seeds.article_themes.sum(axis=1)
    assert np.allclose(sums[sums > 0], 1.0)
    assert math.isclose(float(th.shares.sum()), 1.0)
    assert list(th.shares) == sorted(th.shares, reverse=True)  # theme 0 is the largest
    table = th.k_selection
    assert table["chosen"].sum() == 1 and int(table.loc[table["chosen"], "k"].iloc[0]) == th.k
    assert (table["stability"].between(0, 1)).all() and (table["coherence"].between(-1, 1)).all()
    assert all(0 <= s <= 1 for s in th.stability)


def test_renaming_and_reordering_seed_files_changes_no_number(seeds, tmp_path):
    # Reverse the order of the files by renaming them; articles are matched by title.
    shutil.copy(SEEDS / "2024-02-yu-changming-visits.txt", tmp_path / "a-visits.txt")
    shutil.copy(SEEDS / "2023-yu-changming-interview.txt", tmp_path / "b-interview.txt")
    other = analyse(tmp_path, load_config("tifa.toml"), cache_dir=tmp_path / "cache")
    assert other.themes.labels == seeds.themes.labels
    assert np.allclose(other.themes.H, seeds.themes.H)
    by_title = {a.title: i for i, a in enumerate(other.corpus.articles)}
    for i, a in enumerate(seeds.corpus.articles):
        assert np.allclose(seeds.article_themes[i], other.article_themes[by_title[a.title]])


def test_forcing_the_number_of_themes(tmp_path):
    cfg = load_config("tifa.toml")
    from dataclasses import replace

    fixed = replace(cfg, themes=replace(cfg.themes, n_themes=3))
    result = analyse(SEEDS, fixed, cache_dir=tmp_path)
    assert result.themes.k == 3 and result.themes.chosen_by == "fixed"
    assert result.themes.k_selection["k"].tolist() == [3]


@pytest.mark.parametrize(
    "text",
    ["推动高质量发展，培育新质生产力。", "的了和是在要把对与及等为以将从也都而就中上下。"],
    ids=["one paragraph", "only stopwords"],
)
def test_corpus_too_small_for_themes_gives_a_clear_message(tmp_path, text):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = analyse(tmp_path, Config(), cache_dir=tmp_path / "cache")
    assert result.themes is None
    assert result.themes_note.startswith("no themes: themes need at least 3 paragraphs")


def test_too_small_is_raised_not_a_scikit_learn_error():
    toks = Tokens.from_docs([["发展", "改革"], ["发展"]])
    with pytest.raises(TooSmall, match="found 2 paragraph units and 0 terms|found 1 paragraph"):
        fit_themes(toks, min_unit_tokens=1)


# --------------------------------------------------------------------------- measures


def test_average_jaccard_by_hand():
    # prefixes: {a}/{a} = 1; {a,b}/{a,c} = 1/3; {a,b,c}/{a,c,b} = 1  -> (1 + 1/3 + 1) / 3
    assert math.isclose(average_jaccard([1, 2, 3], [1, 3, 2]), (1 + 1 / 3 + 1) / 3)
    assert average_jaccard([1, 2], [3, 4]) == 0.0


def test_agreement_matches_themes_one_to_one():
    ref = [np.array([1, 2, 3]), np.array([4, 5, 6])]
    other = [np.array([4, 5, 6]), np.array([1, 2, 7])]
    scores = agreement(ref, other)
    assert math.isclose(scores[1], 1.0)
    assert math.isclose(scores[0], average_jaccard([1, 2, 3], [1, 2, 7]))


def test_npmi_by_hand():
    # Terms 0 and 1 always together (NPMI 1), term 2 never with them (NPMI -1).
    B = sp.csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]], dtype=float))
    assert npmi_coherence(B, [np.array([0, 1])])[0] == pytest.approx(1.0)
    assert npmi_coherence(B, [np.array([0, 2])])[0] == pytest.approx(-1.0)
    # Partial overlap: p(a)=0.5, p(c)=0.75, p(a,c)=0.25 -> log(0.25/0.375)/-log(0.25)
    B2 = sp.csc_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 1]], dtype=float))
    expected = math.log(0.25 / (0.5 * 0.75)) / -math.log(0.25)
    assert npmi_coherence(B2, [np.array([0, 1])])[0] == pytest.approx(expected)


def _cand(k, coherence, stability):
    return Candidate(k, coherence, stability, ())


def test_choose_k_takes_the_most_coherent_stable_k():
    cands = [
        _cand(2, 0.10, 0.90),
        _cand(3, 0.15, 0.88),
        _cand(4, 0.20, 0.85),
        _cand(5, 0.30, 0.60),
    ]
    assert choose_k(cands, margin=0.1) == 4  # k=5 is more coherent but unstable


def test_choose_k_prefers_detail_among_coherence_ties():
    cands = [_cand(3, 0.300, 0.8), _cand(4, 0.305, 0.8), _cand(5, 0.295, 0.8)]
    assert choose_k(cands, margin=0.1) == 5


def test_theme_names_from_the_lexicon_and_from_top_terms():
    terms = ("企业", "产业", "招商", "乡村", "村民", "田园", "天气", "晴朗", "温度")
    H = np.array(
        [
            [5, 4, 3, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 5, 4, 3, 0, 0, 0],
            [0, 0, 0, 4, 0, 0, 1, 1, 0],
            [0, 0, 0, 0, 0, 0, 5, 4, 3],
        ],
        dtype=float,
    )
    lexicon = [
        ThemeEntry("产业发展", "Industry", ("企业", "产业", "招商")),
        ThemeEntry("乡村振兴", "Rural", ("乡村", "村民", "田园")),
    ]
    names = name_themes(H, terms, lexicon)
    assert [n[0] for n in names] == ["产业发展", "乡村振兴", "乡村振兴·天气", "天气·晴朗·温度"]
    assert names[0][3] and not names[3][3]
    assert names[0][2] == pytest.approx(1.0)


# --------------------------------------------------------------------------- real corpus


@needs_gwr()
def test_government_work_reports_themes_move_across_eras(tmp_path):
    result = analyse(GWR, load_config("tifa.toml"), cache_dir=tmp_path)
    th = result.themes
    assert 4 <= th.k <= 12
    years = np.array([int(a.date[:4]) for a in result.corpus.articles])

    def mean_share(prefix, mask):
        cols = [t for t, lb in enumerate(th.labels) if lb.startswith(prefix)]
        assert cols, f"no theme named {prefix}: {th.labels}"
        return result.article_themes[mask][:, cols].sum(axis=1).mean()

    early, late = years < 1979, years >= 2013
    # The revolution / planned-economy vocabulary leads early, innovation and reform late.
    assert mean_share("阶级斗争与革命", early) > 2 * mean_share("阶级斗争与革命", late)
    assert mean_share("计划经济", early) > 2 * mean_share("计划经济", late)
    assert mean_share("科技创新", late) > 2 * mean_share("科技创新", early)
