"""The exact rules of catalog.intents: small talk made only of its words, an intent's phrase anywhere in the
message (CONTAINS families), and a message made up entirely of one intent's words (composed)."""

from __future__ import annotations

from datetime import date

from catalog.intents_kinds import CONTAINS, SOCIAL, Intent, Recognised
from catalog.intents_phrases import Phrases
from catalog.query import parse_query


def social_kind(compact: str, phrases: Phrases) -> Intent | None:
    """The small-talk intent when the message is made only of small talk, else None."""
    if not compact or phrases.only_social.fullmatch(compact) is None:
        return None
    seen = {kind for kind, words in phrases.social.items() for word in words if word in compact}
    return next((kind for kind in SOCIAL if kind in seen), None)  # only particles ("啊") is not small talk


def social_beside(compact: str, phrases: Phrases) -> Intent | None:
    """Small talk with the words that go with its kind ("谢谢您的耐心解答", "下次有问题再来问")."""
    for kind, only in phrases.only_with.items():
        if phrases.kind_words[kind].search(compact) and only.fullmatch(compact):
            return kind
    return None


def contained(said: str, phrases: Phrases, today: date) -> Recognised | None:
    """The first CONTAINS family whose phrase is in the message (not vetoed, not masked), with what is left."""
    for intent in CONTAINS:
        veto = phrases.vetoes.get(intent)
        if veto is not None and veto.search(said):
            continue  # this intent is out for the whole message, whatever else names it
        mask = phrases.masks.get(intent)
        visible = mask.sub(" ", said) if mask else said
        if phrases.contains[intent].search(visible):
            remainder = without_fillers(phrases.contains[intent].sub(" ", visible).strip(), phrases)
            if intent is Intent.NEARBY and parse_query(remainder, today).districts:
                return None  # "海州区附近": the place is named, so it is a search
            if intent is Intent.UNSUBSCRIBE and _names_a_topic(remainder, phrases, today):
                return Recognised(Intent.SUBSCRIBE, remainder)  # "取消订阅电工课": the list, to remove that one
            return Recognised(intent, remainder)
    return None


def _names_a_topic(remainder: str, phrases: Phrases, today: date) -> bool:
    """Whether words beside "取消订阅" name one subscription ("电工课"), not the notices in general ("通知")."""
    vocabulary = next(c.vocabulary for c in phrases.compose if c.intent is Intent.UNSUBSCRIBE)
    return not parse_query(vocabulary.sub(" ", remainder.replace(" ", "")), today).is_empty


def without_edges(norm: str, phrases: Phrases) -> str:
    return phrases.social_end.sub("", phrases.social_start.sub("", norm)).strip()


def without_fillers(text: str, phrases: Phrases) -> str:
    before = None
    while before != text:
        before = text
        text = phrases.filler_end.sub("", phrases.filler_start.sub("", text)).strip()
    return text


def composed(compact: str, phrases: Phrases) -> Intent | None:
    """The first intent whose anchor words, companions and the shared modifiers make up the whole message."""
    # "1131是什么" is for the FAQ; "你是干嘛的", "使用方法是啥" are not
    meaning = phrases.compose_not.search(compact) is not None
    for candidate in phrases.compose:
        if (not meaning or candidate.intent in (Intent.WHO, Intent.HELP)) and candidate.says(compact):
            return candidate.intent
    return None
