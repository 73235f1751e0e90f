"""What the report chooses to show and how it qualifies it: significance, genre cautions,
eras, timelines that cover the span, gaps, distinctive clouds, spread KWIC, the cover title."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypdf
import pytest

from analysis.cli import main
from analysis.compare import bh_q_values, p_values
from analysis.compare.eras import detect_eras, parse_eras, resolve_groups
from analysis.config import Config
from analysis.report import corpus_title
from analysis.report.labels import LABELS
from analysis.report.readings import (
    axis_gaps,
    buckets,
    distinctive_weights,
    kind_difference,
    spread_pick,
    sustained_movers,
)
from analysis.report.tables import read_table

from ..conftest import warm_cache


def test_bh_q_values_by_hand():
    p = np.array([0.01, 0.04, 0.03, 0.20])
    # sorted 0.01 0.03 0.04 0.20 -> *4/rank: 0.04 0.06 0.0533 0.20 -> running min from the top
    assert np.allclose(bh_q_values(p), [0.04, 0.0533333, 0.0533333, 0.20])
    assert bh_q_values(np.array([])).size == 0
    assert np.allclose(p_values(np.array([1.959964, -1.959964]), "fightin"), 0.05, atol=1e-6)
    assert np.isclose(p_values(np.array([3.841459]), "g2")[0], 0.05, atol=1e-6)


def test_spread_pick_takes_each_part_in_turn():
    ranked = {"1950s": ["a", "b", "c"], "1960s": ["a", "d"], "1970s": ["e"]}
    assert spread_pick(ranked, 4) == ["a", "d", "e", "b"]


def test_sustained_movers_ignore_a_one_period_spike():
    periods = [str(y) for y in range(2000, 2012)]
    rows = []
    for i, p in enumerate(periods):
        rows.append((p, "term", "spike", 50 if i == 5 else 1, 50.0 if i == 5 else 1.0))
        rows.append((p, "term", "rises", 2 + 4 * (i >= 6), 2.0 + 4 * (i >= 6)))
        rows.append((p, "term", "flat", 5, 5.0))
    trends = pd.DataFrame(rows, columns=["period", "kind", "item", "count", "rate"])
    part_of = buckets(periods)
    assert sustained_movers(trends, "term", n=1, part_of=part_of) == ["rises"]


def test_axis_gaps_and_decades():
    assert axis_gaps(["1954", "1955", "1964", "1965", "1975"]) == [2, 4]
    assert axis_gaps(["2023-11", "2023-12", "2024-01", "2024-03"]) == [3]
    assert buckets(["1954", "1961"]) == {"1954": "1950s", "1961": "1960s"}


def test_kind_difference_names_the_column():
    interview = [{"kind": "专访", "source": "a"}]
    visits = [{"kind": "调研报道", "source": "b"}, {"kind": "调研报道", "source": "b"}]
    assert kind_difference(interview, visits) == ("kind", ["专访"], ["调研报道"])
    assert kind_difference(visits, visits) is None
    assert kind_difference([{"kind": ""}], visits) is None


def test_distinctive_weights_are_not_frequency():
    total = np.array([100.0, 10.0, 10.0])
    row = np.array([50.0, 10.0, 0.0])  # the common word, and a word only this text has
    from analysis.compare import dirichlet_prior

    w = distinctive_weights(row, total, dirichlet_prior(total))
    assert w[1] > w[0] and w[2] == 0


def test_eras_from_config_and_detected():
    assert parse_eras([("b", "1978-2012"), ("a", "1954-1977")]) == [
        ("a", 1954, 1977), ("b", 1978, 2012),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="overlap"):
        parse_eras([("a", "1954-1980"), ("b", "1978-2012")])
    rng = np.random.default_rng(0)
    blocks = [np.abs(rng.normal(0, 0.05, (6, 30))) + np.eye(30)[k * 10 : k * 10 + 1].repeat(6, 0)
              for k in range(3)]  # fmt: skip
    cuts = detect_eras(np.vstack(blocks), 3)
    assert cuts == [6, 12]


def test_auto_compares_articles_in_the_seeds(seed_corpus):
    grouping = resolve_groups(seed_corpus.articles, "auto")
    assert grouping.by == "article"  # two dated periods only (2023, 2024)
    assert corpus_title("seeds", "", seed_corpus.articles) == "seeds"  # kinds differ
    assert corpus_title("seeds", "My title", seed_corpus.articles) == "My title"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, reference_cache):
    out = tmp_path_factory.mktemp("reading") / "out"  # the cache beside: --out may not hold it
    warm_cache(reference_cache, out.parent / "cache")
    assert main(["report", "seeds", "--out", str(out), "--cache-dir", str(out.parent / "cache"), "-q"]) == 0
    return out


def test_seeds_keyness_is_marked_not_significant_with_a_genre_caution(seeds_out):
    key = read_table(seeds_out / "tables" / "keyness.csv")
    assert list(key.columns[-3:]) == ["p_value", "q_value", "significant"]
    assert set(key["significant"]) == {"false"}  # every z is below 2.5 on two short texts
    assert (key["q_value"].astype(float) >= key["p_value"].astype(float) - 1e-9).all()
    text = "".join(
        "".join(p.extract_text().split()) for p in pypdf.PdfReader(seeds_out / "report.pdf").pages
    )
    t = LABELS["zh"]
    assert "".join(t["sig_none"].split("{m}")[1].split()) in text
    caution = "".join(t["fd_genre_caution"].format(field="体裁", a="专访", b="调研报道").split())
    assert "".join(t["fd_genre_caution"].format(field="体裁", a="调研报道", b="专访").split()) in text
    assert caution not in text  # the later side (2024, inspection reports) comes first
    assert "注意：两组文章的体裁不同" in text


def test_gwr_compares_eras_and_the_timeline_covers_every_decade(gwr_corpus):
    from analysis.pipeline import analyse
    from analysis.report import _timeline_slogans, report_options
    from tests.conftest import GWR

    del gwr_corpus  # (only to skip when the corpus is absent)
    result = analyse(GWR, Config(), cache_dir=".cache")
    cmp = result.comparison
    assert cmp.by == "era" and len(cmp.eras) >= 3
    assert list(cmp.groups) == sorted(cmp.groups)  # time order
    assert [p[1][0] for p in cmp.pairs] == list(cmp.groups[:-1])  # each against the previous
    diff = cmp.slogan_diff
    assert set(diff["status"]) == {"new", "dropped", "kept"}
    assert len(diff.groupby(["group_a", "group_b"])) == len(cmp.groups) - 1
    names = _timeline_slogans(result, report_options(Config()))
    periods = result.slogans.periods
    chosen = periods[periods["slogan"].isin(names)].assign(decade=periods["period"].str[:3])
    per_decade = chosen.groupby(["decade", "slogan"])["count"].sum()
    decades = sorted({p[:3] for p in periods["period"].unique()})
    # every decade has a formulation of the timeline used there at least three times
    assert all(per_decade[d].max() >= 3 for d in decades), per_decade.groupby(level=0).max()


def test_a_source_per_record_is_no_kind():
    many = [{"kind": "", "source": f"record {i}"} for i in range(10)]
    assert kind_difference(many[:5], many[5:]) is None


def test_changes_mark_words_that_came_in_or_went_out():
    from analysis.report import _changes_data

    t = LABELS["en"]
    table = pd.DataFrame(
        [("theme", "产业发展", "产业|企业|项目", "产业|企业|园区")],
        columns=["change", "item", "before", "after"],
    )
    data = _changes_data(table, True, t)
    assert data["themes"]["rows"][0][2:] == ["产业 企业 −项目", "产业 企业 +园区"]
    empty = _changes_data(table.iloc[:0], True, t)
    assert empty["note"] == t["ch_none"]


def test_an_unchanged_rerun_says_so(seeds_out, capsys):
    capsys.readouterr()
    assert main(["report", "seeds", "--out", str(seeds_out), "--cache-dir", str(seeds_out.parent / "cache"), "-q"]) == 0
    assert "no changes since the last run" in capsys.readouterr().out
