"""The understanding step in front of the course search: one decision per typed message.

Order: small talk and menu words (catalog.intents) first; then, within a few minutes of a result list, a
follow-up to it (catalog.followup); then an intent in the person's own words, scored (catalog.intents_guess);
everything else with words in it is a QUERY for the FAQ and the search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from catalog.faq_asks import asks_about_rule
from catalog.faq_spoken import names_courses
from catalog.faq_words import GENERIC_WORDS, asks
from catalog.followup import FollowKind, FollowUp, detect, pointed
from catalog.intents import SOCIAL, Intent, classify, resemble
from catalog.intents_guess import guess
from catalog.model import Course
from catalog.query import ParsedQuery
from catalog.search import SearchResult
from catalog.second_opinion import overrule
from catalog.text import SUBWORD_WEIGHT, SYNONYM_WEIGHT, tokenize

FIRST_PAGE = 5  # the courses a person sees first
# Intents a follow-up may stand in for: "2" alone is UNKNOWN, "海州区的呢" a QUERY.
_FOLLOWABLE = (Intent.QUERY, Intent.UNKNOWN)
# A guess below sure never acts: stopping every subscription shows the list with its remove buttons instead.
_SAFE = {Intent.UNSUBSCRIBE: Intent.SUBSCRIBE}
# Work words that describe the person, not what they want: "上着班能报名吗", "打工的能学吗", "厂子倒闭了能参加培训不"
# ask whether they may train; "岗位推荐是什么意思" asks what a word means. Both are policy questions, and the
# postings stay the answer if neither the FAQ nor the search knows them.
_MAY_I_TRAIN = re.compile("培训|参加|报名|报班|考证|[能可以去来再]学|学[吗不没么]|[能以]报")
# "岗位推荐是怎么推荐的": how a thing is done asks what it is too
_WHAT_IT_MEANS = re.compile("什么意思|啥意思|是什么|是啥|指的是|是指|怎么回事|咋回事|是怎么.{0,4}的")
# "边上班边学 厂里给补钱吗": work words with a question about money for training, not a job search
_SUBSIDY = re.compile("补贴|补助|补钱|给钱|出钱")
# A question naming a 1131 step asks how that step works ("职业指导是个啥", "岗位推荐那步要点满几个才算完成",
# "三次岗位推荐咋弄"): the FAQ explains the step, and the step's own intent stays the answer if it does not.
_STEP = re.compile("政策宣介|职业指导|岗位推荐|推荐岗位")
_HOW_THE_STEP_WORKS = re.compile(_WHAT_IT_MEANS.pattern + "|是个(?:啥|什么)|干(?:啥|什么)的|是干|1131|[那这]一?步"
                                 "|[一二三两1-3]次|几个|几次|完成|回复|真人|咋弄|怎么弄|怎么算")
# "套取补贴怎么处理", "冒领补贴会坐牢吗": what happens to whoever cheats (the FAQ), not a report to make
_CHEATING = re.compile("骗|套取|套补|冒领|冒名|虚报|弄虚作假|造假|借.{0,3}名")
_WHAT_HAPPENS = re.compile("处理|处罚|后果|会怎|会咋|罚|坐牢|判|抓|查到|追回|犯法|违法")


@dataclass(frozen=True, slots=True)
class Understanding:
    intent: Intent
    rest: str  # the message without small talk: what to look up
    followup: FollowUp | None = None
    # for a QUERY that finds nothing (an UNKNOWN the FAQ does not know): the intent it resembles or scores below
    # sure, or its small talk
    fallback: Intent | None = None
    faq_id: str | None = None  # the FAQ entry that answers it, when the learned second opinion is sure
    search_only: bool = False  # a course search, even if the FAQ would match (the learned opinion, sure)


def understand(text: str, today: date, previous: str | None = None) -> Understanding:
    """`previous`: the question behind a result list shown within the last minutes, if any."""
    ruled = _by_rules(text, today, previous)
    return ruled if ruled.followup is not None else overrule(text, today, ruled, previous)


def _by_rules(text: str, today: date, previous: str | None) -> Understanding:
    recognised = classify(text, today)
    # a course of the list pointed at, whatever is asked of it ("第一个地址发我": not the person's address;
    # "第1个要钱吗": that course's fee, on its card)
    n = pointed(text) if previous is not None else None
    if n is not None and recognised.intent not in SOCIAL:
        return Understanding(recognised.intent, recognised.rest, FollowUp(FollowKind.ORDINAL, n=n))
    if previous is not None and recognised.intent in _FOLLOWABLE:
        follow = detect(recognised.rest or text, previous, today)
        if follow is not None:
            return Understanding(recognised.intent, recognised.rest, follow)
    # no phrase list holds all its words: scored, in case it is an intent still; not when it asks whether the
    # person may train ("我啥身份都不沾 也能参加不": a policy question, whatever 身份 suggests)
    may_i = asks(text) and _MAY_I_TRAIN.search(text) is not None
    explain = asks(text) and _asks_how_policy_works(text)
    if recognised.intent not in _FOLLOWABLE and explain:
        return Understanding(Intent.QUERY, text, fallback=recognised.intent)
    scored = guess(text, today) if recognised.intent in _FOLLOWABLE and not may_i else None
    if scored is not None and scored.sure:
        if explain:
            return Understanding(Intent.QUERY, text, fallback=scored.intent)
        if asks_about_rule(text, scored.intent):
            return Understanding(Intent.UNKNOWN, text, fallback=_SAFE.get(scored.intent, scored.intent))
        return Understanding(scored.intent, "")
    if recognised.intent is Intent.JOBS and (may_i or (asks(text) and (_WHAT_IT_MEANS.search(text)
                                                                        or _SUBSIDY.search(text)))):
        return Understanding(Intent.QUERY, text, fallback=Intent.JOBS)
    if recognised.intent not in _FOLLOWABLE and asks_about_rule(text, recognised.intent):
        return Understanding(Intent.UNKNOWN, text, fallback=recognised.intent)  # the FAQ, else the intent
    fallback = None  # what to answer if the FAQ (and, for a QUERY, the search) finds nothing
    if recognised.intent in _FOLLOWABLE:
        resembled = resemble(recognised.rest) if recognised.intent is Intent.QUERY else None
        fallback = resembled or (scored and _SAFE.get(scored.intent, scored.intent)) or recognised.social
    return Understanding(recognised.intent, recognised.rest, fallback=fallback)


def _asks_how_policy_works(text: str) -> bool:
    """How a 1131 step works, or what happens to someone who cheats for the subsidy: the FAQ's to explain."""
    return bool((_STEP.search(text) and _HOW_THE_STEP_WORKS.search(text))
                or (_CHEATING.search(text) and _WHAT_HAPPENS.search(text)))


def courses_beside_answer(leftover: str, result: SearchResult) -> bool:
    """After a policy answer, whether to show `result` — the courses found for the words the FAQ did not use
    (`leftover`, "电工" of "电工培训有补贴吗") or, when it used them all, for the whole question: only if the
    question names what the courses teach (their occupation, title or keywords: "家政", "汽修"). Words the FAQ
    merely did not know ("我下岗了能去学个技术吗": 去学; "政府给补贴多少": 政府) find courses by their description,
    which is no reason to show them. A question of filters only ("大学生能参加吗") gets the entry's
    related-courses button instead."""
    shown = [hit.course for hit in result.hits[:FIRST_PAGE]]
    # a word of a course's name inside a typed word counts when the FAQ left it over ("育婴师": 育婴)
    if not shown or not names_a_course(result.query, shown, SUBWORD_WEIGHT if leftover else SYNONYM_WEIGHT):
        return False
    # the FAQ used every word: only a trade word among them ("创业", "种地", "学徒制") is about courses; "服务",
    # "照顾", "自动" match a course's keywords by chance
    return bool(leftover) or any(names_courses(word, pieces=False) for word in result.query.words)


def found_by_chance(question: str, result: SearchResult) -> bool:
    """Whether a question that asks ("能拿到证书吗") found its courses only by words of their descriptions,
    naming none of them: for a question the FAQ nearly knows, "您是不是想问" with its best entries is the better
    answer than those courses."""
    shown = [hit.course for hit in result.hits[:FIRST_PAGE]]
    return bool(shown) and asks(question) and not names_a_course(result.query, shown)


def search_instead(question: str, result: SearchResult) -> bool:
    """Whether a question the FAQ would answer is rather a course search: it asks nothing (no 吗, 怎么, ?) and,
    besides filters, says only the occupation of a course it finds ("创业培训 东海": 创业 is a policy word too,
    东海 only a filter; "创业担保贷款" says more). `result`: the search for the whole question."""
    if asks(question):
        return False
    # the words as typed, filters taken out: "SYB" names no occupation, though a synonym leads to one
    typed = set(tokenize(" ".join(result.query.words))) - GENERIC_WORDS
    return bool(typed) and any(typed <= set(tokenize(hit.course.occupation)) for hit in result.hits[:FIRST_PAGE])


def names_a_course(query: ParsedQuery, courses: Iterable[Course], least: float = SYNONYM_WEIGHT) -> bool:
    """Whether the question names what one of these courses teaches (its occupation, title or keywords)."""
    typed = {term for term, weight in query.terms if weight >= least}
    return any(typed & set(tokenize(f"{c.occupation} {c.title} {' '.join(c.keywords)}")) for c in courses)


@dataclass(frozen=True, slots=True)
class CostSummary:
    listed: int
    free: int
    paid: int
    fees: tuple[int, int] | None  # lowest and highest personal fee of the paid ones
    subsidies: tuple[int, int]


def cost_summary(courses: Iterable[Course]) -> CostSummary | None:
    """What the listed courses cost a person, counted from the list itself (None for an empty list)."""
    listed = list(courses)
    if not listed:
        return None
    fees = [c.fee_yuan for c in listed if not c.is_free]
    subsidies = [c.subsidy_yuan for c in listed]
    return CostSummary(
        listed=len(listed),
        free=len(listed) - len(fees),
        paid=len(fees),
        fees=(min(fees), max(fees)) if fees else None,
        subsidies=(min(subsidies), max(subsidies)),
    )
