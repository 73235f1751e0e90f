"""One date format in the report: every date at the corpus's common precision."""

from __future__ import annotations

import re
from pathlib import Path

from analysis.config import Config
from analysis.ingest.dates import common_precision, shown_date
from analysis.pipeline import analyse
from analysis.report import _slogans_data, article_label, report_options
from analysis.report.labels import LABELS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_common_precision_is_the_coarsest():
    assert common_precision(["2017-03-05", "2018"]) == 4
    assert common_precision(["2017-03-05", "2018-04"]) == 7
    assert common_precision(["2017-03-05", ""]) == 10
    assert common_precision([]) == 10
    assert shown_date("2017-03-05", 7) == "2017-03"


def test_seeds_show_years_everywhere():
    # the seeds hold articles dated 2023 and 2024-02-xx: the report shows years only
    result = analyse(SEEDS, Config(), cache_dir=None)
    arts = result.corpus.articles
    assert sorted(len(a.date) for a in arts) == [4, 10, 10]  # the data keep their precision
    labels = [article_label(a, 20, common_precision(b.date for b in arts)) for a in arts]
    assert all(re.match(r"\d{4}( |$)", lb) and not re.match(r"\d{4}-", lb) for lb in labels), labels
    data = _slogans_data(result, report_options(Config()), {}, LABELS["zh"])
    dates = [c for row in data["rows"] for c in row[5:7] if c != "–"]
    assert dates and all(re.fullmatch(r"\d{4}", d) for d in dates), dates
    sources = [ln["source"] for k in data["kwic"] for ln in k["lines"]]
    assert sources and all(re.match(r"\d{4} · ", s) for s in sources), sources
