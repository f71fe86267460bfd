"""One update at a time per chat, so a quick tap never races the previous message's commit.

`run` handles updates concurrently; without this, a button pressed while the previous update's transaction
is still committing would read the old dialogue state and be told the button had expired. aiogram's
SimpleEventIsolation does the same but keeps a lock for every chat ever seen; these locks are dropped as
soon as nobody holds or waits for them, so memory stays flat however many people write.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class PerChatIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock, holders = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, holders + 1)
        try:
            async with lock:
                yield
        finally:
            lock, holders = self._locks[key]
            if holders == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, holders - 1)

    @property
    def active_chats(self) -> int:
        # Deliberately not __len__: aiogram takes `events_isolation or DisabledEventIsolation()`, and an
        # object with a zero length would be falsy and silently replaced.
        return len(self._locks)

    async def close(self) -> None:
        self._locks.clear()
