"""Property-based: random updates of every kind get a kind reply or a deliberate silence, never a crash.

One runtime and dispatcher serve the whole module (building one per example would take seconds); each
example is a fresh user doing a few random things. Afterwards the database must still be consistent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Chat, Message, Update, User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot import texts
from bot.app import create_bot, create_dispatcher
from bot.clock import FixedClock
from bot.offline import OfflineSession
from bot.runtime import Runtime, open_runtime
from tests.client import UserClient
from tests.conftest import TODAY, make_settings
from tests.databases import ON_POSTGRES, create_database, drop_database

# Tags Telegram's HTML parse mode accepts; anything else in a reply would mean unescaped user text.
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
                 "span", "blockquote"}  # fmt: skip
PREFIXES = ["c", "en", "gd", "ik", "jb", "fg", "pf", "s1", "st", "sv", "subs", "bc", "an", "pub", "cls", "nc"]
NASTY = [
    "'; DROP TABLE users; --",
    "<script>alert(1)</script>",
    '<a href="https://evil.example">点我</a>',
    "<b>未闭合",
    "&amp; &lt; &#x1F600;",
    "\u202e\u202dRTL\u200f文本\u200e",
    "\x00\x01\x1b[31m",
    "。。。！！！？？？",
    "🙂" * 50,
    "焊工" * 3000,
    "/start c_" + "x" * 80,
    "/start " + "\u0000",
    "/confirm 99999999999999999999999",
    "/staff add 1 海州区",
    "/answer 1 <b>hi</b>",
]

texts_st = st.one_of(st.sampled_from(NASTY), st.text(max_size=300), st.text(max_size=5000))
callback_st = st.one_of(
    st.text(max_size=64),
    st.builds(
        lambda p, parts: ":".join([p, *parts]),
        st.sampled_from(PREFIXES),
        st.lists(st.one_of(st.integers(-(2**63), 2**63).map(str), st.text(max_size=8)), max_size=4),
    ),
)
action_st = st.one_of(
    st.tuples(st.just("text"), texts_st),
    st.tuples(st.just("click"), callback_st),
    st.tuples(st.just("location"), st.tuples(st.floats(-90, 90), st.floats(-180, 180))),
    st.tuples(st.just("sticker"), st.none()),
    st.tuples(st.just("edited"), texts_st),
    st.tuples(st.just("group"), texts_st),
    st.tuples(st.just("channel"), texts_st),
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def check_html(reply: str) -> None:
    parser = _Tags()
    parser.feed(reply)
    for tag, attrs in parser.tags:
        assert tag in TELEGRAM_TAGS, f"unexpected tag <{tag}> in {reply[:200]!r}"
        if tag == "a":
            assert (attrs.get("href") or "").startswith(("https://t.me/", "tel:")), reply[:200]


@dataclass
class Harness:
    loop: asyncio.AbstractEventLoop
    runtime: Runtime
    bot: Bot
    dp: Dispatcher
    errors: list[logging.LogRecord] = field(default_factory=list)
    next_user: int = 5_000_000

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)


class _Collect(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    loop = asyncio.new_event_loop()
    database_url = loop.run_until_complete(create_database(Path(tmp_path_factory.mktemp("fuzz"))))
    settings_ = make_settings(database_url)
    context = open_runtime(settings_, clock=FixedClock(settings_.tz, TODAY))
    runtime = loop.run_until_complete(context.__aenter__())
    bot = create_bot(settings_, session=OfflineSession())
    h = Harness(loop, runtime, bot, create_dispatcher(runtime))
    collector = _Collect(h.errors)
    logging.getLogger().addHandler(collector)
    try:
        yield h
    finally:
        logging.getLogger().removeHandler(collector)
        loop.run_until_complete(bot.session.close())
        loop.run_until_complete(context.__aexit__(None, None, None))
        loop.run_until_complete(drop_database(database_url))
        loop.close()


def _message(user: User, chat: Chat, mid: int, body: str) -> Message:
    return Message(message_id=mid, date=datetime.now(UTC), chat=chat, from_user=user, text=body)


async def play(h: Harness, client: UserClient, kind: str, arg: Any) -> list[TelegramMethod[Any]]:
    if kind == "text":
        return await client.send(arg)
    if kind == "click":
        return await client.click(arg)
    if kind == "location":
        return await client.share_location(*arg)
    if kind == "sticker":
        return await client.send_sticker()
    uid = client.user.id
    if kind == "edited":
        return await client.feed(Update(update_id=uid, edited_message=_message(client.user, client.chat, 1, arg)))
    if kind == "group":
        group = Chat(id=-100_000 - uid, type="supergroup", title="群")
        return await client.feed(Update(update_id=uid + 1, message=_message(client.user, group, 2, arg)))
    channel = Chat(id=-200_000 - uid, type="channel", title="频道")
    post = Message(message_id=3, date=datetime.now(UTC), chat=channel, text=arg)
    return await client.feed(Update(update_id=uid + 2, channel_post=post))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action_st, min_size=1, max_size=6))
def test_random_updates_never_crash(harness: Harness, actions: list[tuple[str, Any]]) -> None:
    harness.next_user += 1
    client = UserClient(harness.dp, harness.bot, user_id=harness.next_user)
    for kind, arg in actions:
        calls = harness.run(play(harness, client, kind, arg))
        sent = [c.text for c in calls if isinstance(c, SendMessage)]
        assert texts.ERROR_GENERIC not in sent, f"{kind} {arg!r:.120} hit the error handler"
        for reply in sent:
            assert reply.strip()
            check_html(reply)
        if kind in ("group", "channel", "edited"):
            assert sent == [], f"{kind} updates are ignored on purpose"
    assert harness.errors == [], harness.errors[0].getMessage()


def test_database_is_consistent_after_the_fuzzing(harness: Harness) -> None:
    async def check() -> tuple[str, list[Any]]:
        async with harness.runtime.sessionmaker() as session:
            if ON_POSTGRES:  # the server enforces foreign keys as rows are written; broken indexes would show here
                invalid = await session.scalar(text("SELECT count(*) FROM pg_index WHERE NOT indisvalid"))
                return ("ok" if invalid == 0 else f"{invalid} invalid indexes"), []
            integrity = await session.scalar(text("PRAGMA integrity_check"))
            orphans = list((await session.execute(text("PRAGMA foreign_key_check"))).all())
        return integrity, orphans

    integrity, orphans = harness.run(check())
    assert integrity == "ok" and orphans == []
