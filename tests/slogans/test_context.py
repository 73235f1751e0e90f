"""Quoting counted by documents (the score's ``quoted_log``)."""

from __future__ import annotations

import math
import re

from analysis.ingest import read_articles
from analysis.slogans.context import quoted_documents
from analysis.slogans.model import Found, Hit
from analysis.slogans.score import features

from .conftest import BASE


def _hits(term: str, texts: dict[tuple[int, int], str]) -> list[Hit]:
    return [
        Hit(0, a, p, m.start(), m.end())
        for (a, p), t in texts.items()
        for m in re.finditer(re.escape(term), t)
    ]


def test_quoting_is_counted_by_documents_not_uses():
    one = "“四人帮”横行，“四人帮”倒台，批判“四人帮”。"
    texts = {(0, 0): one, (0, 1): one, (1, 0): "“四人帮”被粉碎。", (2, 0): "四人帮。"}
    assert quoted_documents(_hits("四人帮", texts), texts) == 2  # 7 quoted uses, 2 documents
    assert quoted_documents(_hits("横行", texts), texts) == 0
    assert quoted_documents([], texts) == 0


def test_quoted_log_counts_at_most_three_quoted_uses_per_document(tmp_path):
    text = "“四人帮”横行，“四人帮”倒台，批判“四人帮”，“四人帮”垮了。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    articles = read_articles(tmp_path).articles
    texts = {(0, p.index): p.text for p in articles[0].paragraphs}
    f = Found("四人帮", "quoted", {"quoted 4×"}, {"四人帮"})
    f.quoted = 4
    table = features(
        [f], [_hits("四人帮", texts)], [1.0],
        articles=articles, periods=[""], is_word=BASE.has_word, tag=BASE.tag,
    )  # fmt: skip
    assert table["quoted_log"].iloc[0] == math.log1p(3)  # four quoted uses in one document
