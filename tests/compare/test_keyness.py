"""Keyness between groups (Fightin' Words, G2) and pairs of similar articles."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency
from sklearn.preprocessing import normalize

from analysis.compare import (
    dirichlet_prior,
    g2,
    log_odds_dirichlet,
    similarity_pairs,
    stat_keyness,
)
from analysis.segment import Tokens
from analysis.vectorize import dtm

# --------------------------------------------------------------------------- hand-computed


def test_fightin_words_matches_the_hand_computed_table():
    # y_t = [10, 0, 5], n_t = 15; y_r = [2, 8, 5], n_r = 15; alpha = [1, 1, 1], a0 = 3.
    # term 0: ln(11 / (15+3-11)) - ln(3 / (15+3-3)) = ln(11/7) - ln(1/5) = ln(55/7)
    #         = 2.061423036;  var = 1/11 + 1/3 = 0.424242424;  z = 2.061423036 / 0.651338947
    # term 1: ln(1 / (18-1)) - ln(9 / (18-9)) = ln(1/17) - ln(1) = -2.833213344
    #         var = 1/1 + 1/9 = 1.111111111;  z = -2.833213344 / 1.054092553
    # term 2: ln(6/12) - ln(6/12) = 0;  z = 0
    delta, z = log_odds_dirichlet(
        np.array([10.0, 0.0, 5.0]), np.array([2.0, 8.0, 5.0]), np.array([1.0, 1.0, 1.0])
    )
    assert delta == pytest.approx([2.061423036, -2.833213344, 0.0], abs=1e-8)
    assert z == pytest.approx([3.164900617, -2.687822179, 0.0], abs=1e-8)


def test_g2_matches_the_hand_computed_table():
    # a = 10, b = 2, c = 20-10 = 10, d = 20-2 = 18, N = 40.
    # E_a = 20*12/40 = 6, E_b = 20*12/40 = 6, E_c = 20*28/40 = 14, E_d = 20*28/40 = 14.
    # G2 = 2 * (10 ln(10/6) + 2 ln(2/6) + 10 ln(10/14) + 18 ln(18/14))
    #    = 2 * (5.108256238 - 2.197224577 - 3.364722366 + 4.523658189) = 8.139938006
    # The second term is the same table seen from the other words: lower in the target.
    assert g2(np.array([10, 10]), np.array([2, 18])) == pytest.approx(
        [8.139938006, -8.139938006], abs=1e-8
    )


def test_g2_is_zero_for_equal_rates_and_finite_for_empty_cells():
    # n_t = 10, n_r = 20: terms 1 and 2 have the same rate in both groups.
    out = g2(np.array([0, 2, 3, 5, 0]), np.array([0, 4, 6, 0, 10]))
    assert np.all(np.isfinite(out))
    assert out[0] == 0 and out[1] == 0 and out[2] == 0
    assert out[3] > 0 and out[4] < 0


# --------------------------------------------------------------------------- properties

COUNTS = st.lists(st.integers(0, 60), min_size=2, max_size=8)


@given(st.data())
@settings(max_examples=80, deadline=None)
def test_swapping_the_groups_negates_every_score(data):
    t = np.array(data.draw(COUNTS), dtype=float)
    size = len(t)
    r = np.array(data.draw(st.lists(st.integers(0, 60), min_size=size, max_size=size)), float)
    prior = np.array(
        data.draw(st.lists(st.floats(0.01, 50), min_size=size, max_size=size)), dtype=float
    )
    delta, z = log_odds_dirichlet(t, r, prior)
    delta_swapped, z_swapped = log_odds_dirichlet(r, t, prior)
    assert np.all(np.isfinite(z))
    assert delta_swapped == pytest.approx(-delta, abs=1e-9)
    assert z_swapped == pytest.approx(-z, abs=1e-9)
    assert g2(r, t) == pytest.approx(-g2(t, r), abs=1e-9)


@given(st.data(), st.integers(1, 6), st.floats(0.01, 0.9))
@settings(max_examples=80, deadline=None)
def test_equal_rates_and_a_proportional_prior_give_zero_log_odds(data, size, p):
    # Term 0 takes the share p of each group and of the prior: y = p/(1-p) * (everything else);
    # the other terms are drawn freely.
    def with_share(low):
        rest = np.array(data.draw(st.lists(st.floats(low, 100), min_size=size, max_size=size)))
        return np.concatenate([[p / (1 - p) * rest.sum()], rest])

    delta, z = log_odds_dirichlet(with_share(0.0), with_share(0.0), with_share(0.1))
    assert delta[0] == pytest.approx(0, abs=1e-9)
    assert z[0] == pytest.approx(0, abs=1e-9)


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_g2_agrees_with_scipy_log_likelihood_test(data):
    t = np.array(data.draw(st.lists(st.integers(1, 80), min_size=2, max_size=6)))
    r = np.array(data.draw(st.lists(st.integers(1, 80), min_size=len(t), max_size=len(t))))
    out = g2(t, r)
    for w in range(len(t)):
        table = [[t[w], r[w]], [t.sum() - t[w], r.sum() - r[w]]]
        g = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert abs(out[w]) == pytest.approx(g, rel=1e-9, abs=1e-9)
        higher = t[w] / t.sum() > r[w] / r.sum()
        assert out[w] >= 0 if higher else out[w] <= 0


# --------------------------------------------------------------------------- prior


def test_default_prior_is_the_corpus_counts_with_a_floor_for_absent_terms():
    prior = dirichlet_prior(np.array([30, 10, 0, 60]))
    assert prior[[0, 1, 3]] == pytest.approx([30, 10, 60])
    assert 0 < prior[2] <= 0.01
    assert dirichlet_prior(np.array([30, 10, 60]), scale=10) == pytest.approx([3, 1, 6])


def test_a_larger_prior_shrinks_the_log_odds_of_rare_words():
    t, r = np.array([3, 500, 497]), np.array([0, 500, 500])
    corpus = t + r
    weak = log_odds_dirichlet(t, r, dirichlet_prior(corpus, scale=10))[0]
    strong = log_odds_dirichlet(t, r, dirichlet_prior(corpus, scale=10_000))[0]
    assert 0 < strong[0] < weak[0]


# --------------------------------------------------------------------------- stat_keyness

RURAL = [
    ["乡村振兴", "农民", "增收", "发展", "合作社", "种植", "乡村振兴"],
    ["农村", "耕地", "种植", "农民", "发展", "推进", "乡村振兴"],
    ["乡村振兴", "合作社", "农民", "农村", "推进", "发展"],
]
INDUSTRY = [
    ["企业", "产业", "制造业", "发展", "项目", "推进", "企业"],
    ["园区", "企业", "创新", "产业", "发展", "项目"],
    ["制造业", "企业", "产业", "创新", "推进", "发展", "项目", "企业"],
]


@pytest.fixture(scope="module")
def paragraphs():
    return dtm(Tokens.from_docs(RURAL + INDUSTRY))


@pytest.mark.parametrize("method", ["fightin", "g2"])
def test_rural_paragraphs_against_industry(paragraphs, method):
    out = stat_keyness(paragraphs.matrix, paragraphs.terms, [0, 1, 2], method=method, min_count=2)
    assert list(out.columns) == ["term", "score", "count_target", "count_reference"]
    assert out["score"].dtype == np.float64
    assert out["count_target"].dtype == np.int64 and out["count_reference"].dtype == np.int64
    assert out["term"].iloc[0] == "乡村振兴"
    assert out["term"].iloc[-1] == "企业"
    assert set(out["term"].head(5)) <= {"乡村振兴", "农民", "合作社", "种植", "农村"}
    assert set(out["term"].tail(5)) <= {"企业", "产业", "项目", "制造业", "创新"}
    row = out.set_index("term").loc["乡村振兴"]
    assert (row["count_target"], row["count_reference"]) == (4, 0)
    # 发展 occurs 3 times in each group (of 20 and 21 tokens): it scores near zero.
    assert out.set_index("term").loc["发展", "score"] == pytest.approx(0, abs=0.1)
    assert out["score"].is_monotonic_decreasing


def test_min_count_drops_the_rare_terms(paragraphs):
    terms = paragraphs.terms
    kept = stat_keyness(paragraphs.matrix, terms, [0, 1, 2], min_count=2)["term"]
    assert set(kept) == set(terms) - {"增收", "耕地", "园区"}
    every = stat_keyness(paragraphs.matrix, terms, [0, 1, 2], min_count=0)["term"]
    assert set(every) == set(terms)
    assert stat_keyness(paragraphs.matrix, terms, [0, 1, 2], min_count=6)["term"].tolist() == [
        "发展"
    ]


def test_min_count_does_not_change_the_scores(paragraphs):
    all_terms = stat_keyness(paragraphs.matrix, paragraphs.terms, [0, 1, 2], min_count=1)
    frequent = stat_keyness(paragraphs.matrix, paragraphs.terms, [0, 1, 2], min_count=3)
    merged = frequent.merge(all_terms, on="term", suffixes=("", "_all"))
    assert len(merged) == len(frequent)
    assert merged["score"].tolist() == merged["score_all"].tolist()


def test_ties_are_ordered_by_term_whatever_the_column_order(paragraphs):
    out = stat_keyness(paragraphs.matrix, paragraphs.terms, [0, 1, 2], min_count=1)
    # 合作社, 种植 and 农村 each occur twice in the rural paragraphs and never elsewhere.
    tied = out[out["term"].isin(["合作社", "种植", "农村"])]
    assert tied["score"].nunique() == 1
    assert tied["term"].tolist() == sorted(tied["term"])
    assert tied.index.tolist() == list(range(tied.index[0], tied.index[0] + 3))
    order = np.random.default_rng(0).permutation(len(paragraphs.terms))
    shuffled = stat_keyness(
        paragraphs.matrix[:, order], [paragraphs.terms[i] for i in order], [0, 1, 2], min_count=1
    )
    assert shuffled.equals(out)


def test_reference_defaults_to_every_other_row_and_other_rows_are_left_out(paragraphs):
    m, terms = paragraphs.matrix, paragraphs.terms
    default = stat_keyness(m, terms, [2, 0, 1])
    assert default.equals(stat_keyness(m, terms, [0, 1, 2], [3, 4, 5]))
    partial = stat_keyness(m, terms, [0], [3], min_count=1, method="g2")
    assert partial["count_target"].sum() == 7 and partial["count_reference"].sum() == 7


def test_prior_counts_replace_the_column_sums(paragraphs):
    m, terms = paragraphs.matrix, paragraphs.terms
    column_sums = np.asarray(m.sum(axis=0)).ravel()
    default = stat_keyness(m, terms, [0, 1, 2])
    assert stat_keyness(m, terms, [0, 1, 2], prior_counts=column_sums).equals(default)
    large = stat_keyness(m, terms, [0, 1, 2], prior_counts=column_sums * 100)
    assert large["score"].abs().max() < default["score"].abs().max()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_rows": [0], "method": "chi2"}, "unknown keyness method"),
        ({"target_rows": []}, "target_rows is empty"),
        ({"target_rows": [0, 1], "reference_rows": [1, 2]}, "both"),
        ({"target_rows": list(range(6))}, "reference group is empty"),
        ({"target_rows": [0], "reference_rows": [6]}, "reference_rows"),
        ({"target_rows": [-1]}, "target_rows"),
        ({"target_rows": [0], "prior_counts": np.ones(3)}, "prior_counts"),
    ],
)
def test_bad_arguments_are_refused(paragraphs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        stat_keyness(paragraphs.matrix, paragraphs.terms, **kwargs)


# --------------------------------------------------------------------------- similarity_pairs


def _rows(seed: int, n: int, vocab: int = 8, high: int = 3) -> sp.csr_matrix:
    counts = np.random.default_rng(seed).integers(0, high, size=(n, vocab)).astype(float)
    return normalize(sp.csr_matrix(counts))


def _expected_neighbour_pairs(X: sp.csr_matrix, k: int) -> dict[tuple[int, int], float]:
    S = (X @ X.T).toarray()
    pairs = {}
    for i in range(X.shape[0]):
        others = sorted((j for j in range(X.shape[0]) if j != i), key=lambda j: (-S[i, j], j))
        for j in others[:k]:
            pairs[min(i, j), max(i, j)] = S[i, j]
    return pairs


def test_small_collections_list_every_pair():
    X = _rows(1, 7)
    X = sp.vstack([X, X[2]]).tocsr()  # article "x0" repeats article "x5"
    ids = [f"x{7 - i}" for i in range(8)]  # ids in the reverse order of the rows
    out = similarity_pairs(X, ids)
    assert list(out.columns) == ["article_a", "article_b", "cosine"]
    assert len(out) == 8 * 7 // 2
    assert (out["article_a"] < out["article_b"]).all()
    assert not out.duplicated(["article_a", "article_b"]).any()
    dense = (X @ X.T).toarray()
    for a, b, cosine in out.itertuples(index=False):
        assert cosine == pytest.approx(dense[7 - int(a[1]), 7 - int(b[1])])
    top = out.iloc[0]
    assert (top["article_a"], top["article_b"]) == ("x0", "x5")
    assert top["cosine"] == pytest.approx(1.0)
    order = out.assign(neg=-out["cosine"]).sort_values(["neg", "article_a", "article_b"])
    assert order.index.tolist() == list(range(len(out)))


def test_large_collections_list_each_articles_nearest_neighbours():
    X = _rows(2, 12, vocab=10, high=4)
    ids = [f"doc{i:02d}" for i in range(12)]
    out = similarity_pairs(X, ids, all_pairs_up_to=5, neighbours=2, block=5)
    pairs = {(ids.index(a), ids.index(b)): c for a, b, c in out.itertuples(index=False)}
    assert len(pairs) == len(out) < 12 * 11 // 2
    assert all(i < j for i, j in pairs)
    dense = (X @ X.T).toarray()
    np.fill_diagonal(dense, -np.inf)
    for i in range(12):
        nearest = int(np.argmax(dense[i]))
        assert (min(i, nearest), max(i, nearest)) in pairs
    expected = _expected_neighbour_pairs(X, 2)
    assert pairs.keys() == expected.keys()
    for pair, cosine in pairs.items():
        assert cosine == pytest.approx(expected[pair])


@given(st.integers(0, 10_000), st.integers(3, 14), st.integers(1, 5), st.integers(1, 6))
@settings(max_examples=60, deadline=None)
def test_neighbour_mode_matches_brute_force_with_ties(seed, n, k, block):
    # Few terms and small counts: many rows are equal or zero, so ties are everywhere.
    X = _rows(seed, n, vocab=3, high=2)
    ids = [f"{i:03d}" for i in range(n)]
    out = similarity_pairs(X, ids, all_pairs_up_to=1, neighbours=k, block=block)
    found = {(int(a), int(b)) for a, b in zip(out["article_a"], out["article_b"], strict=True)}
    assert len(found) == len(out)
    assert found == _expected_neighbour_pairs(X, k).keys()


def test_zero_rows_have_cosine_zero():
    X = sp.csr_matrix(np.array([[0.6, 0.8, 0], [0, 0, 0], [0, 1.0, 0], [0, 0, 0]]))
    ids = ["a", "b", "c", "d"]
    for kwargs in ({}, {"all_pairs_up_to": 2, "neighbours": 3}):
        out = similarity_pairs(X, ids, **kwargs)
        assert not out["cosine"].isna().any()
        with_zero = out[out["article_a"].isin(["b", "d"]) | out["article_b"].isin(["b", "d"])]
        assert len(with_zero) > 0 and (with_zero["cosine"] == 0).all()
        assert out.iloc[0].tolist() == ["a", "c", pytest.approx(0.8)]


def test_degenerate_inputs():
    assert similarity_pairs(sp.csr_matrix((0, 3)), []).empty
    assert similarity_pairs(_rows(3, 1), ["only"], all_pairs_up_to=0).empty
    out = similarity_pairs(_rows(3, 4), list("abcd"), all_pairs_up_to=2, neighbours=50)
    assert len(out) == 6  # every other article is a neighbour
    with pytest.raises(ValueError, match="ids"):
        similarity_pairs(_rows(3, 4), ["a", "b"])


def test_neighbour_mode_never_builds_the_full_matrix():
    n = 4000
    rng = np.random.default_rng(4)
    X = normalize(sp.random(n, 300, density=0.05, format="csr", random_state=rng))
    ids = [f"{i:05d}" for i in range(n)]
    tracemalloc.start()
    try:
        out = similarity_pairs(X, ids, neighbours=5, block=100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < n * n * 8 / 4  # far less than one dense n x n matrix of float64
    assert n * 5 / 2 <= len(out) <= n * 5


# --------------------------------------------------------------------------- all groups at once


def _pairwise_keyness(counts, terms, labels, *, method, min_count, top):
    """keyness_table's rows for every group against the rest, one stat_keyness call each."""
    import pandas as pd

    from analysis.compare import REST

    out = []
    labels = np.asarray(labels, dtype=object)
    for g in sorted(set(labels) - {""}):
        t_rows = np.flatnonzero(labels == g)
        r_rows = np.flatnonzero((labels != g) & (labels != ""))
        if len(r_rows) == 0:
            continue
        scored = stat_keyness(counts, terms, t_rows, r_rows, method=method, min_count=min_count,
                              prior_counts=np.asarray(counts.sum(axis=0)).ravel())  # fmt: skip
        chosen = pd.concat(
            [scored[scored["score"] > 0].head(top), scored[scored["score"] < 0].tail(top)]
        )
        out += [(g, REST, r.term, round(r.score, 9), r.count_target, r.count_reference)
                for r in chosen.itertuples()]  # fmt: skip
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_articles=st.integers(3, 12),
    n_terms=st.integers(2, 40),
    top=st.integers(1, 6),
    method=st.sampled_from(["fightin", "g2"]),
)
def test_every_group_against_the_rest_at_once_equals_one_pair_at_a_time(
    seed, n_articles, n_terms, top, method
):
    from analysis.compare import comparison_pairs, keyness_table

    rng = np.random.default_rng(seed)
    counts = sp.csr_matrix(rng.poisson(1.0, size=(n_articles, n_terms)) * rng.integers(0, 2, size=(n_articles, n_terms)))  # fmt: skip
    # shuffled, repeated-looking terms and small counts make many ties
    terms = [f"t{i:02d}" for i in rng.permutation(n_terms)]
    labels = [rng.choice(["甲", "乙", "丙", ""]) for _ in range(n_articles)]
    pairs = comparison_pairs(labels)
    table = keyness_table(counts, terms, labels, pairs, kind="term", method=method,
                          min_count=2, top=top)  # fmt: skip
    got = [(r.target, r.reference, r.term, round(r.score, 9), r.count_target, r.count_reference)
           for r in table.itertuples()]  # fmt: skip
    assert got == _pairwise_keyness(counts, terms, labels, method=method, min_count=2, top=top)
