"""Staff outcome statistics: `/stats` (a chart and its figures) and `/export [FROM] [TO]` (an XLSX workbook).

Both are limited to the staff member's districts; admins and citywide staff see everything.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.args import parse_day
from bot.clock import Clock
from bot.services import staff_export, staff_stats, stats_chart
from bot.texts import esc
from bot.texts import stats as st
from handlers.access import StaffOnly, StaffRole
from handlers.staff_publish import chunks

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # Telegram's limit for a photo or document caption
DEFAULT_DAYS = 30


async def show_stats(message: Message, session: AsyncSession, role: StaffRole, clock: Clock) -> None:
    stats = await staff_stats.collect(session, now=clock.now(), tz=clock.tz, districts=role.scope())
    scope = esc(stats.scope_name)
    if stats.empty:
        await message.answer(st.STATS_NO_DATA.format(scope=scope))
        return
    chart: stats_chart.Chart | None = None
    try:
        # Drawing takes CPU for a second or so: in a thread, so other people's updates keep flowing.
        chart = await asyncio.to_thread(stats_chart.render, stats)
    except Exception:  # the figures still matter without the picture
        log.exception("could not draw the statistics chart")
    if chart is not None:
        caption = st.STATS_CAPTION.format(scope=scope, today=stats.today)
        await message.answer_photo(BufferedInputFile(chart.png, "stats.png"), caption=_fit(caption))
    # The figures go in their own messages: a caption holds at most 1024 characters, a message 4096.
    for part in chunks(staff_stats.summary_text(stats)):
        await message.answer(part)


def parse_range(words: list[str], today: date) -> tuple[date, date] | None:
    """[FROM [TO]] as YYYY-MM-DD; none → the last 30 days, FROM only → until today. None when malformed."""
    days = [parse_day(w) for w in words]
    if len(days) > 2 or None in days:
        return None
    start = days[0] if days else today - timedelta(days=DEFAULT_DAYS - 1)
    end = days[1] if len(days) > 1 else today
    return (start, end) if start <= end else None


async def export(
    message: Message, command: CommandObject, session: AsyncSession, role: StaffRole, clock: Clock
) -> None:
    period = parse_range((command.args or "").split(), clock.today())
    if period is None:
        await message.answer(st.EXPORT_USAGE)
        return
    start, end = period
    result = await staff_export.build(session, start=start, end=end, tz=clock.tz, districts=role.scope())
    log.info(
        "staff %s exported %s..%s: %s enrolments, %s ledger rows, %s surveys",
        role.user_id,
        start,
        end,
        result.enrolments,
        result.ledger,
        result.surveys,
    )
    caption = st.EXPORT_CAPTION.format(
        start=start,
        end=end,
        scope=esc("、".join(role.scope() or ()) or st.CITYWIDE),
        enrolments=result.enrolments,
        ledger=result.ledger,
        surveys=result.surveys,
    )
    document = BufferedInputFile(result.xlsx, st.EXPORT_FILENAME.format(start=start, end=end))
    await message.answer_document(document, caption=_fit(caption))


def _fit(caption: str) -> str:
    return caption if len(caption) <= CAPTION_LIMIT else caption[: CAPTION_LIMIT - 1] + "…"


def create_router() -> Router:
    router = Router(name="staff_stats")
    router.message.register(show_stats, Command("stats"), StaffOnly())
    router.message.register(export, Command("export"), StaffOnly())
    return router
