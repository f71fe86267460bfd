"""One process at a time for jobs that must not run side by side (REDIS_URL, several bot processes).

Most jobs are safe in every process: the sender claims outbox rows atomically, each process refreshes its own
in-memory index. The broadcast progress job is not worth running N times: every process would edit the same
staff message with its own view. So one process holds a lease in Redis, renewed at each run; the others skip
the job until the holder stops renewing (stopped or killed), then one of them takes over.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

# Take the lease if free, or renew it if ours; 1 = this process runs the job.
_LEASE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""


class Leader:
    def __init__(self, redis: Redis, key: str, lease_seconds: float) -> None:
        self._script = redis.register_script(_LEASE)
        self._key, self._lease_ms = key, round(lease_seconds * 1000)
        self.token = uuid.uuid4().hex  # this process

    async def holds(self) -> bool:
        return bool(await self._script(keys=[self._key], args=[self.token, self._lease_ms]))

    def guard(self, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """`job`, run only while this process holds the lease."""

        async def guarded(*args: Any, **kwargs: Any) -> Any:
            if await self.holds():
                return await job(*args, **kwargs)
            return None

        return guarded
