"""Every input a user can throw at tifa: each case gives the exact one-line message, or is read
right. Files are made in the test (invented text), real jieba, real files, no mocks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import TifaError
from analysis.ingest import read_articles, shown_name
from analysis.report.tables import read_table
from analysis.run.outputs import verify_set
from analysis.wordlists import read_stopwords

from .conftest import ROOT, warm_cache

FIXTURES = Path(__file__).parent / "fixtures"

ZH = "我们要坚持稳中求进工作总基调，推动经济高质量发展，不断增进民生福祉。\n"
ZH2 = "乡村振兴战略深入实施，农村人居环境持续改善，农民收入稳步增长。\n"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def warnings_of(capsys, folder) -> list[str]:
    """The warning lines a command prints for ``folder`` (``kwic`` reads only, so it is fast)."""
    code, _, err = run(capsys, "kwic", "发展", folder)
    assert code == 0, err
    return [line for line in err.splitlines() if line.startswith("warning:")]


def corpus(tmp_path, files: dict[str, bytes | str]) -> Path:
    d = tmp_path / "corpus"
    d.mkdir(exist_ok=True)
    for name, data in files.items():
        p = d / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return d


# --------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n\xe3\x80\x80\n", "empty file"),  # spaces, tab, CRLF, ideographic space
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes), not text"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary file (NUL bytes), not text"),  # a zip
        (
            b"\xff\xfe\x00\xd8",  # UTF-16 BOM, then a lone surrogate
            "starts with a utf-16 byte-order mark but is not utf-16 (bad byte at offset 2)",
        ),
    ],
)
def test_a_bad_file_is_skipped_with_one_warning_naming_it(capsys, tmp_path, data, why):
    d = corpus(tmp_path, {"good.txt": ZH, "bad.txt": data})
    assert warnings_of(capsys, d) == [f"warning: {d / 'bad.txt'}: skipped: {why}"]


def test_utf16_gb18030_big5_and_utf8_bom_in_one_folder_are_each_read(tmp_path):
    d = corpus(
        tmp_path,
        {
            "a-utf16.txt": "\ufeff".encode("utf-16-le") + ZH.encode("utf-16-le"),
            "b-gb.txt": ZH2.encode("gb18030"),
            "c-big5.txt": "我們要堅持穩中求進工作總基調，推動經濟高質量發展。\n".encode("big5"),
            "d-bom.txt": b"\xef\xbb\xbf" + ZH.replace("\n", "\r\n").encode(),
            "e-utf16be.txt": ZH2.encode("utf-16-be"),  # no BOM
        },
    )
    c = read_articles(d)
    got = {a.file: (a.encoding, a.paragraphs[0].text) for a in c.articles}
    assert got == {
        "a-utf16.txt": ("utf-16", ZH.strip()),
        "b-gb.txt": ("gb18030", ZH2.strip()),
        "c-big5.txt": ("big5", "我们要坚持稳中求进工作总基调，推动经济高质量发展。"),
        "d-bom.txt": ("utf-8 with BOM", ZH.strip()),
        "e-utf16be.txt": ("utf-16-be", ZH2.strip()),
    }
    # the same text in two encodings is the same article: analysed once, and said so
    warnings = [n.message for n in c.notices if n.warning]
    assert len(warnings) == 1 and "repeat an earlier one" in warnings[0]


def test_traditional_only_corpus_is_converted_and_says_so(capsys, tmp_path):
    d = corpus(tmp_path, {"trad.txt": "我們要堅持發展經濟，推進改革開放，讓人民過上好日子。\n"})
    c = read_articles(d)
    assert (
        c.articles[0].paragraphs[0].text == "我们要坚持发展经济，推进改革开放，让人民过上好日子。"
    )
    assert [str(n) for n in c.notices] == [
        f"{d}: 1 paragraph(s) in 1 file(s) converted from traditional to simplified characters "
        "(trad.txt); articles.csv counts them per article"
    ]


def test_a_10_mb_single_line_is_one_paragraph_with_every_character(tmp_path):
    unit = ZH.strip()
    n = 10_000_000 // len(unit.encode()) + 1
    d = corpus(tmp_path, {"one.txt": unit * n})
    assert (d / "one.txt").stat().st_size >= 10_000_000
    c = read_articles(d)
    (article,) = c.articles
    assert [p.role for p in article.paragraphs] == ["body"]
    assert article.characters == len(unit) * n


def test_a_folder_named_x_txt_a_fifo_and_a_symlink_loop_are_skipped(capsys, tmp_path):
    d = corpus(tmp_path, {"good.txt": ZH})
    (d / "x.txt").mkdir()
    os.mkfifo(d / "pipe.txt")
    (d / "loop.txt").symlink_to(d / "loop2.txt")
    (d / "loop2.txt").symlink_to(d / "loop.txt")
    assert warnings_of(capsys, d) == [
        f"warning: {d / 'loop.txt'}: skipped: a symlink loop or a link to nothing",
        f"warning: {d / 'loop2.txt'}: skipped: a symlink loop or a link to nothing",
        f"warning: {d / 'pipe.txt'}: skipped: not a regular file",
        f"warning: {d / 'x.txt'}: skipped: a folder, not a file",
    ]


def test_a_symlink_out_of_the_corpus_is_skipped_one_inside_is_read(capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件内容不得进入报告。\n", encoding="utf-8")
    d = corpus(tmp_path, {"good.txt": ZH})
    (d / "leak.txt").symlink_to(secret)
    (d / "same.txt").symlink_to(d / "good.txt")
    assert warnings_of(capsys, d) == [
        f"warning: {d / 'leak.txt'}: skipped: a symlink to a file outside the corpus folder; "
        "copy the file in instead",
        # a link inside the corpus is read, and is then the same text twice: analysed once
        f"warning: {d}: 1 article(s) repeat an earlier one (near-identical text) and are "
        "analysed once: same = good (1.00); articles.csv lists them in duplicate_of",
    ]
    c = read_articles(d)
    assert [a.file for a in c.articles] == ["good.txt", "same.txt"]
    assert all("机密" not in p.text for a in c.articles for p in a.paragraphs)


def test_an_unreadable_file_is_skipped_with_the_reason(tmp_path):
    """chmod 000 does not stop root: as root, the run drops the capabilities that let root read
    any file (setpriv), so the permission bits count as for anyone else."""
    d = corpus(tmp_path, {"good.txt": ZH, "locked.txt": ZH2})
    os.chmod(d / "locked.txt", 0o000)
    cmd = [sys.executable, "-m", "analysis", "kwic", "发展", str(d)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: chmod 000 cannot make a file unreadable")
        caps = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", *cmd]
    lexicon = tmp_path / "terms.txt"
    lexicon.write_text("新质生产力\n", encoding="utf-8")
    os.chmod(lexicon, 0o000)
    cfg = tmp_path / "my.toml"
    cfg.write_text(f'[segment]\nlexicon = ["{lexicon}"]\n', encoding="utf-8")
    out = tmp_path / "o"
    report = [*cmd[:-3], "report", str(d), "--config", str(cfg), "--out", str(out), "-q"]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        proc2 = subprocess.run(report, cwd=ROOT, capture_output=True, text=True, check=False)
    finally:
        os.chmod(d / "locked.txt", 0o644)
        os.chmod(lexicon, 0o644)
    assert proc.returncode == 0, proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")] == [
        f"warning: {d / 'locked.txt'}: skipped: cannot be read (Permission denied)"
    ]
    # an input that is not an article: one line naming it, nothing written
    assert proc2.returncode == 1
    assert proc2.stderr.splitlines()[-1] == (
        f"error: {lexicon}: Permission denied; check the path and its permissions"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- file names


def test_gbk_file_names_are_read_and_shown_decoded(capsys, tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    gbk = os.fsdecode("政府工作报告.txt".encode("gbk"))
    (d / gbk).write_text(ZH, encoding="utf-8")
    (d / "政府工作报告.txt").write_text(ZH2, encoding="utf-8")  # the same name in UTF-8
    (d / os.fsdecode(b"\xff\xfe.txt")).write_bytes(b"")  # neither UTF-8 nor GB18030
    (d / "manifest.csv").write_text("file,date\n政府工作报告.txt,2024\n", encoding="utf-8")
    c = read_articles(d)
    assert sorted((a.article_id, a.file, a.date) for a in c.articles) == [
        ("政府工作报告", "政府工作报告.txt", "2024"),
        ("政府工作报告~2", "政府工作报告.txt", "2024"),
    ]
    warnings = warnings_of(capsys, d)
    assert warnings == [f"warning: {d}/\\xff\\xfe.txt: skipped: empty file"]


def test_a_file_name_that_looks_like_an_article_id_gets_its_own_id(tmp_path):
    two = "关于乡村振兴工作的报告\n\n" + ZH + "\n---\n\n关于民生工作的报告\n\n" + ZH2
    d = corpus(tmp_path, {"a.txt": two, "a#1.txt": ZH})
    ids = [a.article_id for a in read_articles(d).articles]
    assert ids == ["a#1", "a~2#1", "a~2#2"]  # a#1.txt sorts first and keeps its name


def test_shown_name_escapes_what_cannot_be_printed():
    assert shown_name(os.fsdecode("报告.txt".encode("gb18030"))) == "报告.txt"
    assert shown_name(os.fsdecode(b"a\xffb.txt")) == "a\\xffb.txt"
    assert shown_name("a\nb\u202ec.txt") == "a\\nb\\u202ec.txt"


# --------------------------------------------------------------------------- language


def test_an_english_file_is_skipped_and_mixed_files_keep_their_chinese(capsys, tmp_path):
    d = corpus(
        tmp_path,
        {
            "en.txt": "The district held a meeting.\n\nHe said the economy grew in 2024.\n",
            "mixed.txt": ZH + "\nThe English version follows.\n\n" + ZH2,
        },
    )
    assert warnings_of(capsys, d) == [
        f"warning: {d / 'en.txt'}: skipped: no Chinese text in it (tifa analyses Chinese; an "
        "English text is left out)"
    ]
    c = read_articles(d)
    (mixed,) = c.articles
    assert [(p.role, p.text) for p in mixed.paragraphs] == [
        ("body", ZH.strip()),
        ("foreign", "The English version follows."),
        ("body", ZH2.strip()),
    ]
    assert f"{d}: 1 file(s) without Chinese text left out: en.txt" in map(str, c.notices)


def test_a_corpus_without_chinese_is_an_error_that_says_so(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": "Only English here.\n", "b.txt": "Nur Deutsch hier.\n"})
    code, _, err = run(capsys, "report", d, "--out", tmp_path / "o", "-q")
    assert (code, err) == (
        1,
        f"error: {d}: no Chinese text in any file (tifa analyses Chinese); give Chinese .txt "
        "articles\n",
    )
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- one file


def test_one_txt_file_is_a_corpus_and_its_folders_manifest_applies(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": ZH, "b.txt": ZH2})
    (d / "manifest.csv").write_text("file,date,source\na.txt,2024-03,县委\nb.txt,2023,\n", "utf-8")
    c = read_articles(d / "a.txt")
    assert [(a.article_id, a.date, a.source) for a in c.articles] == [("a", "2024-03", "县委")]
    assert c.notices == ()  # the row for b.txt is not a warning: b is not in this corpus
    code, out, err = run(capsys, "kwic", "发展", d / "a.txt")
    assert code == 0 and out.startswith(f"{d / 'a.txt'}:1: ") and err == ""


def test_a_file_that_is_not_txt_is_refused(capsys, tmp_path):
    f = tmp_path / "report.docx"
    f.write_bytes(b"PK\x03\x04")
    code, _, err = run(capsys, "kwic", "发展", f)
    assert (code, err) == (
        1,
        f"error: {f}: is a file but not a .txt file; give a .txt file or the folder that holds "
        "them\n",
    )


# --------------------------------------------------------------------------- lists and config


def test_stopword_list_with_bom_crlf_and_duplicates(tmp_path):
    f = tmp_path / "user.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "# mine\r\n进一步\r\n\r\n# again\r\n进一步 \r\n".encode())
    entries = read_stopwords([f])
    assert [(e.word, e.line) for e in entries] == [("进一步", 2), ("进一步", 5)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[terms]\nmin_char = 2\n",
            "2: unknown setting [terms] 'min_char'; did you mean 'min_chars'?",
        ),
        ("[theme]\nn_themes = 3\n", "1: unknown section [theme]; known sections:"),
        ("[themes]\nk_min = 1\n", "2: the 'k_min' parameter must be an int in [2, 50]. Got 1"),
        ("[report]\ntop_terms = 1e9\n", "2: the 'top_terms' parameter must be an int in [5, 200]"),
    ],
)
def test_unknown_keys_and_out_of_range_values_are_one_line(capsys, tmp_path, text, message):
    cfg = tmp_path / "my.toml"
    cfg.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "report", "seeds", "--config", cfg, "--out", tmp_path / "o", "-q")
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"error: {cfg}:{message}")
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- --out and inputs


@pytest.mark.parametrize(
    ("out", "rel", "what"),
    [
        ("seeds", "is", "SEEDS_DIR seeds"),
        ("seeds/out", "lies inside", "SEEDS_DIR seeds"),
        (".", "contains", "SEEDS_DIR seeds"),
        ("lexicon", "is", "the lexicon lexicon"),
        ("stopwords/reports", "lies inside", "a stopword list stopwords"),
    ],
)
def test_out_may_not_touch_an_input(capsys, out, rel, what):
    before = sorted(p.name for p in (ROOT / "seeds").iterdir())
    code, _, err = run(capsys, "report", "seeds", "--out", out, "-q")
    assert (code, err) == (
        1,
        f"error: {out}: --out {rel} {what}; give an --out folder apart from your inputs "
        "(tifa never writes among them)\n",
    )
    assert sorted(p.name for p in (ROOT / "seeds").iterdir()) == before
    assert not (ROOT / "seeds" / "out").exists()


def test_out_may_not_hold_the_cache(capsys, tmp_path):
    code, _, err = run(
        capsys, "report", "seeds", "--out", tmp_path, "--cache-dir", tmp_path / "c", "-q"
    )
    assert code == 1
    assert err == (
        f"error: {tmp_path}: --out contains the cache folder {tmp_path / 'c'}; give an --out "
        "folder apart from your inputs (tifa never writes among them)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_cache_inside_the_corpus_is_refused(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": ZH})
    code, _, err = run(
        capsys, "report", d, "--out", tmp_path / "o", "--cache-dir", d / ".cache", "-q"
    )
    assert (code, err) == (
        1,
        f"error: {d / '.cache'}: the cache folder lies inside SEEDS_DIR {d}; give --cache-dir "
        "(or TIFA_CACHE_DIR) a folder outside your corpus\n",
    )
    assert sorted(p.name for p in d.iterdir()) == ["a.txt"]


def test_out_that_is_a_file_is_refused_before_the_run(capsys, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF mine")
    code, _, err = run(capsys, "report", "seeds", "--out", f, "-q")
    assert (code, err) == (1, f"error: {f}: exists and is not a folder; give a folder for --out\n")
    assert f.read_bytes() == b"%PDF mine"


def test_compare_writes_its_own_folder_never_the_reports(capsys, tmp_path):
    from analysis.cli import compare

    out = next(p for p in compare.params if p.name == "out_dir")
    assert out.default == "reports/compare"
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7 mine")
    code, _, err = run(capsys, "compare", "seeds", "--out", tmp_path, "-q")
    assert (code, err) == (
        1,
        f"error: {tmp_path}: holds a report; tifa compare writes its own folder (default "
        "reports/compare), give another --out\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_error_paths_never_raise_on_undecodable_names(capsys, tmp_path):
    d = tmp_path / os.fsdecode(b"\xc9\xcf\xba\xa3")  # 上海 in GBK
    d.mkdir()
    code, _, err = run(capsys, "report", d, "--out", tmp_path / "o", "-q")
    assert (code, err) == (
        1,
        f"error: {tmp_path}/上海: no .txt files in this folder; put your articles there\n",
    )


def test_tifa_error_is_one_line_even_for_a_name_with_a_newline(tmp_path):
    err = TifaError("empty", path=shown_name(tmp_path / "a\nb.txt"))
    assert "\n" not in str(err) and str(err).endswith("a\\nb.txt: empty")


# --------------------------------------------------------------------------- nothing left to count

NO_THEMES = (
    "no themes: themes need at least 3 paragraphs and 10 distinct terms after stopwords; "
    "found 0 paragraph units and 0 terms"
)


def test_a_corpus_of_only_stopwords_gives_a_report_without_themes(capsys, tmp_path, reference_cache):
    words = "我们 你们 他们 进一步 切实 扎实 大力 全力 着力 努力 积极 主动 认真 深入 持续 不断"
    line = "，".join(words.split()) + "。\n"
    other = "，".join(reversed(words.split())) + "。\n"  # not a near-duplicate of a.txt
    d = corpus(tmp_path, {"a.txt": line * 3, "b.txt": other * 2})
    out = tmp_path / "o"
    cache = warm_cache(reference_cache, tmp_path / "c")
    code, _, err = run(capsys, "report", d, "--out", out, "--cache-dir", cache, "-q")
    assert (code, err) == (0, f"warning: {NO_THEMES}\n")
    assert read_table(out / "tables" / "term_frequencies.csv").empty
    assert verify_set(out) == []


def test_a_huge_word_as_the_top_term_is_cut_in_the_pdf_and_whole_in_the_tables(
    capsys, tmp_path, reference_cache
):
    """A run of 30,000 letters is the most frequent "word": the word cloud, the term chart and
    the findings show its start and an ellipsis (whole, it fits no canvas and runs off the
    page: it stopped the run), term_frequencies.csv keeps it whole."""
    word = "abc" * 10_000
    d = corpus(tmp_path, {"a.txt": f"{word}，{ZH}{word}，{ZH2}{word}。\n"})
    out = tmp_path / "o"
    cache = warm_cache(reference_cache, tmp_path / "c")
    code, _, err = run(capsys, "report", d, "--out", out, "--cache-dir", cache, "-q")
    assert code == 0, err
    terms = read_table(out / "tables" / "term_frequencies.csv")
    assert terms["term"].iloc[0] == word
    text = subprocess.run(["pdftotext", str(out / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout if shutil.which("pdftotext") else ""
    if text:
        assert "abc" * 19 + "ab…" in text and "abc" * 21 not in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "overflow-wrap:anywhere" in html
    assert verify_set(out) == []


def test_all_tokens_removed_numbers_and_single_characters(tmp_path):
    from analysis.config import load_config
    from analysis.pipeline import analyse

    d = corpus(
        tmp_path,
        {"n.txt": "百分之五，第三，一二三四。\n\n2024年5月6日，3.5%，12亿。\n"},
    )
    result = analyse(d, load_config(ROOT / "tifa.toml"), cache_dir=None)
    assert result.themes_note == NO_THEMES
    assert result.term_frequencies.empty and len(result.raw_tokens.vocab) > 0


@pytest.mark.parametrize(
    "text",
    [
        "发展改革" * 50_000 + "发展" * 50_000 + "\n",  # one line of 300,000 characters
        "发展\n" * 400_000,  # 400,000 short lines, joined as one hard-wrapped paragraph
    ],
    ids=["one-long-line", "many-short-lines"],
)
def test_hostile_shapes_are_analysed_not_hung_on(tmp_path, text):
    """No punctuation, or a line break after every word: reading and every detector must take
    time that grows with the text's length, not its square (before, 40,000 characters in one
    line or 200,000 short lines took minutes). The timeout is a hang guard, far above the
    seconds this takes, not a speed measurement."""
    d = corpus(tmp_path, {"long.txt": text})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "analysis", "slogans", str(d), "--top", "5", "--cache-dir",
            str(tmp_path / "cache")]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "formulations in 1 articles" in done.stdout


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, reference_cache):
    """One report of tests/fixtures/hostile: typst and HTML markup in titles and text, terminal
    escapes, bidi overrides, a bell, a 3000-letter "word", a 2400-character run of Han and a
    file in English."""
    out = tmp_path_factory.mktemp("hostile") / "reports"
    cache = warm_cache(reference_cache, out.parent / "cache")
    code = main(["report", str(FIXTURES / "hostile"), "--out", str(out), "--cache-dir",
                 str(cache), "-q"])  # fmt: skip
    assert code == 0
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(out / "report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return out, pdf


def test_typst_and_html_markup_is_shown_literally(hostile_report):
    out, pdf = hostile_report
    assert "#emph[不是强调] ]} \\ <i>x</i> @ref" in pdf  # the manifest title, not typst
    assert "#set page(fill: red) 区委会议 *不是粗体* $x^2$ <b>不是" in pdf  # a headline
    assert "<script>alert(“x”)</script>不断增进民生福祉" in pdf
    articles = read_table(out / "tables" / "articles.csv")
    assert "#emph[不是强调] ]} \\ <i>x</i> @ref" in set(articles["title"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "#emph[不是强调] ]} \\ &lt;i&gt;x&lt;/" in html  # escaped where it is HTML
    assert "<i>x</i>" not in html and "alert(“x”)</script>" not in html  # nothing a browser runs


def test_a_file_without_chinese_is_named_and_counted_in_the_reading_notes(hostile_report):
    out, pdf = hostile_report
    flat = "".join(pdf.split())
    assert "english.txt:skipped:noChinesetextinit" in flat
    assert "1file(s)withoutChinesetextleftout:english.txt" in flat
    assert "english" not in set(read_table(out / "tables" / "articles.csv")["article_id"])


def test_control_and_right_to_left_characters_are_removed(hostile_report):
    out, pdf = hostile_report
    paragraphs = read_table(out / "tables" / "paragraphs.csv")
    text = "".join(paragraphs["text"])
    assert not any(ch in text for ch in "\x1b\x07\u202e\u202c\u2066\u2069")
    assert "[31m" not in text and "[31m" not in pdf
    assert "区政府召开全体会议" in set(paragraphs["text"])
    assert "会议强调，要坚持以人民为中心的发展思想，扎实推进共同富裕" in text


def test_very_long_words_are_counted_not_fatal(hostile_report):
    out, _ = hostile_report
    terms = read_table(out / "tables" / "term_frequencies.csv")
    assert "A" * 3000 in set(terms["term"])
    counts = dict(zip(terms["term"], terms["count"], strict=True))
    assert int(counts["经济社会"]) >= 400
    assert verify_set(out) == []


def test_out_may_not_lie_inside_the_reference_corpus(capsys, tmp_path):
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "2020.txt").write_text(ZH, encoding="utf-8")
    out = ref / "reports"
    code, _, err = run(capsys, "report", "seeds", "--reference-corpus", ref, "--out", out, "-q")
    assert (code, err) == (
        1,
        f"error: {out}: --out lies inside the reference corpus {ref}; give an --out folder "
        "apart from your inputs (tifa never writes among them)\n",
    )
    assert sorted(p.name for p in ref.iterdir()) == ["2020.txt"]


def test_a_file_of_only_a_headline_is_skipped_with_the_reason(capsys, tmp_path):
    d = corpus(tmp_path, {"title.txt": "坚持发展：\n", "body.txt": "推动高质量发展。\n"})
    assert warnings_of(capsys, d) == [
        f"warning: {d / 'title.txt'}: skipped: no paragraph of text in it"
    ]


# --------------------------------------------------------------------------- front matter, manifest, options


def test_a_bad_front_matter_line_or_date_is_warned_about_and_the_article_still_read(
    capsys, tmp_path
):
    d = corpus(
        tmp_path,
        {
            "a.txt": "---\ntitle: 一篇\n这一行不是键值\n---\n" + ZH,
            "b.txt": "---\ndate: 去年春天\n---\n" + ZH2,
        },
    )
    assert warnings_of(capsys, d) == [
        f"warning: {d / 'a.txt'}:3: front matter line '这一行不是键值' is not 'key: value': "
        "ignored; write e.g. 'date: 2024-02-19'",
        f"warning: {d / 'b.txt'}: front matter date '去年春天' is not a date: ignored; "
        "write YYYY-MM-DD",
    ]
    by_id = {a.article_id: a for a in read_articles(d).articles}
    assert by_id["a"].title == "一篇" and "稳中求进" in by_id["a"].paragraphs[0].text
    assert by_id["b"].date == "" and "乡村振兴" in by_id["b"].paragraphs[0].text


def test_a_manifest_with_an_unclosed_quote_is_one_line_naming_it(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": ZH})
    (d / "manifest.csv").write_text(
        'file,title\na.txt,"没有收尾的引号\n' + "长" * 200_000 + "\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "kwic", "发展", d)
    assert code != 0 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {d / 'manifest.csv'}:")
    assert "not a CSV row" in line and "close every quote" in line


def test_a_manifest_naming_a_column_twice_is_refused(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": ZH})
    (d / "manifest.csv").write_text("file,date,date\na.txt,2020,2021\n", encoding="utf-8")
    code, _, err = run(capsys, "kwic", "发展", d)
    assert code != 0
    assert err.strip() == (
        f"error: {d / 'manifest.csv'}:1: column 'date' appears 2 times in the header; "
        "keep one column of each name"
    )


def test_a_repeated_manifest_row_is_named_and_many_unmatched_rows_are_summed_up(capsys, tmp_path):
    d = corpus(tmp_path, {"a.txt": ZH})
    rows = "".join(f"gone{i}.txt,2020\n" for i in range(25))
    (d / "manifest.csv").write_text(
        "file,date\na.txt,2019\na.txt,2020\n" + rows, encoding="utf-8"
    )
    warned = warnings_of(capsys, d)
    assert warned[0] == (
        f"warning: {d / 'manifest.csv'}:3: manifest row 'a' repeats line 2; this later row is used"
    )
    unmatched = [w for w in warned if "matches no article" in w]
    assert len(unmatched) == 20 and unmatched[0].endswith("manifest row 'gone0' matches no article")
    assert warned[-1] == (
        f"warning: {d / 'manifest.csv'}: and 5 more manifest rows match no article "
        "(lines 24 to 28)"
    )
    assert read_articles(d).articles[0].date == "2020"


@pytest.mark.parametrize(
    ("command", "option"),
    [(("slogans",), ("--top", "-1")), (("stopwords", "suggest"), ("--top", "-5")),
     (("kwic", "发展"), ("--width", "100000000"))],
)  # fmt: skip
def test_out_of_range_numbers_on_the_command_line_are_one_usage_line(
    capsys, tmp_path, command, option
):
    d = corpus(tmp_path, {"a.txt": ZH})
    code, _, err = run(capsys, *command, d, *option)
    assert code == 2 and "Traceback" not in err
    assert "Invalid value for" in err and "not in the range" in err
