"""The kinds of request a typed message may make before any search (catalog.intents), and what was recognised."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

INTENTS_FILE = Path(__file__).parent / "data" / "intents.toml"


class Intent(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    CONFIRM = "confirm"
    EMOJI = "emoji"
    WHO = "who"
    HELP = "help"
    MENU = "menu"
    FIND = "find"
    S1131 = "s1131"
    ENROLMENTS = "enrolments"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    PROFILE = "profile"
    MYDATA = "mydata"
    FORGET = "forget"
    SETTINGS = "settings"
    FAQ_TOPICS = "faq_topics"  # the policy FAQ by topic (/faq)
    COMPLAINT = "complaint"
    HUMAN = "human"
    JOBS = "jobs"
    NEARBY = "nearby"
    QUERY = "query"  # words to look up: the FAQ and the course search
    UNKNOWN = "unknown"  # nothing to look up (e.g. only punctuation or stop words)


SOCIAL = (Intent.THANKS, Intent.GOODBYE, Intent.GREETING, Intent.CONFIRM)  # priority when several are typed
# first family found wins; "有焊工的新课就提醒我" is a subscription (and "取消订阅电工课" the end of one) whatever
# the course words around it
CONTAINS = (Intent.COMPLAINT, Intent.HUMAN, Intent.JOBS, Intent.NEARBY, Intent.UNSUBSCRIBE, Intent.SUBSCRIBE)


@dataclass(frozen=True, slots=True)
class Recognised:
    intent: Intent
    rest: str  # the message without small talk (and, for CONTAINS intents, without the phrase that set them)
    social: Intent | None = None  # small talk around a QUERY ("你好老铁"): the answer if nothing is found
