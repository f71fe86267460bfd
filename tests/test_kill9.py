"""kill -9 of the real bot process: in the middle of a dialogue and in the middle of sending scheduled
messages. After a restart nothing is lost, and nothing is doubled beyond the one message that may have been
in flight at the instant of the kill (Telegram has no idempotency key; README, "Reliability decisions")."""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from bot import texts
from bot.app import create_bot
from bot.clock import FixedClock
from bot.config import load_settings
from bot.runtime import open_runtime
from scheduler.sender import Sender
from storage.models_schedule import OutboxItem
from storage.outbox import CLAIM_LEASE
from tests.botapi_stub import BotApiStub, Call
from tests.conftest import make_settings
from tests.databases import ON_POSTGRES, scalar
from tests.e2e import E2E_TOKEN, BotProcess, until_committed
from tests.fsm_helpers import answers_in, dialogue_at
from tests.scheduling_helpers import seed_due_notices

USER = 556
NOTICES = 150
USERS = range(10_000, 10_000 + NOTICES)



def button(call: Call, label: str) -> str:
    for row in call.params["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b["text"] == label:
                return b["callback_data"]
    raise AssertionError(f"no {label!r} in {call.params['reply_markup']}")


async def test_kill9_mid_1131_intake_continues_where_it_was(stub: BotApiStub, bot_process: BotProcess) -> None:
    await bot_process.start()
    await stub.push_text(USER, texts.BTN_1131)
    question = await stub.wait_for("sendMessage", USER, after=1)  # the intro, then the first question
    await stub.push_callback(USER, button(question, "失业人员"), question.result["message_id"])
    district_question = await stub.wait_for("sendMessage", USER, after=2)  # each question is a new message
    await until_committed(bot_process.database_url, 2)  # the handler's transaction commits after its reply
    await bot_process.stop(signal.SIGKILL)

    await bot_process.start()
    await stub.push_callback(USER, button(district_question, "东海县"), district_question.result["message_id"])
    education_question = await stub.wait_for("sendMessage", USER, after=3)
    assert education_question.params["text"].startswith(texts.INTAKE_QUESTIONS["education"][:6])
    await until_committed(bot_process.database_url, 3)
    # Both answers are in the persisted dialogue: the one given before the kill and the one after.
    # Read where the bot process keeps it (Redis or the database): its settings are this environment + its own.
    own = {name.lower(): value for name, value in bot_process.env.items()}
    own["database_url"] = bot_process.database_url
    _, data = await dialogue_at(load_settings(_env_file=None, **own), USER)
    assert {"失业人员", "东海县"} <= set(map(str, answers_in(data)))



async def test_kill9_mid_sending_loses_nothing_and_doubles_at_most_one(stub: BotApiStub, bot_process) -> None:
    await seed_due_notices(bot_process.database_url, USERS)
    await bot_process.start()
    await stub.wait_for("sendMessage", after=NOTICES // 3, timeout=60)  # paced at SEND_RATE: a few seconds
    await bot_process.stop(signal.SIGKILL)
    sent_before = len(stub.calls_to("sendMessage"))
    assert sent_before < NOTICES, "the kill came too late to test anything"

    # A restarted bot sends what nobody had claimed; what the killed process had claimed waits for its
    # lease to expire. A sender with the clock moved past the lease stands in for "five minutes later".
    await bot_process.start()
    await bot_process.stop()
    settings = make_settings(bot_process.database_url, telegram_api_base=stub.base_url, bot_token=E2E_TOKEN)
    later = FixedClock(settings.tz, datetime.now(UTC) + CLAIM_LEASE + timedelta(minutes=1))
    async with open_runtime(settings, clock=later, sample=False) as runtime:
        bot = create_bot(settings)
        try:
            await Sender(runtime.sessionmaker, bot, settings, later).run_once()
        finally:
            await bot.session.close()
        async with runtime.sessionmaker() as session:
            left = await session.scalar(select(func.count()).where(OutboxItem.status != "sent"))

    per_chat = collections.Counter(int(c.params["chat_id"]) for c in stub.calls_to("sendMessage"))
    assert left == 0
    assert set(per_chat) == set(USERS)  # nobody missed
    assert sum(n - 1 for n in per_chat.values()) <= 1  # at most the one in flight at the kill


async def test_kill9_mid_import_stores_all_or_nothing(tmp_path: Path, database_url: str) -> None:
    sample = (Path(__file__).parents[1] / "catalog/data/sample_courses.csv").read_text(encoding="utf-8").splitlines()
    header, rows = sample[0], sample[1:]
    copies = 60
    big = tmp_path / "big.csv"
    big.write_text(
        "\n".join([header] + [r.replace("LYG-", f"K{n:03d}-", 1) for n in range(copies) for r in rows]) + "\n",
        encoding="utf-8",
    )
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "bot", "catalog", "import", str(big)]

    process = await asyncio.create_subprocess_exec(*command, cwd=tmp_path, env=env)
    await asyncio.sleep(1.5)  # migrations done, the file being read or stored (an import takes several s)
    killed = process.returncode is None
    if killed:
        process.send_signal(signal.SIGKILL)
    await process.wait()
    stored = await stored_courses(database_url)
    assert stored in (0, copies * len(rows)), f"half an import is visible: {stored} rows"

    again = await asyncio.create_subprocess_exec(*command, cwd=tmp_path, env=env)
    assert await again.wait() == 0
    assert await stored_courses(database_url) == copies * len(rows)
    if not ON_POSTGRES:
        assert await scalar(database_url, "PRAGMA integrity_check") == "ok"


async def stored_courses(database_url: str) -> int:
    """Rows in `courses`, or 0 when the kill came before the migrations made the table."""
    try:
        return int(await scalar(database_url, "SELECT count(*) FROM courses"))  # type: ignore[arg-type]
    except DBAPIError:
        return 0
