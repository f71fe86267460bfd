"""What to offer when a question finds nothing: related occupations and neighbouring districts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

from catalog.districts import district
from catalog.query import ParsedQuery
from catalog.text import normalize, tokenize

MAX_OCCUPATIONS = 5
# Characters every second occupation name has; sharing them says nothing.
_GENERIC_CHARS = frozenset("师员工人者士家业级证班课学技能职")


def related_occupations(
    query: ParsedQuery,
    counts: Mapping[str, int],
    categories: Mapping[str, str],
    matched_categories: Collection[str],
) -> tuple[str, ...]:
    """Occupations with courses (`counts`: occupation -> courses available), most related first.

    Related means: reached through a synonym or a word inside the question, sharing characters with the
    question's words, or in the same training category as courses the words did find elsewhere.
    Falls back to the occupations with most courses, so the answer is never empty while courses exist.
    """
    terms = {term for term, _ in query.terms}
    chars = {ch for word in query.words for ch in word} - _GENERIC_CHARS
    scored: list[tuple[int, int, str]] = []
    for occupation, count in counts.items():
        if count <= 0:
            continue
        score = 0
        if terms & {normalize(occupation), *tokenize(occupation)}:
            score += 3
        score += len(chars & set(occupation))
        if categories.get(occupation) in matched_categories:
            score += 1
        scored.append((score, count, occupation))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    related = [occupation for score, _, occupation in scored if score > 0]
    chosen = related or [occupation for _, _, occupation in sorted(scored, key=lambda i: (-i[1], i[2]))]
    return tuple(chosen[:MAX_OCCUPATIONS])


def nearby_districts(asked: Collection[str], matches_per_district: Mapping[str, int]) -> tuple[str, ...]:
    """Districts other than the asked ones where the question has matches: neighbours first."""
    neighbours = [n for name in asked for n in district(name).neighbours]
    ordered = [n for n in dict.fromkeys(neighbours) if n not in asked and matches_per_district.get(n, 0) > 0]
    others = Counter({d: c for d, c in matches_per_district.items() if c > 0 and d not in asked})
    ordered.extend(d for d, _ in sorted(others.items(), key=lambda i: (-i[1], i[0])) if d not in ordered)
    return tuple(ordered)
