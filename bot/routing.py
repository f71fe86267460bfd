"""Routing without thread hops: aiogram runs every plain (non-async) filter through `asyncio.to_thread`.

An update walks some 25 routers, and each `F.text == …`, `F.chat.type == "private"` or lambda on the way was a
trip to the default thread pool and back (a context copy, a queue, a GIL hand-over: tens of microseconds of
CPU each, and more under load, where it also competes with aiosqlite's thread). Our filters are all quick, pure
checks on the update, so they are called in the event loop instead. Handlers are left as aiogram runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject


def inline_sync_filters(router: Router) -> int:
    """Make every plain filter under `router` (its own and its handlers') run in the event loop; returns how many
    were changed. Call once the routers are complete."""
    changed = 0
    for obj in _filters(router):
        if not obj.awaitable:
            obj.callback = _awaitable(obj.callback)
            obj.awaitable = True  # `params` were read from the plain function, so arguments are passed as before
            changed += 1
    return changed


def _filters(router: Router) -> Iterator[FilterObject]:
    for each in router.chain_tail:
        for observer in each.observers.values():
            for handler in [observer._handler, *observer.handlers]:
                yield from handler.filters or ()


def _awaitable(check: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return call
