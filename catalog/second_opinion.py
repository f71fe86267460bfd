"""The learned second opinion's say in the understanding step: when catalog.learned is sure and disagrees with
the rules (catalog.understanding), it decides — within limits the rules keep (requests, words the search answers;
follow-ups never reach here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from catalog.faq_spoken import names_courses
from catalog.faq_words import GENERIC_WORDS, asks
from catalog.followup import FollowKind, FollowUp, ordinal_in
from catalog.intents import Intent
from catalog.learned import FOLLOWUPS, SEARCH, sure_guess
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


def overrule(text: str, today: date, ruled: Understanding, previous: str | None = None) -> Understanding:
    """The learned model (catalog.learned) overrules the rules only when it is sure and disagrees; what the rules
    concluded stays the fallback. `previous`: the question behind a list just shown, which the message may follow."""
    learned = sure_guess(text, after_list=previous is not None)
    if learned is None or learned.label == ruled.intent.value:
        return ruled
    if learned.label in FOLLOWUPS:
        follow = _follow_up(FollowKind(learned.label), text, ruled.rest, previous) if previous else None
        return ruled if follow is None else replace(ruled, followup=follow)
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


def _follow_up(kind: FollowKind, text: str, rest: str, previous: str) -> FollowUp | None:
    """The follow-up the model recognised, where the message says enough to carry it out: an ordinal needs its
    number; a refinement the rules could not read as filters ("板浦那块有不") searches the earlier question with
    the new words."""
    if kind is FollowKind.ORDINAL:
        n = ordinal_in(text)
        return None if n is None else FollowUp(kind, n=n)
    if kind is FollowKind.REFINE:
        return FollowUp(kind, query=f"{previous} {rest or text}")
    return FollowUp(kind)


def _names_what_to_search(text: str, today: date, intent: Intent) -> bool:
    """A filter (district, time, group, price); for the bot's own pages (help, menu, browse) also a course word —
    not for the others, whose everyday words are course words too ("机器人", "数据", "程序")."""
    if parse_query(text, today).has_filters:
        return True
    return intent in _OWN_PAGES and any(len(word) > 1 and word not in GENERIC_WORDS and names_courses(word)
                                        for word in cut(text))
