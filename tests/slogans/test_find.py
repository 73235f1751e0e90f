"""find_slogans on whole corpora: the seeds, the Government Work Reports and invented
corpora, one case per mechanism."""

from __future__ import annotations

import re

import pytest

from analysis.config import Config, load_config
from analysis.ingest import read_articles
from analysis.pipeline import analyse_formulations
from analysis.segment import make_segmenter
from analysis.slogans import find_slogans
from analysis.slogans.find import _named_act

from ..conftest import GWR, SEEDS, needs_gwr

_TAG = make_segmenter(lexicon=()).tag


def _corpus(tmp_path, texts: dict[str, str]):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return analyse_formulations(tmp_path, Config(), cache_dir=tmp_path / "cache")


def test_variants_merge_and_halves_count(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "2024-01-a.txt": "持续延链补链强链，谱写“公园大渡口、多彩艺术湾”建设新篇章。\n",
            "2024-02-b.txt": "要持续补链延链强链，建设公园大渡口，打造多彩艺术湾，写好新篇章。\n",
        },
    )
    table = result.slogans.table.set_index("slogan")
    chain = table.loc["延链补链强链"]
    assert chain["count"] == 2 and set(chain["variants"]) == {"延链补链强链", "补链延链强链"}
    park = table.loc["公园大渡口、多彩艺术湾"]
    # the full slogan once, then both halves next to each other: one use, not two
    assert park["count"] == 2 and park["count_total"] == 2
    assert "公园大渡口" not in table.index  # a half is a variant, not a slogan of its own


def test_numerals_inside_numbers_are_not_counted(tmp_path):
    result = _corpus(
        tmp_path,
        {
            "1995.txt": "实施“九五”计划，国民经济持续发展。\n",
            "1996.txt": "回顾一九五四年以来的发展，“九五”计划开局良好。\n",
        },
    )
    table = result.slogans.table.set_index("slogan")
    # named by the word that follows it; 一九五四年 is a year
    assert (
        table.loc["九五计划", "count"] == 2 and "“九五”计划" in table.loc["九五计划", "variants"]
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return analyse_formulations(
        SEEDS, load_config("tifa.toml"), cache_dir=tmp_path_factory.mktemp("c")
    )


EXPECTED_SEED_SLOGANS = [
    "新质生产力", "三服务", "公园大渡口、多彩艺术湾", "三攻坚一盘活",
    "稳进增效、除险固安、改革突破、惠民强企", "专精特新", "一核两带", "放管服", "千万工程",
    "枫桥经验", "保交楼", "开门红", "一线工作法", "延链补链强链", "亲清", "六个统筹",
    "三条底线", "小而精、小而美、小而特、小而优", "示范点、好去处、好平台",
    "2个指挥部+15个专项工作组", "高质量发展",
]  # fmt: skip


@pytest.mark.parametrize("slogan", EXPECTED_SEED_SLOGANS)
def test_seed_slogans_are_found_without_a_list(seeds, slogan):
    assert slogan in set(seeds.slogans.table["slogan"])


def test_ordinary_phrases_are_not_at_the_top(seeds):
    top = seeds.slogans.table["slogan"].head(12).tolist()
    for ordinary in ("市委工作要求", "重庆市大渡口区委书记", "各项任务", "中央决策部署", "大力度"):
        assert ordinary not in top
    assert "公园大渡口、多彩艺术湾" in top[:3]


def test_slogan_tables_follow_the_contract(seeds):
    res = seeds.slogans
    assert list(res.table.columns) == [
        "slogan", "kind", "variants", "count", "articles", "first_date", "last_date",
        "evidence", "salience", "count_total", "spread", "successor_of",
    ]  # fmt: skip
    assert list(res.counts.columns) == ["slogan", "article_id", "count", "count_total"]
    assert list(res.periods.columns) == [
        "slogan", "period", "count", "rate", "tier", "count_total",
    ]  # fmt: skip
    assert (res.table["count_total"] >= res.table["count"]).all()
    periods = res.periods
    assert set(periods["period"]) == {"2023", "2024"}  # only periods that have articles
    row = periods[(periods["slogan"] == "三服务") & (periods["period"] == "2023")].iloc[0]
    assert row["count"] == 0 and row["tier"] == "absent"
    counts = res.counts
    assert counts[counts["slogan"] == "三服务"]["article_id"].tolist() == [
        "2024-02-yu-changming-visits#1"
    ]
    kwic = res.kwic[res.kwic["slogan"] == "三攻坚一盘活"].iloc[0]
    assert (
        kwic["line"] == 25 and kwic["match"] == "三攻坚一盘活" and kwic["left"].endswith("力争“")
    )


@needs_gwr()
def test_government_work_reports_eras_surface_with_their_first_year(gwr_cache):
    result = analyse_formulations(GWR, load_config("tifa.toml"), cache_dir=gwr_cache)
    table = result.slogans.table.set_index("slogan")
    for slogan, first in [("高质量发展", "2018"), ("供给侧结构性改革", "2016"), ("人民公社", "1959"),
                          ("三个代表", "2001"), ("一带一路", "2015")]:  # fmt: skip
        assert table.loc[slogan, "first_date"][:4] == first, slogan
    top = table.index[:200].tolist()
    assert "经济发展" not in top  # used all along: the language, not a formulation
    assert table.loc["新质生产力", "first_date"][:4] == "2024"  # new in the last reports
    assert "六五" not in table.index or table.loc["六五", "first_date"][:4] != "1955"  # 点六五斤
    assert not any(s in top[:10] for s in ("港人治港", "澳人治澳", "高度自治"))
    assert not [s for s in top if re.fullmatch(r"[一二三四五六七八九十〇零]+年", s)]


def test_discovery_does_not_depend_on_the_user_lexicon(tmp_path):
    corpus = read_articles(SEEDS)
    with_lexicon = analyse_formulations(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path)
    base = make_segmenter(lexicon=())
    raw = with_lexicon.raw_tokens
    alone = find_slogans(corpus.articles, raw, tag=base.tag, is_word=base.has_word)
    assert "新质生产力" in set(alone.table["slogan"])


# --------------------------------------------------------------------------- issue 12: one case
# per mechanism, on invented paragraphs (asserting what must and must not be taken)


def test_a_formulation_used_all_along_or_new_in_the_last_period_is_found(tmp_path):
    """No era gate: in a corpus of six periods, a formulation used every year is kept, and
    one that is new in the last period is first class."""
    texts = {}
    verbs = ["坚持", "推进", "实现", "促进", "加快", "引领", "深化", "保障"]
    for k, year in enumerate(range(2019, 2025)):
        body = f"我们要{verbs[k]}绿色低碳循环发展，{verbs[k + 2]}绿色低碳循环发展。\n"
        if year == 2024:
            body += "加快发展银发服务业态，银发服务业态快速成长，壮大银发服务业态。\n"
        texts[f"{year}.txt"] = body
    table = _corpus(tmp_path, texts).slogans.table.set_index("slogan")
    assert "绿色低碳循环发展" in table.index
    assert table.loc["银发服务业态", "first_date"] == "2024"


def test_verb_headed_idioms_and_zhishang_slogans_are_not_dropped_by_their_pos(tmp_path):
    texts = {
        "a.txt": "坚持人民至上，坚持以人民为中心。各级干部要真抓实干。\n",
        "b.txt": "始终把人民至上落到实处，践行以人民为中心的发展思想，真抓实干抓落实。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table
    assert {"人民至上", "以人民为中心", "真抓实干"} <= set(table["slogan"])


def test_a_word_tagged_as_a_person_does_not_block_a_formulation(tmp_path):
    texts = {
        "a.txt": "打赢蓝天保卫战，加强党风廉政建设。\n",
        "b.txt": "持续打好蓝天保卫战，深入推进党风廉政建设。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table
    assert {"蓝天保卫战", "党风廉政建设"} <= set(table["slogan"])


def test_a_dictionary_word_quoted_once_is_no_formulation(tmp_path):
    once = {
        "a.txt": "他说这是一次“学习”的机会。学习使人进步。\n",
        "b.txt": "我们要加强学习，学习新知识。\n",
    }
    table = _corpus(tmp_path, once).slogans.table
    assert "学习" not in set(table["slogan"])
    (tmp_path / "c.txt").write_text("推行“河长制”，落实“河长制”，完善“河长制”。\n", "utf-8")
    table = _corpus(tmp_path, {}).slogans.table
    assert "河长制" in set(table["slogan"])  # quoted again and again


def test_a_dictionary_word_quoted_in_one_document_only_is_its_defined_term(tmp_path):
    """“区域”, the seabed Area of one article on the law of the sea, quoted there again and
    again, is an ordinary word in the other articles: no formulation. Quoted three times in
    two documents it is a candidate, scored like any other."""
    from analysis.ingest import read_articles

    law = "“区域”内资源属于全人类。“区域”的勘探须经批准。制定“区域”开发规章。\n"
    plain = {f"{n}.txt": f"推进区域协调发展，优化区域布局，第{n}个区域合作项目落地。\n" for n in range(6)}
    texts = {"law.txt": law, **plain}

    def trace_of(folder) -> dict[str, str]:
        corpus = read_articles(folder)
        base = make_segmenter(lexicon=())
        raw = analyse_formulations(folder, Config(), cache_dir=folder / "cache").raw_tokens
        trace: dict[str, str] = {}
        find_slogans(corpus.articles, raw, tag=base.tag, is_word=base.has_word, trace=trace)
        return trace

    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert trace_of(tmp_path).get("区域") == "dictionary word quoted too rarely"
    (tmp_path / "law2.txt").write_text("公约规定了“区域”制度。\n", encoding="utf-8")
    assert "区域" not in trace_of(tmp_path)


def test_numbered_formulas_reject_decimals_years_and_amounts_and_split_homographs(tmp_path):
    texts = {
        "1984.txt": "粮食人均三百八十六点六五斤。一九六五年以来，“六五”计划完成。“七五”计划开局。\n",
        "1986.txt": "实施“七五”计划，开展“七五”普法。\n",
        "1987.txt": "“七五”计划顺利推进，“七五”普法深入人心。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table.set_index("slogan")
    assert {"七五计划", "七五普法"} <= set(table.index)  # told apart by what follows
    assert table.loc["七五普法", "count_total"] == 2
    assert "六五" not in table.index or table.loc["六五", "count_total"] == 1  # not 点六五斤
    assert not any(s.startswith(("一九六五", "六五斤", "十六点")) for s in table.index)


def test_a_plan_number_counts_its_uses_inside_its_period_and_plan_but_not_a_homograph(tmp_path):
    texts = {
        "2025.txt": "谋划“十五五”时期发展，编制“十五五”规划。实现“十五五”良好开局。"
        "开展“七五”普法，落实“七五”计划。\n",
        "2026.txt": "“十五五”时期任务艰巨，“十五五”规划纲要提出目标。确保“十五五”良好开局，"
        "开展“七五”普法，“七五”计划完成。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table.set_index("slogan")
    assert {"十五五时期", "十五五规划", "七五普法"} <= set(table.index)
    # 十五五时期 and 十五五规划 name the plan: their uses are 十五五's; 七五普法 is another cycle
    assert table.loc["十五五", "count_total"] == 6
    assert table.loc["七五", "count_total"] == 2  # inside 七五计划 twice, never in 七五普法
    # 良好 describes the plan: no 十五五良好 (cut from 良好开局)
    assert not any(s.startswith("十五五良") for s in table.index)
    assert table.loc["良好开局", "count"] == 2


def test_count_total_includes_uses_inside_longer_formulations_and_de_variants(tmp_path):
    texts = {
        "1987.txt": "建设有中国特色的社会主义。坚持走有中国特色的社会主义道路。\n",
        "2012.txt": "坚持中国特色社会主义，建设“中国特色社会主义现代化强国”，"
        "推进“中国特色社会主义现代化强国”建设。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table.set_index("slogan")
    row = table.loc["中国特色社会主义"]
    assert "有中国特色的社会主义" in row["variants"]
    assert row["first_date"] == "1987"  # the first date comes from every form and every use
    assert (row["count"], row["count_total"]) == (3, 5)  # twice inside the longer one


def test_salutations_and_listed_phrases_are_not_formulations(tmp_path):
    texts = {
        "a.txt": "“女士们、先生们、朋友们”，欢迎各位。同志们，我们要推进“放管服”改革。\n",
        "b.txt": "女士们、先生们、朋友们，同志们，继续深化“放管服”改革。\n",
    }
    table = _corpus(tmp_path, texts).slogans.table
    names = set(table["slogan"])
    assert "放管服" in names
    assert not names & {"女士们、先生们、朋友们", "同志们", "女士们", "朋友们"}


def test_places_and_institutions_by_name_are_not_formulations(tmp_path):
    """A province, a kind of place by itself and a central institution recur in every text
    about them; the shipped list keeps them out, not the formulations around them."""
    texts = {
        f"{y}.txt": f"{y}年，“内蒙古”在自治区党委领导下落实国务院部署，内蒙古坚持“两山”理念。"
        f"自治区推进“放管服”改革，内蒙古自治区深化“放管服”改革。\n"
        for y in (2020, 2021, 2022)
    }
    names = set(_corpus(tmp_path, texts).slogans.table["slogan"])
    assert {"放管服", "两山"} <= names
    assert not names & {"内蒙古", "自治区", "内蒙古自治区", "国务院"}


def test_boilerplate_has_full_spread_and_a_renamed_list_links_its_predecessor(seeds):
    table = seeds.slogans.table.set_index("slogan")
    new = table.loc["稳进增效、除险固安、改革突破、惠民强企"]
    assert new["successor_of"] == "稳进增效、除险清患、改革求变、惠民有感"
    assert table.loc["稳进增效、除险清患、改革求变、惠民有感", "successor_of"] == ""
    assert ((table["spread"] > 0) & (table["spread"] <= 1)).all()


def test_stopwords_enter_only_after_discovery(tmp_path):
    """A formulation made only of listed stopwords is dropped at the end; the stopword list
    does not change what is discovered otherwise."""
    corpus = read_articles(SEEDS)
    base = make_segmenter(lexicon=())
    raw = analyse_formulations(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path).raw_tokens
    plain = find_slogans(corpus.articles, raw, tag=base.tag, is_word=base.has_word)
    listed = find_slogans(
        corpus.articles, raw, tag=base.tag, is_word=base.has_word,
        stopwords=frozenset({"开门红"}),
    )  # fmt: skip
    assert "开门红" in set(plain.table["slogan"]) and "开门红" not in set(listed.table["slogan"])
    rest = set(plain.table["slogan"]) - {"开门红"}
    assert rest == set(listed.table["slogan"])


def test_a_piece_of_a_longer_formulation_is_ranked_out(tmp_path):
    """“一带”和“一路” quoted once, 一带一路 everywhere: the pieces are fragments (30 of their
    31 uses inside it), the whole stays (what stands alone is covered in test_score.py)."""
    texts = {
        f"{k}.txt": f"第{k + 1}次{w}论坛指出，{w}领域共建“一带一路”。{w}合作推动“一带一路”走深走实。"
        f"{w}成果表明“一带一路”惠及各国。坚持多边主义，践行多边主义{w}原则。\n"
        for k, w in enumerate("农业 能源 交通 金融 教育 卫生 科技 文化 旅游 体育".split())
    }
    texts["x.txt"] = "“一带”和“一路”的设计思路，体现了开放包容，多边主义是方向。\n"
    table = _corpus(tmp_path, texts).slogans.table.set_index("slogan")
    assert table.loc["一带一路", "count_total"] == 30  # 领域共建“一带一路” holds 10 of them
    assert not {"一带", "一路"} & set(table.index)


def test_trace_says_why_a_candidate_was_dropped(tmp_path):
    """The diagnosis of scripts/diagnose_formulations.py: each candidate dropped before scoring
    is named with its reason, and what is scored is not in the trace."""
    corpus = read_articles(SEEDS)
    base = make_segmenter(lexicon=())
    raw = analyse_formulations(SEEDS, load_config("tifa.toml"), cache_dir=tmp_path).raw_tokens
    trace: dict[str, str] = {}
    found = find_slogans(
        corpus.articles, raw, tag=base.tag, is_word=base.has_word,
        not_formulations=frozenset({"开门红"}), trace=trace,
    )  # fmt: skip
    assert trace["开门红"] == "not-formulations list"
    assert not set(trace) & set(found.features["text"])
    assert all(trace.values())


def test_a_name_and_its_verb_or_title_is_no_formulation(tmp_path):
    """余长明强调 on the seeds: a person (found by the title beside the name) and what they did
    is not a formulation; a formulation that holds the name in a longer phrase still is."""
    line = "区委书记王小川强调，要坚持新质生产力导向，推动高质量发展。王小川书记指出，要抓好民生实事。\n"
    texts = {f"{c}.txt": line + f"会上，王小川强调{c}区要稳中求进。\n" for c in "abcd"}
    table = _corpus(tmp_path, texts).slogans.table
    found = set(table["slogan"])
    assert not {"王小川强调", "王小川书记", "王小川指出"} & found
    assert {"新质生产力", "高质量发展"} <= found
    assert not _named_act("习近平新时代中国特色社会主义思想", frozenset({"习近平"}), _TAG)
    assert _named_act("余长明强调", frozenset({"余长明"}), _TAG)


def test_the_pool_does_not_change_the_formulations(tmp_path, monkeypatch):
    """Counting, word-boundary checks and features on two forked processes (the pool made to
    start at any size): the same tables as one process."""
    from analysis.slogans import count

    counted = analyse_formulations(SEEDS, Config(), cache_dir=tmp_path)
    base = make_segmenter(lexicon=())
    args = (counted.corpus.articles, counted.raw_tokens)
    here = find_slogans(*args, tag=base.tag, is_word=base.has_word, workers=1)
    monkeypatch.setattr(count, "POOL_MIN_CHARS", 0)
    pooled = find_slogans(*args, tag=base.tag, is_word=base.has_word, workers=2)
    for name in ("table", "counts", "periods", "kwic", "features"):
        assert getattr(here, name).equals(getattr(pooled, name)), name
    assert len(here.table) > 20


def test_a_formulation_longer_than_twelve_characters_is_found_and_a_repeated_sentence_is_not(
    tmp_path,
):
    long = "全域生态产品价值实现机制改革试点"  # invented, 16 characters
    sentence = "奋力实现全年经济社会发展总体目标任务"  # said twice in one text
    verbs = ["深化", "推进", "落实", "总结", "扩大", "完善"]
    texts = {
        f"{2019 + k}.txt": f"我们要{v}{long}，各地{verbs[k - 1]}{long}。\n"
        for k, v in enumerate(verbs)
    }
    texts["2019.txt"] += f"今年要{sentence}。{sentence}，办好民生实事。\n"
    names = set(_corpus(tmp_path, texts).slogans.table["slogan"])
    assert long in names
    assert sentence not in names


def test_known_formulations_are_reported_once_used_and_are_no_segmentation_words(tmp_path):
    """lexicon/formulations.txt ([slogans] lexicon): a phrase of the centre used once is a
    formulation of kind lexicon; emptied, discovery alone does not take a single use; and the
    phrase is no jieba word, so the words inside it still count for the themes."""
    import dataclasses

    from analysis.wordlists import read_lexicon, read_stopwords

    known = {e.word for e in read_stopwords(["lexicon/formulations.txt"])}
    assert {"统购统销", "乡村全面振兴"} <= known
    assert not known & {e.word for e in read_lexicon(["lexicon"])}
    texts = {"1955.txt": "实行粮食统购统销。\n", "2024.txt": "推进乡村全面振兴，建设和美乡村。\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    table = analyse_formulations(tmp_path, Config(), cache_dir=tmp_path / "c").slogans.table
    rows = table.set_index("slogan")
    assert rows.loc["统购统销", "kind"] == "lexicon" and rows.loc["统购统销", "count"] == 1
    assert rows.loc["乡村全面振兴", "first_date"] == "2024"
    config = Config()
    config = dataclasses.replace(config, slogans=dataclasses.replace(config.slogans, lexicon=""))
    bare = analyse_formulations(tmp_path, config, cache_dir=tmp_path / "c").slogans.table
    assert not {"统购统销", "乡村全面振兴"} & set(bare["slogan"])
    words = make_segmenter(lexicon=read_lexicon(["lexicon"])).cut("推进乡村全面振兴")
    assert "乡村全面振兴" not in words and "乡村" in words
