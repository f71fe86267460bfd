"""One bot process per SQLite file: a second `run` or `webhook` on the same file refuses to start, in one line naming
the first; short commands still work beside it; the lock goes with the process, even after kill -9."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from bot import texts
from tests.botapi_stub import BotApiStub, patience
from tests.databases import sqlite_url
from tests.e2e import BotProcess
from tests.test_cli import run_cli
from tests.test_e2e_webhook import SECRET, free_port

USER = 4242


@pytest.mark.parametrize("second_command", ["run", "webhook"])
async def test_a_second_bot_on_the_same_sqlite_file_refuses_to_start(
    stub: BotApiStub, tmp_path: Path, second_command: str
) -> None:
    database = tmp_path / "bot.db"
    first = BotProcess(stub, tmp_path, sqlite_url(database), log_name="first.log")
    command = ("webhook", "--port", str(free_port())) if second_command == "webhook" else ("run",)
    second = BotProcess(
        stub, tmp_path, sqlite_url(database), command=command, env={"WEBHOOK_SECRET": SECRET}, log_name="second.log"
    )
    await first.start()
    try:
        assert first.process is not None
        await second.spawn()
        assert second.process is not None
        assert await asyncio.wait_for(second.process.wait(), patience(30)) == 1
        assert second.log().strip().splitlines() == [
            f"error: another bot process (pid {first.process.pid}) is already serving {database}: stop it first "
            "(several processes need PostgreSQL)"
        ]
        # The first one serves on, and a short command may run beside it.
        await stub.push_text(USER, "/help")
        assert (await stub.wait_for("sendMessage", USER)).params["text"] == texts.HELP
        result = await asyncio.to_thread(run_cli, tmp_path, "db", "upgrade", DATABASE_URL=sqlite_url(database))
        assert result.returncode == 0, result.stderr
    finally:
        await first.stop(signal.SIGKILL)
    # The kernel dropped the lock with the killed process: the next start is not refused.
    third = BotProcess(stub, tmp_path, sqlite_url(database), log_name="third.log")
    await third.start()
    assert await third.stop() == 0
