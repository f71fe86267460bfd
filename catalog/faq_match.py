"""Deciding which FAQ entry, if any, answers a typed question: thresholds on the confidence of
catalog/faq_index.py, the gate of catalog/faq_gate.py, and a margin over the runner-up.

The word-level helpers live in catalog/faq_words.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from catalog.faq_gate import asks_policy, understood
from catalog.faq_index import PhrasingIndex, Scored
from catalog.faq_words import GENERIC_WORDS, asks

__all__ = ["MARGIN", "RANKED_FLOOR", "THRESHOLD", "decide", "ranked"]

THRESHOLD = 0.6  # confidence needed to answer with an entry (tuned on tests/catalog/test_faq.py's labelled set)
MARGIN = 0.03  # the best entry must beat the runner-up by this much to answer alone
# A little below THRESHOLD, an entry far ahead of every other still answers a question whose words the FAQ all
# knows and that asks something: said in words of its own ("能在手机上学不"), it covers less of any phrasing, but
# only one entry fits. Not a bare topic with a filter ("家政 海州区"): that is a search.
CLEAR_THRESHOLD = 0.5
CLEAR_LEAD = 0.1
RANKED_FLOOR = 0.3  # weaker matches may still be offered as "did you mean" buttons
CLAUSE_CANDIDATES = 3  # a part's answer must be among this many best entries for the whole message
_CLAUSE_BREAK = re.compile(r"[\s,，。.!！?？;；、~～]+")


def ranked(index: PhrasingIndex, said: str, limit: int) -> list[Scored]:
    """The best entries for the respelled text `said`, strongest first, above RANKED_FLOOR."""
    last_said, found = index.last_ranking  # one message is ranked by the match and again for "did you mean"
    if last_said != said or not said:
        found = sorted(index.scored(said), key=lambda s: (-s.confidence, -s.bm25, s.entry_id))
        index.last_ranking = (said, found)
    rounded = (Scored(s.entry_id, round(s.confidence, 3), s.bm25) for s in found[:max(limit, 0)])
    return [s for s in rounded if s.confidence >= RANKED_FLOOR]


def split_parts(typed: str) -> list[str]:
    """The parts of a message as typed, between spaces and punctuation."""
    return [part for part in _CLAUSE_BREAK.split(typed) if part.strip()]


def decide(index: PhrasingIndex, said: str, typed: str, parts: Sequence[tuple[str, str]] = ()) -> Scored | None:
    """The entry that answers the respelled question `said` (typed as `typed`), or None when it is not
    (confidently) a policy question. `parts`: (respelled, typed) of each part of the message as typed
    (split_parts). A message of two or more parts ("怎么报名参加培训 手机上能报吗", "我大三 在校生可以学吗")
    that fits no entry as a whole is answered by its first part that does, if that entry is among the whole
    message's best few (a part alone must not drift to a topic the message is not about)."""
    best = ranked(index, said, CLAUSE_CANDIDATES)
    found = _decide(index, said, typed, best)
    if found is not None or len(parts) < 2 or not best:
        return found
    near = {s.entry_id for s in best}
    for part_said, part_typed in parts:
        # a part that asks nothing ("身份填错了 我是退役军人") or names no topic ("有什么政策") answers nothing
        if not asks(part_typed) or not (index.known(part_said) - GENERIC_WORDS):
            continue
        part = _decide(index, part_said, part_typed, ranked(index, part_said, 2))
        if part is not None and part.entry_id in near:
            return part
    return None


def _decide(index: PhrasingIndex, said: str, typed: str, best: list[Scored]) -> Scored | None:
    """`best`: the strongest entries for `said`, at least two when there are."""
    if not best or not asks_policy(index, said, asks(typed)):
        return None
    top = best[0].confidence
    runner_up = best[1].confidence if len(best) > 1 else 0.0
    clear = top >= CLEAR_THRESHOLD and top - runner_up >= CLEAR_LEAD and asks(typed) and understood(index, said)
    if top < THRESHOLD and not clear:
        return None
    if top - runner_up < MARGIN:
        return None  # two entries fit about as well: "您是不是想问" beats a wrong answer
    return best[0]
