"""Several bot processes on one database: every due message is sent exactly once, and jobs that finish something
(a broadcast's final report) do it once."""

from __future__ import annotations

import asyncio
import collections
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram.types import Chat, Message, Update, User
from sqlalchemy import func, select

from bot import texts
from bot.app import create_bot, create_dispatcher
from bot.offline import OfflineSession
from bot.runtime import Runtime, open_runtime
from storage import broadcasts, outbox
from storage.models_schedule import OutboxItem
from storage.models_staff import Broadcast
from storage.unit_of_work import unit_of_work
from tests.botapi_stub import BotApiStub
from tests.conftest import ADMIN_ID, make_settings
from tests.databases import ON_POSTGRES, REDIS_URL
from tests.e2e import BotProcess, messages_sent_in
from tests.scheduling_helpers import seed_due_notices

# More than one sender batch (200), so that the second process finds work when it comes up.
USERS = range(20_000, 20_400)


@pytest.mark.skipif(not ON_POSTGRES, reason="one process per SQLite file (tests/test_process_lock.py)")
async def test_two_processes_send_each_due_message_exactly_once(
    stub: BotApiStub, tmp_path: Path, database_url: str
) -> None:
    await seed_due_notices(database_url, USERS)
    first = BotProcess(stub, tmp_path / "a", database_url)
    second = BotProcess(stub, tmp_path / "b", database_url)
    for process in (first, second):
        process.workdir.mkdir()
    try:
        await asyncio.gather(first.start(), second.start())
        await stub.wait_for("sendMessage", after=len(USERS) - 1, timeout=90)
        await asyncio.sleep(1.0)  # a duplicate would show up now, if there were one
    finally:
        for process in (first, second):
            if process.process is not None:
                await process.stop()

    per_chat = collections.Counter(int(c.params["chat_id"]) for c in stub.calls_to("sendMessage"))
    assert set(per_chat) == set(USERS)
    assert [chat for chat, n in per_chat.items() if n > 1] == []
    # Both processes took part: each one's log reports a run that sent something, and together they sent all.
    sent_by = [messages_sent_in(p.log()) for p in (first, second)]
    assert all(sent_by), sent_by
    assert sum(sent_by) == len(USERS)


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite has one writer at a time: a second claim waits instead")
async def test_concurrent_claims_take_disjoint_batches_without_waiting(runtime: Runtime) -> None:
    await seed_due_notices(runtime.settings.database_url, USERS)
    now = datetime.now(UTC)
    async with runtime.sessionmaker() as first, runtime.sessionmaker() as second:
        # The first claim is still uncommitted: its rows are locked, and the second claim skips them.
        mine = {i.id for i in await outbox.claim_due(first, now, 150)}
        theirs = {i.id for i in await asyncio.wait_for(outbox.claim_due(second, now, 150), timeout=5)}
        await first.commit()
        await second.commit()
    assert len(mine) == len(theirs) == 150
    assert not mine & theirs
    async with runtime.sessionmaker() as session:
        claimed = await session.scalar(select(func.count()).where(OutboxItem.status == "claimed"))
    assert claimed == 300


async def test_a_broadcast_is_finished_by_one_process_only(runtime: Runtime) -> None:
    now = datetime.now(UTC)
    async with unit_of_work(runtime.sessionmaker) as session:
        broadcast = Broadcast(created_by=ADMIN_ID, text="开班通知", audience={}, status="running", created_at=now)
        session.add(broadcast)
    # Two processes' progress jobs both saw it running with nothing left; each tries to finish it.
    async with runtime.sessionmaker() as one, runtime.sessionmaker() as other:
        seen_by_one = await one.get(Broadcast, broadcast.id)
        seen_by_other = await other.get(Broadcast, broadcast.id)
        won = await broadcasts.finish(one, seen_by_one, now)
        await one.commit()
        also_won = await broadcasts.finish(other, seen_by_other, now)
        await other.commit()
    assert (won, also_won) == (True, False)


@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite serves one process")
@pytest.mark.parametrize("shared_redis", [False, True], ids=["database-lock", "redis-lock"])
async def test_an_update_delivered_to_two_processes_at_once_is_handled_once(
    database_url: str, shared_redis: bool
) -> None:
    if shared_redis and not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set")
    settings = make_settings(database_url)
    if not shared_redis:
        settings = settings.model_copy(update={"redis_url": None})
    # Two runtimes and dispatchers on one database stand for two webhook workers; Telegram retried the update
    # on the second one while the first was still handling it.
    user = User(id=1001, is_bot=False, first_name="小王")
    message = Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=1001, type="private"), from_user=user,
                      text="/help")  # fmt: skip
    update = Update(update_id=77, message=message)
    async with open_runtime(settings) as one, open_runtime(settings) as other:
        bots = [create_bot(settings, session=OfflineSession()) for _ in range(2)]
        dispatchers = [create_dispatcher(one), create_dispatcher(other)]
        await asyncio.gather(*(dp.feed_update(bot, update) for dp, bot in zip(dispatchers, bots, strict=True)))
    replies = [r for bot in bots for r in bot.session.requests if r.__api_method__ == "sendMessage"]
    assert len(replies) == 1
    assert texts.ERROR_GENERIC not in replies[0].text
