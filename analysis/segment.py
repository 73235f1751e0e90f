"""Segment analysed paragraphs into words with jieba's dictionary, a user lexicon and a cache.

The engine is rjieba (jieba-rs) when it is installed: it loads jieba's own dictionary and gives
jieba's tokens (``tests/test_segment.py`` holds the parity check) about twenty times faster.
Otherwise plain jieba is used. Words are stored with their part-of-speech tag so that personal
names (``nr``) can be told apart from terms.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from .cache import Cache, str_array, str_list
from .ingest import HAN, Article
from .wordlists import Entry

CACHE_FORMAT = 3  # bump when what is stored changes
LEXICON_TAG = "nz"  # the tag of a user-lexicon word given without one: a proper term
_WORDLIKE = re.compile(rf"[{HAN}A-Za-z0-9]")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class Segmenter:
    """A tokenizer built for one run: an engine with jieba's dictionary plus the user lexicon.

    Use :func:`make_segmenter`; ``tag`` returns ``[(word, part_of_speech), ...]``.
    """

    engine: str
    lexicon: tuple[Entry, ...]
    _impl: object = None
    _has_word: object = None

    @cached_property
    def key(self) -> str:
        """Identifies what this segmenter produces: engine, versions and lexicon content."""
        h = hashlib.sha256()
        h.update(
            f"{CACHE_FORMAT}|{self.engine}|{_version(self.engine)}|{_version('jieba')}".encode()
        )
        for e in self.lexicon:
            h.update(f"\n{e.word}\t{e.freq}\t{e.tag}".encode())
        return h.hexdigest()

    @property
    def version(self) -> str:
        return f"{self.engine} {_version(self.engine)}"

    def _ready(self) -> None:
        # the engine loads its dictionary (a quarter of a second) only when first used: a run
        # whose segments all come from the cache never pays for it
        if self._impl is None:
            self._impl, self._has_word = (
                _rjieba_impl(self.lexicon)
                if self.engine == "rjieba"
                else _jieba_impl(self.lexicon)
            )

    def tag(self, text: str) -> list[tuple[str, str]]:
        self._ready()
        return self._impl(text)

    def has_word(self, word: str) -> bool:
        """Whether ``word`` is one entry of the dictionary (with the lexicon, if any)."""
        self._ready()
        return bool(self._has_word(word))


def _rjieba_impl(lexicon: Sequence[Entry]):
    import rjieba  # noqa: PLC0415

    jb = rjieba.Jieba()
    for e in lexicon:
        # jieba's rule for a missing frequency: just enough to keep the word whole.
        freq = e.freq if e.freq is not None else jb.suggest_freq(e.word)
        jb.add_word(e.word, freq, e.tag or LEXICON_TAG)
    return (lambda text: jb.tag(text)), jb.has_word


def _jieba_impl(lexicon: Sequence[Entry]):
    import jieba  # noqa: PLC0415
    import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for e in lexicon:
        tk.add_word(e.word, e.freq, e.tag or LEXICON_TAG)
    # Tags come from the dictionary (jieba.posseg would re-segment unknown words differently,
    # breaking parity with jieba.cut); words it does not know get 'x', as rjieba's 'x' fallback.
    tags = dict(jieba.posseg.dt.word_tag_tab)
    tags.update({e.word: e.tag or LEXICON_TAG for e in lexicon})
    return (lambda text: [(w, tags.get(w, "x")) for w in tk.cut(text)]), (
        lambda w: tk.FREQ.get(w, 0) > 0
    )


def engine_available(name: str) -> bool:
    from importlib.util import find_spec  # noqa: PLC0415 - finds it without importing it

    return find_spec(name) is not None


def make_segmenter(*, engine: str = "auto", lexicon: Sequence[Entry] = ()) -> Segmenter:
    """Build the segmenter: ``engine`` is ``"auto"``, ``"rjieba"`` or ``"jieba"`` (its
    dictionary is loaded on first use)."""
    if engine == "auto":
        engine = "rjieba" if engine_available("rjieba") else "jieba"
    return Segmenter(engine=engine, lexicon=tuple(lexicon))


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, eq=False)
class Tokens:
    """Words of the analysed paragraphs as integer codes into a vocabulary.

    Paragraph ``i`` is ``vocab[codes[offsets[i]:offsets[i + 1]]]``; ``tags[c]`` is the
    part-of-speech tag of ``vocab[c]``. ``article[i]`` is the position of paragraph ``i``'s
    article in the corpus and ``paragraph[i]`` its index in that article (as in
    ``paragraphs.csv``). Codes keep a 20 MB corpus in tens of megabytes, where a Python string
    per token took a gigabyte, and make filtering a NumPy mask.
    """

    vocab: tuple[str, ...]
    tags: tuple[str, ...]
    codes: np.ndarray  # int32, all tokens in corpus order
    offsets: np.ndarray  # int64, len(docs) + 1
    article: np.ndarray  # int32
    paragraph: np.ndarray  # int32

    @classmethod
    def from_docs(
        cls,
        docs: Sequence[Sequence[str]],
        *,
        tags: Sequence[Sequence[str]] | None = None,
        article: Sequence[int] | None = None,
        paragraph: Sequence[int] | None = None,
    ) -> Tokens:
        """Build tokens from word lists (tests and small inputs)."""
        index: dict[str, int] = {}
        vocab_tags: list[str] = []
        codes = []
        for i, doc in enumerate(docs):
            for j, w in enumerate(doc):
                if w not in index:
                    index[w] = len(index)
                    vocab_tags.append(tags[i][j] if tags is not None else "x")
                codes.append(index[w])
        n = len(docs)
        return cls(
            vocab=tuple(index),
            tags=tuple(vocab_tags),
            codes=np.asarray(codes, dtype=np.int32),
            offsets=np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64),
            article=np.asarray(article if article is not None else range(n), dtype=np.int32),
            paragraph=np.asarray(paragraph if paragraph is not None else [0] * n, dtype=np.int32),
        )

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Tokens)
            and self.docs == other.docs
            and (
                np.array_equal(self.article, other.article)
                and np.array_equal(self.paragraph, other.paragraph)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def n_tokens(self) -> int:
        return int(self.offsets[-1] - self.offsets[0]) if len(self.offsets) else 0

    def doc(self, i: int) -> tuple[str, ...]:
        """The words of paragraph ``i``."""
        return tuple(self.vocab[c] for c in self.codes[self.offsets[i] : self.offsets[i + 1]])

    @property
    def docs(self) -> tuple[tuple[str, ...], ...]:
        """Every paragraph as a tuple of words (builds Python strings: for small data)."""
        return tuple(self.doc(i) for i in range(len(self)))

    def lengths(self) -> np.ndarray:
        """Tokens per paragraph."""
        return np.diff(self.offsets)


def _segment_article(seg: Segmenter, article: Article) -> dict:
    """Segment one article's analysed paragraphs into a compact, cacheable record."""
    index: dict[str, int] = {}
    tags: list[str] = []
    codes: list[int] = []
    lengths: list[int] = []
    for p in article.analysed:
        n = 0
        for w, t in seg.tag(p.content):
            if _WORDLIKE.search(w):
                if w not in index:
                    index[w] = len(index)
                    tags.append(t)
                codes.append(index[w])
                n += 1
        lengths.append(n)
    return {
        "vocab": list(index),
        "tags": tags,
        "codes": np.asarray(codes, dtype=np.int32),
        "lengths": np.asarray(lengths, dtype=np.int64),
    }


SEGMENT_STAGE = "segments"
# Segmenting on two processes pays from about this many characters still to segment (measured:
# below it the pool's start and the records' transfer cost more than the second core saves).
POOL_MIN_CHARS = 1_000_000
_POOL: dict = {}


def _record_key(seg: Segmenter, article: Article) -> str:
    h = hashlib.sha256(seg.key.encode())
    for p in article.analysed:
        h.update(b"\x1e" + p.content.encode())
    return h.hexdigest()


def _to_arrays(record: dict) -> dict[str, np.ndarray]:
    return {
        "vocab": str_array(record["vocab"]),
        "tags": str_array(record["tags"]),
        "codes": record["codes"],
        "lengths": record["lengths"],
    }


def _from_arrays(arrays: dict[str, np.ndarray], n_paragraphs: int) -> dict | None:
    try:
        record = {
            "vocab": str_list(arrays["vocab"]),
            "tags": str_list(arrays["tags"]),
            "codes": arrays["codes"].astype(np.int32, copy=False),
            "lengths": arrays["lengths"].astype(np.int64, copy=False),
        }
    except KeyError:
        return None
    ok = (
        len(record["lengths"]) == n_paragraphs
        and len(record["vocab"]) == len(record["tags"])
        and int(record["lengths"].sum()) == len(record["codes"])
        and (not len(record["codes"]) or 0 <= record["codes"].min() <= record["codes"].max() < len(record["vocab"]))
    )  # fmt: skip
    return record if ok else None


def _segment_chunk(indices: Sequence[int]) -> list[dict]:
    """Pool worker: segment these articles (inherited by ``fork``) and store them."""
    seg, articles, cache = _POOL["seg"], _POOL["articles"], _POOL["cache"]
    out = []
    for i in indices:
        record = _segment_article(seg, articles[i])
        cache.save(SEGMENT_STAGE, _record_key(seg, articles[i]), _to_arrays(record))
        out.append(record)
    return out


def _chunks(indices: Sequence[int], sizes: Sequence[int], n: int) -> list[list[int]]:
    """Split ``indices`` (in order) into about ``n`` runs of similar total ``sizes``."""
    target = max(sum(sizes) / max(n, 1), 1)
    out, run, size = [], [], 0
    for i, s in zip(indices, sizes, strict=True):
        run.append(i)
        size += s
        if size >= target:
            out.append(run)
            run, size = [], 0
    if run:
        out.append(run)
    return out


def segment_missing(
    articles: Sequence[Article],
    missing: Sequence[int],
    segmenter: Segmenter,
    cache: Cache,
    *,
    workers: int = 2,
    min_chars: int = POOL_MIN_CHARS,
) -> Iterator[tuple[int, dict]]:
    """Segment the articles at positions ``missing`` and store them in ``cache``: on a pool of
    ``workers`` processes (``fork``) when they hold at least ``min_chars`` characters, else
    here. Each worker returns one compact record per article (its words once, then integer
    codes). Yields ``(position, record)`` in the order of ``missing``, as they come, so that
    the caller merges them without holding every record."""
    import multiprocessing  # noqa: PLC0415

    sizes = [sum(len(p.content) for p in articles[i].analysed) for i in missing]
    parallel = (
        workers > 1
        and sum(sizes) >= min_chars
        and len(missing) > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if missing:
        segmenter._ready()  # once, before the workers fork
    _POOL.update(seg=segmenter, articles=articles, cache=cache)
    try:
        if not parallel:
            for i in missing:
                yield i, _segment_chunk([i])[0]
            return
        from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

        chunks = _chunks(missing, sizes, workers * 8)
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for chunk, part in zip(chunks, pool.map(_segment_chunk, chunks), strict=True):
                yield from zip(chunk, part, strict=True)
    finally:
        _POOL.clear()


def merge_records(articles: Sequence[Article], records: Iterable[dict]) -> Tokens:
    """One :class:`Tokens` from per-article records (a list or a stream), codes assigned in
    corpus order."""
    index: dict[str, int] = {}
    vocab_tags: list[str] = []
    code_parts, length_parts, art, par = [], [], [], []
    for a_idx, (article, record) in enumerate(zip(articles, records, strict=True)):
        local = np.empty(len(record["vocab"]), dtype=np.int32)
        for i, (w, t) in enumerate(zip(record["vocab"], record["tags"], strict=True)):
            code = index.get(w)
            if code is None:
                code = index[w] = len(index)
                vocab_tags.append(t)
            local[i] = code
        code_parts.append(local[record["codes"]])
        length_parts.append(record["lengths"])
        art.extend([a_idx] * len(article.analysed))
        par.extend(p.index for p in article.analysed)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, dtype=np.int64)
    return Tokens(
        vocab=tuple(index),
        tags=tuple(vocab_tags),
        codes=np.concatenate(code_parts) if code_parts else np.zeros(0, dtype=np.int32),
        offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        article=np.asarray(art, dtype=np.int32),
        paragraph=np.asarray(par, dtype=np.int32),
    )


def tokens(
    articles: Sequence[Article],
    segmenter: Segmenter,
    *,
    cache_dir: str | Path | Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 2,
) -> tuple[Tokens, dict[str, int]]:
    """Segment the analysed paragraphs of ``articles``, reusing cached results.

    The cache holds one record per article (``.npz``, data only), keyed by the paragraphs'
    text, the engine and its version, and the lexicon: editing stopwords never re-segments,
    editing the lexicon re-segments everything. What is not cached is segmented on
    ``workers`` processes when there is enough of it (:func:`segment_missing`).

    Returns
    -------
    tokens : Tokens
        Every word-like token (punctuation and whitespace dropped), with its tag.
    stats : dict
        ``{"cached": n_articles_from_cache, "segmented": n_articles_segmented}``.
    """
    cache = cache_dir if isinstance(cache_dir, Cache) else Cache(cache_dir)
    keys = [_record_key(segmenter, a) for a in articles]
    missing = [i for i, k in enumerate(keys) if not cache.has(SEGMENT_STAGE, k)]
    stats = {"cached": len(articles) - len(missing), "segmented": len(missing)}
    total = sum(len(p.content) for a in articles for p in a.analysed) or 1

    def records() -> Iterator[dict]:
        fresh = segment_missing(articles, missing, segmenter, cache, workers=workers)
        upcoming = next(fresh, None)
        done = 0
        for i, article in enumerate(articles):
            if upcoming is not None and upcoming[0] == i:
                record, upcoming = upcoming[1], next(fresh, None)
            else:
                arrays = cache.load(SEGMENT_STAGE, keys[i])
                record = _from_arrays(arrays, len(article.analysed)) if arrays else None
                if record is None:  # damaged: recomputed here
                    record = _segment_article(segmenter, article)
                    cache.save(SEGMENT_STAGE, keys[i], _to_arrays(record))
                    stats["cached"] -= 1
                    stats["segmented"] += 1
            done += sum(len(p.content) for p in article.analysed)
            if progress is not None:
                progress(done, total)
            yield record

    return merge_records(articles, records()), stats


# --------------------------------------------------------------------------- filters

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
    """Return True if ``word`` (tagged ``tag`` by the engine) looks like a personal name."""
    if not tag.startswith("nr") or not 2 <= len(word) <= 4:
        return False
    if not re.fullmatch(f"[{HAN}·]+", word):
        return False
    return word[0] in _SURNAMES or word.startswith(_DOUBLE_SURNAMES)


def tokens_keep(toks: Tokens, keep: np.ndarray) -> Tokens:
    """Return ``toks`` with only the tokens whose vocabulary entry has ``keep[code]`` True."""
    mask = keep[toks.codes]
    kept_before = np.concatenate([[0], np.cumsum(mask)])
    return replace(
        toks, codes=toks.codes[mask], offsets=kept_before[toks.offsets].astype(np.int64)
    )


_HAS_LETTER = re.compile(rf"[{HAN}A-Za-z]")
_NUM = "〇零一二三四五六七八九十百千万亿两"
# a number, year, share or ordinal in Chinese numerals: 一九五八年, 九五三年, 一九五, 二〇二五, 千万,
# 百分之四点, 第六个. Counted things (一年, 亿元, 万人, 四个) stay: they say what is counted.
_NUMBER_WORD = re.compile(
    rf"(?:[{_NUM}]+|[{_NUM}]{{3,}}年|[{_NUM}]*百分之[{_NUM}点]*|第[{_NUM}]+[个次条项届]?)"
)
# five-year plan names: 六五 ... 九五, 十五, 十一五 ... 十九五
_PLAN_NAME = re.compile(r"(?:[六七八九]|十[一二三四五六七八九]?)五")


def is_number_word(word: str) -> bool:
    """True for a year, share or ordinal written in Chinese numerals, which says nothing about a
    theme; five-year plan names (``九五``, ``十一五``) and counted things (``亿元``) are not."""
    return _NUMBER_WORD.fullmatch(word) is not None and _PLAN_NAME.fullmatch(word) is None


def tokens_filter(
    toks: Tokens,
    *,
    stopwords: frozenset[str] = frozenset(),
    min_chars: int = 2,
    exclude_people: bool = True,
    drop_numbers: bool = True,
    people: frozenset[str] | None = None,
) -> Tokens:
    """Keep the tokens that can be terms.

    Drops stopwords, tokens shorter than ``min_chars``, tokens without a Chinese character or a
    letter (numbers, amounts), when ``drop_numbers`` numbers in Chinese numerals
    (:func:`is_number_word`), and, when ``exclude_people``, personal names: the names in
    ``people`` (from :func:`find_people`), or without it every token :func:`is_person` accepts.
    """
    keep = np.fromiter(
        (
            len(w) >= min_chars
            and w not in stopwords
            and _HAS_LETTER.search(w) is not None
            and not (drop_numbers and is_number_word(w))
            and not (exclude_people and (w in people if people is not None else is_person(w, t)))
            for w, t in zip(toks.vocab, toks.tags, strict=True)
        ),
        dtype=bool,
        count=len(toks.vocab),
    )
    return tokens_keep(toks, keep)


def tokens_remove(toks: Tokens, words: frozenset[str]) -> Tokens:
    """Return ``toks`` without the tokens in ``words`` (idempotent)."""
    keep = np.fromiter((w not in words for w in toks.vocab), dtype=bool, count=len(toks.vocab))
    return tokens_keep(toks, keep)


# Titles and roles that stand right before a personal name in official text (区委书记余长明,
# 副市长刘振); a token ending with one of them is a title.
TITLES_BEFORE = (
    "书记", "副书记", "常委", "委员", "主任", "副主任", "主席", "副主席", "主委", "总理", "副总理",
    "委员长", "部长", "副部长", "省长", "市长", "区长", "县长", "州长", "旗长", "镇长", "乡长",
    "村长", "盟长", "厅长", "局长", "处长", "科长", "所长", "院长", "校长", "站长", "社长",
    "会长", "秘书长", "检察长", "庭长", "董事长", "总经理", "经理", "行长", "主任委员", "队长",
    "司令员", "政委", "代表", "院士", "教授", "记者", "通讯员", "同志", "总书记", "领导",
)  # fmt: skip
# Words that follow a personal name (余长明同志, 刘振书记).
TITLES_AFTER = (
    "同志", "书记", "主任", "主席", "总理", "部长", "省长", "市长", "区长", "县长", "镇长", "院士",
    "教授", "先生", "女士", "老师", "一行", "等同志",
)  # fmt: skip
# Manifest columns whose values are people (added to the lexicon whole, as names).
PERSON_COLUMN = re.compile(
    r"person|people|speaker|author|leader|official|name|人物|人名|作者|讲话人|领导|发言人", re.I
)
_NAME_VALUE = re.compile(f"[{HAN}·]{{2,10}}")
_TITLE_BEFORE = re.compile("|".join(sorted(TITLES_BEFORE, key=len, reverse=True)))
_TITLE_AFTER = re.compile("|".join(sorted(TITLES_AFTER, key=len, reverse=True)))
PERSON_LIST = "people.txt"  # the user's list of names, in a lexicon folder


def name_like(word: str) -> bool:
    """Two or three Chinese characters starting with a common surname, four with a double
    surname (欧阳), or a transliterated name with ``·``; not a reduplicated pair (殷殷)."""
    if "·" in word:
        return re.fullmatch(f"[{HAN}]+(?:·[{HAN}]+)+", word) is not None and len(word) <= 12
    if not 2 <= len(word) <= 4 or not re.fullmatch(f"[{HAN}]+", word):
        return False
    if len(word) == 2 and word[0] == word[1]:
        return False  # 殷殷 (嘱托), 明明: a reduplicated word, not a name
    if len(word) == 4:
        return word.startswith(_DOUBLE_SURNAMES)  # 郑重宣布 is no name; 欧阳修文 may be
    return word[0] in _SURNAMES or word.startswith(_DOUBLE_SURNAMES)


def manifest_names(columns: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]]) -> list[str]:
    """Names in the manifest's person-like columns (``person``, ``speaker``, ``author``...).

    ``rows`` are the articles' ``meta`` pairs. A cell may hold several names (``刘振、刘扬``).
    Returns the names sorted, each once.
    """
    wanted = {c for c in columns if PERSON_COLUMN.search(c)}
    names = set()
    for meta in rows:
        for key, value in meta:
            if key in wanted:
                for m in _NAME_VALUE.finditer(value):
                    part = m.group()
                    # 浙江省省长 刘捷: the title is no name
                    if not part.endswith(TITLES_BEFORE) and (len(part) <= 4 or "·" in part):
                        names.add(part)
    return sorted(names)


def people_lexicon(
    lexicon: Sequence[Entry], names: Sequence[str]
) -> tuple[list[Entry], frozenset[str], frozenset[str]]:
    """Add the manifest's names to the user lexicon as whole words (tag ``nr``), and tag the
    entries of a ``people.txt`` list ``nr``.

    Returns
    -------
    (lexicon, listed, from_manifest)
        The lexicon to segment with; the names of the user list; the manifest's names.
    """
    out, listed = [], set()
    for e in lexicon:
        if Path(e.path).name == PERSON_LIST:
            listed.add(e.word)
            e = replace(e, tag=e.tag or "nr")
        out.append(e)
    known = {e.word for e in out}
    out += [Entry(word=n, path="manifest", line=0, tag="nr") for n in names if n not in known]
    return out, frozenset(listed), frozenset(names)


def find_people(
    toks: Tokens,
    *,
    listed: frozenset[str] = frozenset(),
    from_manifest: frozenset[str] = frozenset(),
    texts: Sequence[str] | None = None,
) -> dict[str, str]:
    """The tokens that are personal names, each with its evidence.

    A token is a person only with evidence: it is on the user's list (``list``), in a
    manifest person column (``manifest``), or it looks like a name (a surname and one to three
    characters, tagged as a name or unknown to the dictionary) and stands right after a title
    or role (区委书记余长明) or right before one (余长明同志) somewhere in the corpus (``title``).
    Everything else that jieba tags ``nr`` (文明, 高水平, 龙马精神) stays a term.

    With ``texts`` (the analysed text of each paragraph of ``toks``) "right after" means in the
    text itself, so punctuation in between (书记、包村干部) is no evidence; without them, the
    neighbouring tokens are used.

    Returns
    -------
    dict
        name -> ``"list"``, ``"manifest"`` or ``"title"``.
    """
    out = {w: "list" for w in listed}
    out.update({w: "manifest" for w in from_manifest if w not in out})
    vocab, tags = toks.vocab, toks.tags
    candidate = np.fromiter(
        ((t.startswith("nr") or t == "x") and name_like(w) for w, t in zip(vocab, tags, strict=True)),
        dtype=bool,
        count=len(vocab),
    )
    before = np.fromiter((w.endswith(TITLES_BEFORE) for w in vocab), dtype=bool, count=len(vocab))
    after = np.fromiter((w.startswith(TITLES_AFTER) for w in vocab), dtype=bool, count=len(vocab))
    if texts is not None:
        names = {w for w, c in zip(vocab, candidate, strict=True) if c}
        for text in texts:
            for m in _TITLE_BEFORE.finditer(text):
                for n in (4, 3, 2):
                    word = text[m.end() : m.end() + n]
                    if word in names:
                        out.setdefault(word, "title")
                        break
            for m in _TITLE_AFTER.finditer(text):
                for n in (4, 3, 2):
                    word = text[max(0, m.start() - n) : m.start()]
                    if len(word) == n and word in names:
                        out.setdefault(word, "title")
                        break
        return out
    codes = toks.codes
    if len(codes) < 2:
        return out
    # neighbours within one paragraph only
    starts = np.zeros(len(codes), dtype=bool)
    starts[toks.offsets[:-1][toks.lengths() > 0]] = True
    prev_ok = np.concatenate([[False], before[codes[:-1]] & ~starts[1:]])
    next_ok = np.concatenate([after[codes[1:]] & ~starts[1:], [False]])
    for pos in np.flatnonzero(candidate[codes] & (prev_ok | next_ok)):
        out.setdefault(vocab[codes[pos]], "title")
    return out


def people_counts(
    toks: Tokens, people: dict[str, str] | None = None
) -> dict[str, tuple[int, set[int]]]:
    """Count personal names: name -> (count, set of article positions).

    ``people`` (from :func:`find_people`) says which tokens are names; without it, every token
    :func:`is_person` accepts counts (the old rule, kept for callers that have no evidence).
    """
    person = np.fromiter(
        (
            w in people if people is not None else is_person(w, t)
            for w, t in zip(toks.vocab, toks.tags, strict=True)
        ),
        dtype=bool,
        count=len(toks.vocab),
    )
    out: dict[str, tuple[int, set[int]]] = {}
    doc_of = np.repeat(np.arange(len(toks)), toks.lengths())
    hits = np.flatnonzero(person[toks.codes])
    for pos in hits:
        name = toks.vocab[toks.codes[pos]]
        n, arts = out.get(name, (0, set()))
        arts.add(int(toks.article[doc_of[pos]]))
        out[name] = (n + 1, arts)
    return out
