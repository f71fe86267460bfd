"""Telegram's limits for bulk sending: ~30 messages/s overall and one message per second per chat.

RateLimiter paces one process. With Redis (REDIS_URL) every process of the bot sends through the same
RedisRateLimiter slots, so together they keep SEND_RATE, and a chat gets one message per second whichever
process sends it.

A 429 ("retry after N s") is Telegram telling the whole bot to stop: pause() holds every send of the bot —
of every process, with Redis — for that long, including sends whose slot was reserved before the 429 came.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis


class Limiter(Protocol):
    async def acquire(self, chat_id: int) -> None:
        """Return when one more message to `chat_id` may be sent."""

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: no message of this bot may leave for `seconds`."""


def create_limiter(send_rate: float, redis: Redis | None, prefix: str) -> Limiter:
    return RedisRateLimiter(redis, prefix, send_rate) if redis is not None else RateLimiter(send_rate)


class RateLimiter:
    def __init__(
        self,
        per_second: float,
        per_chat_interval: float = 1.0,
        max_tracked_chats: int = 10_000,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # monotonic/sleep are injectable so tests can check the pacing without waiting.
        self._monotonic, self._sleep = monotonic, sleep
        self._interval = 1.0 / per_second
        self._per_chat = per_chat_interval
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._last_by_chat: OrderedDict[int, float] = OrderedDict()
        self._max_tracked = max_tracked_chats

    async def acquire(self, chat_id: int) -> None:
        """Wait until both the global pace and this chat's pace allow one more message (and no pause holds).

        Slots are reserved ahead, one interval apart. A waiter woken more than an interval after its slot (the
        loop was busy: a collection, a model built on first use) takes a fresh slot once instead of going at
        once: otherwise every waiter whose slot passed meanwhile would send in the same instant — faster than
        the pace, and all of them sent but not yet recorded if the process dies then (each would go twice)."""
        retimed = False
        while True:
            slot, previous = self._reserve(chat_id)
            delay = slot - self._monotonic()
            if delay > 0:
                await self._sleep(delay)
            now = self._monotonic()
            if now < self._paused_until:  # a 429 that came while waiting holds this send too
                continue
            if retimed or now - slot <= self._interval:
                return
            retimed = True
            self._unreserve(chat_id, slot, previous)

    def _reserve(self, chat_id: int) -> tuple[float, float | None]:
        """The next slot for `chat_id`, and the chat's slot before it."""
        now = self._monotonic()
        previous = self._last_by_chat.get(chat_id)
        chat_ready = (previous if previous is not None else -self._per_chat) + self._per_chat
        slot = max(now, self._next_slot, chat_ready, self._paused_until)
        self._next_slot = slot + self._interval
        self._last_by_chat[chat_id] = slot
        self._last_by_chat.move_to_end(chat_id)
        while len(self._last_by_chat) > self._max_tracked:
            self._last_by_chat.popitem(last=False)
        return slot, previous

    def _unreserve(self, chat_id: int, slot: float, previous: float | None) -> None:
        """A slot given up unused: the chat's pace counts from its last real send again."""
        if self._last_by_chat.get(chat_id) == slot:
            if previous is None:
                del self._last_by_chat[chat_id]
            else:
                self._last_by_chat[chat_id] = previous

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)


def _prelude(now_arg: str) -> str:
    """The Lua both scripts start with: `now` (integer microseconds) from the script argument `now_arg` —
    empty means Redis's own clock (TIME), the one clock every process shares; tests pass a fake one — and
    `keep_until(key, us)`, which stores a moment in a key that lives one second past it (an idle bot keeps
    nothing, a stale moment is never in the future)."""
    return f"""
local now
if {now_arg} == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber({now_arg})
end
local function keep_until(key, us)
  redis.call('SET', key, string.format('%.0f', us), 'PX', math.ceil((us - now) / 1000) + 1000)
end"""


# The bot-wide pause after a 429: KEYS[1] holds the moment (Redis microseconds) until which nothing is sent.
# ARGV[1]: pause length in us (0 = only ask), ARGV[2]: "now" (see _prelude). Returns the us left of the pause.
_PAUSE = _prelude("ARGV[2]") + """
local until_us = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = now + tonumber(ARGV[1])
if tonumber(ARGV[1]) > 0 and wanted > until_us then
  until_us = wanted
  keep_until(KEYS[1], until_us)
end
return string.format('%.0f', math.max(0, until_us - now))
"""

# Reserves the next send slot atomically. Times are integer microseconds (Lua numbers are doubles: exact to
# 2^53 us, about 285 years of epoch time). KEYS: the global next-free-slot, this chat's next-free-slot.
# ARGV: global interval, per-chat interval, and "now" (see _prelude). KEYS[3]: the pause (see _PAUSE).
# Returns {slot, now}: the caller sleeps slot - now.
_RESERVE = _prelude("ARGV[3]") + """
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'),
                      tonumber(redis.call('GET', KEYS[3]) or '0'))
local after, chat_after = slot + tonumber(ARGV[1]), slot + tonumber(ARGV[2])
keep_until(KEYS[1], after)
keep_until(KEYS[2], chat_after)
return {string.format('%.0f', slot), string.format('%.0f', now)}
"""


class RedisRateLimiter:
    """The RateLimiter's pacing with its state in Redis, shared by every process using the same prefix."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        per_second: float,
        per_chat_interval: float = 1.0,
        *,
        now: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # now=None: Redis's clock. A process's own clock would not do: monotonic clocks of two machines are
        # unrelated, and wall clocks drift. now/sleep are injectable so tests check the pacing without waiting.
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._now, self._sleep = now, sleep
        self._intervals = (round(1_000_000 / per_second), round(per_chat_interval * 1_000_000))
        # One hash tag ({send}) for both keys, so the script's keys share a slot on a Redis Cluster too.
        self._global_key = f"{prefix}:{{send}}:next"
        self._chat_prefix = f"{prefix}:{{send}}:chat:"
        self._pause_key = f"{prefix}:{{send}}:pause"

    async def acquire(self, chat_id: int) -> None:
        """Reserve this chat's next slot within the global pace (one Redis round trip), wait for it, and go if no
        process has been told to pause meanwhile (one more)."""
        keys = [self._global_key, f"{self._chat_prefix}{chat_id}", self._pause_key]
        while True:
            slot, now_us = await self._reserve(keys=keys, args=[*self._intervals, self._now_arg()])
            delay = (int(slot) - int(now_us)) / 1_000_000
            if delay > 0:
                await self._sleep(delay)
            if int(await self._pause(keys=[self._pause_key], args=[0, self._now_arg()])) == 0:
                return

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self._pause_key], args=[round(seconds * 1_000_000), self._now_arg()])

    def _now_arg(self) -> str:
        return "" if self._now is None else str(round(self._now() * 1_000_000))
