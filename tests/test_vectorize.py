"""Document-term matrices and term frequencies."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import Tokens
from analysis.vectorize import dtm as _dtm
from analysis.vectorize import dtm_group, dtm_trim, stat_frequency


def dtm(docs):
    return _dtm(Tokens.from_docs(docs))


WORDS = st.sampled_from(["发展", "改革", "企业", "乡村振兴", "新质生产力", "安全", "民生"])
DOCS = st.lists(st.lists(WORDS, max_size=12), min_size=1, max_size=20)


@given(DOCS)
@settings(max_examples=60, deadline=None)
def test_term_counts_sum_to_token_counts(docs):
    d = dtm(docs)
    assert d.matrix.sum() == sum(map(len, docs))
    assert list(d.terms) == sorted(d.terms)
    for i, doc in enumerate(docs):
        row = d.matrix.getrow(i)
        counts = {d.terms[j]: v for j, v in zip(row.indices, row.data, strict=True)}
        assert counts == {w: doc.count(w) for w in set(doc)}


@given(DOCS, st.data())
@settings(max_examples=40, deadline=None)
def test_grouping_rows_keeps_totals(docs, data):
    groups = data.draw(st.lists(st.integers(0, 3), min_size=len(docs), max_size=len(docs)))
    d = dtm(docs)
    g = dtm_group(d, groups, 4)
    assert g.matrix.shape == (4, len(d.terms))
    for k in range(4):
        members = [i for i, x in enumerate(groups) if x == k]
        assert np.array_equal(
            g.matrix.getrow(k).toarray(),
            d.matrix[members].sum(axis=0).A if members else np.zeros((1, len(d.terms))),
        )


def test_trim_by_document_frequency():
    d = dtm([["a", "b"], ["a", "c"], ["a", "b"], ["a"]])
    assert dtm_trim(d, min_df=2).terms == ("a", "b")
    assert dtm_trim(d, max_df=0.5).terms == ("b", "c")


def test_frequency_table_ranks_by_count_then_term_with_rates():
    d = dtm([["改革", "发展", "发展"], ["改革", "企业"]])
    freq = stat_frequency(d, characters=20_000)
    assert freq["term"].tolist() == ["发展", "改革", "企业"]
    assert freq["count"].tolist() == [2, 2, 1]
    assert freq["articles"].tolist() == [1, 2, 1]
    assert freq["rate"].tolist() == [1.0, 1.0, 0.5]


def test_empty_corpus_gives_an_empty_matrix():
    d = dtm([[], []])
    assert d.matrix.shape == (2, 0) and d.terms == ()


@given(DOCS)
@settings(max_examples=40, deadline=None)
def test_building_the_matrix_leaves_the_tokens_unchanged(docs):
    toks = Tokens.from_docs(docs)
    before = (toks.codes.copy(), toks.offsets.copy())
    _dtm(toks)
    assert np.array_equal(toks.codes, before[0]) and np.array_equal(toks.offsets, before[1])
    assert toks.docs == tuple(tuple(d) for d in docs)


def test_the_paragraph_matrix_is_counted_when_asked_not_kept(tmp_path):
    """A run keeps no paragraph-term matrix (a large corpus's takes a tenth of a GB for no
    stage): ``paragraph_dtm`` counts the analysed terms when asked, rows summing by article
    to the kept article matrix."""
    import dataclasses  # noqa: PLC0415

    from analysis.config import load_config  # noqa: PLC0415
    from analysis.pipeline import analyse_counts  # noqa: PLC0415
    from analysis.vectorize import dtm_group  # noqa: PLC0415

    from .conftest import ROOT  # noqa: PLC0415

    (tmp_path / "a.txt").write_text(
        "推动高质量发展，乡村振兴。\n\n科技创新推动发展。\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("乡村振兴取得新进展，科技创新。\n", encoding="utf-8")
    run = analyse_counts(tmp_path, load_config(ROOT / "tifa.toml"), cache_dir=None)
    assert "paragraph_dtm" not in {f.name for f in dataclasses.fields(run)}
    para = run.paragraph_dtm
    assert para.shape[0] == len(run.tokens)
    by_article = dtm_group(para, run.tokens.article, len(run.corpus.articles))
    assert by_article.terms == run.article_dtm.terms
    assert (by_article.matrix != run.article_dtm.matrix).nnz == 0
