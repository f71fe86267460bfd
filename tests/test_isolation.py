"""Per-chat isolation: one chat's updates run one after another, other chats are not held up."""

from __future__ import annotations

import asyncio

from aiogram.fsm.storage.base import StorageKey

from bot.isolation import PerChatIsolation

A = StorageKey(bot_id=1, chat_id=10, user_id=10)
B = StorageKey(bot_id=1, chat_id=20, user_id=20)


async def test_same_chat_in_order_other_chats_alongside_and_no_leftover_locks() -> None:
    isolation = PerChatIsolation()
    events: list[str] = []
    gate = asyncio.Event()

    async def work(key: StorageKey, name: str, wait: bool) -> None:
        async with isolation.lock(key):
            events.append(f"{name} in")
            if wait:
                await gate.wait()
            events.append(f"{name} out")

    first = asyncio.create_task(work(A, "a1", wait=True))
    second = asyncio.create_task(work(A, "a2", wait=False))
    other = asyncio.create_task(work(B, "b", wait=False))
    await asyncio.wait_for(other, 1)  # B is not blocked by A's first update
    await asyncio.sleep(0)
    assert "a2 in" not in events  # A's second update waits for the first
    gate.set()
    await asyncio.wait_for(asyncio.gather(first, second), 1)
    assert events.index("a1 out") < events.index("a2 in")
    assert isolation.active_chats == 0  # nothing kept per chat once idle


async def test_a_failing_update_releases_its_chat() -> None:
    isolation = PerChatIsolation()
    try:
        async with isolation.lock(A):
            raise RuntimeError("handler failed")
    except RuntimeError:
        pass
    async with asyncio.timeout(1), isolation.lock(A):
        pass
    assert isolation.active_chats == 0


def test_the_dispatcher_really_uses_it(dp) -> None:
    assert isinstance(dp.fsm.events_isolation, PerChatIsolation)
