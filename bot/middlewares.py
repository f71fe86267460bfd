"""Update-level middlewares: the unit of work, the user row, and in-flight tracking for shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import Chat, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.fsm import DatabaseStorage
from storage.unit_of_work import unit_of_work
from storage.updates import lock_chat, mark_processed, open_update
from storage.users import UNLOADED, ensure_user

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


_USER_ROW = "user_row"  # handler data key: the sender's row as the unit of work loaded it, for UserMiddleware


class UnitOfWorkMiddleware(BaseMiddleware):
    """One DB session per update, committed after the handler; redelivered updates are skipped. Its first SELECT
    also loads the sender's row and, with the database storage, the dialogue's state and data."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *, lock_chats: bool = True) -> None:
        self._sessionmaker = sessionmaker
        # Off when Redis already keeps each chat to one update at a time across processes.
        self._lock_chats = lock_chats

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        chat: Chat | None = data.get("event_chat")
        async with unit_of_work(self._sessionmaker) as session:
            if self._lock_chats and chat is not None:
                await lock_chat(session, chat.id)
            state: FSMContext | None = data.get("state")
            tg_user: User | None = data.get("event_from_user")
            user_id = tg_user.id if tg_user is not None and not tg_user.is_bot else None
            storage = state.storage if state is not None else None
            fsm_key = storage.name_of(state.key) if isinstance(storage, DatabaseStorage) and state else None
            opening = await open_update(session, event.update_id, user_id, fsm_key)
            if opening.processed:
                log.info("update %s already handled before a restart; skipped", event.update_id)
                return None
            data["session"] = session
            if user_id is not None:
                data[_USER_ROW] = opening.user
            if fsm_key is not None:
                DatabaseStorage.remember(session, fsm_key, opening.fsm)
            if state is not None:  # read here, in the update's transaction and after the chat is locked
                data["raw_state"] = await state.get_state()
            result = await handler(event, data)
            # Recorded last so the write lock is not taken just for bookkeeping at the start.
            await mark_processed(session, event.update_id)
            return result


class ChatStateMiddleware(FSMContextMiddleware):
    """aiogram's FSM middleware (the chat's lock, `state` for handlers) without its eager state read: aiogram reads
    `raw_state` before any of our middlewares, which for the database storage meant a transaction of its own
    before the update's. The unit of work reads it instead, inside the update's transaction."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(data["bot"], data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with self.events_isolation.lock(key=context.key):
            data["state"] = context
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Loads (or creates) the sender's row and hands it to handlers as `db_user`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        if tg_user is not None and not tg_user.is_bot:
            found = data.pop(_USER_ROW, UNLOADED)
            data["db_user"] = await ensure_user(session, tg_user.id, tg_user.full_name, tg_user.language_code, found)
        else:
            data["db_user"] = None
        return await handler(event, data)


class InFlightMiddleware(BaseMiddleware):
    """Remembers running handlers so shutdown can let them finish instead of cutting them off."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            return await handler(event, data)
        finally:
            if task is not None:
                self._tasks.discard(task)

    async def drain(self, timeout: float) -> None:
        current = asyncio.current_task()
        pending = [t for t in self._tasks if t is not current and not t.done()]
        if pending:
            log.info("waiting for %d update(s) still being handled", len(pending))
            await asyncio.wait(pending, timeout=timeout)
