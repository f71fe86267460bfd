"""One update at a time per chat, so a quick tap never races the previous message's commit.

`run` handles updates concurrently; without this, a button pressed while the previous update's transaction
is still committing would read the old dialogue state and be told the button had expired. aiogram's
SimpleEventIsolation does the same but keeps a lock for every chat ever seen; these locks are dropped as
soon as nobody holds or waits for them, so memory stays flat however many people write.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, KeyBuilder, StorageKey
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

log = logging.getLogger(__name__)


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


class RedisChatIsolation(PerChatIsolation):
    """One update at a time per chat across ALL processes sharing Redis (REDIS_URL).

    Updates of one chat in this process first queue on the in-process lock (in order, and only one of them
    polls Redis); the front one then takes the chat's Redis lock. The lock is a short lease renewed while
    the update runs: a process killed mid-update holds the chat for at most LEASE seconds, while a slow
    update (a big import) never loses it. aiogram's RedisEventIsolation uses a fixed 60 s expiry instead,
    which both blocks a chat for a minute after a crash and lets a longer update lose its lock.
    """

    LEASE = 15.0
    POLL = 0.05  # how often a waiting process asks Redis again; contention across processes is rare

    def __init__(self, redis: Redis, key_builder: KeyBuilder) -> None:
        super().__init__()
        self._redis, self._key_builder = redis, key_builder

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        async with super().lock(key):
            name = self._key_builder.build(key, "lock")
            shared = Lock(self._redis, name, timeout=self.LEASE, sleep=self.POLL, thread_local=False)
            await shared.acquire()
            renewal = asyncio.create_task(self._renew(shared))
            try:
                yield
            finally:
                renewal.cancel()
                try:
                    await shared.release()
                except LockError:  # lease lost (loop blocked past LEASE, or Redis restarted): the work is done
                    log.warning("per-chat Redis lock %s was lost before release", shared.name)

    async def _renew(self, shared: Lock) -> None:
        try:
            while True:
                await asyncio.sleep(self.LEASE / 3)
                await shared.reacquire()
        except RedisError:
            log.warning("per-chat Redis lock %s could not be renewed", shared.name, exc_info=True)
