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
    guided_start,
    label_scores,
    name_themes,
    npmi_coherence,
    read_theme_lexicon,
    sentence_ends,
    unit_offsets,
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


def test_party_building_section_of_the_interview_is_led_by_one_reform_theme(seeds):
    interview = seeds.corpus.articles[_article(seeds, "2023-yu-changming-interview")]
    heading = next(p.index for p in interview.paragraphs if p.text == "党建引领 赋能聚力")
    toks = seeds.tokens
    mask = (toks.article == _article(seeds, interview.article_id)) & (toks.paragraph > heading)
    assert mask.sum() == 5
    # its subject (改革创新, 担当作为, 执行力): the leading theme holds 改革 among its top terms;
    # the lexicon name 党建与治理 is no longer given to it, as its top terms hold one seed word
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


def _cand(k, coherence, stability, largest=0.3):
    return Candidate(k, coherence, stability, (), largest)


def test_choose_k_takes_the_most_coherent_k_above_the_stability_floor():
    cands = [
        _cand(2, 0.10, 0.90),
        _cand(3, 0.15, 0.88),
        _cand(4, 0.20, 0.85),
        _cand(5, 0.30, 0.55),
    ]
    assert choose_k(cands, margin=0.1, floor=0.6) == 4  # k=5 is more coherent but unstable


def test_choose_k_does_not_favour_the_smallest_stable_k():
    # the old rule (within 0.1 of the most stable) stopped at k=3; k=6 is stable and coherent
    cands = [
        _cand(2, 0.12, 0.87), _cand(3, 0.14, 0.85), _cand(4, 0.18, 0.68),
        _cand(5, 0.20, 0.67), _cand(6, 0.24, 0.75), _cand(7, 0.25, 0.55),
    ]  # fmt: skip
    assert choose_k(cands, margin=0.1, floor=0.6) == 6
    assert choose_k(cands, margin=0.1, floor=2.0) == 3  # nothing reaches the floor: old rule


def test_choose_k_passes_over_a_k_whose_largest_theme_holds_most_of_the_corpus():
    cands = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.80, largest=0.45)]
    assert choose_k(cands, margin=0.1, floor=0.6) == 3
    only = [_cand(2, 0.30, 0.95, largest=0.72), _cand(3, 0.25, 0.40, largest=0.45)]
    assert choose_k(only, margin=0.1, floor=0.6) == 2  # the only stable k


def test_choose_k_prefers_detail_among_coherence_ties():
    cands = [_cand(3, 0.300, 0.8), _cand(4, 0.305, 0.8), _cand(5, 0.295, 0.8)]
    assert choose_k(cands, margin=0.1) == 5


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


def test_long_paragraphs_are_fitted_as_windows_at_sentence_ends():
    sentences = ["推进乡村振兴发展特色农业。", "加快工业园区建设引进企业。"] * 10
    text = "".join(sentences)
    words = [w for s_ in sentences for w in (s_[:2], s_[2:4], s_[4:6], s_[6:8], s_[8:10], s_[10:12])]
    ends = sentence_ends(text, words)
    assert list(ends) == list(range(6, len(words), 6))
    toks = Tokens.from_docs([words, ["发展", "改革"] * 7], article=[0, 0])
    offsets, unit_of = unit_offsets(toks, min_tokens=12, window_tokens=24, cuts=[ends, None])
    # 120 terms in windows of 24 (at sentence ends), then the short paragraph as its own unit
    assert list(offsets) == [0, 24, 48, 72, 96, 120, 134]
    assert list(unit_of) == [0, 5]
    assert list(unit_offsets(toks, min_tokens=12)[0]) == [0, 120, 134]  # no windows asked


def test_guided_start_puts_the_seed_words_first():
    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.random((30, 9)))
    W0, H0 = rng.random((30, 4)) + 0.01, rng.random((4, 9)) + 0.01
    seeds = (np.array([0, 1, 2]), np.array([3, 4, 5]))
    W, H = guided_start(X, W0, H0, seeds)
    assert (W > 0).all() and (H > 0).all()
    assert set(np.argsort(-H[2])[:3]) == {0, 1, 2} and set(np.argsort(-H[3])[:3]) == {3, 4, 5}
    assert np.allclose(H[:2], H0[:2])  # a quarter of the rows (here two) stay the data's own


def test_guided_themes_take_the_lexicon_names_on_the_seeds(tmp_path):
    from dataclasses import replace

    cfg = load_config("tifa.toml")
    guided = analyse(SEEDS, replace(cfg, themes=replace(cfg.themes, guided=True)), cache_dir=tmp_path)
    assert guided.themes.guided
    named = [lb for lb, n in zip(guided.themes.labels, guided.themes.named, strict=True) if n]
    assert len(named) >= guided.themes.k // 2
    assert len(set(guided.themes.labels)) == guided.themes.k


def test_excerpts_lead_with_their_own_theme_and_names_are_unique(seeds):
    th = seeds.themes
    assert len(set(th.labels)) == th.k
    lead = th.paragraph_weights.argmax(axis=1)
    texts = []
    for t, chosen in enumerate(seeds.excerpts):
        for i in chosen:
            assert lead[i] == t
            art = seeds.corpus.articles[seeds.tokens.article[i]]
            texts.append(art.paragraphs[seeds.tokens.paragraph[i]].content)
    # the tulip-tourism scenery and the journalist's lead-in represent no theme
    assert not any(x.startswith(("暖阳下，郁金香", "如今，站在新的起点上")) for x in texts)
    assert sum(map(len, seeds.excerpts)) >= seeds.themes.k
    # merged short paragraphs still have weights of their own
    units = th.unit_of
    shared = [u for u in set(units.tolist()) if (units == u).sum() > 1]
    assert any(
        not np.allclose(th.paragraph_weights[np.flatnonzero(units == u)[0]],
                        th.paragraph_weights[np.flatnonzero(units == u)[1]])
        for u in shared
    ) or not shared  # fmt: skip


def test_named_themes_show_their_names_words_among_the_top_terms(seeds):
    lex = {e.name: set(e.words) for e in read_theme_lexicon("lexicon/themes.toml")}
    th = seeds.themes
    for t in range(th.k):
        if th.named[t]:
            top = th.top_terms(t)
            assert sum(any(w == s_ or s_ in w for s_ in lex[th.labels[t]]) for w in top) >= 2


# --------------------------------------------------------------------------- real corpus


@needs_gwr()
def test_government_work_reports_themes_move_across_eras(tmp_path):
    result = analyse(GWR, load_config("tifa.toml"), cache_dir=tmp_path)
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
