"""Reused sentences: the corpus is hashed in blocks of sentences, with the same pairs."""

import numpy as np

from analysis.echo import reuse

REFERENCE = [
    "坚持以人民为中心的发展思想推动高质量发展",
    "全面推进乡村振兴加快建设农业强国",
    "深化供给侧结构性改革扩大内需",
]
CORPUS = [
    "我们坚持以人民为中心的发展思想推动高质量发展",
    "今天天气晴朗没有什么可说的句子",
    "全面推进乡村振兴加快建设农业强省",
    "深化供给侧结构性改革",
    "",
    "全面推进乡村振兴加快建设农业强国",
]


def _pairs(block, monkeypatch):
    monkeypatch.setattr(reuse, "_HASH_BLOCK", block)
    return [(c, r.tolist(), np.round(s, 9).tolist())
            for c, r, s in reuse.similar_pairs(CORPUS, REFERENCE, threshold=0.4)]  # fmt: skip


def test_blocks_give_the_same_pairs(monkeypatch):
    whole = _pairs(10_000, monkeypatch)
    assert [c for c, _, _ in whole] == [0, 2, 3, 5]  # not the unrelated or the empty one
    assert whole[-1][1:] == ([1], [1.0])
    for block in (1, 2, 4):
        assert _pairs(block, monkeypatch) == whole


def test_a_sentence_reused_in_several_articles_is_one_string():
    from analysis.echo.reference import RefArticle
    from analysis.ingest.model import Article, Paragraph

    ref = [RefArticle("r1", "2020-01-01", "甲", ((0, REFERENCE[0] + "。"),))]
    arts = [
        Article(
            f"a{i}",
            f"a{i}.txt",
            "乙",
            "2021-01-01",
            "",
            (Paragraph(0, "body", "".join([CORPUS[0], "。"]), 1),),
        )  # fmt: skip
        for i in range(3)
    ]
    table = reuse.reused_sentences(arts, ref, threshold=0.4, min_chars=10)
    assert table["article_id"].tolist() == ["a0", "a1", "a2"]
    texts = table["text"].to_numpy(dtype=object)
    assert texts[0] == CORPUS[0] + "。" and texts[1] is texts[0] and texts[2] is texts[0]
