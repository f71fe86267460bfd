"""Whether a text is a policy question for the FAQ at all, rather than a course search with filters.

A text is a policy question only if it uses FAQ words and either asks (吗, 怎么, 多少, ?) or names nothing
else but course-search filters (districts, groups, 免费): "生活费" and "以工代训 海州区" are questions,
"大学生 电商", "免费的电工培训" and a course title such as "汽车维修工企业新型学徒制培训班" are searches.
"""

from __future__ import annotations

import re

from catalog.faq_index import PhrasingIndex
from catalog.faq_words import GENERIC_WORDS, asks, filter_words, terms, words
from catalog.text import normalize

# "我能参加吗" asks whether one may; "怎么参加" asks how (the enrolment entry, by its own words)
MAY = re.compile("能|可以|行|让|准|够")
# "海州区有哪些免费的课", "赣榆有没有补贴的美容班" ask for a list of courses: with nothing but filter words
# it is a search ("有没有" may already be respelled to 有: "有补贴的美容班").
LISTING = re.compile("哪些|哪几个|有什么.{0,4}[课班]|有没有.{0,6}[课班]|有[^吗呢]{0,8}的[^的]{0,4}[课班][吗呢]?$"
                     "|哪里有|哪儿有")


def understood(index: PhrasingIndex, text: str) -> bool:
    """Whether every word of `text` is an FAQ word or a course filter, and one of them names a topic (a whole
    word, not generic: "好的" shares only 好 with phrasings; "人工智能方面的…" has words of its own)."""
    topic = any(len(term) > 1 and term not in GENERIC_WORDS for term in index.known(text))
    return topic and all({t for t, _ in terms(w)} <= filter_words() for w in index.unknown(text))


def asks_policy(index: PhrasingIndex, text: str, asked: bool | None = None) -> bool:
    """Whether `text` reads as a policy question rather than a course search with filters. `asked`: whether
    the message as typed asks (its respelling may have lost a "收不收")."""
    asked = asks(text) if asked is None else asked
    known = index.known(text)  # whole words only: 养老护理 does not ask about 养老金
    if not known:  # "我能参加吗", "我这样的能不能参加你们的培训啊": only training's own words, asked
        said = words(text)
        return bool(said) and asked and all(w in GENERIC_WORDS for w in said) and bool(MAY.search(text))
    norm = normalize(text)
    course_words = [w for w in index.leftover(text) if not {t for t, _ in terms(w)} <= filter_words()]
    listing = LISTING.search(norm)
    if listing and {w for w in known if w not in listing.group()} <= filter_words():
        return False
    return asked or not course_words
