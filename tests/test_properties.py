"""Property tests (Hypothesis): arbitrary input never crashes reading or segmentation,
rebuilding paragraphs loses no character of body text, stopword removal is idempotent."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest import DecodeFailure, decode_bytes, normalize_text, parse_text
from analysis.segment import make_segmenter, tokens, tokens_filter

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HAN_TEXT = "坚持稳中求进推动高质量发展乡村振兴民生福祉改革开放新质生产力"
PUNCT = "，。、；：！？"


@pytest.fixture(scope="module")
def segmenter():
    return make_segmenter()


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes_reading(text):
    front_and_articles = None
    try:
        front_and_articles = parse_text(text)
    except Exception as exc:  # noqa: BLE001 - only a TifaError (bad front matter) is allowed
        from analysis.errors import TifaError

        assert isinstance(exc, TifaError) and "front matter" in str(exc)
    if front_and_articles is not None:
        _, articles = front_and_articles
        for article in articles:
            for p in article:
                assert "\n" not in p.text and p.text == p.text.strip()


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_fail_cleanly(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeFailure as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes_segmentation(segmenter, text):
    for word, tag in segmenter.tag(text):
        assert isinstance(word, str) and isinstance(tag, str)


_sentence = st.text(alphabet=HAN_TEXT, min_size=3, max_size=30).map(lambda s: s + "。")
_clause = st.tuples(
    st.text(alphabet=HAN_TEXT, min_size=2, max_size=20), st.sampled_from(PUNCT)
).map("".join)
_line = st.lists(st.one_of(_sentence, _clause), min_size=1, max_size=4).map("".join)
_layout = st.lists(st.tuples(_line, st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"])), max_size=12)


@SETTINGS
@given(_layout)
def test_rejoining_and_splitting_paragraphs_loses_no_character(parts):
    """Every character of Chinese text lines is in exactly one paragraph, cut or not."""
    text = "".join(line + sep for line, sep in parts)
    _, articles = parse_text(text)
    if not articles:
        # only a text of headline-like lines (no sentence end: 中中：) is no article; the
        # reader skips such a file with a warning (tests/test_hardening.py)
        assert not any(ch in "。！？；" for ch in text), text
        return
    kept = Counter(
        ch for article in articles for p in article for ch in p.text if not ch.isspace()
    )
    given_ = Counter(ch for ch in normalize_text(text.replace("\r\n", "\n")) if not ch.isspace())
    assert kept == given_


@SETTINGS
@given(
    st.lists(_line, min_size=1, max_size=6),
    st.sets(st.sampled_from(["发展", "推动", "坚持", "乡村", "振兴", "民生", "改革"])),
)
def test_stopword_removal_is_idempotent(segmenter, lines, stop):
    from analysis.ingest import Article

    _, parsed = parse_text("\n\n".join(lines))
    articles = [
        Article(
            article_id=f"a{i}", file="x.txt", title="", date="", source="", paragraphs=tuple(p)
        )
        for i, p in enumerate(parsed)
    ]
    raw, _ = tokens(articles, segmenter, cache_dir=None)
    once = tokens_filter(raw, stopwords=frozenset(stop))
    twice = tokens_filter(once, stopwords=frozenset(stop))
    assert once.codes.tolist() == twice.codes.tolist()
    assert once.offsets.tolist() == twice.offsets.tolist()
    words = {once.vocab[c] for c in once.codes}
    assert not words & stop
    assert all(re.search("[\u4e00-\u9fff]", w) for w in words)
