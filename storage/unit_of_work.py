"""The per-update unit of work: one session, committed once when the handler is done.

The session is also published in a context variable so the FSM storage writes state inside the
same transaction as the handler's own changes: a crash rolls both back together, and SQLite never
sees two writers from one update (which would wait on itself).

Work that must follow the commit (waking the outbox sender, sending the update's replies) registers an
after-commit hook; a rolled-back unit of work runs none.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
_open: ContextVar[bool] = ContextVar("unit_of_work_open", default=False)
_HOOKS = "after_commit_hooks"


def transaction_open() -> bool:
    """True while code of this task runs inside a unit of work that has not committed or rolled back yet."""
    return _open.get()


def after_commit(session: AsyncSession, hook: Callable[[], None]) -> None:
    """Run `hook` (once, however often registered) after this session's unit of work has committed."""
    hooks: list[Callable[[], None]] = session.info.setdefault(_HOOKS, [])
    if hook not in hooks:
        hooks.append(hook)


@asynccontextmanager
async def unit_of_work(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        token, open_token = current_session.set(session), _open.set(True)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            _open.reset(open_token)
            current_session.reset(token)
        hooks: list[Callable[[], None]] = session.info.pop(_HOOKS, [])
    for hook in hooks:
        try:
            hook()
        except Exception:  # the work is committed: a failing follow-up must not turn it into an error
            log.exception("after-commit hook failed")
