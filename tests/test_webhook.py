"""Webhook mode in process: the real aiohttp application on 127.0.0.1 in front of the production dispatcher."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage, TelegramMethod
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis
from sqlalchemy import func, select

from bot import texts
from bot.app import REPLIES_PER_SLOT, create_bot, create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings
from bot.offline import OfflineSession
from bot.runtime import Runtime, open_runtime
from bot.webhook import HEALTH_PATH, SECRET_HEADER, WEBHOOK_HANDLER, create_webhook_app
from storage.db import create_engine
from storage.models import ProcessedUpdate, User
from tests.botapi_stub import private_message, telegram_user
from tests.conftest import TODAY, make_settings
from tests.databases import DatabaseTemplate

SECRET = "test-webhook-secret_0123"
PATH = "/telegram/webhook"
_ids = itertools.count(700_000)


def message_update(user_id: int, text: str, update_id: int | None = None) -> dict[str, Any]:
    message = private_message(user_id, next(_ids), telegram_user(user_id), text=text)
    return {"update_id": next(_ids) if update_id is None else update_id, "message": message}


class GatedSession(OfflineSession):
    """The offline Bot API, but sendMessage waits for a gate: shows how many updates are being handled at once."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.waiting = 0
        self.most_waiting = 0
        self._changed = asyncio.Condition()

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage):
            async with self._changed:
                self.waiting += 1
                self.most_waiting = max(self.most_waiting, self.waiting)
                self._changed.notify_all()
            try:
                await self.gate.wait()
            finally:
                self.waiting -= 1
        return await super().make_request(bot, method, timeout)

    async def until_waiting(self, n: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.waiting >= n)


@pytest.fixture
def webhook_settings(database_url: str) -> Settings:
    return make_settings(database_url, webhook_secret=SECRET, max_concurrent_updates=3)


@pytest.fixture
async def runtime(webhook_settings: Settings, empty_database_template: DatabaseTemplate) -> AsyncIterator[Runtime]:
    await empty_database_template.copy_to(webhook_settings.database_url)  # migrated once per worker, copied here
    async with open_runtime(webhook_settings, clock=FixedClock(webhook_settings.tz, TODAY)) as rt:
        yield rt


async def serve(runtime: Runtime, session: OfflineSession) -> tuple[TestClient, Bot]:
    bot = create_bot(runtime.settings, session=session)
    client = TestClient(TestServer(create_webhook_app(runtime, bot, create_dispatcher(runtime)), host="127.0.0.1"))
    await client.start_server()
    return client, bot


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[TestClient]:
    client, _ = await serve(runtime, OfflineSession())
    yield client
    await client.close()


def sent(client: TestClient) -> list[SendMessage]:
    bot: Bot = client.app[WEBHOOK_HANDLER].bot
    return [r for r in bot.session.requests if isinstance(r, SendMessage)]  # type: ignore[attr-defined]


async def post(client: TestClient, update: object, secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    response = await client.post(PATH, json=update, headers=headers)
    await response.release()
    return response.status


async def settle(client: TestClient) -> None:
    await client.app[WEBHOOK_HANDLER].idle()


async def count(runtime: Runtime, model: type[Any]) -> int:
    async with runtime.sessionmaker() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_an_update_with_the_secret_is_answered(client: TestClient, runtime: Runtime) -> None:
    assert await post(client, message_update(501, "/start")) == 200
    await settle(client)
    [reply] = sent(client)
    assert reply.chat_id == 501 and "补贴性职业技能培训" in reply.text
    assert await count(runtime, ProcessedUpdate) == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET.upper()])
async def test_without_the_right_secret_nothing_is_handled(
    client: TestClient, runtime: Runtime, secret: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.webhook"):
        assert await post(client, message_update(502, "/start"), secret=secret) == 401
    await settle(client)
    assert sent(client) == []
    assert await count(runtime, ProcessedUpdate) == 0 and await count(runtime, User) == 0
    assert "without the right secret token" in caplog.text
    if secret:
        assert secret not in caplog.text  # the header's value is never logged


@pytest.mark.parametrize(
    "body", [b"not json at all", b"{", b'{"message": {"text": "/start"}}', b'{"update_id": "x"}', b"[]", b"\xff\xfe"]
)
async def test_a_body_that_is_not_an_update_is_refused_and_the_server_carries_on(
    client: TestClient, runtime: Runtime, body: bytes
) -> None:
    response = await client.post(PATH, data=body, headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})
    assert response.status == 400
    await settle(client)
    assert sent(client) == [] and await count(runtime, ProcessedUpdate) == 0

    assert await post(client, message_update(503, "/help")) == 200
    await settle(client)
    assert [m.text for m in sent(client)] == [texts.HELP]


async def test_an_update_posted_again_is_answered_once(client: TestClient, runtime: Runtime) -> None:
    update = message_update(504, "/help")
    assert await post(client, update) == 200
    await settle(client)
    assert await post(client, update) == 200  # Telegram retries when it did not see our answer
    # ...and the retry may also overlap the first delivery.
    again = message_update(504, "/menu")
    statuses = await asyncio.gather(post(client, again), post(client, again), post(client, again))
    assert statuses == [200, 200, 200]
    await settle(client)
    assert [m.text for m in sent(client)] == [texts.HELP, texts.MENU]
    assert await count(runtime, ProcessedUpdate) == 2


async def test_health_is_ok_while_the_database_answers(client: TestClient, runtime: Runtime) -> None:
    response = await client.get(HEALTH_PATH)
    assert response.status == 200
    expected = {"status": "ok", "database": "ok", "in_flight": 0}
    if runtime.redis is not None:  # the suite's Redis run (TEST_REDIS_URL)
        expected["redis"] = "ok"
    assert await response.json() == expected


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.mark.parametrize("backend", ["postgres-down", "sqlite-unopenable"])
async def test_health_is_503_when_the_database_does_not_answer(runtime: Runtime, backend: str, tmp_path: Path) -> None:
    # Nothing listens on a just-closed port; a directory is no SQLite file.
    url = f"postgresql+asyncpg://bot@127.0.0.1:{closed_port()}/gone" if backend == "postgres-down" else (
        f"sqlite+aiosqlite:///{tmp_path}")  # fmt: skip
    dead = create_engine(url)
    client, _ = await serve(dataclasses.replace(runtime, engine=dead), OfflineSession())
    try:
        response = await client.get(HEALTH_PATH)
        assert response.status == 503
        assert await response.json() == {"status": "error", "database": "unavailable"}
    finally:
        await client.close()
        await dead.dispose()


async def test_health_is_503_when_redis_does_not_answer(runtime: Runtime) -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{closed_port()}/0", socket_connect_timeout=1)
    client, _ = await serve(dataclasses.replace(runtime, redis=dead), OfflineSession())
    try:
        response = await client.get(HEALTH_PATH)
        assert response.status == 503
        assert await response.json() == {"status": "error", "database": "ok", "redis": "unavailable"}
    finally:
        await client.close()
        await dead.aclose()


async def test_a_burst_is_handled_at_most_max_concurrent_updates_at_a_time(runtime: Runtime) -> None:
    """Slots bound the updates being handled; replies waiting for Telegram no longer hold one (bot/reply_queue.py),
    but they are bounded too: once REPLIES_PER_SLOT × slots wait, updates keep their slots and Telegram is slowed."""
    session = GatedSession()
    client, _ = await serve(runtime, session)
    slots = 3  # max_concurrent_updates
    # With Redis (chats shared by processes) replies are sent within the update, so within its slot.
    backlog = slots if runtime.redis is not None else REPLIES_PER_SLOT * slots
    holding = 0 if runtime.redis is not None else slots
    try:
        users = range(600, 600 + backlog + holding + 5)
        posts = [asyncio.create_task(post(client, message_update(u, "/help"))) for u in users]
        await session.until_waiting(backlog)  # every reply the queue may hold is waiting for Telegram
        await asyncio.sleep(0.2)  # room for one more, if the bound leaked
        assert session.waiting == backlog
        # Answered: the updates whose replies wait, and those holding the slots while they wait for room.
        assert sum(p.done() for p in posts) <= backlog + holding  # the others' answers wait: Telegram slows down
        session.gate.set()
        assert await asyncio.gather(*posts) == [200] * len(users)
        await settle(client)
        assert session.most_waiting == backlog
        assert sorted(m.chat_id for m in sent(client)) == list(users)
    finally:
        session.gate.set()
        await client.close()


async def test_shutdown_lets_updates_in_flight_finish(runtime: Runtime) -> None:
    session = GatedSession()
    client, _ = await serve(runtime, session)
    assert await post(client, message_update(505, "/help")) == 200
    await session.until_waiting(1)
    closing = asyncio.create_task(client.close())
    await asyncio.sleep(0.1)
    assert not closing.done()  # shutdown waits for the update being handled
    session.gate.set()
    await closing
    assert [m.text for m in session.requests if isinstance(m, SendMessage)] == [texts.HELP]
    assert await count(runtime, ProcessedUpdate) == 1  # committed, not cut off
