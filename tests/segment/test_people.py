"""People: a token is a person only with evidence (a title next to it, a manifest column, the
user's list); every other word jieba tags as a name stays a term."""

from __future__ import annotations

import pytest

from analysis.config import load_config
from analysis.pipeline import analyse_counts
from analysis.segment import (
    Tokens,
    find_people,
    make_segmenter,
    manifest_names,
    name_like,
    people_lexicon,
    title_names,
)
from analysis.wordlists import Entry

from ..conftest import ROOT, SEEDS

ORDINARY = ("安全感", "严肃查处", "农耕", "文明", "田园", "金鳌", "高水平", "龙马精神")


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    return analyse_counts(SEEDS, load_config(ROOT / "tifa.toml"), cache_dir=None)


def test_seeds_people_is_the_one_real_name(seeds_run):
    people = seeds_run.people
    assert list(people["name"]) == ["余长明"]
    assert list(people["evidence"]) == ["manifest"]
    assert list(people.columns) == ["name", "count", "articles", "evidence"]


def test_seeds_ordinary_words_stay_terms_and_the_name_stays_whole(seeds_run):
    raw = {w for d in seeds_run.raw_tokens.docs for w in d}
    kept = {w for d in seeds_run.tokens.docs for w in d}
    assert "余长" not in raw and "明同" not in raw  # 余长明同企业负责人交谈: the name is whole
    for word in ORDINARY:
        assert word not in set(seeds_run.people["name"])
    # the analysis keeps them (高水平 is on the official stopword list, so it is not a term)
    assert {"安全感", "严肃查处", "农耕", "文明", "田园", "金鳌", "龙马精神"} <= kept


def test_without_a_manifest_only_titles_tell(tmp_path):
    folder = ROOT / "tests" / "fixtures" / "people-no-manifest"
    run = analyse_counts(folder, load_config(ROOT / "tifa.toml"), cache_dir=None)
    found = dict(zip(run.people["name"], run.people["evidence"], strict=True))
    assert found.get("王建国") == "title"  # 县委书记王建国, 王建国同志
    assert found.get("张志强") == "title"  # 副县长张志强
    assert not set(found) & set(ORDINARY)
    kept = {w for d in run.tokens.docs for w in d}
    assert "王建国" not in kept and "文明" in kept


def test_punctuation_between_title_and_word_is_no_evidence():
    toks = Tokens.from_docs([["第一", "书记", "包村", "干部", "区长", "刘振"]],
                            tags=[["m", "n", "nr", "n", "n", "nr"]])  # fmt: skip
    found = find_people(toks, texts=["第一书记、包村干部和区长刘振"])
    assert found == {"刘振": "title"}
    assert "包村" in find_people(toks)  # the tokens alone cannot see the 、


def test_find_people_needs_a_title_next_to_the_name():
    toks = Tokens.from_docs(
        [["区委书记", "张三丰", "强调"], ["张三丰", "发展", "文明"], ["高度", "书记", "文明"]],
        tags=[["n", "nr", "v"], ["nr", "v", "nr"], ["d", "n", "nr"]],
    )
    # 高度 (tagged d) stands before 书记 but is no name; 张三丰 after 区委书记 is
    found = find_people(toks)
    assert found["张三丰"] == "title"
    assert "高度" not in found
    # a title at the end of one paragraph says nothing about the first word of the next
    toks2 = Tokens.from_docs([["发展", "区长"], ["李明", "指出"]], tags=[["v", "n"], ["nr", "v"]])
    assert find_people(toks2) == {}


def test_a_name_written_before_a_place_word_in_most_uses_is_a_place():
    docs = [["集团", "董事长", "叶青", "介绍"], ["叶青", "大厦", "党委"], ["走进", "叶青", "大厦"]]
    texts = ["集团董事长叶青介绍", "叶青大厦党委", "走进叶青大厦"]
    toks = Tokens.from_docs(docs, tags=[["n", "n", "nr", "v"], ["nr", "n", "n"], ["v", "nr", "n"]])
    assert find_people(toks, texts=texts) == {}
    # once before 大厦 in three uses: a person
    texts2 = ["集团董事长叶青介绍", "叶青说", "叶青大厦"]
    assert find_people(toks, texts=texts2) == {"叶青": "title"}
    assert find_people(toks, listed=frozenset({"叶青"}), texts=texts) == {"叶青": "list"}


def test_list_and_manifest_names_are_people_whatever_the_text():
    lexicon = [Entry("赵六", path="lexicon/people.txt", line=3), Entry("大渡口", "lexicon/local.txt", 1)]
    names = manifest_names(("person", "region"), [(("person", "余长明、刘振"), ("region", "重庆市"))])
    assert manifest_names(("speaker",), [(("speaker", "浙江省省长 刘捷"),)]) == ["刘捷"]
    assert names == sorted(["余长明", "刘振"])
    lex, listed, from_manifest = people_lexicon(lexicon, names)
    assert listed == {"赵六"} and from_manifest == {"余长明", "刘振"}
    assert {e.word: e.tag for e in lex}["赵六"] == "nr"
    assert {e.word: e.tag for e in lex}["余长明"] == "nr"
    toks = Tokens.from_docs([["赵六", "余长明", "发展"]])
    assert find_people(toks, listed=listed, from_manifest=from_manifest) == {
        "赵六": "list", "余长明": "manifest", "刘振": "manifest"
    }


@pytest.mark.parametrize("word, ok", [("余长明", True), ("文明", True), ("发展", False), ("欧阳修", True),
                                      ("王", False), ("企业家们好", False), ("殷殷", False),
                                      ("郑重宣布", False), ("欧阳振华", True)])  # fmt: skip
def test_name_like(word, ok):
    assert name_like(word) is ok


def test_names_jieba_splits_are_found_by_their_title_and_kept_whole():
    # no manifest: 李红梅 (jieba: 李/红梅), 余长明 (余长/明同), 王小川 (王/小川) only have titles
    folder = ROOT / "tests" / "fixtures" / "people-split-names"
    run = analyse_counts(folder, load_config(ROOT / "tifa.toml"), cache_dir=None)
    found = dict(zip(run.people["name"], run.people["evidence"], strict=True))
    assert found == {"李红梅": "title", "余长明": "title", "王小川": "title", "赵丽": "title"}
    raw = {w for d in run.raw_tokens.docs for w in d}
    kept = {w for d in run.tokens.docs for w in d}
    assert {"李红梅", "余长明", "王小川"} <= raw
    assert not {"红梅", "余长", "明同", "小川", "赵丽说"} & raw
    # ordinary words before a title stay words: 全体党员同志, 主任和同事们, 高度重视
    assert {"党员", "同事", "高度重视"} <= kept


def test_title_names_reads_the_characters_beside_a_title():
    seg = make_segmenter()
    texts = ["区委书记李红梅主持会议，书记李明主持会议，镇长赵丽说，书记李强调要落实。",
             "余长明同志指出，全体党员同志、主任和同事们要高度重视，向李明同志学习。"]  # fmt: skip
    # 李强 (书记李强调) is a dictionary word, kept whole already: left to find_people
    assert title_names(texts, seg.has_word, seg.tag) == ["余长明", "李明", "李红梅", "赵丽"]
    # without a title there is no name, whatever the characters
    assert title_names(["李红梅主持会议，余长明同企业负责人交谈。"], seg.has_word, seg.tag) == []


@pytest.mark.parametrize(
    "text, names",
    [
        # 领导 is also a verb and a modifier: the word after it is no name
        ("实行重大项目省级领导包保机制，建立领导包片负责制度。", []),
        ("区领导刘理国、刘振及相关部门负责人参加。", ["刘理国"]),
        # ... and the list's word is no name when the text also uses it as a word
        ("建立领导包联、干部包片制度，党组织成员包联小区。", []),
        # the character before the candidate makes a word with its first (重温, 导师, 爱戴)
        ("重温毛主席的教导。伟大导师毛主席。各族人民爱戴总书记。", []),
        # a candidate that jieba reads as one verb (全靠) is no name
        ("村庄发展快，全靠书记带。", []),
        # 老 and 女 belong to the title after them (老书记, 女书记)
        ("看到胡成海老书记的照片，不管派女书记还是男书记，都一样。", []),
        # the third character that a tag cut off, written after the name every time
        ("业委会主任彭定才坦言，工作不容易。彭定才说，居民们对彭定才等业委会成员很信任。", ["彭定才"]),
        # ... but not when it starts a word every time (介绍, 总理)
        ("组织处处长辛峰介绍，今年辛峰介绍了经验。", ["辛峰"]),
        ("同印度总理莫迪举行会晤，莫迪总理表示欢迎。", ["莫迪"]),
        # a surname before a word for a kind of person: 部长 + 江学者 is 长江学者 (江涛 is a name)
        ("教育部长江学者特聘教授。副市长江涛说，要抓落实。", ["江涛"]),
        # ... or of organisation: 会长 + 管协会 (会长管协会、片长管网格)
        ("实行楼长管楼栋、会长管协会的办法。", []),
        # the first two characters are a dictionary name, not a word: 赵国 of 赵国庆
        ("居民区党总支书记赵国庆说，部长赵国强介绍。", ["赵国庆", "赵国强"]),
        # a transliterated name is its whole run of transliteration characters
        ("联合国秘书长古特雷斯说，欢迎。区委书记林琳说。", ["古特雷斯", "林琳"]),
        # the last character starts a longer word with what follows (息息相关)
        ("这与董事长王红息息相关。", ["王红"]),
        # a candidate written before 大厦 in most of its uses names a building
        ("集团董事长叶青介绍经验。叶青大厦党委成立。走进叶青大厦。", []),
    ],
    ids=["after 领导", "a list after 领导", "a word after 领导", "word before", "one verb", "老书记 女书记", "recurring third character", "介绍", "总理", "person noun", "organisation noun", "dictionary name", "transliteration", "longer word after", "place"],
)
def test_title_names_takes_no_ordinary_words(text, names):
    seg = make_segmenter()
    assert title_names([text], seg.has_word, seg.tag) == names
