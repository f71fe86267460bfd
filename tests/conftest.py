"""Fixtures build the bot exactly as production does, on a temporary SQLite file or (TEST_DATABASE_URL) a fresh
PostgreSQL database; see tests/databases.py."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from aiogram import Bot, Dispatcher
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import create_bot, create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings, load_settings
from bot.runtime import Runtime, open_runtime
from tests.botapi_stub import BotApiStub
from tests.checked_session import CheckedSession
from tests.client import UserClient
from tests.databases import REDIS_URL, DatabaseTemplate, create_database, delete_keys, drop_database
from tests.e2e import E2E_TOKEN, SHARED_ADMIN_ID, BotProcess, SharedBot, shared_bot_process

TEST_TOKEN = "123456:TEST-token"
# The shipped sample catalogue runs from 2026-09 to 2027-09; tests live on a fixed day inside it.
TODAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ADMIN_ID = 9001
assert SHARED_ADMIN_ID == ADMIN_ID  # the shared end-to-end bot's admin is the one the tests know
# Redis key prefixes of this pytest process: parallel workers (pytest-xdist) and other runs on the same server
# each clean up only their own keys.
REDIS_RUN_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
# Tests the backend cannot change: they open no database, or only SQLite files and unreachable servers of their
# own. CI runs them on SQLite only (`make test-services` deselects `-m backend_independent`), so each still runs
# once. tests/catalog/ is pure logic (tests/catalog/test_layout.py); single tests elsewhere carry the marker.
BACKEND_INDEPENDENT_MODULES = frozenset({
    "test_deploy_files.py", "test_dialogue_set.py", "test_eligibility_views.py", "test_layout.py",
    "test_lazy_imports.py", "test_log_levels.py", "test_policy_audit.py", "test_process_lock.py",
    "test_ratelimit.py", "test_startup_errors.py", "test_stats_chart.py",
})  # fmt: skip
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path
        if path.parent == TESTS / "catalog" or (path.parent == TESTS and path.name in BACKEND_INDEPENDENT_MODULES):
            item.add_marker(pytest.mark.backend_independent)


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": SecretStr(TEST_TOKEN),
        "database_url": database_url,
        "admin_ids": (ADMIN_ID,),
        # Test users type at machine speed on a clock that stands still; tests/test_throttle.py uses the
        # production flood guard.
        "flood_burst": 100_000,
    }
    if REDIS_URL:  # the whole suite again with Redis: each test gets its own key prefix
        values.update(redis_url=REDIS_URL, redis_prefix=f"{REDIS_RUN_PREFIX}-{uuid.uuid4().hex[:12]}")
    values.update(overrides)
    return load_settings(_env_file=None, **values)


@pytest.fixture(scope="session", autouse=True)
def forget_test_keys_in_redis() -> Iterator[None]:
    """Each test keeps its dialogue state under its own prefix; remove this process's when it ends (not the keys
    of a worker still running)."""
    yield
    if REDIS_URL:
        asyncio.run(delete_keys(REDIS_URL, f"{REDIS_RUN_PREFIX}-*"))


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    url = await create_database(tmp_path)
    yield url
    await drop_database(url)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


async def _new_runtime_database(database_url: str) -> None:
    """What the `runtime` fixture's open_runtime makes of a new database: migrated, demo data, index saved."""
    settings = make_settings(database_url)
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY), sample=True):
        pass


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplate]:
    """This worker's template for `runtime` (tests/databases.py): migrated and filled once, copied per test."""
    template = DatabaseTemplate(tmp_path_factory.mktemp("template"), _new_runtime_database)
    yield template
    asyncio.run(template.drop())


async def _new_empty_database(database_url: str) -> None:
    """What open_runtime makes of a new database without the demo data: migrated, nothing else."""
    settings = make_settings(database_url)
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY)):
        pass


@pytest.fixture(scope="session")
def empty_database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplate]:
    """This worker's template of a migrated database without sample data, for runtimes of their own (a new database
    would otherwise be migrated by every test)."""
    template = DatabaseTemplate(tmp_path_factory.mktemp("empty-template"), _new_empty_database)
    yield template
    asyncio.run(template.drop())


@pytest.fixture
async def runtime(settings: Settings, database_template: DatabaseTemplate) -> AsyncIterator[Runtime]:
    await database_template.copy_to(settings.database_url)  # a new database starts as the template
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY), sample=True) as rt:
        yield rt


@pytest.fixture
def bot(settings: Settings) -> Iterator[Bot]:
    """The bot on the offline Bot API; the test fails if any call was made inside an open transaction."""
    session = CheckedSession()
    yield create_bot(settings, session=session)
    assert not session.violations, f"Bot API calls inside an open transaction: {session.violations}"


@pytest.fixture
def dp(runtime: Runtime) -> Dispatcher:
    return create_dispatcher(runtime)


@pytest.fixture
def user(dp: Dispatcher, bot: Bot) -> UserClient:
    return UserClient(dp, bot, user_id=1001, first_name="小王")


@pytest.fixture
async def db(runtime: Runtime) -> AsyncIterator[AsyncSession]:
    """A separate session for asserting on what the bot stored."""
    async with runtime.sessionmaker() as session:
        yield session


@pytest.fixture
async def stub() -> AsyncIterator[BotApiStub]:
    """A Bot API stand-in on 127.0.0.1 for the end-to-end tests."""
    server = BotApiStub(E2E_TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot_process(stub: BotApiStub, tmp_path: Path, database_url: str) -> AsyncIterator[BotProcess]:
    """`python -m bot run` as a real process against `stub` (started by the test, killed at the end)."""
    process = BotProcess(stub, tmp_path, database_url)
    yield process
    if process.process is not None:
        await process.stop(signal.SIGKILL)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def _shared_bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SharedBot]:
    async with shared_bot_process(tmp_path_factory.mktemp("shared_bot")) as shared:
        yield shared


@pytest.fixture
def shared_bot(_shared_bot: SharedBot) -> Iterator[SharedBot]:
    """This worker's one `python -m bot run --demo` (tests/e2e.py); tests using it are marked SHARED_BOT."""
    yield _shared_bot
    _shared_bot.reset()
