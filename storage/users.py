"""User repository. Functions take a session and never commit: the unit of work does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, make_transient_to_detached
from sqlalchemy.sql.util import find_tables

from storage.models import User
from storage.types import utcnow

_UNSAVED = "users_not_inserted"  # session.info key: rows of new users whose INSERT waits (see ensure_user)
_TABLE = User.__table__
UNLOADED: Any = object()  # ensure_user's `found` when the caller has not looked the row up


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def ensure_user(
    session: AsyncSession, user_id: int, display_name: str, language: str | None, found: User | None = UNLOADED
) -> User:
    """Return the user's row, creating it on first contact and refreshing the name if it changed. `found`: the
    row as the caller already loaded it in this session (None: there is none).

    A new person's row is not written at once: on SQLite the INSERT would take the database's only write lock
    and hold it through the rest of the update (other updates wait, and under load time out). It is written just
    before the session's first statement that writes or reads the users table, its first flush, or its commit —
    for most first messages at the commit, together with the update's other writes. Meanwhile the object is in
    the session as if loaded (session.get finds it)."""
    user = await session.get(User, user_id) if found is UNLOADED else found
    if user is None:
        return _insert_later(session, user_id, display_name[:128], language)
    if user.display_name != display_name[:128]:
        user.display_name = display_name[:128]
    if user.blocked_bot:
        # A message from the user proves they can be reached again.
        user.blocked_bot = False
    return user


def _insert_later(session: AsyncSession, user_id: int, display_name: str, language: str | None) -> User:
    now = utcnow()
    row: dict[str, Any] = {"id": user_id, "display_name": display_name, "language": language, "district": None,
                           "group": None, "consent_at": None, "subscribed": False, "reminders_muted": False,
                           "blocked_bot": False, "created_at": now, "updated_at": now}  # fmt: skip
    user = User(**row)  # every column given: nothing is left expired to load later
    make_transient_to_detached(user)
    session.add(user)  # persistent from here on: changes to it are UPDATEs, flushed after the INSERT below
    session.info.setdefault(_UNSAVED, []).append(row)
    return user


def _insert_unsaved(session: Session) -> None:
    rows = session.info.pop(_UNSAVED, None)
    if rows:
        column = {attr.key: attr.columns[0].name for attr in User.__mapper__.column_attrs}  # "group": "user_group"
        session.connection().execute(insert(_TABLE), [{column[k]: v for k, v in row.items()} for row in rows])


def _reads_users(state: ORMExecuteState) -> bool:
    tables = find_tables(state.statement, check_columns=True, include_joins=True, include_crud=True)
    return any(getattr(table, "name", None) == _TABLE.name for table in tables)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if _UNSAVED in session.info:  # the flush may update the new row or add rows that refer to it
        _insert_unsaved(session)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if _UNSAVED in session.info:
        _insert_unsaved(session)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    session = state.session
    if _UNSAVED in session.info and (not state.is_select or _reads_users(state)):
        _insert_unsaved(session)


async def record_consent(session: AsyncSession, user: User) -> None:
    if user.consent_at is None:
        user.consent_at = utcnow()


async def set_profile(session: AsyncSession, user: User, *, group: str | None, district: str | None) -> None:
    user.group = group
    user.district = district
    await session.flush()
