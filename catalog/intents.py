"""What a typed message asks for, before any search: small talk, a menu item by name, a person, jobs, "nearby",
or a question for the FAQ and the course search (QUERY). A message with nothing to search is UNKNOWN.

Phrases live in data/intents.toml (read by catalog.intents_phrases); the exact rules are in
catalog.intents_rules. Matching is on the normalised text, so Traditional and full-width input match the same
phrases. What the exact rules leave as a question may still be an intent in words of the person's own:
catalog.intents_guess (scored by catalog.intents_scored), asked by catalog.understanding.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from catalog.intent_forms import keyboard_mash
from catalog.intents_kinds import CONTAINS, INTENTS_FILE, SOCIAL, Intent, Recognised
from catalog.intents_phrases import bigrams, phrases
from catalog.intents_rules import composed, contained, social_beside, social_kind, without_edges, without_fillers
from catalog.query import parse_query

__all__ = ["CONTAINS", "INTENTS_FILE", "SOCIAL", "Intent", "Recognised", "classify", "resemble"]

RESEMBLE_MAX_CHARS = 10  # only short messages are compared with the known phrases
RESEMBLE_MIN_DICE = 0.6  # share of character pairs in common needed to take a phrase's intent


def _is_pictograph(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk", "Cn") or char in "\u200d\ufe0f"


def resemble(text: str) -> Intent | None:
    """For a short message the search found nothing for: the intent of the known phrase it most resembles (by
    character pairs, e.g. "这个怎么弄啊" ~ "怎么用"), if it resembles one closely enough."""
    known = phrases()
    compact = known.fold(text if isinstance(text, str) else "").replace(" ", "")
    if not 2 <= len(compact) <= RESEMBLE_MAX_CHARS:
        return None
    grams = bigrams(compact)
    shared: dict[int, int] = {}  # known phrase -> pairs in common; a phrase sharing none scores 0 and never wins
    for gram in grams:
        for at in known.holding.get(gram, ()):
            shared[at] = shared.get(at, 0) + 1
    best, found = 0.0, None
    for at in sorted(shared):  # in the phrases' order, so that the first of equal scores wins as before
        phrase, intent = known.known[at]
        dice = 2 * shared[at] / (len(grams) + len(phrase))
        if dice > best:
            best, found = dice, intent
    return found if best >= RESEMBLE_MIN_DICE else None


def classify(text: str, today: date) -> Recognised:
    """What the message asks for; never raises on odd input."""
    known = phrases()
    raw = text if isinstance(text, str) else ""
    unstuck = known.stickers.sub(" ", raw)  # "谢谢[抱拳]": a chat app's emoji typed as codes
    if raw.strip() and not unstuck.strip():
        return Recognised(Intent.EMOJI, "")
    norm = known.fold(unstuck)
    if not norm:
        shown = [c for c in raw if not c.isspace()]
        pictures = shown and all(_is_pictograph(c) or unicodedata.category(c).startswith("P") for c in shown)
        return Recognised(Intent.EMOJI if pictures and any(map(_is_pictograph, shown)) else Intent.UNKNOWN, "")
    compact_all = norm.replace(" ", "")
    if keyboard_mash(compact_all) or known.forms.hesitates(compact_all):  # "asdjkl", "嗯嗯啊啊": nothing asked
        return Recognised(Intent.UNKNOWN, "")
    spelled = known.spelled(norm)  # "xiexie laoshi", "caidan": small talk or a menu word in pinyin
    if spelled is not None:
        return Recognised(spelled, "")
    beside = social_beside(compact_all, known)
    if beside is not None:
        return Recognised(beside, "")  # thanks and what for ("多谢老师指导"): not "指导" to look up
    rest = without_edges(norm, known)
    core = without_fillers(rest, known)
    started = known.filler_start.sub("", rest).strip()  # "查一下我报名的" -> "我报名的"
    first = known.filler_first.sub("", rest, count=1).strip()  # "我要查课" -> "查课"
    for candidate in (norm, rest, first, started, core):  # before small talk: "你是机器人吗" is small-talk words too
        intent = known.exact.get(candidate.replace(" ", ""))
        if intent is not None:
            return Recognised(intent, "")
    social = social_kind(compact_all, known)
    # "不知道", "不晓得": not knowing holds a yes-word but is no yes
    asked = social is Intent.CONFIRM and (known.forms.asks(raw, compact_all) or known.forms.not_knowing(compact_all))
    if social is not None and not asked:  # "嗯？", "是吗", "你是不是机器人": a question, not a yes
        return Recognised(social, "")
    around = social_kind(norm.replace(rest, "", 1).replace(" ", ""), known) if rest != norm else None
    # a yes-word glued to what follows opens a question, not a yes: "可以线上培训不" (can one…), unlike "好的，电工"
    glued = around is Intent.CONFIRM and norm.endswith(rest) and not norm[: len(norm) - len(rest)].endswith(" ")
    around = None if (asked or glued) and around is Intent.CONFIRM else around
    compact = core.replace(" ", "")
    said = rest.replace(" ", "")  # fillers kept: "帮我找个工作" must not lose "找"
    # the whole message too: the greeting "有没有人" must not eat the 人 of "有没有人工啊"
    for text_ in (said, compact_all) if said != compact_all else (said,):
        found = contained(text_, known, today)
        if found is not None:
            return found
    if len(set(compact)) <= 1:  # "呃呃呃", "？？": one character, however often, asks nothing
        return Recognised(around or Intent.UNKNOWN, rest)
    intent = composed(said, known) or composed(compact, known)  # run-ons: "我想问一下就是那个…"
    if intent is not None:
        return Recognised(intent, "")
    if parse_query(rest, today).is_empty or social_kind(compact_all, known) is not None:
        return Recognised(around or Intent.UNKNOWN, rest)
    return Recognised(Intent.QUERY, rest, around)
