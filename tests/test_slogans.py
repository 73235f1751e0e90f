"""Slogans: the detectors on short invented paragraphs, then the seeds and the Government Work
Reports, counting, tables and the two commands."""

from __future__ import annotations

import re

import pytest

from analysis.cli import main
from analysis.config import Config, load_config
from analysis.ingest import read_articles
from analysis.pipeline import analyse_formulations
from analysis.segment import make_segmenter
from analysis.slogans import (
    compact_parallels,
    explicit_candidates,
    find_slogans,
    is_formula,
    is_numbered,
    tier,
)

from .conftest import GWR, SEEDS, needs_gwr

BASE = make_segmenter(lexicon=())


def _explicit(*texts):
    return explicit_candidates(list(texts), is_word=BASE.has_word, tag=BASE.tag)


# --------------------------------------------------------------------------- detectors


@pytest.mark.parametrize(
    "text, numbered",
    [
        ("三服务", True), ("六个统筹", True), ("三条底线", True), ("五大百亿级产业集群", True),
        ("三攻坚一盘活", True), ("三去一降一补", True), ("一核两带", True),
        ("2个指挥部+15个专项工作组", True), ("四个全面", True),
        ("2月19日", False), ("338.89亿元", False), ("一方面", False), ("一年来", False),
        ("一季度", False), ("百分之三十", False), ("三方面", False), ("4000万盒", False),
    ],
)  # fmt: skip
def test_numbered_formulas_but_not_dates_or_amounts(text, numbered):
    assert is_numbered(text) is numbered


@pytest.mark.parametrize(
    "quoted, formula",
    [
        ("三服务", True),
        ("公园大渡口、多彩艺术湾", True),
        ("抓项目就是抓投资、抓投资就是抓发展", True),
        ("要全面贯彻落实党中央决策部署、市委工作要求，奋力实现一季度经济社会发展开门红！", False),
        ("我们必须坚持。", False),
        ("2022", False),
    ],
)
def test_quoted_formulation_is_not_quoted_speech(quoted, formula):
    assert is_formula(quoted) is formula


def test_quoted_candidates_by_kind():
    found = _explicit(
        "常态化开展“三服务”工作，谱写“公园大渡口、多彩艺术湾”建设新篇章。",
        "“要全面贯彻落实党中央决策部署、市委工作要求，奋力实现开门红！”他说。",
        "构建“亲”“清”新型政商关系，守住“三条底线”，推广“枫桥经验”。",
    )
    kinds = {f.text: f.kind for f in found.values()}
    assert kinds["三服务"] == "numbered" and kinds["三条底线"] == "numbered"
    assert kinds["公园大渡口、多彩艺术湾"] == "parallel"
    assert kinds["枫桥经验"] == "quoted"
    assert kinds["亲清"] == "quoted"  # adjacent one-character quotes read as one formulation
    assert not any("党中央" in t for t in kinds)


def test_parallel_runs_are_slogans_and_noun_lists_are_not():
    found = _explicit(
        "各级各部门要强化稳进增效、除险固安、改革突破、惠民强企工作导向。",
        "希望进一步突出小而精、小而美、小而特、小而优，做靓打卡点。",
        "积极助力企业解决研发、资金、市场等实际问题。",
        "询问经营收入、生活变化、游玩感受等情况。",
        "详细了解各个项目的特色产品、民宿经济、发展规划、美食等具体情况。",
    )
    parallels = {f.text for f in found.values() if f.kind == "parallel"}
    assert parallels == {
        "稳进增效、除险固安、改革突破、惠民强企",
        "小而精、小而美、小而特、小而优",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("强化产业链招商，进一步延链补链强链，加快", ["延链补链强链"]),
        ("确保各项任务落实落细落地，谱写", ["落实落细落地"]),
        ("一方面要持续赋智赋资赋能，推动", ["赋智赋资赋能"]),
        ("推动经济发展和社会进步", []),
    ],
)
def test_compact_parallels_choose_the_right_alignment(text, expected):
    assert compact_parallels(text, is_word=BASE.has_word) == expected


def test_unquoted_numbered_formula_must_recur():
    once = _explicit("培育壮大五大百亿级产业集群。")
    twice = _explicit("培育壮大五大百亿级产业集群。", "优化完善五大百亿级产业集群培育政策。")
    assert "五大百亿级产业集群" not in once
    assert twice["五大百亿级产业集群"].kind == "numbered"


@pytest.mark.parametrize(
    "share, name", [(0.0, "absent"), (0.05, "cool"), (0.2, "warm"), (0.6, "hot"), (1.0, "hot")]
)
def test_temperature_tiers(share, name):
    assert tier(share) == name


# --------------------------------------------------------------------------- whole corpora


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
def test_government_work_reports_eras_surface_with_their_first_year(tmp_path):
    result = analyse_formulations(GWR, load_config("tifa.toml"), cache_dir=tmp_path)
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


# --------------------------------------------------------------------------- commands


def test_kwic_prints_file_and_line(capsys):
    assert main(["kwic", "三攻坚一盘活", "seeds", "--width", "4"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["seeds/2024-02-yu-changming-visits.txt:25: ，力争“【三攻坚一盘活】”改革突"]


def test_kwic_normalises_traditional_query(capsys):
    assert main(["kwic", "高質量發展", "seeds"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6


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


def test_enumeration_members_that_recur_alone_are_candidates():
    from analysis.slogans import enumeration_members, ngram_stats

    texts = [
        "培育冰雪经济、银发经济、低空经济等新增长点。",
        "低空经济起步良好，银发经济加快发展。",
        "发展低空经济，做大银发经济，冰雪经济持续升温。",
    ]
    stats = ngram_stats(texts, min_count=2)
    found = enumeration_members(texts, stats.counts, tag=BASE.tag, min_count=2)
    assert {"低空经济", "银发经济"} <= set(found)
    assert "冰雪经济" not in found  # outside the list only once


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


def test_numbered_and_parallel_candidates_must_fall_on_word_boundaries(tmp_path):
    from analysis.ingest import read_articles
    from analysis.slogans import Hit, boundary_share

    (tmp_path / "a.txt").write_text("党的十九届五中全会提出要求。\n", "utf-8")
    arts = read_articles(tmp_path).articles
    p = arts[0].paragraphs[0]
    start = p.text.index("九届五")
    cut = [Hit(0, 0, p.index, start, start + 3)]  # 十|九届五|中全会: cut mid-word
    whole = [
        Hit(0, 0, p.index, p.text.index("十九届五中全会"), p.text.index("十九届五中全会") + 7)
    ]
    assert boundary_share(cut, arts, tag=BASE.tag) == 0.0
    assert boundary_share(whole, arts, tag=BASE.tag) == 1.0


def test_a_half_used_apart_is_not_merged_into_the_two_part_slogan():
    from analysis.slogans import Found, merge_variants

    text = "推进“和平发展、合作共赢”。和平发展是主题。坚持和平发展。走和平发展道路。"
    found = {
        "和平发展、合作共赢": Found("和平发展、合作共赢", "parallel", {"quoted 1×"}),
        "和平发展": Found("和平发展", "recurrent", {"x"}, {"和平发展"}),
    }
    merged = merge_variants(found, is_word=lambda w: False, text=text)
    assert {f.text for f in merged} == {"和平发展、合作共赢", "和平发展"}


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


def test_user_lexicon_entries_are_formulations_but_not_places(tmp_path):
    from analysis.slogans import lexicon_candidates

    found = lexicon_candidates([("金鳌田园", None), ("大渡口", "ns"), ("海康威视", "nt")])
    assert set(found) == {"金鳌田园"} and found["金鳌田园"].kind == "lexicon"


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
