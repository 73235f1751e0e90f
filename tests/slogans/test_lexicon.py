"""The user lexicon: its entries as candidates; `tifa slogans --candidates`."""

from __future__ import annotations

from analysis.cli import main


def test_user_lexicon_entries_are_formulations_but_not_places(tmp_path):
    from analysis.slogans import lexicon_candidates

    found = lexicon_candidates([("金鳌田园", None), ("大渡口", "ns"), ("海康威视", "nt")])
    assert set(found) == {"金鳌田园"} and found["金鳌田园"].kind == "lexicon"


def test_slogans_candidates_are_written_and_foreign_files_kept(tmp_path, capsys):
    target = tmp_path / "candidates.txt"
    assert main(["slogans", "seeds", "-q", "--top", "3", "--candidates", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# tifa slogan candidates")
    assert "\n专班负责制 nz  #" in text and "公园大渡口、多彩艺术湾" not in text
    assert "\n新质生产力 " not in text  # already in lexicon/official.txt
    assert main(["slogans", "seeds", "-q", "--candidates", str(target)]) == 0  # ours: rewritten
    mine = tmp_path / "mine.txt"
    mine.write_text("我的词\n", encoding="utf-8")
    assert main(["slogans", "seeds", "-q", "--candidates", str(mine)]) == 1
    assert mine.read_text(encoding="utf-8") == "我的词\n"
    assert "was not written by tifa" in capsys.readouterr().err
