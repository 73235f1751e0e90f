"""Keyword in context: `tifa kwic`."""

from __future__ import annotations

from analysis.cli import main


def test_kwic_prints_file_and_line(capsys):
    assert main(["kwic", "三攻坚一盘活", "seeds", "--width", "4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["seeds/2024-02-yu-changming-visits.txt:25: ，力争“【三攻坚一盘活】”改革突"]


def test_kwic_normalises_traditional_query(capsys):
    assert main(["kwic", "高質量發展", "seeds"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6


def test_cut_and_occurrences_are_the_one_context_rule():
    from analysis.kwic import cut, occurrences

    assert cut("一二三四五六七", 2, 4, width=2) == ("一二", "三四", "五六")
    assert cut("一二三四五六七", 0, 1, width=3) == ("", "一", "二三四")
    assert list(occurrences("啊啊啊啊啊", "啊啊")) == [0, 2]
