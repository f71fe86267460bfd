"""The words of a policy question as the FAQ match reads them: stop words, training's own (generic) words,
asking marks, and each text's weighted terms (single characters and inner words at half weight)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from catalog.districts import district_aliases
from catalog.groups import GROUP_ALIASES
from catalog.query import DAYTIME_WORDS, EVENING_WORDS, FREE_WORDS, SUBSIDY_WORDS, WEEKEND_WORDS
from catalog.text import cut, normalize, subwords

WORD_WEIGHT = 1.0
PART_WEIGHT = 0.5  # a single character, or a dictionary word inside a longer word
GENERIC_SHARE = 0.5  # of a word's weight for training's own words (培训, 参加, 学 ...)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Particles, pronouns and asking words: every phrasing has some, so they say nothing about which entry.
STOP_WORDS = _word_set("""
我 你 他 她 它 我们 你们 他们 自己 咱 咱们 俺 俺们 您 人家 本人 家里
的 了 吗 呢 吧 啊 呀 嘛 哦 哈 啦 么 着 过 得 地 之 嗯 哎 诶 喔
和 与 及 或 或者 还 还是 也 都 就 是 不 没 给 被 把 从 到 对 向 跟 为 以 在 有 又 再 才 没有 有人 还有 一共 总共
啥意思 什么意思 怎么回事 咋回事 必须 非得 一定 一定要 非要
有没有 有么 有吗 是否 是不是 能否 能不能 可以 可不可以 行不行 行吗 好吗
一个 一些 一下 这个 那个 这些 那些 这里 那里 这边 那边 这儿 那儿 这 那 个 啥子 过来 不能
什么 啥 怎么 怎样 如何 怎么样 怎么办 为什么 咋 咋办 请问 你好 您好 谢谢 麻烦 请 问 问问 咨询 了解
想 想要 要 需要 我想 我要 能 会 应该 一般 现在 具体 意思 是什么 叫 指 说 讲 干嘛 干啥 做什么 用
为啥 几个 大概 大约 差不多 已经 就是 其实 到底 究竟 真的 那种 这种 那样 这样 之类 什么的 啥的 来着 呗 咯 嘞 哇
今年 明年 去年 今天 以内 以下 以上 一点 一样 才能 只能 只有 一部分 部分 常年 回来 回去
方面 领域 相关 这类 那类 这块 那块 这方面 那方面 一类 出去 专门 东西 个别 新 怕 弄错 搞错 出错 公开 听说 据说 真的假的
老公 老婆 媳妇 丈夫 爱人 我俩 俺家 我家 家人 我爸 我妈 要是 如果 之前 以前 不想 没空 有空
""")
# what may follow the last word of a question: punctuation, a laugh, an emoji ("还能去学不 哈哈", "能报不😂")
_TRAILING = "(?:[\\s?？。!！~～…,，.]|哈|呵|嘿|嘻|[\U0001F300-\U0001FAFF\u2600-\u27BF])*"
# "…不" / "…没" at the end and "A不A" ask yes or no in speech: "学完给发证不", "有优惠没", "收不收费".
QUESTION_MARKERS = re.compile(
    "[?？吗么呢怎啥几哪咋谁]|干嘛|如何|多少|多久|多长|多大|能不能|可不可以|是不是|有没有|行不行|能否|是否|([^不没])不\\1"
    "|真的假的|是真是假|是[^\\s]{1,12}?还是[^\\s]"
    "|[不没](?:有)?" + _TRAILING + "$")
# "五十多岁" and "我五十五了" ask about age.
AGE = re.compile("[0-9零一二两三四五六七八九十几多]+周?岁(?:以上|以下|左右)?"
                 "|(?:[1-9][0-9]|[二三四五六七八九]十(?:好几|[一二三四五六七八九多几])?)了")
GENERIC_WORDS = _word_set("培训 培训班 课程 课 上课 听课 参加 报 学 学习 技能 职业 班 政府 国家 人社 人社局 政策 支持"
                          " 手艺 本事 本领 去哪里 哪里 哪儿 在哪 去哪 在哪里")


def asks(text: str) -> bool:
    """Whether the text has an asking word or mark (吗, 怎么, 多少, "收不收", "…不" at the end, ?)."""
    return bool(QUESTION_MARKERS.search(text) or QUESTION_MARKERS.search(normalize(text)))


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The words of a text that may name an FAQ topic: jieba's words, and a pair of single characters
    jieba did not know as one word ("网课"); particles and asking words dropped."""
    out: list[str] = []
    previous = ""
    for word in cut(AGE.sub(" 年纪 ", normalize(text))):
        if word in STOP_WORDS or not word.strip() or (word.isdigit() and len(word) < 2):
            previous = ""  # a single digit says nothing; 45 (the 45% target), 1131 and 12333 are kept
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


def same_words_key(text: str) -> tuple[str, ...]:
    """Two phrasings with this key equal are the same question to the matcher."""
    return tuple(sorted(t for t, _ in terms(text))) or (normalize(text),)
