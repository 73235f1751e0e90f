"""A web page saved as .txt is read as its text; a text that mentions a tag keeps it."""

from __future__ import annotations

from analysis.ingest import parse_text
from analysis.ingest.markup import is_web_page, page_text

PAGE = """<!DOCTYPE html>
<html><head><title>关于做好春季农业生产的通知</title>
<style>
p { color: red }
</style>
<script>var x = "<p>不是正文</p>";</script>
</head><body>
<div class="nav"><a href="/">首页</a></div>
<p>各乡镇：为做好春季农业生产工作，&ldquo;稳粮保供&rdquo;，现通知如下。</p>
<p>一要抓好春耕备耕，二要抓好&nbsp;农资供应。</p><!-- 统计代码 -->
</body></html>
"""


def _paragraphs(text):
    _, articles = parse_text(text, path="page.txt")
    return [(p.line, p.text) for a in articles for p in a]


def test_a_web_page_is_read_as_its_text_each_paragraph_on_its_line():
    got = _paragraphs(PAGE)
    texts = [t for _, t in got]
    assert "各乡镇：为做好春季农业生产工作，“稳粮保供”，现通知如下。" in texts
    assert (10, "一要抓好春耕备耕，二要抓好 农资供应。") in got  # the line of the page
    assert not [t for t in texts if "<" in t or "color" in t or "不是正文" in t or "统计" in t]
    assert texts[0] == "关于做好春季农业生产的通知"  # <title> is a paragraph of its own


def test_an_unclosed_script_drops_to_the_end_and_keeps_the_line_count():
    page = "<html><body><p>正文。</p>\n<script>\nvar a = 1;\n"
    text = page_text(page)
    assert text.count("\n") == page.count("\n") and "var" not in text and "正文。" in text


def test_a_text_that_mentions_a_tag_is_not_a_page():
    text = "文件中出现了<b>加粗</b>标记，也写到<script>字样。\n" * 3
    assert not is_web_page(text)
    assert any("<b>加粗</b>" in t for _, t in _paragraphs(text))


def test_an_article_body_in_paragraph_tags_is_markup():
    """A CMS's article body saved without its page (<p>...</p> and &nbsp;, no <html>): its
    paragraphs are paragraphs and its tags and entities go; a sentence that mentions <p> once
    is not markup."""
    paras = ["现在，我代表市人民政府向大会报告工作。", "过去一年，经济运行稳中向好。", "我们持续改善民生。"]
    body = "".join(f'<p style="text-indent:2em">{p}&nbsp;</p>' for p in paras)
    assert is_web_page(body)
    assert [t for _, t in _paragraphs(body + "\n")] == paras
    assert not is_web_page("文件用<p>标记段落，<p>不是正文</p>。\n" * 2)
