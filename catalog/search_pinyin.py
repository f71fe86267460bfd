"""Which words the search recognises by sound: the catalogue's occupations, title words and keywords,
and the fixed vocabulary of questions (synonyms, districts, groups, price and time words)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from catalog.districts import district_aliases
from catalog.groups import GROUP_ALIASES
from catalog.index import field_texts, field_tokens
from catalog.model import Course
from catalog.pinyin import PinyinLexicon
from catalog.query import FREE_WORDS, SUBSIDY_WORDS, WEEKEND_WORDS
from catalog.text import cut, dictionary_words, domain_words, synonyms

# characters that are words of their own in a question, never half of a slipped trade word ("报吗" is not 宝妈)
_PARTICLES = "的了吗呢吧啊呀么嘛是在有我你他她它这那个就都也还和与跟给要想能会去来学做干找报上下不没很太又再"

_SOUND_FIELDS = 3  # title, occupation, keywords (see catalog.index.FIELDS); not providers or descriptions


def course_words(course: Course) -> set[str]:
    return {word for text in field_texts(course)[:_SOUND_FIELDS] for word in field_tokens(text)}


def question_words() -> Iterator[str]:
    for phrase, targets in synonyms().items():
        yield phrase
        yield from targets
    yield from district_aliases()
    yield from GROUP_ALIASES
    yield from (*FREE_WORDS, *SUBSIDY_WORDS, *WEEKEND_WORDS)


def build_lexicon(courses: Iterable[Course]) -> PinyinLexicon:
    lexicon = PinyinLexicon(question_words())
    counts: Counter[str] = Counter()  # a catalogue repeats a few hundred words: add each once
    for course in courses:
        counts.update(course_words(course))
    for word, n in counts.items():
        lexicon.add(word, n)
    lexicon.hear_pairs(trade_pairs(), cut, _PARTICLES)
    return lexicon


def trade_pairs() -> set[str]:
    """Two-character words of the trades (the domain dictionary's words and synonyms, and the real words inside
    them: 美发 of 美发师, 电焊 of 电焊工) that a one-character slip may be corrected to."""
    dictionary = dictionary_words()
    domain = domain_words()
    inside = {w[i : i + 2] for w in domain for i in range(len(w) - 1)}
    return {w for w in inside if len(w) == 2 and (w in domain or dictionary.get(w))}
