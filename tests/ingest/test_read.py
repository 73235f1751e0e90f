"""Ingestion on the seeds' real defects and on awkward files."""

from __future__ import annotations

import pytest

from analysis.errors import TifaError
from analysis.ingest import (
    classify,
    date_from_stem,
    decode_bytes,
    normalize_line,
    parse_date,
    parse_text,
    read_articles,
)

from ..conftest import needs_gwr

VISITS = "2024-02-yu-changming-visits"
INTERVIEW = "2023-yu-changming-interview"

# Each cut of the seeds, as the text on both sides of the page break (seed 000 has 5, 004 has 3).
CUTS = [
    (VISITS, "鼓励企业坚定信心"),  # the caption sits inside this cut
    (VISITS, "快速增长势头，能够确保实现"),
    (VISITS, "余长明强调，要坚持以群众需求为导向"),
    (VISITS, "立足大渡口资源、优势"),
    (VISITS, "吸引聚集更多人气"),
    (INTERVIEW, "真抓实干成效明显城市，这是一年一度"),
    (INTERVIEW, "“一核两带”消费带重点项目建设"),
    (INTERVIEW, "也能当好配角，必须服务全局"),
]


def _rows(corpus):
    return [(a.article_id, p) for a in corpus.articles for p in a.paragraphs]


@pytest.mark.parametrize("stem, joined", CUTS)
def test_every_page_break_cut_is_rejoined(seed_corpus, stem, joined):
    hits = [p for aid, p in _rows(seed_corpus) if aid.startswith(stem) and joined in p.text]
    assert len(hits) == 1
    assert hits[0].role in ("body", "answer")


def test_caption_is_taken_out_of_the_text_and_kept_as_caption(seed_corpus):
    rows = _rows(seed_corpus)
    with_photo = [p for _, p in rows if "龙在全/摄" in p.text]
    assert [p.role for p in with_photo] == ["caption"]
    assert with_photo[0].line == 17
    assert not any("右三" in p.text for _, p in rows if p.role != "caption")


def test_seed_000_is_two_articles_with_ids_titles_and_dates(seed_corpus):
    visits = [a for a in seed_corpus.articles if a.file == f"{VISITS}.txt"]
    assert [a.article_id for a in visits] == [f"{VISITS}#1", f"{VISITS}#2"]
    assert visits[0].title == "加快培育发展新质生产力 以科技创新为引领构建现代化产业体系"
    assert visits[1].title == "努力将金鳌田园打造成“示范点、好去处、好平台”"
    # The manifest says 2024-02; the lead of each article gives the day.
    assert [a.date for a in visits] == ["2024-02-19", "2024-02-20"]
    assert "金鳌" not in "".join(p.text for p in visits[0].paragraphs)
    assert "中元汇吉" not in "".join(p.text for p in visits[1].paragraphs)


def test_interview_questions_answers_and_speaker(seed_corpus):
    (interview,) = [a for a in seed_corpus.articles if a.article_id == INTERVIEW]
    questions = [p for p in interview.paragraphs if p.role == "question"]
    assert len(questions) == 4
    assert all(p.text.startswith("《中国企业报》：") for p in questions)
    answers = [p for p in interview.paragraphs if p.role == "answer"]
    assert len(answers) == 20
    assert {p.speaker for p in answers} == {"余长明"}
    first = next(p for p in answers if p.text.startswith("余长明："))
    assert first.content.startswith("刚刚过去的2022年")  # the label is not analysed
    roles = {p.role for p in interview.paragraphs}
    assert {"headline", "kicker", "byline", "heading"} <= roles
    assert interview.source == "《中国企业报》" and interview.date == "2023"


def test_roles_of_the_visit_reports(seed_corpus):
    first = seed_corpus.articles[1]
    roles = [p.role for p in first.paragraphs]
    assert roles[:2] == ["kicker", "headline"]
    assert "attendees" in roles
    attendees = next(p for p in first.paragraphs if p.role == "attendees")
    assert attendees.text == "大渡口区领导刘理国、刘振及相关部门负责人参加。"


def test_repeated_lead_is_counted_once(seed_corpus):
    first = seed_corpus.articles[1]
    dups = [p for p in first.paragraphs if p.role == "duplicate"]
    assert len(dups) == 1 and dups[0].line == 7
    analysed = "".join(p.content for p in first.analysed)
    assert analysed.count("新年新气象，各级各部门要以更大力度推动重点企业发展") == 1


def test_ascii_commas_between_chinese_clauses_become_full_width(seed_corpus):
    text = "".join(p.text for a in seed_corpus.articles for p in a.paragraphs)
    assert "强调，新年新气象，" in text
    assert "," not in text


def test_line_of_a_match_inside_a_rejoined_paragraph(seed_corpus):
    p = next(p for _, p in _rows(seed_corpus) if "够确保实现一季度开门红" in p.text)
    assert p.line == 13
    assert p.line_at(p.text.index("够确保实现")) == 21
    assert p.line_at(p.text.index("坚定信心")) == 19


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("余长明强调,新年新气象,各级各部门", "余长明强调，新年新气象，各级各部门"),
        ("\u3000\u3000现在，我代表国务院", "现在，我代表国务院"),
        ("打\u200b造人类命运共同体", "打造人类命运共同体"),
        ("２０２３年增长６.５％", "2023年增长6.5%"),
        ("余长明(右三)调研", "余长明（右三）调研"),
        ("PM2.5 and 1,000 and 12:30", "PM2.5 and 1,000 and 12:30"),
        ('强化"三服务"工作', "强化“三服务”工作"),
        ("国务院总理\u3000李克强", "国务院总理 李克强"),
        ("推动高质量发展.", "推动高质量发展。"),
    ],
)
def test_normalize_line(raw, expected):
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("本报记者 赵玲玲", "byline"),
        ("文/张三 李四", "byline"),
        ("文化、教育和卫生部门为三十亿八千万元，占百分之七点二；", "text"),
        ("2月19日，在某公司，书记（右三）调研企业复工复产工作。 龙在全/摄", "caption"),
        ("图为游客在金鳌田园赏花。", "caption"),
        ("《中国企业报》：过去一年取得了哪些成果？", "question"),
        ("记者：您怎么看？", "question"),
        ("大渡口区领导刘德毅、刘扬、谭述明参加。", "attendees"),
        ("## 深耕不辍 收获硕果", "md"),
        ("一、过去五年工作回顾", "titleish"),
        ("- 12 -", "page"),
        ("第3页", "page"),
        ("---", "separator"),
        ("'", "junk"),
        ("现在，我代表国务院，向大会报告政府工作，请予审议。", "text"),
    ],
)
def test_classify(text, kind):
    assert classify(text) == kind


def test_one_paragraph_per_line_file_keeps_lines_apart():
    text = "标题在这里\n第一段说明了情况，内容很长很长很长很长很长。\n第二段也是一个完整的段落，说明了别的。\n"
    _, articles = parse_text(text)
    (paras,) = articles
    assert [p.role for p in paras] == ["headline", "body", "body"]


def test_blank_line_file_joins_broken_lines_inside_a_paragraph():
    text = "各位代表：\n\n通过了国家的根本法——\n中华人民共和国宪法\n，接着又通过了几个法律。\n\n第二段。\n"
    _, (paras,) = parse_text(text)
    assert paras[1].text == "通过了国家的根本法——中华人民共和国宪法，接着又通过了几个法律。"
    assert paras[1].line == 3


def test_page_number_inside_a_cut_is_dropped():
    text = (
        "各位代表：\n\n一季度是实现全年发展目标的关键期，各级各部门要振奋精神，讲到一半的时候被分页"
        "\n\n- 2 -\n\n打断了，后面接着说完。\n"
    )
    _, (paras,) = parse_text(text)
    joined = [p for p in paras if "分页打断了" in p.text]
    assert len(joined) == 1
    assert not any("- 2 -" in p.text for p in paras)


def test_rule_line_and_markdown_headline_split_articles():
    text = (
        "# 第一篇\n\n第一篇的正文，讲了一件事。\n\n---\n\n第二篇的正文，讲了另一件事。\n\n"
        "# 第三篇\n\n第三篇的正文，又讲了一件事。\n"
    )
    _, articles = parse_text(text)
    assert len(articles) == 3
    assert articles[0][0].role == "headline" and articles[0][0].text == "第一篇"


def test_section_headings_do_not_split_an_article():
    text = (
        "报告标题\n\n一、过去一年的工作\n\n正文第一段，内容。\n\n（一）关于经济\n\n正文第二段，内容。\n\n"
        "结束语\n\n各位代表：\n\n正文最后一段，内容。\n"
    )
    _, articles = parse_text(text)
    assert len(articles) == 1


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2024", "2024"),
        ("2024-2", "2024-02"),
        ("2024-02-19", "2024-02-19"),
        ("2024/2/19", "2024-02-19"),
        ("2024年2月19日", "2024-02-19"),
        ("2024-13-01", None),
        ("yesterday", None),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "stem, date",
    [("2018", "2018"), ("2024-02-19-visit", "2024-02-19"), ("20240219", "2024-02-19"),
     ("2024-02-visits", "2024-02"), ("000_9531393123845a37", ""), ("visit", "")],
)  # fmt: skip
def test_date_from_file_name(stem, date):
    assert date_from_stem(stem) == date


# --------------------------------------------------------------------------- files

BODY = "余长明强调，要坚持以群众需求为导向，落实落细安全措施。\n\n紧扣新的区域定位，不断抢抓战略机遇。\n"
TRADITIONAL = "各位代表：\n\n我們第一屆全國人民代表大會第一次會議，通過了憲法。\n"


def test_gb18030_big5_utf16_and_bom_files_are_read_right(tmp_path):
    (tmp_path / "a-gb.txt").write_bytes(BODY.encode("gb18030"))
    (tmp_path / "b-big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "c-utf16.txt").write_bytes(BODY.encode("utf-16"))
    (tmp_path / "d-bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode())
    corpus = read_articles(tmp_path)
    texts = {a.article_id: "".join(p.text for p in a.paragraphs) for a in corpus.articles}
    assert "余长明强调" in texts["a-gb"] and "余长明强调" in texts["c-utf16"]
    assert texts["d-bom"].startswith("余长明强调")
    assert "我们第一届全国人民代表大会" in texts["b-big5"]  # Big5, then traditional -> simplified
    encodings = {a.article_id: a.encoding for a in corpus.articles}
    assert encodings["a-gb"] == "gb18030" and encodings["b-big5"] == "big5"
    big5 = next(a for a in corpus.articles if a.article_id == "b-big5")
    assert sum(p.converted for p in big5.paragraphs) == 1
    assert any("converted from traditional" in n.message for n in corpus.notices)


def test_empty_and_binary_files_are_skipped_with_a_notice_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    corpus = read_articles(tmp_path)
    assert [a.article_id for a in corpus.articles] == ["good"]
    skipped = {n.path.rsplit("/", 1)[-1]: n.message for n in corpus.skipped}
    assert skipped == {
        "blank.txt": "skipped: empty file",
        "empty.txt": "skipped: empty file",
        "image.txt": "skipped: binary file (NUL bytes), not text",
    }


def test_undecodable_bytes_are_reported_not_guessed():
    with pytest.raises(Exception, match="not UTF-8, GB18030 or Big5"):
        decode_bytes(bytes(range(128, 256)) * 40)


def test_missing_folder_and_folder_without_text_are_errors(tmp_path):
    with pytest.raises(TifaError, match="no such folder"):
        read_articles(tmp_path / "nope")
    with pytest.raises(TifaError, match=r"no \.txt files"):
        read_articles(tmp_path)
    (tmp_path / "x.txt").write_bytes(b"")
    with pytest.raises(TifaError, match="no article could be read"):
        read_articles(tmp_path)


def test_manifest_front_matter_and_file_name_give_metadata(tmp_path):
    (tmp_path / "2019-03-05-report.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "speech.txt").write_text(
        "---\ntitle: 一次讲话\ndate: 2021-07\nsource: 某报\n---\n" + BODY, encoding="utf-8"
    )
    (tmp_path / "two.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,title,date,source,region\ntwo.txt,第二篇,2020,某刊,重庆\nspeech,,,,四川\n",
        encoding="utf-8-sig",
    )
    corpus = read_articles(tmp_path)
    by_id = {a.article_id: a for a in corpus.articles}
    assert by_id["2019-03-05-report"].date == "2019-03-05"
    speech = by_id["speech"]
    assert (speech.title, speech.date, speech.source, speech.get("region")) == (
        "一次讲话", "2021-07", "某报", "四川",
    )  # fmt: skip
    assert speech.paragraphs[0].line == 6  # lines count from the top of the file
    two = by_id["two"]
    assert (two.title, two.date, two.source, two.get("region")) == (
        "第二篇",
        "2020",
        "某刊",
        "重庆",
    )
    assert corpus.meta_columns == ("region",)


def test_manifest_with_a_bad_date_names_file_and_line(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,date\na.txt,2024\na.txt,2024-13-40\n", encoding="utf-8"
    )
    with pytest.raises(TifaError) as err:
        read_articles(tmp_path)
    assert str(err.value).endswith(
        "manifest.csv:3: date '2024-13-40' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_reading_never_changes_the_seed_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.replace("\n", "\r\n").encode())
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_articles(tmp_path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --------------------------------------------------------------------------- real corpus


@needs_gwr()
def test_government_work_reports_are_read_one_article_per_year(gwr_corpus):
    ids = [a.article_id for a in gwr_corpus.articles]
    assert len(ids) == 52 and ids[0] == "1954" and ids[-1] == "2025"
    dates = {a.article_id: a.date for a in gwr_corpus.articles}
    assert dates["2018"] == "2018"
    assert dates["2024"] == "2024-03-05"  # refined from the kicker line


@needs_gwr()
def test_traditional_reports_are_converted_and_wiki_breaks_joined(gwr_corpus):
    by_id = {a.article_id: a for a in gwr_corpus.articles}
    text_1954 = "".join(p.text for p in by_id["1954"].paragraphs)
    assert "全国人民代表大会" in text_1954 and "國" not in text_1954 and "會" not in text_1954
    text_1957 = "".join(p.text for p in by_id["1957"].paragraphs)
    assert "議" not in text_1957 and "經" not in text_1957
    assert "通过了我们国家的根本法——中华人民共和国宪法，接着" in text_1954
    text_2017 = "".join(p.text for p in by_id["2017"].paragraphs)
    assert "“十三五”实现了良好开局" in text_2017
    assert "\u200b" not in text_2017
    assert by_id["2017"].title == "政府工作报告"


def test_upper_case_txt_suffix_is_read_and_matched_by_the_manifest(tmp_path):
    (tmp_path / "REPORT.TXT").write_text(BODY, encoding="utf-8")
    (tmp_path / "note.Txt").write_text(BODY.replace("余长明", "张三"), encoding="utf-8")
    (tmp_path / "readme.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,title,date\nREPORT.TXT,一份报告,2024-03-01\n", encoding="utf-8"
    )
    corpus = read_articles(tmp_path)
    by_id = {a.article_id: a for a in corpus.articles}
    assert set(by_id) == {"REPORT", "note"}  # the .md file is not an article
    assert by_id["REPORT"].title == "一份报告" and by_id["REPORT"].date == "2024-03-01"


def test_files_read_on_the_pool_give_the_articles_and_notices_of_a_read_here(
    tmp_path, monkeypatch
):
    """From ``POOL_MIN_BYTES`` on, the files are read and parsed on two forked processes: the
    same articles and the same notices (in order) as read in this process, for readable,
    re-encoded, empty, binary, English and malformed files alike."""
    import shutil
    from pathlib import Path

    import analysis.ingest.read as read
    import analysis.run.pool as pool

    root = Path(__file__).parent.parent
    for folder in ("hostile", "encodings"):
        for f in (root / "fixtures" / folder).glob("*.txt"):
            shutil.copy(f, tmp_path / f"{folder}-{f.name}")
    for f in sorted(Path("seeds").glob("*.txt"))[:6]:
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "front.txt").write_text(
        "---\ndate: 明天\n---\n今天召开全体会议，研究部署下一步工作。\n", encoding="utf-8"
    )
    (tmp_path / "lines.txt").write_text(  # a malformed line: its error comes back from a worker
        "---\ntitle: 会议\n没有冒号的一行\n---\n会议研究部署了下一步的重点工作。\n", encoding="utf-8"
    )
    here = read.read_articles(tmp_path)
    runs = []
    fork_map = pool.fork_map

    def counted(fn, chunks, *, workers):
        runs.append(len(chunks))
        return fork_map(fn, chunks, workers=workers)

    monkeypatch.setattr(pool, "fork_map", counted)
    monkeypatch.setattr(read, "POOL_MIN_BYTES", 0)
    pooled = read.read_articles(tmp_path)
    assert runs and runs[0] > 1  # read on the pool, in several runs
    assert pooled.articles == here.articles
    assert [(n.message, n.path, n.line) for n in pooled.notices] == [
        (n.message, n.path, n.line) for n in here.notices
    ]
    assert any("empty file" in n.message for n in here.notices)
    assert any("date" in n.message for n in here.notices)
    assert any("not 'key: value'" in n.message and n.line == 3 for n in here.notices)
