"""Staff send a course file (.xlsx/.csv) to the bot: the CLI's importer checks it, and only a clean file is stored.

A caption containing 全量 (or "replace") makes it a full import that retires courses missing from the file:
admins only. Documents from anyone else fall through (StaffOnly) to the fallback.
"""

from __future__ import annotations

import io
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message
from aiohttp import ClientError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.services import publish
from bot.services.catalog import CatalogService
from bot.services.import_report import describe_import
from bot.texts import publish as pt
from handlers.access import StaffOnly, StaffRole

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 4000  # Telegram allows 4096; a long error list is split at line breaks


def chunks(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:limit]
    return [*parts, current] if current else parts


async def _download(bot: Bot, message: Message) -> bytes | None:
    assert message.document is not None
    try:
        buffer = await bot.download(message.document, destination=io.BytesIO())
    except (TelegramAPIError, ClientError, TimeoutError) as exc:
        log.warning("could not download a catalogue upload: %s", type(exc).__name__)
        return None
    return buffer.getvalue() if isinstance(buffer, io.BytesIO) else None


async def on_document(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    role: StaffRole,
    catalog: CatalogService,
    settings: Settings,
    clock: Clock,
) -> None:
    document = message.document
    assert document is not None
    problem = publish.upload_problem(document.file_name, document.file_size)
    if problem:
        await message.answer(problem)
        return
    replace_all = publish.wants_replace(message.caption)
    if replace_all and not role.admin:
        await message.answer(pt.REPLACE_ADMIN_ONLY)
        return
    data = await _download(bot, message)
    if data is None:
        await message.answer(pt.FILE_DOWNLOAD_FAILED)
        return
    # Telegram's stated size may be missing; the bytes themselves are checked too.
    problem = publish.upload_problem(document.file_name, len(data))
    if problem:
        await message.answer(problem)
        return
    # End the update's transaction before parsing (a new staff member's user row may have taken SQLite's write
    # lock): a large file then costs its own process and nobody else's reply. The writes below run in a
    # fresh transaction that the unit of work commits as usual.
    await session.commit()
    parsed = await publish.parse_upload(data, document.file_name or "")
    result, report, problems = await publish.import_upload(
        session,
        catalog,
        parsed,
        scope=role.scope(),
        replace_all=replace_all,
        settings=settings,
        now=clock.now(),
    )
    if report is None:
        text = publish.describe_rejection(result, problems, role.scope() or ())
    else:
        # All or nothing: the rows (and the trainees' notices) commit together; the index follows in a read of its
        # own, so other people's updates are not kept waiting for SQLite's write lock while it is rebuilt.
        await session.commit()
        await catalog.refresh(session)
        text = describe_import(result, report, today=clock.today())
        if replace_all:
            text += "\n" + pt.IMPORT_REPLACE_NOTE
        if report.added:
            text += "\n\n" + pt.IMPORT_ANNOUNCE_HINT
        log.info("user %s imported %s: %s", role.user_id, document.file_name, report)
    for part in chunks(text):
        await message.answer(part)


def create_router() -> Router:
    router = Router(name="staff_publish")
    router.message.register(on_document, F.document, StaffOnly())
    return router
