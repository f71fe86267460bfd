"""A broadcast cancelled mid-way: sends in flight settle, then the progress message and the final report show
exactly what the database holds (sent, not delivered, cancelled before sending)."""

from __future__ import annotations

import asyncio
from collections import Counter

from aiogram.methods import EditMessageText
from sqlalchemy import select

from bot.runtime import Runtime
from bot.texts import broadcast as bt
from bot.views.broadcast import progress_view
from scheduler.broadcast import track_progress
from scheduler.sender import Sender
from storage import broadcasts, outbox
from storage.models_schedule import OutboxItem
from storage.models_staff import Broadcast
from storage.unit_of_work import unit_of_work
from tests.client import alerts_of
from tests.conftest import ADMIN_ID
from tests.scheduling_helpers import messages_to
from tests.test_broadcast import admin, confirmed, people  # noqa: F401  (fixtures)


class Gate:
    """A limiter that holds one chat's send until opened: that message is in flight (composed, not yet sent)."""

    def __init__(self, chat_id: int) -> None:
        self.chat_id, self.open, self.waiting = chat_id, asyncio.Event(), asyncio.Event()

    async def acquire(self, chat_id: int) -> None:
        if chat_id == self.chat_id:
            self.waiting.set()
            await self.open.wait()

    async def pause(self, seconds: float) -> None:
        return None


async def item_counts(runtime: Runtime, broadcast_id: int) -> Counter[str]:
    async with runtime.sessionmaker() as session:
        rows = await session.scalars(select(OutboxItem.status).where(OutboxItem.broadcast_id == broadcast_id))
        return Counter(rows)


async def test_cancel_mid_way_reports_the_databases_figures(runtime, people, admin, bot) -> None:  # noqa: F811
    b = await confirmed(admin, runtime)  # six recipients
    async with unit_of_work(runtime.sessionmaker) as session:  # a sender has claimed three of them
        first, in_flight, not_composed = await outbox.claim_due(session, runtime.clock.now(), 3)
    gate = Gate(in_flight.user_id)
    sender = Sender(runtime.sessionmaker, bot, runtime.settings, runtime.clock, limiter=gate)
    assert await sender.deliver(first) == "sent"
    sending = asyncio.create_task(sender.deliver(in_flight))
    await gate.waiting.wait()  # composed while running; Telegram has not answered yet

    assert alerts_of(await admin.tap(bt.BTN_STOP)) == [bt.STOPPED]
    shown: dict[int, str] = {}
    assert await track_progress(runtime.sessionmaker, bot, runtime.clock, shown) == 0  # two still claimed
    assert bt.STATUS_CANCELLING in shown[b.id]

    gate.open.set()
    assert await sending == "sent"  # it was already on its way: it counts as sent, not as cancelled
    assert await sender.deliver(not_composed) == "dropped"
    start = len(bot.session.requests)
    assert await track_progress(runtime.sessionmaker, bot, runtime.clock, shown) == 1
    assert await item_counts(runtime, b.id) == {"sent": 2, "dropped": 4}

    async with runtime.sessionmaker() as session:
        done = await session.get(Broadcast, b.id)
        figures = (await broadcasts.progress(session, [b.id]))[b.id]
    assert done.status == "cancelled" and done.finished_at == runtime.clock.now()
    [edit] = [c for c in bot.session.requests[start:] if isinstance(c, EditMessageText)]
    assert edit.text == progress_view(done, figures)[0] and edit.reply_markup is None
    assert "已发送：2" in edit.text and "待发送：0" in edit.text and "已取消未发送：4" in edit.text

    assert (await sender.run_once()).counts == {"sent": 1}  # the report goes through the outbox
    report = bt.FINAL_REPORT_CANCELLED.format(id=b.id, sent=2, undelivered=0, dropped=4, duration="0秒")
    assert messages_to(bot, ADMIN_ID)[-1] == report
    assert await track_progress(runtime.sessionmaker, bot, runtime.clock, shown) == 0  # once only
    assert (await sender.run_once()).counts == {}
    assert messages_to(bot, ADMIN_ID).count(report) == 1
