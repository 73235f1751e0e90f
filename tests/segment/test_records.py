"""Records of articles and runs of articles: joint records, their storage in runs, the pool."""

from __future__ import annotations

import random

import numpy as np
import pytest

from analysis.ingest import read_articles
from analysis.run.cache import Cache
from analysis.segment import engine_available, make_segmenter, merge_records, store, tokens
from analysis.segment.records import _compact, segment_article, segment_runs
from analysis.segment.store import (
    cache_runs,
    from_arrays,
    record_key,
    run_key,
    store_run,
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
    records, first = segment_runs(seg, [[a] for a in arts[:3]])
    (run,), rest = segment_runs(seg, [arts[3:]])
    assert [r["vocab"] for r in records] == [r["vocab"] for r in singles[:3]]
    assert first["articles"] == 3 and rest["articles"] == run["articles"] == len(arts) - 3
    _same(merge_records(arts, [first, rest]), merge_records(arts, singles))
    _same(merge_records(arts, [*records, run]), merge_records(arts, singles))
    _same(merge_records(arts, [singles[0], *segment_runs(seg, [arts[1:]])[1:]]),
          merge_records(arts, singles))  # fmt: skip
    with pytest.raises(ValueError):
        merge_records(arts, [first])


@pytest.mark.parametrize("engine", ENGINES)
def test_the_pool_with_cached_gaps_gives_the_plain_tokens(tmp_path, corpus, engine, monkeypatch):
    """Segmented on two forked processes in tasks cut at the cached runs, the tokens are
    those of segmenting every article here."""
    monkeypatch.setattr(store, "RUN_CHARS", 1)  # a run per article
    seg = make_segmenter(engine=engine)
    plain, _ = tokens(corpus.articles, seg, workers=1)
    cache = Cache(tmp_path / "cache")
    for i in (1, 3):  # two runs cached already
        a = corpus.articles[i]
        store_run(cache, run_key([record_key(seg, a)]), segment_runs(seg, [[a]])[0][0])
    pooled, stats = tokens(corpus.articles, seg, cache_dir=cache, workers=2, min_chars=0)
    assert stats == {"cached": 2, "segmented": 3}
    _same(pooled, plain)
    warm, stats = tokens(corpus.articles, seg, cache_dir=cache, workers=2, min_chars=0)
    assert stats == {"cached": 5, "segmented": 0}
    _same(warm, plain)
    assert len(list((tmp_path / "cache" / "segments").rglob("*.npz"))) == 5


def test_runs_away_from_an_edit_keep_their_keys():
    """An article's new key changes the runs from the last cut before it to the next
    article whose key ends a run; every other run, before and after, is the same."""
    rnd = random.Random(7)
    keys = [f"{rnd.getrandbits(256):064x}" for _ in range(400)]
    sizes = [rnd.randrange(0, 9000) for _ in keys]
    runs = cache_runs(keys, sizes)
    assert [i for run in runs for i in run] == list(range(400))
    assert 400 / 40 < len(runs) < 400 / 4  # runs of several articles, not one or all
    assert all(sum(sizes[i] for i in run[:-1]) < store.RUN_CHARS for run in runs)
    for edited in (0, 150, 399):
        other = list(keys)
        other[edited] = f"{rnd.getrandbits(256):064x}"
        before = {tuple(keys[i] for i in r) for r in runs}
        after = {tuple(other[i] for i in r) for r in cache_runs(other, sizes)}
        assert 1 <= len(before - after) <= 3


def test_an_edited_article_resegments_its_run_only(tmp_path):
    """After one article of 120 changes, a warm run segments the articles of the runs whose
    keys changed, none other, and gives the tokens of a cold run."""
    texts = ["推动高质量发展，培育新质生产力。", "乡村振兴取得新进展。", "坚持稳中求进！数字经济蓬勃发展。"]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(120):
        (folder / f"a{i:02}.txt").write_text(f"第{i}篇。{texts[i % 3]}\n", encoding="utf-8")
    seg = make_segmenter(engine="jieba")
    cache = Cache(tmp_path / "cache")
    old = read_articles(folder).articles
    _, stats = tokens(old, seg, cache_dir=cache)
    assert stats == {"cached": 0, "segmented": 120}
    (folder / "a17.txt").write_text("第十七篇。做好民生保障。\n", encoding="utf-8")
    corpus = read_articles(folder)
    warm, stats = tokens(corpus.articles, seg, cache_dir=cache)

    def runs(articles):
        keys = [record_key(seg, a) for a in articles]
        sizes = [sum(len(p.content) for p in a.analysed) for a in articles]
        return {run_key([keys[i] for i in r]): len(r) for r in cache_runs(keys, sizes)}

    changed = sum(n for k, n in runs(corpus.articles).items() if k not in runs(old))
    assert 1 <= stats["segmented"] == changed < 120 and stats["cached"] == 120 - changed
    _same(warm, tokens(corpus.articles, seg)[0])


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
    (run,), _ = segment_runs(seg, [corpus.articles[:2]], joint=False)
    n = sum(len(a.analysed) for a in corpus.articles[:2])
    back = from_arrays(to_arrays(run), n, 2)
    assert back["articles"] == 2 and back["vocab"] == run["vocab"]
    assert from_arrays(to_arrays(run), n, 1) is None  # a run read as one article: damage


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
