"""Broadcasts at send time (what each recipient gets) and the staff member's live progress message."""

from __future__ import annotations

import logging
from datetime import date, datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.texts import broadcast as bt
from bot.views.broadcast import duration, message_text, new_courses_message, progress_view
from scheduler.messages import Outgoing, Skip
from storage import broadcasts, outbox
from storage.models import CourseRow, User
from storage.models_schedule import OutboxItem
from storage.models_staff import Broadcast, Subscription
from storage.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


def _matches(sub: Subscription, course: CourseRow) -> bool:
    return sub.occupation in (None, course.occupation) and sub.district in (None, course.district)


async def compose_broadcast(session: AsyncSession, item: OutboxItem, user: User, *, today: date) -> Outgoing | Skip:
    broadcast = await session.get(Broadcast, item.broadcast_id) if item.broadcast_id else None
    if broadcast is None or broadcast.status in ("cancelling", "cancelled"):
        return Skip("dropped", "broadcast cancelled")
    if broadcast.status == "paused":
        # Claimed just before the pause: park it with the others; resuming makes it pending again.
        return Skip("held", "broadcast paused")
    if broadcast.kind != "new_course":
        return Outgoing(message_text(broadcast.text))
    # Decided now, not at announce time: someone who unsubscribed meanwhile gets nothing.
    subs = list(await session.scalars(select(Subscription).where(Subscription.user_id == user.id)))
    courses = await session.scalars(
        select(CourseRow)
        .where(CourseRow.id.in_(broadcast.course_ids), CourseRow.active.is_(True))
        .order_by(CourseRow.start_date, CourseRow.id)
    )
    wanted = [c for c in courses if any(_matches(s, c) for s in subs)]
    if not wanted:
        return Skip("skipped", "no matching subscription")
    return Outgoing(*new_courses_message(wanted, today))


async def _edit(bot: Bot, broadcast: Broadcast, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
        return
    try:
        await bot.edit_message_text(
            text=text,
            chat_id=broadcast.progress_chat_id,
            message_id=broadcast.progress_message_id,
            reply_markup=markup,
        )
    except TelegramBadRequest as exc:
        if "not modified" not in exc.message:
            log.warning("progress message of broadcast %s not edited: %s", broadcast.id, exc.message)
    except TelegramAPIError as exc:  # the figures will be shown at the next run
        log.warning("progress message of broadcast %s not edited: %s", broadcast.id, type(exc).__name__)


async def track_progress(
    sessionmaker: async_sessionmaker[AsyncSession], bot: Bot, clock: Clock, shown: dict[int, str]
) -> int:
    """Refresh tracked broadcasts' progress messages when their figures change; finish the ones with nothing
    left (done, or cancelled once the sends in flight at the cancel have settled). The final report is
    counted from the items in the transaction that finishes the broadcast and goes out through the outbox
    (written in that transaction, so exactly once and retried). `shown` remembers the last text per
    broadcast across runs. Returns how many broadcasts finished."""
    now = clock.now()
    async with unit_of_work(sessionmaker) as session:
        tracked = await broadcasts.tracked(session)
        figures = await broadcasts.progress(session, [b.id for b in tracked])
        moved = 0
        for b in tracked:
            if b.status == "running" and figures[b.id].counts.get("held"):
                moved += await broadcasts.release_held(session, b.id)  # parked by a sender racing a resume
            elif b.status == "cancelling" and figures[b.id].left > figures[b.id].counts.get("claimed", 0):
                moved += await broadcasts.drop_unsent(session, b.id)  # e.g. back to pending after a 429
        if moved:
            figures = await broadcasts.progress(session, [b.id for b in tracked])
        finished = []
        for b in tracked:
            if figures[b.id].left == 0 and await broadcasts.finish(session, b, now):
                finished.append(b)
                await outbox.notify(session, b.created_by, _final_report(b, figures[b.id], now), now)
    for b in tracked:
        text, markup = progress_view(b, figures[b.id])
        if shown.get(b.id) != text or b in finished:  # the cancel handler may have edited it meanwhile
            await _edit(bot, b, text, markup)
            shown[b.id] = text
    for b in finished:
        shown.pop(b.id, None)
    return len(finished)


def _final_report(b: Broadcast, figures: broadcasts.Progress, now: datetime) -> str:
    template = bt.FINAL_REPORT_CANCELLED if b.status == "cancelled" else bt.FINAL_REPORT
    return template.format(
        id=b.id,
        sent=figures.sent,
        undelivered=figures.undelivered,
        dropped=figures.dropped,
        duration=duration(now - (b.started_at or b.created_at)),
    )
