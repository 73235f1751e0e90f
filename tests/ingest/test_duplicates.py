"""Near-duplicate articles (issue 13): a reprint is analysed once."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from analysis.config import load_config
from analysis.ingest.duplicates import _DROP, _kept, find_duplicates, jaccard, shingle_sketch
from analysis.pipeline import analyse
from analysis.report.tables import build_tables

from ..conftest import ROOT

FIX = Path(__file__).parent.parent / "fixtures"


def test_two_copies_of_a_seed_are_analysed_once(tmp_path):
    run = analyse(FIX / "duplicate-seeds", load_config(ROOT / "tifa.toml"), cache_dir=None)  # fmt: skip
    arts = {a.article_id: a for a in run.corpus.articles}
    assert arts["2023-b-reprint"].duplicate_of == "2023-a-interview"
    assert not arts["2023-b-reprint"].analysed
    assert {p.role for p in arts["2023-b-reprint"].paragraphs} >= {"duplicate"}
    assert [n for n in run.notices if "2023-b-reprint = 2023-a-interview" in n.message]
    table = build_tables(run)["articles"]
    assert list(table.columns[:12])[-1] == "duplicate_of"
    assert table.set_index("article_id").loc["2023-b-reprint", "duplicate_of"] == "2023-a-interview"
    assert table.set_index("article_id").loc["2023-a-interview", "duplicate_of"] == ""
    assert run.tokens.article.max() < len(run.corpus.articles)
    assert 1 not in set(run.tokens.article.tolist())  # the reprint has no analysed paragraph


def test_near_duplicates_threshold():
    a = "各级各部门要以更大力度推动重点企业发展，持续用力培育百亿级产业集群。" * 3
    b = "本报讯 " + a[:-10]
    c = "要坚持走具有大渡口特色的乡村振兴路子，树立在保护中利用的意识。" * 3
    assert jaccard(shingle_sketch(a), shingle_sketch(b)) > 0.6
    assert find_duplicates([a, c, b]) == [(2, 0, find_duplicates([a, c, b])[0][2])]
    assert find_duplicates([a, c]) == []


def test_the_characters_kept_are_those_the_punctuation_pattern_leaves():
    """Every code point, surrogates and those beyond the BMP included: kept exactly when
    ``[\\s\\W_]+`` would not remove it, so the sketches are those of the pattern."""
    codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    expected = np.fromiter((_DROP.fullmatch(chr(c)) is None for c in range(len(codes))), bool)
    assert np.array_equal(_kept(codes), expected)
