"""Themes fitted end to end: what a reader of the seeds and the Government Work Reports
should find, and the invariants of the model."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from analysis.config import Config, load_config
from analysis.pipeline import analyse
from analysis.segment import Tokens
from analysis.themes.fit import fit_themes
from analysis.themes.model import TooSmall
from analysis.wordlists import read_theme_lexicon

from ..conftest import GWR, SEEDS, needs_gwr


def _leading(analysis, mask) -> str:
    toks, th = analysis.tokens, analysis.themes
    mass = (th.paragraph_weights[mask] * toks.lengths()[mask][:, None]).sum(axis=0)
    return th.labels[int(np.argmax(mass))]


def _article(analysis, article_id) -> int:
    return next(i for i, a in enumerate(analysis.corpus.articles) if a.article_id == article_id)


def test_enterprise_visit_is_led_by_industry(seeds):
    i = _article(seeds, "2024-02-yu-changming-visits#1")
    # the visit to the enterprises' workshops: its leading theme is the enterprise theme (its
    # name is its terms, 企业·一季度·开门红, since 产业发展 fits the interview's theme of
    # industrial clusters better)
    lead = int(np.argmax(seeds.article_themes[i]))
    assert {"企业", "车间"} <= set(seeds.themes.top_terms(lead))


def test_jinao_visit_is_led_by_rural_revitalization(seeds):
    i = _article(seeds, "2024-02-yu-changming-visits#2")
    assert seeds.themes.labels[int(np.argmax(seeds.article_themes[i]))].startswith("乡村振兴")


def test_party_building_section_of_the_interview_is_led_by_one_reform_theme(seeds):
    interview = seeds.corpus.articles[_article(seeds, "2023-yu-changming-interview")]
    heading = next(p.index for p in interview.paragraphs if p.text == "党建引领 赋能聚力")
    toks = seeds.tokens
    mask = (toks.article == _article(seeds, interview.article_id)) & (toks.paragraph > heading)
    assert mask.sum() == 5
    # its subject (改革创新, 担当作为, 执行力): the leading theme holds 改革 among its top terms;
    # the lexicon name 党的建设 (once 党建与治理) is not given to it, as its top terms hold one seed word
    lead = seeds.themes.labels.index(_leading(seeds, mask))
    assert "改革" in seeds.themes.top_terms(lead)


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
    manifest = (SEEDS / "manifest.csv").read_text(encoding="utf-8-sig")
    manifest = manifest.replace("2024-02-yu-changming-visits.txt", "a-visits.txt")
    (tmp_path / "manifest.csv").write_text(
        manifest.replace("2023-yu-changming-interview.txt", "b-interview.txt"), encoding="utf-8"
    )  # the same metadata (the person column keeps 余长明 whole), other file names
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


def test_guided_themes_take_the_lexicon_names_on_the_seeds(tmp_path):
    from dataclasses import replace

    cfg = load_config("tifa.toml")
    guided = analyse(SEEDS, replace(cfg, themes=replace(cfg.themes, guided=True)), cache_dir=tmp_path)
    assert guided.themes.guided
    named = [lb for lb, n in zip(guided.themes.labels, guided.themes.named, strict=True) if n]
    assert len(named) >= guided.themes.k // 2
    assert len(set(guided.themes.labels)) == guided.themes.k


def test_named_themes_show_their_names_words_among_the_top_terms(seeds):
    lex = {e.name: set(e.words) for e in read_theme_lexicon("lexicon/themes.toml")}
    th = seeds.themes
    for t in range(th.k):
        if th.named[t]:
            top = th.top_terms(t)
            assert sum(any(w == s_ or s_ in w for s_ in lex[th.labels[t]]) for w in top) >= 2


@needs_gwr()
def test_government_work_reports_themes_move_across_eras(gwr_cache):
    result = analyse(GWR, load_config("tifa.toml"), cache_dir=gwr_cache)
    th = result.themes
    # twelve policy areas head the reports' sections: far more than the old rule's 5-7 themes
    assert 8 <= th.k <= 20
    assert th.k_selection["largest_share"].max() < 0.6
    assert len(set(th.labels)) == th.k
    years = np.array([int(a.date[:4]) for a in result.corpus.articles])

    def mean_share(word, mask):
        cols = [t for t in range(th.k) if word in th.top_terms(t)]
        assert cols, f"no theme with {word} among its top terms: {th.labels}"
        return result.article_themes[mask][:, cols].sum(axis=1).mean()

    early, late = years < 1979, years >= 2013
    # The revolution / planned-economy vocabulary leads early, innovation late.
    assert mean_share("革命", early) > 2 * mean_share("革命", late)
    assert mean_share("计划", early) > 2 * mean_share("计划", late)
    assert mean_share("创新", late) > 2 * mean_share("创新", early)
    # named themes carry their names' words among their top terms
    lex = {e.name: set(e.words) for e in read_theme_lexicon("lexicon/themes.toml")}
    for t in range(th.k):
        if th.named[t]:
            top = th.top_terms(t)
            assert sum(any(w == s_ or s_ in w for s_ in lex[th.labels[t]]) for w in top) >= 2
