"""An intent in the person's own words, when the exact rules of catalog.intents leave a message as a question
because a word of it is in no phrase list ("这玩意咋用啊", "老师您好在忙吗"); asked by catalog.understanding.

The message is scored against every intent (catalog.intents_scored). The best is taken when:
- its confidence is at least FALLBACK_THRESHOLD with at most MAX_UNKNOWN unknown characters (Scored.sure from
  THRESHOLD up: answered before the FAQ and the search; below, only when they find nothing);
- it leads the next intent by MARGIN, no [veto] word of it is in the message, and the message does not ask
  what something is ([compose_not]: "1131是干什么的") unless it is about the bot itself (who, help);
- the unknown words name nothing another part of the bot would answer: no course word (the search's domain
  dictionary and synonyms, or two characters of one: 养老 of 养老护理), no search filter (district, group, time,
  price), no word of the FAQ's questions other than training's own generic ones, no Latin letters (pinyin names
  courses) or digits.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache

from catalog.faq import FAQ_FILE
from catalog.faq_spoken import names_courses
from catalog.faq_words import GENERIC_WORDS
from catalog.faq_words import words as faq_words
from catalog.intents_kinds import Intent
from catalog.intents_phrases import phrases, table
from catalog.intents_scored import FALLBACK_THRESHOLD, IntentWords, Scored
from catalog.query import parse_query
from catalog.text import cut

MAX_UNKNOWN = 4  # characters in no list of that intent (about one unexpected word)
MARGIN = 0.15  # lead over the next intent
MAX_CHARS = 30  # a longer message says more than any intent's words
_LETTERS_OR_DIGITS = re.compile("[a-z0-9]")  # letters (pinyin, a course's name) and numbers (45%, an age, a count)


@cache
def _faq_words() -> frozenset[str]:
    """Words of the FAQ's question phrasings and synonyms."""
    data = tomllib.loads(FAQ_FILE.read_text(encoding="utf-8"))
    texts = [q for entry in data.get("faq", []) for q in entry.get("questions", [])]
    texts += [w for key, targets in data.get("synonyms", {}).items() for w in (key, *targets)]
    return frozenset(w for text in texts for w in faq_words(text))


@cache
def _faq_vocabulary() -> frozenset[str]:
    """The FAQ's words, training's generic words aside (single characters too: "券" of 培训券)."""
    return _faq_words() - GENERIC_WORDS


@cache
def intent_words() -> IntentWords:
    return IntentWords(table())


def names_something(compact: str, unknown: set[int], today: date, own: frozenset[str] = frozenset()) -> bool:
    """Whether the words of the message that hold an unknown character (at positions `unknown`) name what the
    search, its filters or the FAQ would answer ("培训券咋用": 券 is the FAQ's). Single characters in `own` (see
    IntentWords.all_chars) are not held against the message."""
    runs = "".join(c if i in unknown else " " for i, c in enumerate(compact))
    if _LETTERS_OR_DIGITS.search(runs) or parse_query(runs, today).has_filters:
        return True
    vocabulary, spans, start = _faq_vocabulary(), [], 0
    for word in cut(compact):
        if len(word) == 1 and spans:  # a single character glued to the word before ("培训" + "券")
            spans.append((spans[-1][0] + word, spans[-1][1]))
        spans.append((word, start))
        start += len(word)
    return any(unknown.intersection(range(at, at + len(word)))
               and (names_courses(word) or (word in vocabulary and word not in own))
               for word, at in spans)


def guess(text: str, today: date) -> Scored | None:
    """The intent a message states in words of its own, if one leads the others clearly enough (see Scored.sure,
    FALLBACK_THRESHOLD); else None."""
    raw = text if isinstance(text, str) else ""
    compact = phrases().fold(raw).replace(" ", "")
    if not 0 < len(compact) <= MAX_CHARS:
        return None
    known = phrases()
    ranked = [s for s in intent_words().score(compact)  # "我不要订阅了": no subscription, whatever else it says
              if s.intent not in known.vetoes or not known.vetoes[s.intent].search(compact)]
    if known.compose_not.search(compact):  # "1131是干什么的" asks the FAQ what it is
        ranked = [s for s in ranked if s.intent in (Intent.WHO, Intent.HELP)]
    if known.forms.asks(raw, compact) or known.forms.not_knowing(compact):  # "嗯嗯？", "不知道…": no yes
        ranked = [s for s in ranked if s.intent is not Intent.CONFIRM]
    if not ranked:
        return None
    top = ranked[0]
    if top.confidence < FALLBACK_THRESHOLD or len(top.unknown) > MAX_UNKNOWN:
        return None
    if len(ranked) > 1 and top.confidence - ranked[1].confidence < MARGIN:
        return None
    return None if names_something(compact, set(top.unknown), today, intent_words().all_chars) else top
