"""The stopword loop: suggest candidates, check the lists, and show what an edit changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from analysis.checks import check_lists
from analysis.cli import main
from analysis.config import load_config, with_overrides
from analysis.pipeline import analyse
from analysis.report.tables import read_table
from analysis.segment import make_segmenter
from analysis.suggest import suggest_stopwords
from analysis.wordlists import read_lexicon

from ..conftest import GWR, SEEDS, needs_gwr, warm_cache


def _suggest(config) -> dict:
    """The plain values ``suggest_stopwords`` takes from a configuration."""
    return {"top_terms": config.themes.top_terms, "min_chars": config.terms.min_chars,
            "random_state": config.random_state}  # fmt: skip


_SUGGEST = _suggest(load_config("tifa.toml"))


def _lists(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the project's stopword lists and a config that uses it."""
    folder = tmp_path / "stopwords"
    shutil.copytree("stopwords", folder)
    config = tmp_path / "tifa.toml"
    config.write_text(
        f'[stopwords]\npaths = ["{folder.as_posix()}"]\nkeep = "{(folder / "keep.txt").as_posix()}"\n',
        encoding="utf-8",
    )
    return folder, config


def _rank(table, word: str) -> int | None:
    hits = table.index[table["word"] == word].tolist()
    return hits[0] if hits else None


# ----------------------------------------------------------------------------- suggest


@pytest.fixture(scope="module")
def seeds_analysis(tmp_path_factory):
    return analyse(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path_factory.mktemp("cache"))


def test_suggest_puts_function_words_at_the_top_and_content_words_far_below(seeds_analysis):
    table = suggest_stopwords(seeds_analysis, **_SUGGEST)  # every word, the listed ones included
    assert len(table) > 500
    for word, within in (("要", 15), ("进一步", 30), ("各级", 80), ("的", 10), ("和", 10)):
        rank = _rank(table, word)
        assert rank is not None and rank < within, f"{word} ranks {rank}"
    assert _rank(table, "企业") > 120
    # lexicon terms and formulations are content by the user's own account: never suggested
    for word in ("乡村振兴", "新质生产力", "三服务", "高质量发展"):
        assert _rank(table, word) is None
    assert _rank(table, "余长明") is None  # names go to people.csv, not to stopwords
    top = table.head(30)
    assert top["public"].sum() >= 10 and top["function"].sum() >= 15
    assert (top["listed"] != "").mean() > 0.8  # the shipped lists already hold most of them


def test_without_any_list_function_words_still_outrank_content_words(tmp_path):
    config = with_overrides(load_config("tifa.toml"), stopwords={"paths": ()})
    table = suggest_stopwords(analyse(SEEDS, config, cache_dir=tmp_path), **_suggest(config))
    ranks = {w: _rank(table, w) for w in ("企业", "游客", "投资", "民生")}
    assert None not in ranks.values(), ranks
    content = min(ranks.values())
    for word in ("要", "进一步", "各级", "的", "和", "在"):
        assert _rank(table, word) < content, word


def test_suggest_marks_words_the_lists_already_hold(capsys):
    assert main(["stopwords", "suggest", "seeds", "--all", "--top", "40", "-q"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if " 进一步 " in f" {ln} ")
    assert "stopwords/official.txt:" in line
    block = out.split("# to use them", 1)[1]
    assert "进一步" not in block  # the paste block holds only new words


def test_suggest_never_writes_unless_asked_and_then_appends(tmp_path, capsys):
    folder, config = _lists(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    args = ["stopwords", "suggest", "seeds", "--config", str(config), "--top", "5", "-q",
            "--cache-dir", str(tmp_path / "cache")]  # fmt: skip
    assert main(args) == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    user = folder / "user.txt"
    assert main([*args, "--write", str(user)]) == 0
    after = user.read_bytes()
    assert after.startswith(before["user.txt"])  # every byte already there is kept
    added = after[len(before["user.txt"]) :].decode("utf-8").splitlines()
    assert added[0].startswith("# added by `tifa stopwords suggest` on ")
    assert len(added) == 6 and all(w and not w.startswith("#") for w in added[1:])
    assert {p.name for p in folder.iterdir()} == set(before)  # no temp file left
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("进一步\n".encode("gb18030") + b"\xb8\xf7\xbc\xb6\n")
    old = gbk.read_bytes()
    assert main([*args, "--write", str(gbk)]) == 1
    assert "is not UTF-8" in capsys.readouterr().err and gbk.read_bytes() == old


# ----------------------------------------------------------------------------- check


@pytest.fixture(scope="module")
def cut():
    seg = make_segmenter(lexicon=read_lexicon(["lexicon"]))
    return lambda w: [t for t, _ in seg.tag(w)]


def test_check_finds_every_planted_problem_with_file_and_line(tmp_path, cut):
    a, b, keep = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "keep.txt"
    a.write_text(
        "# comment\n"
        "进一步\n"            # 2 fine
        "特别是\n"            # 3 split: 特别 | 是
        "新质生产力\n"        # 4 lexicon term
        "各级\u200b\n"        # 5 zero-width space
        "切实 扎实\n"         # 6 two words on a line
        "進一步\n"            # 7 traditional form
        "ＡＩ\n"              # 8 full-width letters
        "进一步\n"            # 9 duplicate of line 2
        "安全\n"              # 10 also in the keep list
        "一企独大\n",         # 11 a formulation found in the corpus
        encoding="utf-8",
    )  # fmt: skip
    b.write_bytes("\ufeff进一步\n坚持\n\ufeff推进\n".encode())  # BOM at start fine, line 3 not
    keep.write_text("安全\n从不列出\n", encoding="utf-8")
    findings = check_lists(
        [a, b], keep, cut=cut, lexicon={"新质生产力"}, slogans={"一企独大"},
        corpus_words={"进一步", "各级", "坚持", "推进", "安全"}, corpus_text="进一步 各级 坚持 推进",
    )  # fmt: skip
    got = {(Path(f.path).name, f.line, f.kind) for f in findings if f.is_problem}
    expected = {
        ("a.txt", 3, "split"), ("a.txt", 4, "lexicon"), ("a.txt", 5, "form"),
        ("a.txt", 6, "form"), ("a.txt", 7, "form"), ("a.txt", 8, "form"),
        ("a.txt", 9, "duplicate"), ("a.txt", 10, "keep"), ("a.txt", 11, "slogan"),
        ("b.txt", 1, "duplicate"), ("b.txt", 3, "form"),
    }  # fmt: skip
    assert got == expected
    messages = {(Path(f.path).name, f.line): f.message for f in findings if f.is_problem}
    assert "特别 | 是" in messages[("a.txt", 3)]
    assert "write 进一步" in messages[("a.txt", 7)]
    assert "a.txt:2" in messages[("b.txt", 1)]
    notes = {(Path(f.path).name, f.line) for f in findings if f.kind == "absent"}
    assert ("a.txt", 8) in notes and ("keep.txt", 2) in notes  # 从不列出 is in no list


def test_check_command_prints_file_and_line_and_fails(tmp_path, capsys):
    folder, config = _lists(tmp_path)
    with (folder / "user.txt").open("a", encoding="utf-8") as f:
        f.write("进一步\n特别是\n")
    n = len((folder / "user.txt").read_text(encoding="utf-8").splitlines())
    code = main(["stopwords", "check", "seeds", "--config", str(config), "-q",
                 "--cache-dir", str(tmp_path / "cache")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    user = (folder / "user.txt").as_posix()
    assert f"{user}:{n - 1}: duplicate: 进一步 is already in" in out
    assert f"{user}:{n}: split: jieba cuts 特别是 as 特别 | 是" in out


def test_the_shipped_lists_pass_their_own_check(capsys):
    assert main(["stopwords", "check", "seeds", "-q"]) == 0
    assert "problem" not in capsys.readouterr().out


# ----------------------------------------------------------------------------- the loop


def _pdf_text(out) -> str:
    pages = pypdf.PdfReader(out / "report.pdf").pages
    return "".join("".join(p.extract_text().split()) for p in pages)


def test_an_edit_is_reported_and_does_not_resegment(tmp_path, reference_cache):
    folder, config = _lists(tmp_path)
    out, cache = tmp_path / "out", warm_cache(reference_cache, tmp_path / "cache")
    args = ["report", "seeds", "--out", str(out), "--config", str(config), "--cache-dir",
            str(cache), "-q"]  # fmt: skip
    assert main(args) == 0
    assert read_table(out / "tables" / "changes.csv").empty  # a fresh folder: nothing to compare
    # ... said once, in the method section; the corpus overview stays free of it
    assert _pdf_text(out).count("这是写入此输出目录的第一次运行") == 1
    themes_before = read_table(out / "tables" / "themes.csv")
    words = sorted({t.split("|")[0] for t in themes_before["top_terms"].head(2)})
    with (folder / "user.txt").open("a", encoding="utf-8") as f:
        f.write("".join(f"{w}\n" for w in words))
    assert main(args) == 0
    changes = read_table(out / "tables" / "changes.csv")
    added = changes[changes["change"] == "added"]
    assert sorted(added["after"]) == words
    assert set(added["item"]) == {str(folder / "user.txt")}
    themes = changes[changes["change"].isin(["theme", "new theme", "gone theme"])]
    assert len(themes), "removing the leading terms of two themes changes them"
    assert not any(set(words) & set(a.split("|")) for a in themes["after"])
    text = _pdf_text(out)
    # what the edit did: right after the corpus overview, and again in the method section
    assert text.count(f"新增{len(words)}个词") == 2
    result = analyse(SEEDS, load_config(config), cache_dir=cache)
    assert result.cache_stats["segmented"] == 0  # the edit did not re-segment


@needs_gwr()
@pytest.mark.slow
def test_top_20_suggestions_change_the_government_work_report_themes(tmp_path, capsys, gwr_cache):
    folder, config = _lists(tmp_path)
    out, cache = tmp_path / "out", gwr_cache
    common = [str(GWR), "--config", str(config), "--cache-dir", str(cache), "-q"]
    assert main(["report", *common, "--out", str(out)]) == 0
    assert main(["stopwords", "suggest", *common, "--top", "20", "--write",
                 str(folder / "user.txt")]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["report", *common, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    changes = read_table(out / "tables" / "changes.csv")
    assert (changes["change"] == "added").sum() == 20
    changed = changes[changes["change"].isin(["theme", "new theme", "gone theme"])]
    assert len(changed) >= 3
    added = set(changes[changes["change"] == "added"]["after"])
    # the words dropped from the themes' top terms are the suggestions themselves
    dropped = set()
    for r in changed[changed["change"] == "theme"].itertuples():
        dropped |= set(r.before.split("|")) - set(r.after.split("|"))
    assert dropped & added
    assert "changes since the last run" in printed and "theme " in printed


def test_suggest_offers_no_short_or_content_words(seeds_analysis, top_terms=_SUGGEST["top_terms"]):
    from analysis.suggest import content_words

    table = suggest_stopwords(seeds_analysis, **_SUGGEST)
    offered = table[table["offered"] & (table["listed"] == "")]
    assert (offered["word"].str.len() >= 2).all()  # [terms] min_chars = 2 drops them anyway
    assert not table[table["word"].str.len() == 1]["offered"].any()
    content = content_words(seeds_analysis, top_terms=_SUGGEST["top_terms"])
    assert {"发展", "产业"} & content
    shown = set(offered["word"].head(40))
    assert not (shown & content - set(table.loc[table["function"], "word"]))
