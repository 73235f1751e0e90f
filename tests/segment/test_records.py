"""Per-article records: joint records of consecutive articles, their storage, the pool."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.ingest import read_articles
from analysis.run.cache import Cache
from analysis.segment import engine_available, make_segmenter, merge_records, tokens
from analysis.segment.records import (
    _compact,
    from_arrays,
    record_key,
    segment_article,
    segment_run,
    to_arrays,
)

ENGINES = [
    "jieba",
    pytest.param(
        "rjieba",
        marks=pytest.mark.skipif(not engine_available("rjieba"), reason="no rjieba"),
    ),
]
TEXTS = {
    "a.txt": "推动高质量发展，培育新质生产力。坚持稳中求进！\n\n乡村振兴取得新进展。",
    "b.txt": "坚持稳中求进！GDP增长5.2%；AI+制造。\n\n推动高质量发展。",
    "c.txt": "新质生产力加快发展？区委书记余长明同志强调，稳中求进。",
    "d.txt": "乡村振兴取得新进展。数字经济蓬勃发展；3D打印走进工厂。",
    "e.txt": "推动高质量发展，做好民生保障。",
}


@pytest.fixture()
def corpus(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    return read_articles(tmp_path)


def _same(a, b):
    assert a.vocab == b.vocab and a.tags == b.tags
    for x, y in zip((a.codes, a.offsets, a.article, a.paragraph),
                    (b.codes, b.offsets, b.article, b.paragraph), strict=True):  # fmt: skip
        assert x.dtype == y.dtype and np.array_equal(x, y)


@pytest.mark.parametrize("engine", ENGINES)
def test_joint_records_merge_as_the_articles_records(corpus, engine):
    """A run of consecutive articles as one record gives the corpus the same words, tags and
    codes, in the same order, as one record per article."""
    seg = make_segmenter(engine=engine)
    arts = corpus.articles
    singles = [segment_article(seg, a) for a in arts]
    records, first = segment_run(seg, arts[:3])
    _, rest = segment_run(seg, arts[3:])
    assert [r["vocab"] for r in records] == [r["vocab"] for r in singles[:3]]
    assert first["articles"] == 3 and rest["articles"] == len(arts) - 3
    _same(merge_records(arts, [first, rest]), merge_records(arts, singles))
    _same(merge_records(arts, [singles[0], *segment_run(seg, arts[1:])[1:]]),
          merge_records(arts, singles))  # fmt: skip
    with pytest.raises(ValueError):
        merge_records(arts, [first])


@pytest.mark.parametrize("engine", ENGINES)
def test_the_pool_with_cached_gaps_gives_the_plain_tokens(tmp_path, corpus, engine):
    """Segmented on two forked processes in runs cut at the cached articles, the tokens are
    those of segmenting every article here."""
    seg = make_segmenter(engine=engine)
    plain, _ = tokens(corpus.articles, seg, workers=1)
    cache = Cache(tmp_path / "cache")
    for i in (1, 3):  # two articles cached already
        a = corpus.articles[i]
        cache.save("segments", record_key(seg, a), to_arrays(segment_article(seg, a)))
    pooled, stats = tokens(corpus.articles, seg, cache_dir=cache, workers=2, min_chars=0)
    assert stats == {"cached": 2, "segmented": 3}
    _same(pooled, plain)
    warm, stats = tokens(corpus.articles, seg, cache_dir=cache, workers=2, min_chars=0)
    assert stats == {"cached": 5, "segmented": 0}
    _same(warm, plain)


@pytest.mark.parametrize("engine", ENGINES)
def test_word_tag_is_the_tag_in_the_text(engine):
    seg = make_segmenter(engine=engine)
    for text in TEXTS.values():
        pairs = seg.tag(text)
        assert [w for w, _ in pairs] == seg.cut(text)
        for w, t in pairs:
            assert seg.word_tag(w) in (t, None)


def test_stored_records_round_trip_and_a_split_word_is_damage(corpus):
    seg = make_segmenter(engine="jieba")
    article = corpus.articles[0]
    record = segment_article(seg, article)
    back = from_arrays(to_arrays(record), len(article.analysed))
    assert back["vocab"] == record["vocab"] and back["tags"] == record["tags"]
    assert np.array_equal(back["codes"], record["codes"])
    odd = {**record, "vocab": ["a\x1fb", *record["vocab"][1:]]}
    assert from_arrays(to_arrays(odd), len(article.analysed)) is None
    empty = {
        "vocab": [],
        "tags": [],
        "codes": np.zeros(0, np.int32),
        "lengths": np.zeros(1, np.int64),
    }
    assert from_arrays(to_arrays(empty), 1)["vocab"] == []


def test_merged_words_are_compact_copies(corpus):
    """The merged vocabulary equals the records' words but holds none of their string objects
    (each would pin an allocator arena of freed words), whatever the words hold."""
    seg = make_segmenter(engine="jieba")
    singles = [segment_article(seg, a) for a in corpus.articles]
    originals = {id(w) for r in singles for w in r["vocab"]}
    merged = merge_records(corpus.articles, singles)
    plain = [w for r in singles for w in r["vocab"]]
    assert merged.vocab == tuple(dict.fromkeys(plain))
    assert not any(id(w) in originals for w in merged.vocab if len(w) > 1)
    for words in ([], [""], ["a", ""], ["甲\x1f乙", "丙"]):
        assert _compact(list(words)) == tuple(words)
