"""A per-user flood guard: someone sending dozens of messages a second is slowed, nobody else is.

A token bucket per user (sustained rate + burst). When a user's bucket is empty their updates are
dropped before any database work, and they get ONE polite notice per flood; the notice is re-armed once
their bucket has refilled. Memory stays bounded: idle users are forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update

from bot import texts
from bot.clock import Clock

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
FORGET_AFTER_SECONDS = 300.0
SWEEP_EVERY = 1000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    seen: float
    warned: bool = False


class ThrottleMiddleware(BaseMiddleware):
    def __init__(self, clock: Clock, rate: float, burst: int) -> None:
        self._clock, self._rate, self._burst = clock, rate, float(burst)
        self._buckets: dict[int, _Bucket] = {}
        self._calls = 0

    def _now(self) -> float:
        return self._clock.now().timestamp()  # the injectable clock, so tests can move time

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, warn): warn is True only for the first refused update of a flood."""
        now = self._now()
        self._sweep(now)
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.seen) * self._rate)
        bucket.seen = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            if bucket.tokens >= self._burst / 2:
                bucket.warned = False  # calmed down: a later flood gets a notice again
            return True, False
        warn = not bucket.warned
        bucket.warned = True
        return False, warn

    def _sweep(self, now: float) -> None:
        self._calls += 1
        if self._calls % SWEEP_EVERY:
            return
        idle = [uid for uid, b in self._buckets.items() if now - b.seen > FORGET_AFTER_SECONDS]
        for uid in idle:
            del self._buckets[uid]

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        inner = event.message or event.callback_query
        user = inner.from_user if inner is not None else None
        if user is None:
            return await handler(event, data)
        allowed, warn = self.allow(user.id)
        if allowed:
            return await handler(event, data)
        if warn:
            log.info("user %s is flooding; slowed down", user.id)
            if isinstance(inner, Message):
                await inner.answer(texts.SLOW_DOWN)
            elif isinstance(inner, CallbackQuery):
                await inner.answer(texts.SLOW_DOWN, show_alert=True)
        elif isinstance(inner, CallbackQuery):
            await inner.answer()  # stop the button's spinner, say nothing more
        return None
