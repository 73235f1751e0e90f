"""The metric functions of the formulation evaluation (eval/metrics.py), on invented lists."""

import importlib.util
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent.parent / "eval"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"tifa_eval_{name}", EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


m = _load("metrics")
fy = _load("first_years")

GOLD = [
    m.Gold("中国特色社会主义", ("有中国特色的社会主义",), "1982"),
    m.Gold("百花齐放、百家争鸣", ("百家争鸣、百花齐放",), "1956"),
    m.Gold("新质生产力", (), "2024"),
    m.Gold("一带一路", (), "2015"),
]
RANKED = [
    m.Ranked("有中国特色社会主义", (), "1987"),  # 的 dropped: matches, year wrong
    m.Ranked("港人治港", (), "1997"),  # not gold
    m.Ranked("百花齐放百家争鸣", (), "1956"),  # 、 dropped: matches, year right
    m.Ranked("新质", ("新质生产力",), "2024"),  # matched through its own variant
    m.Ranked("“一带一路”倡议", (), "2015"),  # longer: no match
]


def test_normalise_drops_function_characters_quotes_and_spaces():
    assert m.normalise("有中国特色的社会主义") == "有中国特色社会主义"
    assert m.normalise("“亲”“清” 政商 关系") == "亲清政商关系"
    assert m.normalise("绿地·江左岸") == "绿地江左岸"
    assert m.normalise("总而言之") == "总而言"  # 之 goes everywhere, by design
    assert m.normalise("中国") == "中国"


def test_match_by_formulation_variant_or_own_variant():
    keys = m.gold_keys(GOLD[0])
    assert m.matches(m.Ranked("中国特色社会主义"), keys)
    assert m.matches(m.Ranked("有中国特色的社会主义"), keys)
    assert m.matches(m.Ranked("x", ("中国特色社会主义",)), keys)
    assert not m.matches(m.Ranked("建设中国特色社会主义"), keys)
    assert not m.matches(m.Ranked("特色社会主义"), keys)


def test_recall_counts_gold_in_the_top_n_only():
    assert m.recall(RANKED, GOLD, top=200) == 3 / 4
    assert m.recall(RANKED, GOLD, top=1) == 1 / 4
    assert m.recall(RANKED, [], top=200) == 0.0
    assert m.first_rank(RANKED, GOLD[3]) is None


def test_precision_is_the_share_of_the_top_that_is_gold():
    assert m.precision(RANKED, GOLD, top=50) == 3 / 5
    assert m.precision(RANKED, GOLD, top=2) == 1 / 2
    assert m.precision([], GOLD) == 0.0


def test_first_years_right_judges_found_entries_only():
    assert m.first_years(RANKED, GOLD, top=200) == (2, 3)
    assert m.first_years(RANKED, GOLD, top=1) == (0, 1)


def test_not_in_top_finds_boilerplate_in_the_head():
    assert m.not_in_top(RANKED, ["港人治港", "澳人治澳"], top=50) == ["港人治港"]
    assert m.not_in_top(RANKED, ["港人治港"], top=1) == []


def test_first_years_script_measures_the_text(tmp_path):
    (tmp_path / "1982.txt").write_text("建设有中国特色的社会主义。", encoding="utf-8")
    (tmp_path / "1987.txt").write_text("中国特色社会主义", encoding="utf-8")
    (tmp_path / "1993.txt").write_text("研究制定“九五 ”计划", encoding="utf-8")
    (tmp_path / "x-undated.txt").write_text("新质生产力", encoding="utf-8")
    texts, years = fy.read_texts(tmp_path), fy.file_years(tmp_path)
    assert years == {
        "1982.txt": "1982",
        "1987.txt": "1987",
        "1993.txt": "1993",
        "x-undated.txt": "",
    }
    assert fy.first_year(("“九五”",), texts, years) == "1993"
    assert fy.first_year(("中国特色社会主义",), texts, years) == "1987"
    assert fy.first_year(("中国特色社会主义", "有中国特色的社会主义"), texts, years) == "1982"
    assert fy.first_year(("新质生产力",), texts, years) == ""


def test_judge_top_sorts_gold_verdicts_and_the_unjudged():
    verdicts = {m.normalise("港人治港"): "not", "新质": "fragment"}
    out = m.judge_top(RANKED, GOLD, verdicts, top=50)
    assert out["real"] == ["有中国特色社会主义", "百花齐放百家争鸣", "新质"]  # gold wins
    assert out["not"] == ["港人治港"]
    assert out["fragment"] == []
    assert out["unjudged"] == ["“一带一路”倡议"]
    assert m.judge_top(RANKED, [], verdicts, top=50)["fragment"] == ["新质"]


def test_not_inside_keeps_a_longer_formulation_from_dating_a_shorter_one(tmp_path):
    (tmp_path / "2021.txt").write_text("推进“两新一重”建设", encoding="utf-8")
    (tmp_path / "2025.txt").write_text("加力支持“两新”工作", encoding="utf-8")
    e = fy.Entry("两新", "", ("“两新”",), "numbered", "not inside: 两新一重", 2)
    assert e.not_inside == ("两新一重",)
    texts, years = fy.read_texts(tmp_path), fy.file_years(tmp_path)
    assert fy.first_year(e.spellings, texts, years) == "2021"
    own = {f: fy._blank(t, e.not_inside) for f, t in texts.items()}
    assert fy.first_year(e.spellings, own, years) == "2025"


def test_without_lexicon_empties_the_user_lexicon_only():
    from analysis.config import load_config

    run_eval = _load("run_eval")
    config = load_config(Path(__file__).resolve().parent.parent / "tifa.toml")
    assert config.segment.lexicon  # the shipped config has one
    off = run_eval.without_lexicon(config)
    assert not off.segment.lexicon
    assert off.themes.lexicon == config.themes.lexicon
    assert off.stopwords == config.stopwords


def _eval_themes():
    path = Path(__file__).resolve().parent.parent / "scripts" / "eval_themes.py"
    spec = importlib.util.spec_from_file_location("tifa_eval_themes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nmi_noise_gives_the_chance_level_and_a_bootstrap_interval():
    import numpy as np

    et = _eval_themes()
    labels = np.array(list("aabbccdd" * 4))
    weights = np.eye(4)[np.array([ord(c) - 97 for c in labels])]  # leads recover the labels
    nmi, _ = et.nmi(labels, weights)
    chance, low, high = et.nmi_noise(labels, weights, draws=200)
    assert nmi == 1.0 and low > 0.99 and high == 1.0
    # 32 items in 4 classes: shuffled leads still share information with the labels by chance
    assert 0.02 < chance < 0.3
    # unlabelled paragraphs are left out, as in nmi
    labels2 = labels.copy()
    labels2[:8] = ""
    assert et.nmi_noise(labels2, weights, draws=50)[1] > 0.99
