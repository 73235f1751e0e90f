"""Layout rules of issue 13: in-line paragraph marks, back matter."""

from __future__ import annotations

from pathlib import Path

from analysis.ingest import mark_inline_paragraphs, parse_text, read_articles

from ..conftest import SHARED

FIX = Path(__file__).parent.parent / "fixtures"


def test_ideographic_indents_on_one_line_are_paragraphs():
    corpus = read_articles(FIX / "ideographic-indent")
    (art,) = corpus.articles
    roles = [(p.line, p.role) for p in art.paragraphs]
    # line 1 holds a title, a salutation and five paragraphs; line 2 a heading and two
    assert len(art.paragraphs) == 10
    assert roles[0] == (1, "headline") and roles[7] == (2, "heading")
    assert [p.text for p in art.analysed][1].startswith("今天召开全县经济工作会议")
    assert all(p.text.endswith(("。", "：")) for p in art.analysed)


def test_aligned_spaces_in_a_byline_are_not_a_paragraph_mark():
    text = "海拉尔区人民政府区长\u3000\u3000杜联合"
    assert mark_inline_paragraphs(text) == text
    _, articles = parse_text("标题\n\n正文第一段，内容很长很长很长。\u3000\u3000正文第二段，也很长很长很长很长。\n")
    assert [p.text for p in articles[0] if p.role == "body"] == [
        "正文第一段，内容很长很长很长。", "正文第二段，也很长很长很长很长。"
    ]


def test_appendix_and_footnotes_are_kept_out_and_split_nothing():
    corpus = read_articles(FIX / "back-matter")
    assert len(corpus.articles) == 1  # 附件 and 名词解释 start no article
    roles = {p.text[:6]: p.role for p in corpus.articles[0].paragraphs}
    assert roles["附件1"] == "appendix" and roles["名词解释"] == "appendix"
    assert roles["注释："] == "footnote" and roles["[1] 数据"] == "footnote"
    analysed = [p.text for p in corpus.articles[0].analysed]
    assert len(analysed) == 3 and analysed[-1].startswith("今年要继续抓好民生实事")  # 。[1] ends a sentence
    assert not any("运营好农村公路" in t for t in analysed)


def test_provincial_appendices_stay_in_their_report():
    folder = SHARED / "corpora" / "prov-gwr-2026"
    if not folder.is_dir():
        return
    corpus = read_articles(folder)
    assert len(corpus.articles) == len(list(folder.glob("*.txt")))
    gd = next(a for a in corpus.articles if "guangdong" in a.article_id)
    assert any(p.role == "appendix" and p.text == "名词解释" for p in gd.paragraphs)


def test_every_role_has_a_name_in_the_report():
    from analysis.ingest import ROLES
    from analysis.report.labels import ROLE_NAMES

    for lang in ("zh", "en"):
        assert set(ROLES) <= set(ROLE_NAMES[lang]), lang
