"""Career self-assessment (职业指导): questions and occupation weights live in data/guidance.toml (re-read on
change). Options add weights to occupations and may exclude some outright (shift work for a parent...).
Answers come from buttons as option indexes and may be forged: anything unknown is ignored."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from catalog.groups import GROUPS, canonical_group

GUIDANCE_DIR = Path(__file__).parent / "data"
GUIDANCE_FILE = "guidance.toml"
MAX_LABEL_CHARS = 12
MAX_OPTIONS = 6
MAX_REASONS = 3
MIN_SUGGESTIONS = 2


class GuidanceError(ValueError):
    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(f"{file.name}: {problem} ({file})")
        self.file = file
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    prompt: str
    options: tuple[str, ...]
    multi: bool = False


@dataclass(frozen=True, slots=True)
class Suggestion:
    occupation: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Push:  # what one option (or a group) does: weights per occupation, exclusions, and why

    reason: str
    weights: tuple[tuple[str, float], ...]
    exclude: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Guide:
    occupations: tuple[str, ...]
    questions: tuple[Question, ...]
    pushes: Mapping[str, tuple[_Push, ...]]  # question key -> one per option
    groups: Mapping[str, _Push]
    fallback: tuple[str, ...]  # fills the list when answers point to too few occupations
    fallback_reason: str


def _push(path: Path, raw: Any, where: str, known: frozenset[str], *, label: bool = False) -> _Push:
    if not isinstance(raw, dict) or not isinstance(raw.get("reason"), str) or not raw["reason"].strip():
        raise GuidanceError(path, f"{where}: `reason` is missing")
    if label and not (isinstance(raw.get("label"), str) and 0 < len(raw["label"].strip()) <= MAX_LABEL_CHARS):
        raise GuidanceError(path, f"{where}: `label` must be 1-{MAX_LABEL_CHARS} characters")
    weights, exclude = raw.get("weights", {}), raw.get("exclude", [])
    if not isinstance(weights, dict) or not all(type(w) in (int, float) for w in weights.values()):
        raise GuidanceError(path, f"{where}: `weights` must map occupations to numbers")
    if not isinstance(exclude, list):
        raise GuidanceError(path, f"{where}: `exclude` must be a list of occupations")
    if unknown := sorted({*weights, *exclude} - known):
        raise GuidanceError(path, f"{where}: occupation(s) {unknown} are not in `occupations`")
    return _Push(raw["reason"].strip(), tuple((k, float(v)) for k, v in weights.items()), frozenset(exclude))


@lru_cache(maxsize=16)
def _parse(path: Path, stamp: tuple[int, int]) -> _Guide:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise GuidanceError(path, f"not valid TOML: {error}") from None
    occupations = tuple(dict.fromkeys(name for name in data.get("occupations", ()) if isinstance(name, str)))
    known = frozenset(occupations)
    questions: list[Question] = []
    pushes: dict[str, tuple[_Push, ...]] = {}
    for number, raw in enumerate(data.get("questions", ()), 1):
        key = raw.get("key") if isinstance(raw, dict) else None
        if not isinstance(key, str) or not key or key in pushes or not isinstance(raw.get("prompt"), str):
            raise GuidanceError(path, f"question {number}: needs a unique `key` and a `prompt`")
        if not isinstance(options := raw.get("options"), list) or not 2 <= len(options) <= MAX_OPTIONS:
            raise GuidanceError(path, f"question {key}: needs 2-{MAX_OPTIONS} options")
        pushes[key] = tuple(_push(path, option, f"question {key} option {index}", known, label=True)
                            for index, option in enumerate(options))
        labels = tuple(option["label"].strip() for option in options)
        questions.append(Question(key, raw["prompt"].strip(), labels, bool(raw.get("multi", False))))
    if not questions:
        raise GuidanceError(path, "no [[questions]]")
    fallback = _push(path, data.get("fallback"), "fallback", known)
    order = tuple(dict.fromkeys(data["fallback"].get("occupations", ())))
    if len(order) < MIN_SUGGESTIONS or not set(order) <= known:
        raise GuidanceError(path, f"fallback: needs {MIN_SUGGESTIONS}+ occupations listed in `occupations`")
    if blocked := sorted({name for row in pushes.values() for push in row for name in push.exclude} & set(order)):
        raise GuidanceError(path, f"fallback: {blocked} can be excluded by an answer")
    if unknown := sorted(set(data.get("groups", {})) - set(GROUPS)):
        raise GuidanceError(path, f"groups: unknown group(s) {unknown}")
    groups = {name: _push(path, raw, f"group {name}", known) for name, raw in data.get("groups", {}).items()}
    return _Guide(occupations, tuple(questions), pushes, groups, order, fallback.reason)


def _load(directory: Path | None) -> _Guide:
    path = (directory or GUIDANCE_DIR) / GUIDANCE_FILE
    info = path.stat()
    return _parse(path, (info.st_mtime_ns, info.st_size))


def questions(directory: Path | None = None) -> tuple[Question, ...]:
    return _load(directory).questions


def occupations(directory: Path | None = None) -> tuple[str, ...]:  # all must be catalogue occupations
    return _load(directory).occupations


def _chosen(guide: _Guide, answers: Mapping[str, Sequence[int]]) -> list[_Push]:
    """The pushes of the options really offered; a single-choice question keeps its first valid index."""
    chosen: list[_Push] = []
    for question in guide.questions:
        raw = answers.get(question.key, ())
        valid = dict.fromkeys(i for i in (raw if isinstance(raw, list | tuple) else ())
                              if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question.options))
        chosen.extend(guide.pushes[question.key][i] for i in list(valid)[: None if question.multi else 1])
    return chosen


def suggest(answers: Mapping[str, Sequence[int]], *, group: str | None = None, limit: int = 3,
            directory: Path | None = None) -> tuple[Suggestion, ...]:
    """Best `limit` occupations (at least 2) for these answers, with the reasons; same answers, same result."""
    guide = _load(directory)
    pushes = _chosen(guide, answers)
    name = group if group in GROUPS else canonical_group(group or "")
    if name in guide.groups:
        pushes.append(guide.groups[name])
    excluded = frozenset().union(*(push.exclude for push in pushes))
    scores = dict.fromkeys(guide.occupations, 0.0)
    why: dict[str, list[tuple[float, int, str]]] = {occupation: [] for occupation in guide.occupations}
    for seq, push in enumerate(pushes):
        for occupation, weight in push.weights:
            scores[occupation] += weight
            if weight > 0:
                why[occupation].append((-weight, seq, push.reason))
    # Ties keep the order of `occupations` in the data file (sorted() is stable).
    ranked = sorted((o for o in guide.occupations if scores[o] > 0 and o not in excluded), key=lambda o: -scores[o])
    count = max(limit, MIN_SUGGESTIONS)
    picks = [Suggestion(o, round(scores[o], 2), tuple(dict.fromkeys(r for *_, r in sorted(why[o])))[:MAX_REASONS])
             for o in ranked[:count]]
    for occupation in guide.fallback:
        if len(picks) < count and occupation not in excluded and all(p.occupation != occupation for p in picks):
            picks.append(Suggestion(occupation, round(max(scores[occupation], 0.0), 2), (guide.fallback_reason,)))
    return tuple(picks)
