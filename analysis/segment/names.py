"""What a personal name looks like: surnames, the titles around a name, name-like words."""

from __future__ import annotations

import re

from ..ingest import HAN

# Common Chinese surnames (single and double), for telling personal names from other words that
# jieba tags ``nr``.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_DOUBLE_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "令狐",
)


def is_person(word: str, tag: str) -> bool:
    """Whether ``word`` (tagged ``tag`` by the engine) looks like a personal name.

    Parameters
    ----------
    word : the token
    tag : its part-of-speech tag (``nr...`` for a name)

    Returns
    -------
    bool
        True for two to four Chinese characters (or ``·``) tagged ``nr`` that start with a
        common surname.
    """
    if not tag.startswith("nr") or not 2 <= len(word) <= 4:
        return False
    if not re.fullmatch(f"[{HAN}·]+", word):
        return False
    return word[0] in _SURNAMES or word.startswith(_DOUBLE_SURNAMES)


# Titles and roles that stand right before a personal name in official text (区委书记余长明,
# 副市长刘振); a token ending with one of them is a title.
TITLES_BEFORE = (
    "书记", "副书记", "常委", "委员", "主任", "副主任", "主席", "副主席", "主委", "总理", "副总理",
    "委员长", "部长", "副部长", "省长", "市长", "区长", "县长", "州长", "旗长", "镇长", "乡长",
    "村长", "盟长", "厅长", "局长", "处长", "科长", "所长", "院长", "校长", "站长", "社长",
    "会长", "秘书长", "检察长", "庭长", "董事长", "总经理", "经理", "行长", "主任委员", "队长",
    "司令员", "政委", "代表", "院士", "教授", "记者", "通讯员", "同志", "总书记",
)  # fmt: skip
# Weak titles: also a verb or a modifier (省级领导包保机制, 领导包片负责), so the word after them
# is a name only in a list of names (区领导刘理国、刘振; 市委领导孙大军、杨勤荣等同志).
WEAK_TITLES = ("领导",)
NAME_LIST_MARKS = ("、", "等")
# Words that follow a personal name (余长明同志, 刘振书记).
TITLES_AFTER = (
    "同志", "书记", "总书记", "主任", "主席", "总理", "部长", "省长", "市长", "区长", "县长", "镇长",
    "院士", "教授", "先生", "女士", "老师", "一行", "等同志",
)  # fmt: skip
# Manifest columns whose values are people (added to the lexicon whole, as names).
PERSON_COLUMN = re.compile(
    r"person|people|speaker|author|leader|official|name|人物|人名|作者|讲话人|领导|发言人", re.I
)
_NAME_VALUE = re.compile(f"[{HAN}·]{{2,10}}")
_TITLE_BEFORE = re.compile("|".join(sorted(TITLES_BEFORE, key=len, reverse=True)))
_TITLE_AFTER = re.compile("|".join(sorted(TITLES_AFTER, key=len, reverse=True)))
_WEAK_TITLE = re.compile("|".join(WEAK_TITLES))
PERSON_LIST = "people.txt"  # the user's list of names, in a lexicon folder
# Words for a kind of person or of organisation: a surname before one is no name (教育部长江学者:
# 部长 + 江学者; 会长管协会: 会长 + 管协会).
NOT_GIVEN_NAMES = frozenset(
    "学者 专家 教授 院士 先生 女士 老师 干部 群众 党员 代表 委员 职工 工人 农民 居民 村民 "
    "学生 记者 作者 同学 同事 同胞 青年 老人 妇女 儿童 主人 客人 家人 朋友 "
    "协会 学会 商会 公司 集团 小组 支部 中心 网格 楼栋 社区 小区".split()
)
# Characters of transliterated foreign names (古特雷斯, 马卡洛夫): a candidate after a title is
# the whole run of them when the run is long and holds at least two characters that Chinese
# given names seldom use (_TRANSLIT_MARKS), so 古特雷 is not cut from 古特雷斯.
TRANSLIT = frozenset(
    "阿埃艾爱安奥巴拜班邦保贝本比彼宾波伯博布查达戴丹德登迪蒂丁杜顿多厄恩尔法范菲费芬弗福夫盖"
    "甘冈戈哥格根贡古瓜圭哈海汉豪赫亨胡霍基吉加贾杰金卡凯坎康科克肯库夸奎拉莱兰劳勒雷黎里利莉"
    "林琳卢鲁伦罗洛马玛迈麦曼梅门蒙米莫默姆穆纳娜奈内尼纽努诺帕潘佩蓬皮普奇齐恰乔切钦琼萨塞桑"
    "瑟森沙莎绍舍什斯松苏索塔泰坦汤特滕提图托瓦威韦维温沃乌西希锡谢休雅亚耶伊约泽扎詹兹"
)
TRANSLIT_MARKS = frozenset("斯特尔克拉尼亚德蒂迪普姆奥埃伊乌耶兹泽瓦维夫诺")
TRANSLIT_MIN = 4  # the shortest run read as a transliterated name
# Words after a place or organisation name (叶青大厦): a candidate the corpus writes before one
# in most of its uses is the name of a building, street or company, not of a person.
PLACE_AFTER = (
    "大厦", "大楼", "大街", "大道", "大桥", "广场", "花园", "小区", "公园", "路", "街", "巷",
    "集团", "公司", "酒店", "宾馆", "商场", "中心",
)  # fmt: skip


def name_like(word: str) -> bool:
    """Whether ``word`` is shaped like a personal name.

    Two or three Chinese characters starting with a common surname, four with a double
    surname (欧阳), or a transliterated name with ``·``; not a reduplicated pair (殷殷).

    Parameters
    ----------
    word : the token

    Returns
    -------
    bool
    """
    if "·" in word:
        return re.fullmatch(f"[{HAN}]+(?:·[{HAN}]+)+", word) is not None and len(word) <= 12
    if not 2 <= len(word) <= 4 or not re.fullmatch(f"[{HAN}]+", word):
        return False
    if len(word) == 2 and word[0] == word[1]:
        return False  # 殷殷 (嘱托), 明明: a reduplicated word, not a name
    if len(word) == 4:
        return word.startswith(_DOUBLE_SURNAMES)  # 郑重宣布 is no name; 欧阳修文 may be
    return word[0] in _SURNAMES or word.startswith(_DOUBLE_SURNAMES)
