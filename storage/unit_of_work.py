"""The per-update unit of work: one session, committed once when the handler is done.

The session is also published in a context variable so the FSM storage writes state inside the
same transaction as the handler's own changes: a crash rolls both back together, and SQLite never
sees two writers from one update (which would wait on itself).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


@asynccontextmanager
async def unit_of_work(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        token = current_session.set(session)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            current_session.reset(token)
