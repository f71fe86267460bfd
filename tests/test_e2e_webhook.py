"""End to end: `python -m bot webhook` as real processes, updates posted over HTTP on 127.0.0.1 as Telegram does."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import texts
from tests.botapi_stub import BotApiStub, patience, private_message, telegram_user
from tests.databases import ON_POSTGRES, REDIS_URL
from tests.e2e import E2E_TOKEN, BotProcess, until_committed, wait_until_healthy

SECRET = "e2e-webhook-secret_42"
PATH = "/telegram/webhook"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Update:
    """Telegram-shaped updates with ids that never repeat within a test."""

    def __init__(self) -> None:
        self._next = 900_000

    def text(self, user_id: int, text: str) -> dict[str, Any]:
        self._next += 1
        message = private_message(user_id, self._next, telegram_user(user_id), text=text)
        return {"update_id": self._next, "message": message}


class WebhookProcess(BotProcess):
    def __init__(self, stub: BotApiStub, workdir: Path, database_url: str, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {"WEBHOOK_SECRET": SECRET, "WEBHOOK_URL": f"{self.url}{PATH}"}
        if REDIS_URL:  # the suite's Redis run: the processes of one test (one temp dir) share a prefix of their own
            env.update(REDIS_URL=REDIS_URL, REDIS_PREFIX=f"e2e-{hashlib.sha1(str(workdir).encode()).hexdigest()[:12]}")
        command = ("webhook", "--port", str(self.port), *extra)
        super().__init__(stub, workdir, database_url, command=command, env=env, log_name=f"webhook{self.port}.log")

    async def start(self) -> None:
        await self.spawn()
        assert self.process is not None
        await wait_until_healthy(self.url, self.process, self.log_path, timeout=60)

    async def post(self, update: object, headers: dict[str, str] = HEADERS) -> int:
        async with aiohttp.ClientSession() as http, http.post(f"{self.url}{PATH}", json=update, headers=headers) as r:
            return r.status


@pytest.fixture
async def processes(stub: BotApiStub, tmp_path: Path, database_url: str) -> AsyncIterator[list[WebhookProcess]]:
    started: list[WebhookProcess] = []
    yield started
    for process in started:
        if process.process is not None:
            await process.stop(signal.SIGKILL)


async def test_webhook_process_registers_answers_and_stops_cleanly(
    stub: BotApiStub, tmp_path: Path, database_url: str, processes: list[WebhookProcess]
) -> None:
    bot = WebhookProcess(stub, tmp_path, database_url)
    processes.append(bot)
    await bot.start()
    registered = await stub.wait_for("setWebhook")
    assert registered.params["url"] == f"{bot.url}{PATH}"
    assert registered.params["secret_token"] == SECRET
    assert {"message", "callback_query"} <= set(registered.params["allowed_updates"])
    assert registered.params["drop_pending_updates"] is False
    assert registered.params["max_connections"] == 40
    await stub.wait_for("setMyCommands")

    updates = Update()
    assert await bot.post(updates.text(801, "/start"), headers={}) == 401
    assert await bot.post(updates.text(801, "/start")) == 200
    reply = await stub.wait_for("sendMessage", 801)
    assert "补贴性职业技能培训" in reply.params["text"]
    assert await bot.stop() == 0  # SIGTERM: a clean exit
    assert len(stub.calls_to("sendMessage", 801)) == 1  # the refused update was never handled
    assert SECRET not in bot.log()  # the secret never reaches the log


@pytest.mark.skipif(not ON_POSTGRES, reason="one process per SQLite file (tests/test_process_lock.py)")
async def test_two_processes_share_one_database(
    stub: BotApiStub, tmp_path: Path, database_url: str, processes: list[WebhookProcess]
) -> None:
    first, second = (
        WebhookProcess(stub, tmp_path, database_url),
        WebhookProcess(stub, tmp_path, database_url, "--no-set-webhook"),
    )
    processes += [first, second]
    await asyncio.gather(first.start(), second.start())  # together, as systemd starts them
    assert len(stub.calls_to("setWebhook")) == 1  # the extra worker left the registration alone

    updates = Update()
    users = range(811, 817)
    handled = 0
    # Each chat's updates alternate between the processes; every round starts once the last one has committed
    # (a reply goes out just before its transaction commits, and a person does not type that fast).
    for round_, text in enumerate(("/start", "/help")):
        sends = [(first if (user + round_) % 2 else second).post(updates.text(user, text)) for user in users]
        assert await asyncio.gather(*sends) == [200] * len(users)
        for user in users:
            await stub.wait_for("sendMessage", user, after=round_)
        handled += len(users)
        await until_committed(database_url, handled)

    # Telegram retries an update it thinks was lost; the retry may land on the other process.
    retried = updates.text(811, "/menu")
    assert await first.post(retried) == 200
    await stub.wait_for("sendMessage", 811, after=2)
    await until_committed(database_url, handled + 1)
    assert await second.post(retried) == 200
    assert await second.post(updates.text(811, "/help")) == 200  # same chat: handled after the retry
    await stub.wait_for("sendMessage", 811, after=3)

    for user in users:
        got = [c.params["text"] for c in stub.calls_to("sendMessage", user)]
        assert len(got) == (4 if user == 811 else 2), (user, got)
        assert got[1] == texts.HELP
    assert [c.params["text"] for c in stub.calls_to("sendMessage", 811)][2:] == [texts.MENU, texts.HELP]
    assert await asyncio.gather(first.stop(), second.stop()) == [0, 0]


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_TOKEN", "DATABASE_URL", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env={**clean, **env}, capture_output=True, text=True,
        timeout=patience(60),
    )  # fmt: skip


def test_webhook_without_a_secret_says_how_to_fix_it(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "webhook", BOT_TOKEN=E2E_TOKEN)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("config error: WEBHOOK_SECRET is not set")
    assert not (tmp_path / "data").exists()  # failed before touching the database


async def test_a_port_in_use_is_one_clear_line(stub: BotApiStub, tmp_path: Path, database_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"BOT_TOKEN": E2E_TOKEN, "TELEGRAM_API_BASE": stub.base_url, "DATABASE_URL": database_url,
               "WEBHOOK_SECRET": SECRET, "LOG_LEVEL": "WARNING"}  # fmt: skip
        result = await asyncio.to_thread(run_cli, tmp_path, "webhook", "--port", str(port), **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot listen on 127.0.0.1:{port}: the port is already in use")
