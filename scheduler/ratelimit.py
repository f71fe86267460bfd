"""Telegram's limits for bulk sending: ~30 messages/s overall and one message per second per chat."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable


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
        self._last_by_chat: OrderedDict[int, float] = OrderedDict()
        self._max_tracked = max_tracked_chats
        self._lock = asyncio.Lock()

    async def acquire(self, chat_id: int) -> None:
        """Wait until both the global pace and this chat's pace allow one more message."""
        async with self._lock:
            now = self._monotonic()
            chat_ready = self._last_by_chat.get(chat_id, -self._per_chat) + self._per_chat
            slot = max(now, self._next_slot, chat_ready)
            self._next_slot = slot + self._interval
            self._last_by_chat[chat_id] = slot
            self._last_by_chat.move_to_end(chat_id)
            while len(self._last_by_chat) > self._max_tracked:
                self._last_by_chat.popitem(last=False)
        delay = slot - self._monotonic()
        if delay > 0:
            await self._sleep(delay)
