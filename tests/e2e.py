"""Runs `python -m bot run` (or another command, e.g. `webhook`) as a real process against the Bot API stub."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.botapi_stub import BotApiStub, patience
from tests.databases import create_database, drop_database, scalar
from tests.voice_helpers import AsrStub

E2E_TOKEN = "123456:E2E-token"


async def wait_until_healthy(url: str, process: asyncio.subprocess.Process, log: Path, timeout: float) -> None:
    """Wait until a webhook process answers 200 on /healthz; RuntimeError (with its log) if it exits or is late
    (`timeout` is scaled by `patience`)."""
    deadline = time.monotonic() + patience(timeout)
    async with aiohttp.ClientSession() as http:
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"webhook process at {url} exited:\n{_tail(log)}")
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"webhook process at {url} not ready:\n{_tail(log)}")
            await asyncio.sleep(0.1)


async def until_committed(database_url: str, updates: int, timeout: float = 10) -> None:
    """Wait until `updates` updates are marked processed: a reply goes out just before its handler's transaction
    commits, so a test that kills the process or looks in the database waits for the commit itself."""
    deadline = time.monotonic() + patience(timeout)
    while (done := await scalar(database_url, "SELECT count(*) FROM processed_updates")) != updates:
        if time.monotonic() > deadline:
            raise AssertionError(f"{updates} updates not committed ({done} are)")
        await asyncio.sleep(0.05)


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-2000:]


def messages_sent_in(log: str) -> int:
    """Scheduled messages a bot process reports having sent (scheduler/sender.py logs each run at INFO)."""
    return sum(int(n) for n in re.findall(r"outbox run: .*?sent (\d+)", log))


class BotProcess:
    def __init__(
        self,
        stub: BotApiStub,
        workdir: Path,
        database_url: str,
        command: tuple[str, ...] = ("run",),
        env: dict[str, str] | None = None,
        log_name: str = "bot.log",
    ) -> None:
        self.stub = stub
        self.workdir = workdir
        self.database_url = database_url
        self.command = command
        self.env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = workdir / log_name

    async def start(self) -> None:
        polls = len(self.stub.calls_to("getUpdates"))
        await self.spawn()
        await self.stub.wait_for("getUpdates", after=polls, timeout=30)  # up and polling

    async def spawn(self) -> None:
        """Start the process without waiting for it to be ready (the caller knows what "ready" means)."""
        env = {
            **os.environ,
            "BOT_TOKEN": E2E_TOKEN,
            "TELEGRAM_API_BASE": self.stub.base_url,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "INFO",
            **self.env,
        }
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *self.command, cwd=self.workdir, env=env, stdout=log, stderr=log
        )
        log.close()

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        code = await asyncio.wait_for(self.process.wait(), patience(30))
        self.process = None
        return code

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


# The end-to-end tests that need no bot of their own talk to one shared `python -m bot run --demo` per worker (the
# `shared_bot` fixture): each as people of its own, marked with SHARED_BOT. Starting a process costs more than most
# of these tests. A test that restarts, kills or reconfigures its bot starts its own (`bot_process`).
SHARED_BOT = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.xdist_group("shared_bot")]
SHARED_ADMIN_ID = 9001  # tests/conftest.py's ADMIN_ID
SHARED_ASR_TEXT = "dianshang zhibo"  # what a speech server may return for a mumbled phrase: pinyin


@dataclass
class SharedBot:
    stub: BotApiStub
    asr: AsrStub
    process: BotProcess
    database_url: str

    def reset(self) -> None:
        """What a test may have changed on the stand-ins, put back for the next one."""
        self.stub.failures.clear()
        self.stub.hung_chats.clear()
        self.stub.latency, self.stub.flood_until = 0.0, 0.0
        self.asr.status, self.asr.delay = 200, 0.0


@asynccontextmanager
async def shared_bot_process(workdir: Path) -> AsyncIterator[SharedBot]:
    """The sample catalogue (--demo), an admin, a speech server, a flood guard for test typists; it must stop
    cleanly on SIGTERM at the end."""
    database_url = await create_database(workdir)
    stub, asr = BotApiStub(E2E_TOKEN), AsrStub(SHARED_ASR_TEXT)
    await stub.start()
    await asr.start()
    env = {"ADMIN_IDS": str(SHARED_ADMIN_ID), "ASR_URL": asr.url, "FLOOD_BURST": "100"}
    process = BotProcess(stub, workdir, database_url, command=("run", "--demo"), env=env)
    try:
        await process.start()
        yield SharedBot(stub, asr, process, database_url)
        assert await process.stop() == 0, process.log()[-2000:]
    finally:
        if process.process is not None:
            await process.stop(signal.SIGKILL)
        await asr.stop()
        await stub.stop()
        await drop_database(database_url)
