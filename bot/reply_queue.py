"""Replies leave per chat, in order, after the update that made them has given back its slot.

An update holds one of MAX_CONCURRENT_UPDATES slots while it is handled. Its replies used to go out inside that
slot too, so with Telegram taking 200 ms per call most slots sat waiting on the network. Now the update commits,
hands its replies (bot/speak.py) to its chat's queue here, and ends: the slot serves the next update while a
small task per chat sends the replies. A chat's replies keep their order — one update's all go out before the
next update's — so the person still sees the answer to one message before the answer to the next.

The queue is bounded: when more than `limit` updates' replies wait (Telegram slow or down), the next update
waits for room while keeping its slot, so intake slows down instead of memory growing.
Within one process only: with Redis (several processes sharing chats) replies stay inside the chat's lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
Send = Callable[[], Awaitable[None]]


class ChatReplies:
    def __init__(self, limit: int) -> None:
        self._room = asyncio.Semaphore(limit)
        self._queues: dict[int, deque[Send]] = {}
        self._senders: dict[int, asyncio.Task[None]] = {}

    async def submit(self, chat_id: int, send: Send) -> None:
        """Queue `send` behind the chat's earlier replies; returns once queued (waits only when the queue is full)."""
        await self._room.acquire()
        self._queues.setdefault(chat_id, deque()).append(send)
        if chat_id not in self._senders:
            self._senders[chat_id] = asyncio.create_task(self._send_all(chat_id), name=f"replies-{chat_id}")

    async def _send_all(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        try:
            while queue:
                send = queue.popleft()
                try:
                    await send()
                except Exception:  # the update is committed; one chat's failed reply must not stop its later ones
                    log.exception("replies for chat %s failed", chat_id)
                finally:
                    self._room.release()
        finally:  # idle chats are forgotten, so memory stays flat however many people write
            del self._queues[chat_id], self._senders[chat_id]

    async def idle(self, chat_id: int | None = None) -> None:
        """Until every queued reply (of `chat_id`, or of all chats) has gone out: the shell, tests and benchmarks
        wait for the answer."""
        while senders := [t for c, t in self._senders.items() if chat_id is None or c == chat_id]:
            await asyncio.wait(senders)

    async def drain(self, timeout: float) -> None:
        """At shutdown: let queued replies go out while the bot's session is still open."""
        if self._senders:
            log.info("sending the replies of %d chat(s) before stopping", len(self._senders))
            await asyncio.wait(list(self._senders.values()), timeout=timeout)
