"""Matching a typed question to FAQ phrasings: the catalogue's tokenizer and BM25 index, plus a confidence.

BM25 ranks the phrasings; a score alone says nothing about whether the person asked *this*, so the
confidence of a phrasing is the geometric mean of two shares: how much of the phrasing was typed (its BM25
score for the question over its score for itself) and how much of the question's FAQ words it covers (by
query weight x idf). 1.0 = the same words. Words the FAQ never uses (an occupation, a district) are left
for the course search and count only a little, so "电工培训有补贴吗" still matches "培训有补贴吗".

A text is a policy question only if it uses FAQ words and either asks (吗, 怎么, 多少, ?) or names nothing
else but course-search filters (districts, groups, 免费): "生活费" and "以工代训 海州区" are questions,
"大学生 电商", "免费的电工培训" and a course title such as "汽车维修工企业新型学徒制培训班" are searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import log, sqrt
from operator import attrgetter

from catalog.districts import district_aliases
from catalog.faq_spoken import names_courses
from catalog.groups import GROUP_ALIASES
from catalog.index import InvertedIndex, Schema
from catalog.query import DAYTIME_WORDS, EVENING_WORDS, FREE_WORDS, SUBSIDY_WORDS, WEEKEND_WORDS
from catalog.text import cut, normalize, subwords

WORD_WEIGHT = 1.0
PART_WEIGHT = 0.5  # a single character, or a dictionary word inside a longer word
# A word no phrasing uses counts this share of a rare word against coverage: mostly it names courses
# ("电工培训有补贴吗" still matches), but sometimes it is the point ("骗取补贴怎么处理" is not "有补贴吗").
UNKNOWN_SHARE = 0.3
SYNONYM_WEIGHT = 0.8
GENERIC_SHARE = 0.5  # of a word's weight for training's own words (培训, 参加, 学 ...)
CACHE_SIZE = 8192



def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Particles, pronouns and asking words: every phrasing has some, so they say nothing about which entry.
STOP_WORDS = _word_set("""
我 你 他 她 它 我们 你们 他们 自己 咱 咱们 俺 您 人家 本人 家里
的 了 吗 呢 吧 啊 呀 嘛 哦 哈 啦 么 着 过 得 地 之 嗯 哎 诶 喔
和 与 及 或 或者 还 还是 也 都 就 是 不 没 给 被 把 从 到 对 向 跟 为 以 在 有 又 再 才
有没有 有么 有吗 是否 是不是 能否 能不能 可以 可不可以 行不行 行吗 好吗
一个 一些 一下 这个 那个 这些 那些 这里 那里 这边 那边 这儿 那儿 这 那 个 啥子 过来 不能
什么 啥 怎么 怎样 如何 怎么样 怎么办 为什么 咋 咋办 请问 你好 您好 谢谢 麻烦 请 问 问问 咨询 了解
想 想要 要 需要 我想 我要 能 会 应该 一般 现在 具体 意思 是什么 叫 指 说 讲 干嘛 干啥 做什么 用
为啥 几个 大概 大约 差不多 已经 就是 其实 到底 究竟 真的 那种 这种 那样 这样 之类 什么的 啥的 来着 呗 咯 嘞 哇
今年 明年 去年 今天 以内 以下 以上 一点 一样 才能 只能 只有 一部分 部分 常年 回来 回去
""")
# "…不" / "…没" at the end and "A不A" ask yes or no in speech: "学完给发证不", "有优惠没", "收不收费".
QUESTION_MARKERS = re.compile(
    "[?？吗么呢怎啥几哪咋谁]|干嘛|如何|多少|多久|多长|多大|能不能|可不可以|是不是|有没有|行不行|能否|是否|([^不没])不\\1"
    "|[不没][?？。!！]*$")
# "五十多岁" and "我五十五了" ask about age.
AGE = re.compile("[0-9零一二两三四五六七八九十几多]+周?岁(?:以上|以下|左右)?"
                 "|(?:[1-9][0-9]|[二三四五六七八九]十(?:好几|[一二三四五六七八九多几])?)了")
# "我能参加吗" asks whether one may; "怎么参加" asks how (the enrolment entry, by its own words)
MAY = re.compile("能|可以|行|让|准|够")
# "海州区有哪些免费的课" asks for a list of courses: with nothing but filter words it is a search.
LISTING = re.compile("哪些|哪几个|有什么.{0,4}[课班]|哪里有|哪儿有")
GENERIC_WORDS = _word_set("培训 培训班 课程 课 上课 听课 参加 报 学 学习 技能 职业 班 政府 国家 人社 人社局 政策"
                          " 手艺 本事 本领 去哪里 哪里 哪儿 在哪 去哪 在哪里")


def asks(text: str) -> bool:
    """Whether the text has an asking word or mark (吗, 怎么, 多少, "收不收", "…不" at the end, ?)."""
    return bool(QUESTION_MARKERS.search(text) or QUESTION_MARKERS.search(normalize(text)))


@dataclass(frozen=True, slots=True)
class Phrasing:
    key: str  # "<entry id>/<n>"
    text: str

    @property
    def entry_id(self) -> str:
        return self.key.partition("/")[0]


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The words of a text that may name an FAQ topic: jieba's words, and a pair of single characters
    jieba did not know as one word ("网课"); particles and asking words dropped."""
    out: list[str] = []
    previous = ""
    for word in cut(AGE.sub(" 年纪 ", normalize(text))):
        if word in STOP_WORDS or not word.strip() or (word.isdigit() and len(word) < 3):
            previous = ""  # short numbers say nothing; 1131 and 12333 are kept
            continue
        if len(word) == 1 and previous:
            out.append(previous + word)
        out.append(word)
        previous = word if len(word) == 1 else ""
    return tuple(out)


@lru_cache(maxsize=8192)
def terms(text: str) -> tuple[tuple[str, float], ...]:
    """Weighted FAQ terms of a text: its words, with single characters and inner words at half weight."""
    weights: dict[str, float] = {}
    for word in words(text):
        for term, weight in ((word, WORD_WEIGHT if len(word) > 1 else PART_WEIGHT),
                             *((part, PART_WEIGHT) for part in subwords(word))):
            if term in GENERIC_WORDS:  # every entry is about training: the topic words decide
                weight *= GENERIC_SHARE
            if term not in STOP_WORDS and weight > weights.get(term, 0.0):
                weights[term] = weight
    return tuple(weights.items())


@lru_cache(maxsize=1)
def filter_words() -> frozenset[str]:
    """FAQ terms that a course search reads as filters: groups, districts, price words."""
    phrases: Iterable[str] = (*GROUP_ALIASES, *district_aliases(), *FREE_WORDS, *SUBSIDY_WORDS, *WEEKEND_WORDS,
                              *EVENING_WORDS, *DAYTIME_WORDS)
    return frozenset(term for phrase in phrases for term, _ in terms(phrase)) | GENERIC_WORDS


@dataclass(frozen=True, slots=True)
class Scored:
    entry_id: str
    confidence: float  # 0..1, see the module docstring
    bm25: float


class PhrasingIndex:
    """BM25 over every phrasing of every entry, with each phrasing's score for itself.

    `synonyms` maps a phrase people type to words the phrasings use ("领取" -> "领"); the groups' aliases
    (catalog/groups.py: 退伍 -> 退役军人) are added. Both questions and phrasings are expanded.
    """

    def __init__(self, phrasings: Iterable[Phrasing], synonyms: Mapping[str, tuple[str, ...]] | None = None) -> None:
        aliases = {alias: (group,) for alias, group in GROUP_ALIASES.items() if alias != group}
        merged = {normalize(k): v for k, v in {**aliases, **(synonyms or {})}.items()}
        self._synonyms = sorted(merged.items(), key=lambda item: -len(item[0]))
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}
        schema = Schema(weights=(1.0,), b=(0.3,), texts=lambda p: (p.text,), key=attrgetter("key"),
                        tokens=lambda text: tuple(term for term, _ in self.terms(text)))
        self._index: InvertedIndex[Phrasing] = InvertedIndex(phrasings, schema)
        self._whole = frozenset(w for _, p in self._index.courses() for w in words(p.text))  # before terms() uses it
        self._cache.clear()
        self.vocabulary = frozenset(t for _, p in self._index.courses() for t, _ in self.terms(p.text))
        self._self = {doc: self._score(self.terms(p.text), [doc])[0] for doc, p in self._index.courses()}

    def terms(self, text: str) -> tuple[tuple[str, float], ...]:
        """The weighted terms of `terms(text)`, plus those of the synonyms found in it at SYNONYM_WEIGHT."""
        found = self._cache.get(text)
        if found is None:
            weights = dict(terms(text))
            norm = normalize(text)
            for word in self._glued(text):  # "全免费", "上班族": an FAQ word inside a word of its own
                for part in subwords(word):
                    if part in self._whole and part not in GENERIC_WORDS:
                        weights[part] = max(weights.get(part, 0.0), SYNONYM_WEIGHT)
            for phrase, targets in self._synonyms:
                if phrase in norm:
                    for term, weight in (pair for target in targets for pair in terms(target)):
                        weights[term] = max(weights.get(term, 0.0), weight * SYNONYM_WEIGHT)
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            found = self._cache[text] = tuple(weights.items())
        return found

    def _glued(self, text: str) -> list[str]:
        """Words of `text` that no phrasing uses and that name no course ("全免费"; not "养老护理")."""
        whole = getattr(self, "_whole", None)
        return [w for w in words(text) if len(w) > 2 and w not in whole and not names_courses(w)] if whole else []

    def _score(self, query: Iterable[tuple[str, float]], docs: list[int]) -> list[float]:
        return self._index.scores(self._index.weigh(query), docs)

    def scored(self, text: str) -> Iterator[Scored]:
        """Each entry's best phrasing for `text`, in no particular order; entries sharing no word are skipped."""
        weighted = self._index.weigh(self.terms(text))
        unknown = len(self.unknown(text)) * UNKNOWN_SHARE * log(1 + (len(self._index) + 0.5) / 0.5)
        asked = sum(weight for weight, _ in weighted) + unknown  # the question's words, by weight x idf
        covered: dict[int, float] = {}
        for weight, postings in weighted:
            for doc in postings:
                covered[doc] = covered.get(doc, 0.0) + weight
        docs = sorted(covered)
        best: dict[str, Scored] = {}
        for doc, score in zip(docs, self._index.scores(weighted, docs), strict=True):
            entry_id = self._index.course(doc).entry_id
            of_phrasing = min(score / self._self[doc], 1.0) if self._self[doc] > 0 else 0.0
            confidence = sqrt(of_phrasing * min(covered[doc] / asked, 1.0))
            found = best.get(entry_id)
            if found is None or (confidence, score) > (found.confidence, found.bm25):
                best[entry_id] = Scored(entry_id, confidence, score)
        return iter(best.values())

    def _known(self, text: str) -> set[str]:
        """Whole words of `text` (and of the synonyms found in it) that phrasings use."""
        return {t for t, weight in self.terms(text) if weight >= SYNONYM_WEIGHT or len(t) == 1} & self.vocabulary

    def understood(self, text: str) -> bool:
        """Whether every word of `text` is an FAQ word or a course filter, and one of them names a topic (a whole
        word, not generic: "好的" shares only 好 with phrasings; "人工智能方面的…" has words of its own)."""
        topic = any(len(term) > 1 and term not in GENERIC_WORDS for term in self._known(text))
        return topic and all({t for t, _ in terms(w)} <= filter_words() for w in self.unknown(text))

    def leftover(self, text: str) -> list[str]:
        """The words of `text` the FAQ never uses (an occupation, a place): what a course search could use."""
        norm = normalize(text)
        said = [phrase for phrase, _ in self._synonyms if phrase in norm]
        return [w for w in dict.fromkeys(words(text))
                if len(w) > 1 and w not in self.vocabulary and not any(w in phrase for phrase in said)]

    def unknown(self, text: str) -> list[str]:
        """The leftover words that count against a phrasing's coverage: words jieba itself found (not a pair of
        single characters glued by `words`, "钱谁"), neither generic ("上课") nor holding an FAQ word ("交学费")."""
        cut_words = set(cut(normalize(text)))
        return [w for w in self.leftover(text) if w in cut_words and w not in GENERIC_WORDS and not names_courses(w)
                and not any(part in self.vocabulary for part in subwords(w))]

    def asks_policy(self, text: str, asked: bool | None = None) -> bool:
        """Whether `text` reads as a policy question rather than a course search with filters. `asked`: whether
        the message as typed asks (its respelling may have lost a "收不收")."""
        asked = asks(text) if asked is None else asked
        known = self._known(text)  # whole words only: 养老护理 does not ask about 养老金
        if not known:  # "我能参加吗", "我这样的能不能参加你们的培训啊": only training's own words, asked
            said = words(text)
            return bool(said) and asked and all(w in GENERIC_WORDS for w in said) and bool(MAY.search(text))
        norm = normalize(text)
        course_words = [w for w in self.leftover(text) if not {t for t, _ in terms(w)} <= filter_words()]
        listing = LISTING.search(norm)
        if listing and {w for w in known if w not in listing.group()} <= filter_words():
            return False
        return asked or not course_words


def same_words_key(text: str) -> tuple[str, ...]:
    """Two phrasings with this key equal are the same question to the matcher."""
    return tuple(sorted(t for t, _ in terms(text))) or (normalize(text),)
