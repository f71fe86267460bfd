"""The work of one update: a new person's row is written with the update's other writes (not at its start, where
on SQLite it would hold the write lock through the handler), yet is there whenever something needs it; one
SELECT opens an update; routing shortcuts keep commands (even with a leading space) and plain text apart."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from storage.models import User
from storage.models_service import ServiceCase
from storage.unit_of_work import unit_of_work
from storage.users import ensure_user
from tests.client import UserClient, texts_of


@contextmanager
def statements(runtime: Runtime) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    engine = runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def writes(seen: list[str]) -> list[str]:
    return [s for s in seen if s.split()[0] in ("INSERT", "UPDATE", "DELETE")]


async def users_named(db: AsyncSession, user_id: int) -> list[str]:
    return list((await db.scalars(select(User.display_name).where(User.id == user_id))).all())


async def test_a_new_persons_question_writes_their_row_only_with_the_updates_other_writes(
    user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    with statements(runtime) as seen:
        calls = await user.send("月嫂 海州区")
    assert texts_of(calls)  # answered
    first_write = seen.index(writes(seen)[0])
    assert len(seen[:first_write]) >= 2  # the update's opening SELECT and the search page's seats
    assert not any(s.startswith("SELECT") for s in seen[first_write:])  # every read before the first write
    assert seen[first_write].startswith("INSERT INTO users")
    assert await users_named(db, user.user.id) == [user.user.full_name]


async def test_the_row_is_written_before_a_read_of_users_and_before_rows_that_refer_to_it(
    runtime: Runtime,
) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        with statements(runtime) as seen:
            person = await ensure_user(session, 7001, "新人", "zh")
            assert writes(seen) == []
            assert await session.get(User, 7001) is person  # in the session as if loaded, no statement
            assert writes(seen) == []
            assert await session.scalar(select(func.count()).select_from(User).where(User.id == 7001)) == 1
            assert [s.split("(")[0].strip() for s in writes(seen)] == ["INSERT INTO users"]
    async with unit_of_work(runtime.sessionmaker) as session:
        await ensure_user(session, 7002, "新人二", None)
        person = await ensure_user(session, 7002, "新人二改名", None)  # the same object, renamed before the INSERT
        session.add(ServiceCase(user_id=7002))  # refers to the row (foreign key on)
        await session.flush()
        assert person.display_name == "新人二改名"
    async with unit_of_work(runtime.sessionmaker) as session:
        assert await users_named(session, 7001) == ["新人"]  # type: ignore[arg-type]
        assert await users_named(session, 7002) == ["新人二改名"]  # type: ignore[arg-type]


async def test_a_rolled_back_first_update_leaves_no_row(runtime: Runtime) -> None:
    class Boom(Exception):
        pass

    try:
        async with unit_of_work(runtime.sessionmaker) as session:
            await ensure_user(session, 7003, "未成", None)
            raise Boom
    except Boom:
        pass
    async with unit_of_work(runtime.sessionmaker) as session:
        assert await users_named(session, 7003) == []  # type: ignore[arg-type]


async def test_an_update_opens_with_one_select_and_a_known_person_is_not_inserted_again(
    user: UserClient, runtime: Runtime
) -> None:
    await user.send("/start")
    with statements(runtime) as seen:
        await user.send("/help")
    opening = [s for s in seen if "processed_updates" in s and s.startswith("SELECT")]
    assert len(opening) == 1 and "users" in opening[0]
    assert ("fsm_records" in opening[0]) is (runtime.redis is None)  # with Redis the dialogue state lives there
    assert not any(s.startswith("SELECT") and "FROM users WHERE" in s for s in seen)
    assert not any(s.startswith("INSERT INTO users") for s in seen)


async def test_commands_are_told_from_text_as_before(user: UserClient) -> None:
    await user.send("/start")
    help_text = texts_of(await user.send("/help"))
    assert help_text and texts_of(await user.send("  /help")) == help_text  # aiogram splits at whitespace first
    assert texts_of(await user.send("/nosuchcommand")) == [texts.FALLBACK_COMMAND]
    assert texts.FALLBACK_COMMAND not in texts_of(await user.send("怎么用 /help"))  # not a command: text
