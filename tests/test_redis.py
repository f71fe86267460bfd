"""REDIS_URL: dialogue state, per-chat ordering and the send rate shared by several bot processes.

Each "process" here is its own runtime + dispatcher (own engine, own Redis client) on the same database and the
same Redis prefix, which is what two webhook workers are. Needs a Redis server (TEST_REDIS_URL); the start-up
error tests do not.
"""

from __future__ import annotations

import asyncio
import itertools
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Message
from redis.asyncio import Redis
from sqlalchemy import func, select

from bot import texts
from bot.app import create_dispatcher
from bot.clock import FixedClock
from bot.config import Settings
from bot.isolation import RedisChatIsolation
from bot.redis_state import RedisStateStorage
from bot.runtime import Runtime, open_runtime
from scheduler.leader import Leader
from scheduler.ratelimit import RateLimiter, RedisRateLimiter
from storage.models import FsmRecord
from tests.cli import run_cli
from tests.client import UserClient, texts_of
from tests.conftest import TODAY
from tests.databases import REDIS_URL
from tests.fsm_helpers import answers_in, crash_before_commit, dialogue_of, stored_dialogues

needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="needs a Redis server: set TEST_REDIS_URL (`source /tmp/svc.env` or .ci/services.sh)"
)
USER = 1001


@pytest.fixture
async def other_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """A second process of the same bot: same database, same Redis prefix, its own connections."""
    async with open_runtime(settings, clock=FixedClock(settings.tz, TODAY)) as rt:
        yield rt


# --- dialogue state ---------------------------------------------------------------------------------------


@needs_redis
async def test_dispatcher_keeps_state_in_redis_and_orders_chats_through_it(dp: Dispatcher) -> None:
    assert isinstance(dp.fsm.storage, RedisStateStorage)
    assert isinstance(dp.fsm.events_isolation, RedisChatIsolation)


@needs_redis
async def test_a_dialogue_started_in_one_process_continues_in_another(
    runtime: Runtime, other_runtime: Runtime, user: UserClient, bot: Bot
) -> None:
    await user.send(texts.BTN_1131)
    await user.tap("失业人员")  # first process: the group

    other = UserClient(create_dispatcher(other_runtime), bot, user_id=USER, first_name="小王")
    calls = await other.tap("东海县")  # second process (or the same bot after a restart): the district
    assert texts_of(calls)[-1].startswith(texts.INTAKE_QUESTIONS["education"][:6])

    state, data = await dialogue_of(other_runtime, USER)
    assert state is not None and {"失业人员", "东海县"} <= set(map(str, answers_in(data)))
    prefix = f"{runtime.settings.redis_prefix}:fsm:"
    assert await stored_dialogues(runtime) == [f"{prefix}{USER}:{USER}:default"]  # state and data, in Redis
    async with runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0  # nothing in the fsm table


@needs_redis
async def test_a_failed_update_leaves_the_dialogue_in_redis_as_it_was(
    runtime: Runtime, user: UserClient, monkeypatch
) -> None:
    await user.send("/profile")
    await user.tap("农村转移劳动力")
    before = await dialogue_of(runtime, USER)
    # The district answer fails just before its commit: the database rolls back, and so must the dialogue
    # (held-back writes are dropped), or the same keyboard would no longer work.
    crash_before_commit(monkeypatch)
    assert texts_of(await user.tap("灌云县")) == [texts.ERROR_GENERIC]
    assert await dialogue_of(runtime, USER) == before == ("ProfileForm:district", {"group": "农村转移劳动力"})
    await user.tap("灌云县")
    assert await dialogue_of(runtime, USER) == (None, {})


# --- one update at a time per chat, across processes ------------------------------------------------------


def _counting(dp: Dispatcher, name: str, log: list[str]) -> None:
    """A handler in front of every router: a read-modify-write of the dialogue data with awaits in between,
    which loses counts unless the chat's updates run strictly one after another."""

    async def count(message: Message, state: FSMContext) -> None:
        log.append(f"{name} in")
        n = (await state.get_data()).get("n", 0)
        for _ in range(3):
            await asyncio.sleep(0)
        await state.update_data(n=n + 1)
        log.append(f"{name} out")

    dp.message.register(count, F.text == "/count")


@needs_redis
async def test_one_chats_updates_run_one_at_a_time_across_processes(
    runtime: Runtime, other_runtime: Runtime, dp: Dispatcher, bot: Bot
) -> None:
    log: list[str] = []
    other_dp = create_dispatcher(other_runtime)
    _counting(dp, "a", log)
    _counting(other_dp, "b", log)
    clients = [UserClient(d, bot, user_id=USER, first_name="小王") for d in (dp, other_dp)]
    await asyncio.wait_for(asyncio.gather(*(clients[i % 2].send("/count") for i in range(10))), 60)

    assert (await dialogue_of(runtime, USER))[1] == {"n": 10}  # no update lost another's write
    assert {entry.split()[0] for entry in log} == {"a", "b"}  # both processes handled some
    # Never two inside at once: strictly in, out, in, out …
    assert [entry.split()[1] for entry in log] == ["in", "out"] * 10


@needs_redis
async def test_a_chat_left_locked_by_a_killed_process_is_free_after_the_lease(runtime: Runtime, dp: Dispatcher) -> None:
    isolation = dp.fsm.events_isolation
    assert isinstance(isolation, RedisChatIsolation) and runtime.redis is not None
    key = StorageKey(bot_id=0, chat_id=USER, user_id=USER)
    name = dp.fsm.storage.key_builder.build(key, "lock")
    await runtime.redis.set(name, "a process that was killed", px=300)  # its lease, never renewed
    async with asyncio.timeout(10), isolation.lock(key):
        assert await runtime.redis.get(name) != b"a process that was killed"  # taken over, not ignored
    assert await runtime.redis.exists(name) == 0  # released


@needs_redis
async def test_a_long_update_keeps_its_chat(runtime: Runtime, dp: Dispatcher, other_runtime: Runtime) -> None:
    mine, theirs = dp.fsm.events_isolation, create_dispatcher(other_runtime).fsm.events_isolation
    assert isinstance(mine, RedisChatIsolation) and isinstance(theirs, RedisChatIsolation)
    mine.LEASE = theirs.LEASE = 1.0  # a short lease, renewed every 1/3 s
    key = StorageKey(bot_id=0, chat_id=USER, user_id=USER)
    events: list[str] = []

    async def other() -> None:
        async with theirs.lock(key):
            events.append("other in")

    async with mine.lock(key):
        waiting = asyncio.create_task(other())
        await asyncio.sleep(2.5)  # longer than the lease: without renewal the other process would get in
        events.append("first out")
    await asyncio.wait_for(waiting, 10)
    assert events == ["first out", "other in"]


# --- the shared send rate -----------------------------------------------------------------------------------


class FakeTime:
    """One clock for every limiter; sleeping records when the sender would wake (the clock stands still, as if
    every process asked at the same instant)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.wakes: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.wakes.append(self.now + seconds)


async def _slot(limiter: RedisRateLimiter | RateLimiter, fake: FakeTime, chat: int) -> float:
    before = len(fake.wakes)
    await limiter.acquire(chat)
    return round(fake.wakes[-1] if len(fake.wakes) > before else fake.now, 6)


@pytest.fixture
async def redis_clients() -> AsyncIterator[list[Redis]]:
    clients = [Redis.from_url(REDIS_URL) for _ in range(2)]  # one connection per "process"
    yield clients
    for client in clients:
        await client.aclose()


@needs_redis
async def test_two_processes_keep_one_global_pace_and_one_message_per_second_per_chat(
    redis_clients: list[Redis], settings: Settings
) -> None:
    fake = FakeTime()
    prefix = settings.redis_prefix
    a, b = (RedisRateLimiter(r, prefix, 25, now=fake.clock, sleep=fake.sleep) for r in redis_clients)
    chats = [1, 2, 1, 3, 4, 1, 2, 5, 6, 7] * 3
    slots = [(chats[i], await _slot((a, b)[i % 2], fake, chats[i])) for i in range(len(chats))]

    times = sorted(t for _, t in slots)
    assert all(y - x >= 1 / 25 - 1e-6 for x, y in itertools.pairwise(times))  # 25/s for both together
    for chat in set(chats):
        mine = [t for c, t in slots if c == chat]
        assert all(y - x >= 1.0 - 1e-6 for x, y in itertools.pairwise(mine)), chat
    # Exactly the schedule one process would keep: the two instances share one set of slots.
    alone = RateLimiter(25, monotonic=fake.clock, sleep=fake.sleep)
    assert [t for _, t in slots] == [await _slot(alone, fake, chat) for chat in chats]


@needs_redis
async def test_concurrent_reservations_never_share_a_slot(redis_clients: list[Redis], settings: Settings) -> None:
    fake = FakeTime()
    limiters = [RedisRateLimiter(r, settings.redis_prefix, 25, now=fake.clock, sleep=fake.sleep) for r in redis_clients]
    await asyncio.gather(*(limiters[i % 2].acquire(10_000 + i) for i in range(100)))
    times = sorted([fake.now] * (100 - len(fake.wakes)) + fake.wakes)
    assert len(times) == 100 and all(y - x >= 1 / 25 - 1e-6 for x, y in itertools.pairwise(times))


@needs_redis
async def test_a_429_seen_by_one_process_pauses_the_others(redis_clients: list[Redis], settings: Settings) -> None:
    now = [1000.0]

    async def sleep(seconds: float) -> None:  # here time moves on while a limiter waits
        now[0] += seconds

    a, b = (RedisRateLimiter(r, settings.redis_prefix, 25, now=lambda: now[0], sleep=sleep) for r in redis_clients)
    await a.acquire(1)
    await a.pause(5)  # process a was answered 429 "retry after 5"
    asked = now[0]
    await b.acquire(2)  # process b, another chat: it waits too
    assert now[0] >= asked + 5


@needs_redis
async def test_without_a_fake_clock_the_limiter_uses_redis_time(redis_clients: list[Redis], settings: Settings) -> None:
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    limiter = RedisRateLimiter(redis_clients[0], settings.redis_prefix, 0.001, sleep=sleep)  # one per 1000 s
    await limiter.acquire(1)
    await limiter.acquire(2)
    assert len(delays) == 1 and 900 < delays[0] <= 1000  # the second waits for the next slot on Redis's clock


@needs_redis
async def test_every_key_of_the_send_pace_lives_one_second_past_its_moment(
    redis_clients: list[Redis], settings: Settings
) -> None:
    # Both scripts store their moments through the one Lua prelude (keep_until); on Redis's clock here.
    redis, prefix = redis_clients[0], settings.redis_prefix
    limiter = RedisRateLimiter(redis, prefix, 25, sleep=FakeTime().sleep)
    await limiter.acquire(7)
    await limiter.pause(5)
    ttl = {key: await redis.pttl(f"{prefix}:{{send}}:{key}") for key in ("next", "chat:7", "pause")}
    assert 1000 < ttl["next"] <= 1040  # the next global slot, 40 ms away, + 1 s
    assert 1900 < ttl["chat:7"] <= 2000  # this chat's next slot, 1 s away, + 1 s
    assert 5900 < ttl["pause"] <= 6000  # the 5-s pause + 1 s


@needs_redis
async def test_one_process_at_a_time_tracks_broadcast_progress(redis_clients: list[Redis], settings: Settings) -> None:
    key = f"{settings.redis_prefix}:leader:test"
    first, second = (Leader(r, key, 15) for r in redis_clients)
    runs: list[str] = []

    async def job(name: str) -> None:
        runs.append(name)

    for _ in range(3):
        await first.guard(job)("first")
        await second.guard(job)("second")
    assert runs == ["first"] * 3  # the holder renews; the other skips
    await redis_clients[0].delete(key)  # the holder was killed and its lease ran out
    await second.guard(job)("second")
    await first.guard(job)("first")
    assert runs[3:] == ["second"]


# --- start-up -----------------------------------------------------------------------------------------------


def _run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(tmp_path, *args, **env)  # main() in this process (tests/cli.py)


def test_redis_down_at_start_is_one_clear_line(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "stats", REDIS_URL="redis://:s3cret@127.0.0.1:1/0")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: Redis at redis://:***@127.0.0.1:1/0 does not answer: ")
    assert "s3cret" not in result.stderr + result.stdout
    assert not (tmp_path / "data").exists()  # failed before touching the database


def test_redis_down_when_the_cli_search_must_prepare_a_new_database(tmp_path: Path) -> None:
    # the search reads a saved index without Redis; a new database goes the long way, which opens Redis too
    result = _run_cli(tmp_path, "catalog", "search", "焊工", REDIS_URL="redis://:s3cret@127.0.0.1:1/0")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: Redis at redis://:***@127.0.0.1:1/0 does not answer: ")
    assert "s3cret" not in result.stderr + result.stdout


def test_malformed_redis_url_is_a_config_error(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "catalog", "search", "焊工", REDIS_URL="localhost:6379")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["config error: REDIS_URL must look like redis://127.0.0.1:6379/0"]

