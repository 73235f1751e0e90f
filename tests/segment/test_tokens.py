"""Segmentation: parity of rjieba with jieba, the user lexicon, the cache, the filters."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import TifaError
from analysis.ingest import read_articles
from analysis.segment import (
    Tokens,
    engine_available,
    is_number_word,
    is_person,
    make_segmenter,
    tokens,
    tokens_filter,
    tokens_remove,
)
from analysis.wordlists import read_lexicon

from ..conftest import needs_gwr

needs_rjieba = pytest.mark.skipif(not engine_available("rjieba"), reason="rjieba is not installed")


@pytest.fixture(scope="module")
def lexicon():
    return read_lexicon(["lexicon"])


def _differences(corpus, lexicon):
    rj = make_segmenter(engine="rjieba", lexicon=lexicon)
    jb = make_segmenter(engine="jieba", lexicon=lexicon)
    paragraphs = [p.content for a in corpus.articles for p in a.analysed]
    diffs = []
    for text in paragraphs:
        a, b = [w for w, _ in rj.tag(text)], [w for w, _ in jb.tag(text)]
        if a != b:
            at = next(
                i for i, (x, y) in enumerate(zip(a + [""], b + [""], strict=False)) if x != y
            )
            diffs.append((a[max(0, at - 2) : at + 3], b[max(0, at - 2) : at + 3]))
    return paragraphs, diffs


@needs_rjieba
def test_rjieba_gives_jiebas_tokens_on_the_seeds(seed_corpus, lexicon):
    paragraphs, diffs = _differences(seed_corpus, lexicon)
    assert len(paragraphs) == 31
    assert diffs == []


@needs_rjieba
@needs_gwr()
def test_rjieba_matches_jieba_on_999_permille_of_government_work_reports(gwr_corpus, lexicon):
    paragraphs, diffs = _differences(gwr_corpus, lexicon)
    listing = "\n".join(f"rjieba {a} / jieba {b}" for a, b in diffs)
    print(f"\n{len(paragraphs) - len(diffs)} of {len(paragraphs)} paragraphs identical\n{listing}")
    assert len(diffs) <= 0.001 * len(paragraphs), listing
    # The known difference: rjieba keeps a year range whole, jieba splits it at the hyphen.
    assert all(any("-" in w for w in a) for a, _ in diffs), listing


@pytest.mark.parametrize("engine", ["jieba", pytest.param("rjieba", marks=needs_rjieba)])
@pytest.mark.parametrize(
    "text, term",
    [
        ("加快培育发展新质生产力，以科技创新为引领", "新质生产力"),
        ("推动大渡口高质量发展行稳致远", "高质量发展"),
        ("常态化开展“三服务”工作", "三服务"),
        ("学习运用“千万工程”经验", "千万工程"),
        ("谱写“公园大渡口、多彩艺术湾”建设更美篇章", "公园大渡口"),
        ("力争“三攻坚一盘活”改革突破", "三攻坚一盘活"),
    ],
)
def test_lexicon_keeps_official_terms_whole(lexicon, engine, text, term):
    seg = make_segmenter(engine=engine, lexicon=lexicon)
    assert term in [w for w, _ in seg.tag(text)]


def test_without_the_lexicon_slogans_are_split():
    plain = make_segmenter(lexicon=[])
    words = [w for w, _ in plain.tag("力争“三攻坚一盘活”改革突破，加快培育发展新质生产力")]
    assert "三攻坚一盘活" not in words and "新质生产力" not in words


def test_lexicon_file_tolerates_bom_crlf_and_comments(tmp_path):
    path = tmp_path / "words.txt"
    path.write_bytes(
        b"\xef\xbb\xbf# my terms\r\n\xe6\x96\xb0\xe8\xb4\xa8 100 nz\r\n\r\n  \xe4\xb8\x89\xe6\x9c\x8d\xe5\x8a\xa1  # slogan\r\n"
    )
    entries = read_lexicon([path])
    assert [(e.word, e.freq, e.tag, e.line) for e in entries] == [
        ("新质", 100, "nz", 2),
        ("三服务", None, None, 4),
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ("新质生产力 x1000", "frequency 'x1000' for '新质生产力' is not a whole number >= 0"),
        ("新质生产力 -5", "frequency '-5' for '新质生产力' is not a whole number >= 0"),
        ("新质生产力 100 n 多余", "has 4 fields"),
        ("新质生产力 100 n1", "'n1' after '新质生产力' is neither a frequency nor a jieba"),
        ("新质生产力 lots", "'lots' after '新质生产力' is neither a frequency nor a jieba"),
    ],
)
def test_malformed_lexicon_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.txt"
    path.write_text(f"# ok\n三服务\n{line}\n", encoding="utf-8")
    with pytest.raises(TifaError, match=message) as err:
        read_lexicon([tmp_path])
    assert str(err.value).startswith(f"{path}:3: ")


def test_cache_is_used_and_keyed_by_lexicon(tmp_path, seed_corpus, lexicon):
    seg = make_segmenter(lexicon=lexicon)
    first, stats1 = tokens(seed_corpus.articles, seg, cache_dir=tmp_path)
    again, stats2 = tokens(seed_corpus.articles, seg, cache_dir=tmp_path)
    assert stats1 == {"cached": 0, "segmented": 3} and stats2 == {"cached": 3, "segmented": 0}
    assert first == again
    other = make_segmenter(lexicon=lexicon[:-1])
    _, stats3 = tokens(seed_corpus.articles, other, cache_dir=tmp_path)
    assert stats3 == {"cached": 0, "segmented": 3}


def test_damaged_cache_entry_is_recomputed(tmp_path, seed_corpus, lexicon):
    seg = make_segmenter(lexicon=lexicon)
    first, _ = tokens(seed_corpus.articles, seg, cache_dir=tmp_path)
    for f in (tmp_path / "segments").rglob("*.npz"):
        f.write_bytes(b"not a pickle")
    again, stats = tokens(seed_corpus.articles, seg, cache_dir=tmp_path)
    assert again == first and stats["segmented"] == 3


def test_tokens_keep_article_and_paragraph_positions(seed_corpus, lexicon):
    toks, _ = tokens(seed_corpus.articles, make_segmenter(lexicon=lexicon))
    assert len(toks) == sum(len(a.analysed) for a in seed_corpus.articles)
    for words, a, p in zip(toks.docs, toks.article, toks.paragraph, strict=True):
        para = seed_corpus.articles[a].paragraphs[p]
        assert para.analysed
        han = "".join(ch for w in words for ch in w if "\u4e00" <= ch <= "\u9fff")
        assert han in "".join(ch for ch in para.content if "\u4e00" <= ch <= "\u9fff")


@pytest.mark.parametrize(
    "word, tag, person",
    [("余长明", "nrfg", True), ("刘理国", "nr", True), ("对小微", "nr", False),
     ("企业", "n", False), ("欧阳修", "nr", True), ("赵", "nr", False)],
)  # fmt: skip
def test_is_person(word, tag, person):
    assert is_person(word, tag) is person


def test_filter_drops_stopwords_short_numbers_and_people(seed_corpus, lexicon):
    toks, _ = tokens(seed_corpus.articles, make_segmenter(lexicon=lexicon))
    kept = tokens_filter(toks, stopwords=frozenset({"企业"}), min_chars=2, exclude_people=True)
    words = {w for d in kept.docs for w in d}
    assert "企业" not in words and "余长明" not in words and "2022" not in words
    assert all(len(w) >= 2 for w in words)
    assert "新质生产力" in words
    with_people = tokens_filter(toks, min_chars=2, exclude_people=False)
    assert "余长明" in {w for d in with_people.docs for w in d}


@pytest.mark.parametrize(
    "word",
    ["一九五八年", "九五三年", "二〇二五", "一九五", "百分之四点", "第六个", "十一日",
     "三十一日", "二十五个", "一百四十一个", "六千余", "一百多", "十一次", "万余", "七千多万",
     "三十八所"],  # fmt: skip
)
def test_numbers_in_chinese_numerals_are_not_terms(word):
    assert is_number_word(word)


@pytest.mark.parametrize(
    "word",
    ["十一五", "九五", "十五", "三农", "一线", "百亿级", "千万工程", "三服务", "亿元", "一年",
     "四个", "十个", "万个", "二十大", "十四届", "三十条", "一号", "万亿元", "二月", "四十日"],  # fmt: skip
)
def test_plan_names_and_numbered_slogans_stay_terms(word):
    assert not is_number_word(word)


@needs_gwr()
def test_gwr_terms_hold_no_years_in_chinese_numerals(gwr_corpus, lexicon):
    toks, _ = tokens(gwr_corpus.articles[:6], make_segmenter(lexicon=lexicon))
    raw = {w for d in toks.docs for w in d}
    assert any(w.startswith("一九五") and w.endswith("年") for w in raw)  # the input has them
    kept = {w for d in tokens_filter(toks, min_chars=2).docs for w in d}
    assert not any(w.endswith("年") and is_number_word(w) for w in kept)
    assert not any(w.startswith("一九") for w in kept)


def test_tokens_remove_is_idempotent(seed_corpus, lexicon):
    toks, _ = tokens(seed_corpus.articles, make_segmenter(lexicon=lexicon))
    words = frozenset({"发展", "建设", "企业"})
    once = tokens_remove(toks, words)
    assert tokens_remove(once, words) == once
    assert once.n_tokens == toks.n_tokens - sum(w in words for d in toks.docs for w in d)


def test_reading_fewer_articles_segments_the_same(tmp_path, lexicon):
    (tmp_path / "a.txt").write_text("推动高质量发展，培育新质生产力。\n", encoding="utf-8")
    corpus = read_articles(tmp_path)
    toks, _ = tokens(corpus.articles, make_segmenter(lexicon=lexicon))
    assert toks.docs == (("推动", "高质量发展", "培育", "新质生产力"),)


@given(
    st.lists(
        st.lists(st.sampled_from(["发展", "改革", "企业", "的", "2023"]), max_size=8), max_size=12
    ),
    st.sets(st.sampled_from(["发展", "改革", "企业", "的", "2023"])),
)
@settings(max_examples=80, deadline=None)
def test_removing_words_from_codes_equals_removing_them_from_lists(docs, words):
    toks = Tokens.from_docs(docs)
    removed = tokens_remove(toks, frozenset(words))
    assert removed.docs == tuple(tuple(w for w in d if w not in words) for d in docs)
    assert tokens_remove(removed, frozenset(words)) == removed


def _plain_record(seg, article):
    """segment_article the plain way: each paragraph segmented whole, word by word."""
    import re

    from analysis.ingest import HAN

    wordlike = re.compile(rf"[{HAN}A-Za-z0-9]")
    index, tags, codes, lengths = {}, [], [], []
    for p in article.analysed:
        n = 0
        for w, t in seg.tag(p.content):
            if wordlike.search(w):
                if w not in index:
                    index[w] = len(index)
                    tags.append(t)
                codes.append(index[w])
                n += 1
        lengths.append(n)
    return list(index), tags, codes, lengths


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_sentence_memo_gives_the_whole_paragraphs_records(tmp_path, engine, lexicon):
    """Cut after sentence ends and segmented once per distinct sentence, every article's record
    is the one of its paragraphs segmented whole (repeated sentences, question and exclamation
    marks, semicolons, a sentence end inside quotes, Latin letters and digits)."""
    from analysis.segment.records import segment_article

    if engine == "rjieba" and not engine_available("rjieba"):
        pytest.skip("rjieba is not installed")
    repeated = "坚持以人民为中心的发展思想。推动高质量发展！"
    (tmp_path / "a.txt").write_text(
        f"{repeated}怎么办？要“稳中求进。”GDP增长5.2%；AI+制造。\n\n{repeated}{repeated}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(f"新质生产力。{repeated}乡村振兴；三服务？\n", encoding="utf-8")
    seg = make_segmenter(engine=engine, lexicon=lexicon)
    corpora = [read_articles(tmp_path), read_articles("seeds")]
    for corpus in corpora:
        for article in corpus.articles:
            record = segment_article(seg, article)
            vocab, tags, codes, lengths = _plain_record(seg, article)
            assert record["vocab"] == vocab and record["tags"] == tags
            assert record["codes"].tolist() == codes and record["lengths"].tolist() == lengths
            assert record["codes"].dtype == np.int32 and record["lengths"].dtype == np.int64


@needs_gwr()
def test_sentence_memo_gives_the_whole_paragraphs_records_on_the_reports(gwr_corpus, lexicon):
    from analysis.segment.records import segment_article

    seg = make_segmenter(lexicon=lexicon)
    for article in gwr_corpus.articles[::5]:
        record = segment_article(seg, article)
        vocab, tags, codes, lengths = _plain_record(seg, article)
        assert (record["vocab"], record["tags"]) == (vocab, tags), article.article_id
        assert (record["codes"].tolist(), record["lengths"].tolist()) == (codes, lengths)


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_an_extended_segmenter_equals_a_fresh_one(engine, lexicon, seed_corpus):
    """Names added to a loaded dictionary segment exactly as a fresh load with them would."""
    from analysis.wordlists import Entry

    if engine == "rjieba" and not engine_available("rjieba"):
        pytest.skip("rjieba is not installed")
    names = [Entry(word=w, path="title", line=0, tag="nr") for w in ("余长明", "李红梅", "长明同")]
    base = make_segmenter(engine=engine, lexicon=lexicon)
    base.tag("余长明同志强调")  # loaded and used before the names are added
    extended = base.extended([*lexicon, *names])
    fresh = make_segmenter(engine=engine, lexicon=[*lexicon, *names])
    assert extended.key == fresh.key
    texts = [p.content for a in seed_corpus.articles for p in a.analysed]
    texts += ["区委书记余长明同志强调，李红梅主任指出：长明同志说。"]
    assert [extended.tag(t) for t in texts] == [fresh.tag(t) for t in texts]
    assert extended.has_word("李红梅") and fresh.has_word("李红梅")
    # the base gave its engine up: used again, it loads afresh without the names
    assert not base.has_word("李红梅")
    # not an extension of the base's entries: a fresh segmenter
    other = make_segmenter(engine=engine, lexicon=lexicon).extended(names)
    assert other.key == make_segmenter(engine=engine, lexicon=names).key
