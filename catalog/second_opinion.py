"""The learned second opinion's say in the understanding step: when catalog.learned is sure and disagrees with
the rules (catalog.understanding), it decides — within limits the rules keep (requests, words the search answers;
follow-ups never reach here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from catalog.faq_spoken import names_courses
from catalog.faq_words import GENERIC_WORDS, asks
from catalog.intents import Intent
from catalog.learned import SEARCH, sure_guess
from catalog.query import parse_query
from catalog.text import cut

if TYPE_CHECKING:
    from catalog.understanding import Understanding

_LOOKED_UP = (Intent.QUERY, Intent.UNKNOWN)  # what the rules leave to the FAQ and the search
# Intents that take no words: a question naming courses or filters is not one of them, whatever the model says
_WORDLESS = frozenset({Intent.GREETING, Intent.THANKS, Intent.GOODBYE, Intent.CONFIRM, Intent.EMOJI, Intent.WHO,
                       Intent.HELP, Intent.MENU, Intent.FIND, Intent.SETTINGS, Intent.FAQ_TOPICS, Intent.MYDATA,
                       Intent.FORGET, Intent.UNKNOWN})
_OWN_PAGES = frozenset({Intent.HELP, Intent.MENU, Intent.FIND})


def overrule(text: str, today: date, ruled: Understanding) -> Understanding:
    """The learned model (catalog.learned) overrules the rules only when it is sure and disagrees; what the rules
    concluded stays the fallback."""
    learned = sure_guess(text)
    if learned is None or learned.label == ruled.intent.value:
        return ruled
    stated = ruled.intent not in _LOOKED_UP  # an intent the rules recognised
    fallback = ruled.intent if stated else ruled.fallback
    if learned.label == SEARCH:
        query = ruled.rest if ruled.intent is Intent.QUERY and ruled.rest else text
        return replace(ruled, intent=Intent.QUERY, rest=query, fallback=fallback, search_only=True)
    if learned.label.startswith("faq:"):
        if stated and not asks(text):  # "我要职业指导" asks to do the step, not what it is
            return ruled
        return replace(ruled, intent=Intent.QUERY, rest=text, fallback=fallback, faq_id=learned.label[4:])
    intent = Intent(learned.label)
    if ruled.intent is Intent.QUERY and intent in _WORDLESS and _names_what_to_search(text, today, intent):
        return ruled  # "怎么用电焊机", "这个咋用 海州区": words the search answers, not the help page
    return replace(ruled, intent=intent, rest=ruled.rest or text)


def _names_what_to_search(text: str, today: date, intent: Intent) -> bool:
    """A filter (district, time, group, price); for the bot's own pages (help, menu, browse) also a course word —
    not for the others, whose everyday words are course words too ("机器人", "数据", "程序")."""
    if parse_query(text, today).has_filters:
        return True
    return intent in _OWN_PAGES and any(len(word) > 1 and word not in GENERIC_WORDS and names_courses(word)
                                        for word in cut(text))
