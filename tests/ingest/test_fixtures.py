"""The small real-shaped texts of tests/fixtures, each read through ``read_articles``: a GB18030
file, a UTF-8 file with a byte order mark, page breaks in the middle of a sentence, and
paragraphs marked by U+3000 indents on one line (all invented texts)."""

from __future__ import annotations

from pathlib import Path

from analysis.ingest import read_articles

FIX = Path(__file__).parent.parent / "fixtures"


def _paragraphs(path: Path) -> tuple[str, list[tuple[int, str, str]]]:
    corpus = read_articles(path)
    assert not corpus.notices
    (art,) = corpus.articles
    return art.encoding, [(p.line, p.role, p.text) for p in art.paragraphs]


def test_gb18030_file_is_decoded_with_a_character_outside_gbk():
    raw = (FIX / "encodings" / "gb18030.txt").read_bytes()
    assert raw.decode("gb18030").count("䶮") == 1  # not in GBK: only GB18030 reads it
    encoding, paras = _paragraphs(FIX / "encodings" / "gb18030.txt")
    assert encoding == "gb18030"
    assert paras == [
        (1, "headline", "关于县域经济发展的报告"),
        (3, "body", "各位代表："),
        (5, "body", "过去一年，全县上下坚持稳中求进，地区生产总值增长百分之五点八，䶮河新区建成投产。"),
        (7, "body", "今年要抓好三件事：一是扩大有效投资，二是提振消费，三是改善民生。"),
    ]


def test_byte_order_mark_is_not_part_of_the_title():
    assert (FIX / "encodings" / "bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    encoding, paras = _paragraphs(FIX / "encodings" / "bom.txt")
    assert encoding == "utf-8 with BOM"
    assert paras == [
        (1, "headline", "乡村振兴工作情况通报"),
        (3, "body", "一年来，各乡镇认真落实乡村振兴战略，农村人居环境持续改善。"),
        (5, "body", "下一步，要稳定粮食生产，发展乡村旅游，让农民腰包鼓起来。"),
    ]


def test_page_breaks_mid_sentence_are_rejoined_and_the_page_number_dropped():
    # one cut by blank lines and a page number "- 2 -", one by a form feed
    _, paras = _paragraphs(FIX / "page-break" / "meeting.txt")
    assert paras == [
        (1, "headline", "全区经济工作会议召开"),
        (3, "body", "会议指出，一季度是实现全年目标的关键期，各级各部门要振奋精神、真抓实干，"
                    "以更大力度推动重点项目加快建设，确保实现一季度开门红。"),
        (12, "body", "会议要求，要坚持以人民为中心，办好民生实事，守牢安全底线。"),
    ]  # fmt: skip


def test_ideographic_space_indents_on_one_line_are_paragraphs():
    _, paras = _paragraphs(FIX / "ideographic-indent" / "speech.txt")
    assert [(line, role) for line, role, _ in paras] == [
        (1, "headline"), *[(1, "body")] * 6, (2, "heading"), (2, "body"), (2, "body"),
    ]  # fmt: skip
    texts = [t for _, _, t in paras]
    assert texts[:3] == ["在全县经济工作会议上的讲话", "同志们：", "今天召开全县经济工作会议，主要任务是总结去年工作，部署今年任务。"]
    assert texts[7:] == ["关于安全生产工作", "要坚决守住安全底线，压实主体责任，防范化解重大风险。", "要抓好隐患排查整治，确保人民群众生命财产安全。"]
    assert not any("\u3000" in t for t in texts)
