"""Layout rules of issue 13: in-line paragraph marks, back matter."""

from __future__ import annotations

from pathlib import Path

import pytest

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


# invented: a news page copied from a county website, one paragraph per line, its chrome kept
NEWS_PAGE = """首页 > 新闻中心 > 地方动态
全县召开春季农业生产推进会
2024-03-15 09:30:12　来源：县融媒体中心　作者：王明　【字号：大 中 小】　打印本页
分享到：微信 微博 QQ空间
本报讯（记者 王明）3月14日，全县召开春季农业生产推进会，部署今年重点任务。
会议指出，要抓好春耕备耕，确保粮食播种面积稳定。
会议强调，各乡镇要压实责任，推动各项任务落实落地。
（图为会议现场。记者 李红 摄）
责任编辑：赵丽
扫一扫在手机打开当前页
【关闭窗口】
上一篇：全县启动春耕生产
下一篇：全县安全生产工作会议召开
"""


def test_a_news_page_keeps_its_paragraphs_and_drops_its_chrome():
    _, (article,) = parse_text(NEWS_PAGE)  # one article: the share line starts none
    roles = [(p.role, p.text[:8]) for p in article]
    assert roles[0] == ("headline", "全县召开春季农业")
    assert [r for r, _ in roles].count("body") == 3  # each line its own paragraph
    assert ("caption", "（图为会议现场。") in roles and ("byline", "责任编辑：赵丽") in roles
    texts = " ".join(p.text for p in article)
    for chrome in ("首页 >", "分享到", "关闭窗口", "扫一扫", "上一篇", "下一篇"):
        assert chrome not in texts


def test_a_web_dateline_dates_the_article(tmp_path):
    (tmp_path / "news.txt").write_text(NEWS_PAGE, encoding="utf-8")
    (article,) = read_articles(tmp_path).articles
    assert article.date == "2024-03-15" and article.title == "全县召开春季农业生产推进会"


def test_hard_wrapped_text_is_still_joined():
    para = "各地区各部门坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。" * 3
    lines = [para[k : k + 30] for k in range(0, len(para), 30)]  # broken at 30 characters
    _, (article,) = parse_text("工作报告\n\n" + "\n".join(lines) + "\n")
    assert [p.text for p in article if p.role == "body"] == [para]


def test_a_timeline_is_one_article_with_its_lines():
    text = (
        "共建合作大事记\n"
        "合作不断走深走实，成果惠及各方人民。\n"
        "2017年6月\n国家领导人出访甲国\n两国同意加快发展战略对接\n"
        "2018年11月—12月\n国家领导人出访乙国、丙国\n三国签署合作文件\n"
        "各方表示，将继续推进务实合作。\n"
    )
    _, articles = parse_text(text)
    assert len(articles) == 1
    assert "2018年11月—12月" in [p.text for p in articles[0]]


def test_a_transcripts_stage_directions_are_no_words_of_the_speech():
    _, (article,) = parse_text(
        "在大会上的讲话\n\n同志们：\n\n今天我们隆重集会，庆祝伟大成就。（热烈掌声）\n\n"
        "我们要推动高质量发展。（长时间热烈鼓掌）我们要全面深化改革。\n\n（全场欢呼）\n\n"
        "会议以鼓掌方式通过决议。\n"
    )
    texts = [p.text for p in article]
    assert "今天我们隆重集会，庆祝伟大成就。" in texts
    assert "我们要推动高质量发展。我们要全面深化改革。" in texts
    assert "会议以鼓掌方式通过决议。" in texts  # prose about applause stays
    assert not [t for t in texts if "掌声" in t or "欢呼" in t]


def test_hard_wrapped_text_keeps_its_paragraphs():
    """A PDF's text copied with its line breaks: the short line that ends a sentence ends its
    paragraph, so four paragraphs stay four (they were one), and a full line that happens to
    end a sentence mid-paragraph does not cut it."""
    paras = [
        "过去一年，我们坚持稳中求进工作总基调，全面贯彻新发展理念，经济运行稳中向好，地区生产总值增长百分之五点八。",
        "我们大力发展新质生产力，推进“智改数转”，培育专精特新企业一百二十家，新增高新技术企业三百家。",
        "我们持续改善民生，城镇新增就业五万多人。新建改建幼儿园二十所，养老服务体系更加完善，群众获得感不断提升。",
        "我们深化改革开放，营商环境持续优化，经营主体活力进一步激发，外贸进出口总额创历史新高。",
    ]  # fmt: skip
    lines = [p[k : k + 20] for p in paras for k in range(0, len(p), 20)]
    assert "我们持续改善民生，城镇新增就业五万多人。" in lines  # a full line ending a sentence
    _, (article,) = parse_text("工作报告\n\n" + "\n".join(lines) + "\n")
    assert [p.text for p in article if p.role == "body"] == paras


PASTED = [
    "过去一年，我们坚持稳中求进工作总基调，经济运行稳中向好，地区生产总值增长百分之五点八。",
    "我们大力发展新质生产力，培育专精特新企业一百二十家，新增高新技术企业三百家。",
    "我们持续改善民生，城镇新增就业五万人，新建改建幼儿园二十所，养老服务体系更加完善。",
]


@pytest.mark.parametrize(
    "joiner",
    ["\t", "  ", "\u00a0\u00a0", "\u2028", "\u2029"],
    ids=["tab", "two-spaces", "nbsp-indent", "line-separator", "paragraph-separator"],
)
def test_paragraphs_pasted_on_one_line_stay_paragraphs(joiner):
    """Web copy and word-processor exports put a speech on one line: a tab, two spaces or
    no-break spaces after a full stop, or U+2028/U+2029 between paragraphs, mark paragraphs
    (they made one 240-character paragraph); a single space after a full stop does not."""
    _, (article,) = parse_text("工作报告\n\n" + joiner.join(PASTED) + "\n")
    assert [p.text for p in article if p.role == "body"] == PASTED
    _, (article,) = parse_text("工作报告\n\n" + " ".join(PASTED) + "\n")
    assert len([p for p in article if p.role == "body"]) == 1


def test_a_page_number_between_blank_lines_does_not_make_a_file_of_paragraphs_one_block():
    """A PDF's text, one paragraph per line, with a blank line around each page number: the
    page number is no paragraph of a blank-line layout (each page's lines were joined into
    one paragraph), the paragraph a page break cut is rejoined, and 共5页 第3页 and Page 3 of
    5 are page numbers too."""
    paras = [f"第{n}条，{PASTED[n % 3]}" for n in range(1, 13)]
    for footer in ("- 2 -", "第 3 页 共 5 页", "共5页 第3页", "Page 3 of 5"):
        pages = [paras[:4] + [paras[4][:15]], [paras[4][15:], *paras[5:8], paras[8][:9]],
                 [paras[8][9:], *paras[9:]]]  # fmt: skip
        text = "工作报告\n\n" + f"\n\n{footer}\n\n".join("\n".join(p) for p in pages) + "\n"
        _, (article,) = parse_text(text)
        assert [p.text for p in article if p.role == "body"] == paras, footer


def test_two_spaces_after_a_heading_number_or_a_quoted_item_mark_no_paragraph():
    """Only a full stop (with its closing quote) before two spaces or a tab marks a paragraph:
    （一）  总体要求 and “四个意识”  “四个自信” stay whole."""
    body = "过去一年，我们坚持稳中求进工作总基调，经济运行稳中向好。"
    for line, part in (("（一）  总体要求和主要目标任务", "总体要求和主要目标任务"),
                       ("增强“四个意识”  “四个自信”，做到“两个维护”。", "“四个自信”，做到“两个维护”。")):  # fmt: skip
        _, (article,) = parse_text(f"工作报告\n\n{body}\n{line}\n{body}\n")
        texts = [p.text for p in article]
        assert part not in texts and any(part in t for t in texts), line


def test_a_page_mark_inside_a_soft_broken_block_is_still_a_page_mark():
    """In a blank-line layout a bare number inside a block is text (广义货币M / 2), but 第 3 页
    inside a block is a page number, not words of the paragraph."""
    blocks = [f"第{n}段开头，\n接着写完。" for n in range(4)]
    blocks[1] = "第一段第一行，\n第 3 页\n第一段第二行。"
    _, (article,) = parse_text("工作报告\n\n" + "\n\n".join(blocks) + "\n")
    texts = [p.text for p in article if p.role == "body"]
    assert not any("第 3 页" in t or "第3页" in t for t in texts)
    assert "第一段第一行，第一段第二行。" in texts


def test_a_question_and_its_answer_on_the_next_line_are_two_paragraphs():
    """An interview with a blank line after each exchange (问：…？ then 答：… on the next
    line): the answer is a paragraph of its own, not the end of the question. A wrapped
    line that only happens to begin with 问 after an unfinished sentence stays joined."""
    _, (article,) = parse_text(
        "答记者问\n\n"
        "问：今年如何推动新质生产力发展？\n答：我们将因地制宜发展新质生产力，培育新动能。\n\n"
        "记者：营商环境方面有哪些举措？\n答：持续优化营商环境，高效办成一件事。\n\n"
        "问：基层治理怎样创新？\nA：深化“枫桥经验”实践，推进网格化管理。\n\n"
        "记者：下一步有何打算？\n张明：我们将推动高质量发展。\n\n"
        "对于这一点，有关负责人强调，要把群众的急难愁盼放在心上，要坚持\n问：需于民的工作方法。\n"
    )
    roles = [(p.role, p.text[:2]) for p in article]
    assert [r for r, _ in roles if r in ("question", "answer")][:7] == [
        "question", "answer", "question", "answer", "question", "answer", "question",
    ]  # fmt: skip
    named = next(p for p in article if p.text.startswith("张明："))
    assert named.role == "answer" and named.speaker == "张明"
    answers = [p.text for p in article if p.role == "answer"]
    assert answers[0] == "答：我们将因地制宜发展新质生产力，培育新动能。"
    assert answers[2] == "A：深化“枫桥经验”实践，推进网格化管理。"
    assert any(p.text.endswith("要坚持问：需于民的工作方法。") for p in article)


def test_a_speechs_title_date_line_and_speaker_stay_apart(tmp_path):
    """A speech as published: its title, its date line in brackets and the speaker's name on
    three lines of one block. They were one headline, 在…讲话（2024年12月20日）张三."""
    (tmp_path / "speech.txt").write_text(
        "在全省经济工作会议上的讲话\n（2024年12月20日）\n张三\n\n同志们：\n\n"
        "我们要推动高质量发展，加快发展新质生产力。\n\n我们要全面深化改革。\n\n"
        "（二〇二四年十二月二十日，根据录音整理）\n附：数据来源\n",
        encoding="utf-8",
    )
    (article,) = read_articles(tmp_path).articles
    assert article.title == "在全省经济工作会议上的讲话"
    assert article.date == "2024-12-20"
    roles = {p.text: p.role for p in article.paragraphs}
    assert roles["张三"] == "byline"
    assert "（二〇二四年十二月二十日，根据录音整理）" in roles


def test_a_report_titles_subtitle_date_and_speaker_in_one_block(tmp_path):
    """A party or government report's header in one block: a title over two lines, the
    ——在…上的报告 subtitle, the date line and the speaker. The title was analysed as body
    text and the article had no headline (or the date line was its headline)."""
    (tmp_path / "report.txt").write_text(
        "奋力谱写高质量发展新篇章\n为建设现代化新城而团结奋斗\n——在全市干部大会上的报告\n"
        "（2025年1月8日）\n李明\n\n同志们：\n\n现在，我代表市委向大会作报告。\n\n"
        "过去五年，我们坚持稳中求进，推动高质量发展取得新成效。\n",
        encoding="utf-8",
    )
    (article,) = read_articles(tmp_path).articles
    assert article.title == "奋力谱写高质量发展新篇章为建设现代化新城而团结奋斗"
    roles = {p.text: p.role for p in article.paragraphs}
    assert roles["——在全市干部大会上的报告"] == "kicker"
    assert roles["李明"] == "byline"
    assert not any("奋力谱写" in p.text for p in article.analysed)
    assert article.date == "2025-01-08"
