"""FAQ topics ([[topics]] in data/faq.toml): the entries grouped for browsing (/faq lists them as buttons)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_TITLE_CHARS = 12  # a button on a phone
_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,19}$")  # short: it travels in callback data


@dataclass(frozen=True, slots=True)
class FaqTopic:
    id: str
    title: str
    entries: tuple[str, ...]  # entry ids, in the order shown


def parse_topics(raw: Any, entry_ids: list[str], problems: list[str]) -> tuple[FaqTopic, ...]:
    """The topics of the file; every entry must be in exactly one topic once any topic is defined."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.append("[[topics]] must be a list of tables")
        return ()
    topics: list[FaqTopic] = []
    placed: dict[str, str] = {}
    for number, table in enumerate(raw, 1):
        topic_id, title, entries = table.get("id"), table.get("title"), table.get("entries")
        where = f"topic {number} ({topic_id})"
        if not isinstance(topic_id, str) or not _ID.match(topic_id) or any(t.id == topic_id for t in topics):
            problems.append(f"topic {number}: id must be a short, unique ascii slug such as 'money'")
            continue
        if not isinstance(title, str) or not 0 < len(title.strip()) <= MAX_TITLE_CHARS:
            problems.append(f"{where}: title must be 1 to {MAX_TITLE_CHARS} characters")
            continue
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) for e in entries):
            problems.append(f"{where}: entries must list entry ids")
            continue
        for entry_id in entries:
            if entry_id not in entry_ids:
                problems.append(f"{where}: unknown entry {entry_id!r}")
            elif entry_id in placed:
                problems.append(f"{where}: entry {entry_id!r} is already in topic {placed[entry_id]}")
            placed.setdefault(entry_id, topic_id)
        topics.append(FaqTopic(topic_id, title.strip(), tuple(e for e in entries if e in entry_ids)))
    problems.extend(f"entry {e}: in no topic; add it to one of [[topics]]" for e in entry_ids if e not in placed)
    return tuple(topics)
