"""Work that would hold the event loop (and the GIL) for long, run in a child process of its own instead."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

# The child's niceness: 10 leaves it about a tenth of a core when the bot's process wants both.
CHILD_NICENESS = 10
T = TypeVar("T")


async def in_child(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` in a fresh child process at a lower priority, so on a busy machine the bot's own process
    gets the cores first (`fn` and its arguments must pickle)."""
    pool = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=lower_priority
    )
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
    finally:
        pool.shutdown(wait=False)


def lower_priority() -> None:
    """In the child: yield the CPU to the bot's process (Unix niceness; a no-op where unsupported)."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(CHILD_NICENESS)
