"""Every policy statement the bot can make, with the documents it cites, and what is wrong with them.

A statement is an FAQ answer (catalog/data/faq.toml), a policy briefing card (catalog/data/policies/), a cited
subsidy rule (catalog/data/subsidy_rules.toml, when catalog/subsidy_rules.py is present), or a text constant
of bot/texts that bot/texts/policy_statements.py lists as stating a rule. `problems()` also reports every text
constant that uses the words of policy and is not listed there, so a new rule typed into a text is caught, and
any such words in the career self-assessment (catalog/data/guidance.toml), which cites nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import bot.texts
from bot.texts import policy_statements as listed
from catalog import guidance, policies
from catalog.faq import FaqBase, FaqError
from catalog.sources import FOREIGN_WORD, citation_problems


@dataclass(frozen=True, slots=True)
class Statement:
    where: str  # e.g. "faq:times_per_year", "card:企业职工/新型学徒制和以工代训", "text:S1131_INTRO"
    text: str
    sources: tuple[str, ...]
    clause: str
    names_foreign: bool  # the words the person reads call another region's practice 外地 (FOREIGN_WORD)


def text_modules() -> list[ModuleType]:
    names = (info.name for info in pkgutil.iter_modules(bot.texts.__path__))
    return [bot.texts, *(importlib.import_module(f"bot.texts.{name}") for name in sorted(names))]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)


def text_constants() -> Iterator[tuple[str, str]]:
    """(key, text) for every string in every UPPER_CASE constant of bot/texts (keys as policy_statements uses)."""
    for module in text_modules():
        if module is listed:
            continue
        prefix = module.__name__.removeprefix("bot.texts").lstrip(".")
        for name, value in vars(module).items():
            if name.isupper() and not name.startswith("_"):
                key = f"{prefix}.{name}" if prefix else name
                for text in _strings(value):
                    yield key, text


def _subsidy_rules() -> list[Statement]:
    """The cited eligibility rules, once catalog/subsidy_rules.py exists (branch elig)."""
    try:
        rules_module = importlib.import_module("catalog.subsidy_rules")
        frames = importlib.import_module("bot.texts.eligibility")
    except ModuleNotFoundError:
        return []
    foreign_frame = getattr(frames, "RULE_OTHER_REGION", "")
    return [Statement(f"rule:{rule.key}", rule.text, (rule.source_id,), rule.clause, FOREIGN_WORD in foreign_frame)
            for rule in rules_module.load_rules().all_rules()]


def _faq() -> list[Statement]:
    return [Statement(f"faq:{e.id}", e.answer, e.sources, e.clause, FOREIGN_WORD in e.answer)
            for e in FaqBase.load().entries()]


def _cards() -> list[Statement]:
    found: dict[tuple[str, str], Statement] = {}
    for group, briefing in policies.load_all().items():
        for card in briefing.cards:  # common cards appear in every group's briefing: once is enough
            found.setdefault((card.title, card.body), Statement(
                f"card:{group}/{card.title}", card.body, card.sources, card.clause, FOREIGN_WORD in card.body))
    return list(found.values())


def _texts() -> list[Statement]:
    joined: dict[str, list[str]] = {}
    for key, text in text_constants():
        joined.setdefault(key, []).append(text)
    return [Statement(f"text:{key}", text, sources, clause, FOREIGN_WORD in text)
            for key, (sources, clause) in listed.CITED.items() if (text := "\n".join(joined.get(key, [])))]


PARTS = {"faq": _faq, "cards": _cards, "texts": _texts, "rules": _subsidy_rules}


def statements(parts: tuple[str, ...] = tuple(PARTS)) -> list[Statement]:
    """Every cited policy statement (raises FaqError or PolicyError when a data file is broken)."""
    return [statement for part in parts for statement in PARTS[part]()]


def _statement_problems(statement: Statement) -> list[str]:
    said = FOREIGN_WORD if statement.names_foreign else ""  # the frame may say it for the text (subsidy rules)
    return [f"{statement.where}: {problem}" for problem in citation_problems(statement.sources, statement.clause, said)]


def _guidance_problems() -> list[str]:
    """The career self-assessment's texts (catalog/data/guidance.toml) cite nothing, so they state no policy."""
    with (guidance.GUIDANCE_DIR / guidance.GUIDANCE_FILE).open("rb") as handle:
        data = tomllib.load(handle)
    return [f"guidance.toml: {text!r} states policy ({found.group()}…); policy belongs in cited data"
            for text in _strings(data) if (found := listed.POLICY_WORDS.search(text))]


def _text_problems() -> list[str]:
    classified = set(listed.CITED) | set(listed.FRAMES) | listed.NO_RULE | listed.REPLACED_ELSEWHERE
    present = {key for key, _ in text_constants()}
    problems = [f"text:{key}: states policy ({listed.POLICY_WORDS.search(text).group()}…) without a cited entry "
                f"in bot/texts/policy_statements.py"
                for key, text in text_constants() if key not in classified and listed.POLICY_WORDS.search(text)]
    problems = list(dict.fromkeys(problems))
    modules = {module.__name__.removeprefix("bot.texts").lstrip(".") for module in text_modules()}
    problems += [f"text:{key}: listed in bot/texts/policy_statements.py but no such constant"
                 for key in sorted(classified - listed.REPLACED_ELSEWHERE - present)
                 if key.rpartition(".")[0] in modules]  # another branch's module may not be here yet
    return problems


def problems(parts: tuple[str, ...] = tuple(PARTS)) -> list[str]:
    """Every uncited or wrongly cited policy statement, and every text stating policy unlisted; empty when fine."""
    found: list[str] = []
    for part in parts:
        try:
            found += [p for s in statements((part,)) for p in _statement_problems(s)]
        except (FaqError, policies.PolicyError) as error:
            found.append(str(error))
    return found + _text_problems() + _guidance_problems()
