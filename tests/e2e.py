"""Runs `python -m bot run` (or another command, e.g. `webhook`) as a real process against the Bot API stub."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp

from tests.botapi_stub import BotApiStub, patience
from tests.databases import scalar

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
