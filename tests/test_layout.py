"""Layout rules of issue 13: in-line paragraph marks, back matter, near-duplicate articles."""

from __future__ import annotations

from pathlib import Path

from analysis.config import load_config
from analysis.duplicates import find_duplicates, jaccard, shingle_sketch
from analysis.ingest import mark_inline_paragraphs, parse_text, read_articles
from analysis.pipeline import analyse
from analysis.report.tables import build_tables

from .conftest import ROOT, SHARED

FIX = Path(__file__).parent / "fixtures"


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


def test_two_copies_of_a_seed_are_analysed_once(tmp_path):
    run = analyse(FIX / "duplicate-seeds", load_config(ROOT / "tifa.toml"), cache_dir=None,
                  fit=False, slogans=False)  # fmt: skip
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


def test_every_role_has_a_name_in_the_report():
    from analysis.ingest import ROLES
    from analysis.report.labels import ROLE_NAMES

    for lang in ("zh", "en"):
        assert set(ROLES) <= set(ROLE_NAMES[lang]), lang
