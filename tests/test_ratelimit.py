"""The sender's pacing, checked on a fake clock (no waiting, no timing asserts)."""

from __future__ import annotations

import asyncio
import heapq
import itertools

from scheduler.ratelimit import RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slots: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def send_times(limiter: RateLimiter, fake: FakeTime, chats: list[int]) -> list[float]:
    times = []
    for chat in chats:
        await limiter.acquire(chat)
        times.append(round(fake.now, 6))
    return times


async def test_global_rate_is_kept_across_chats() -> None:
    fake = FakeTime()
    limiter = RateLimiter(25, monotonic=fake.monotonic, sleep=fake.sleep)
    times = await send_times(limiter, fake, list(range(100)))
    assert times[-1] >= 99 / 25 - 1e-9  # 100 messages take at least 3.96 s at 25/s
    assert all(b - a >= 1 / 25 - 1e-9 for a, b in itertools.pairwise(times))


async def test_one_message_per_second_per_chat() -> None:
    fake = FakeTime()
    limiter = RateLimiter(25, monotonic=fake.monotonic, sleep=fake.sleep)
    times = await send_times(limiter, fake, [7, 7, 8, 7])
    assert times[1] - times[0] >= 1.0 and times[3] - times[1] >= 1.0
    assert times[2] < times[1] + 1.0  # another chat is not held up by chat 7's pace


async def test_a_429_holds_every_chat_for_its_retry_after() -> None:
    fake = FakeTime()
    limiter = RateLimiter(25, monotonic=fake.monotonic, sleep=fake.sleep)
    await limiter.acquire(7)
    await limiter.pause(3)  # Telegram: "retry after 3" — meant for the whole bot
    times = await send_times(limiter, fake, [8, 9])
    assert times[0] >= 3 and times[1] - times[0] >= 1 / 25 - 1e-9


async def test_a_send_already_waiting_for_its_slot_is_held_by_a_429_that_comes_meanwhile() -> None:
    fake = FakeTime()
    limiter = RateLimiter(25, monotonic=fake.monotonic, sleep=fake.sleep)
    await limiter.acquire(1)
    paused = False

    async def sleep_while_a_429_arrives(seconds: float) -> None:
        nonlocal paused
        if not paused:  # another chat's send is answered 429 while this one waits for its slot
            paused = True
            await limiter.pause(2)
        fake.now += seconds

    limiter._sleep = sleep_while_a_429_arrives  # type: ignore[method-assign]
    await limiter.acquire(2)
    assert fake.now >= 2


class BusyLoopTime:
    """A fake clock for waiters side by side: sleepers wake in time order, and once the clock reaches
    `busy_from` the loop is "busy" (a long collection, a model built on first use) until `busy_until`."""

    def __init__(self, busy_from: float, busy_until: float) -> None:
        self.now = 0.0
        self.busy_from, self.busy_until = busy_from, busy_until
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), woken))
        await woken

    async def run(self, tasks: list[asyncio.Task[None]]) -> None:
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every task run up to its next sleep
                await asyncio.sleep(0)
            if not self._sleepers:
                continue
            at, _, woken = heapq.heappop(self._sleepers)
            if self.busy_from <= at < self.busy_until:
                at = self.busy_until
            self.now = max(self.now, at)
            woken.set_result(None)


async def test_waiters_whose_slots_passed_while_the_loop_was_busy_do_not_all_go_at_once() -> None:
    # Eight chats wait for slots 40 ms apart; the loop is busy from 0.1 s to 0.5 s. Had the waiters whose slots
    # passed all gone at 0.5 s, a kill then would find five messages sent and none recorded (each sent twice).
    fake = BusyLoopTime(busy_from=0.1, busy_until=0.5)
    limiter = RateLimiter(25, monotonic=fake.monotonic, sleep=fake.sleep)
    departures: list[float] = []

    async def send(chat: int) -> None:
        await limiter.acquire(chat)
        departures.append(fake.now)

    tasks = [asyncio.create_task(send(chat)) for chat in range(8)]
    await fake.run(tasks)
    assert len(departures) == 8 and departures[3] >= 0.5
    assert all(b - a >= 1 / 25 - 1e-9 for a, b in itertools.pairwise(departures)), departures
