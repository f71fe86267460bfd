"""End to end: the real polling loop over HTTP on 127.0.0.1, restarts included."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from bot import texts
from tests.botapi_stub import BotApiStub, patience
from tests.databases import fetch_one
from tests.e2e import E2E_TOKEN, BotProcess, until_committed

USER = 555



async def wait_for_profile(database_url: str, user_id: int, expected: tuple[str, str]) -> tuple[str, str] | None:
    """The reply goes out just before the handler's transaction commits, so poll briefly."""
    deadline = time.monotonic() + patience(5)
    while True:
        row = await fetch_one(database_url, "SELECT user_group, district FROM users WHERE id = :id", id=user_id)
        if row == expected or time.monotonic() > deadline:
            return row  # type: ignore[return-value]
        await asyncio.sleep(0.1)


async def test_start_over_http_and_commands_registered(stub: BotApiStub, bot_process: BotProcess) -> None:
    await bot_process.start()
    commands = await stub.wait_for("setMyCommands")
    assert [c["command"] for c in commands.params["commands"]] == [c for c, _ in texts.COMMANDS]

    await stub.push_text(USER, "/start")
    reply = await stub.wait_for("sendMessage", USER)
    assert "补贴性职业技能培训" in reply.params["text"]
    labels = [b["text"] for row in reply.params["reply_markup"]["keyboard"] for b in row]
    assert texts.BTN_FIND in labels and texts.BTN_1131 in labels

    await stub.push_text(USER, "随便说点什么😀")
    reply = await stub.wait_for("sendMessage", USER, after=1)
    assert reply.params["text"].startswith("没有找到")  # free text is a course search, answered plainly
    assert await bot_process.stop() == 0  # SIGTERM: a clean exit


async def test_dialogue_continues_after_a_restart(stub: BotApiStub, bot_process: BotProcess) -> None:
    await bot_process.start()
    await stub.push_text(USER, "/profile")
    ask = await stub.wait_for("sendMessage", USER)
    group_button = ask.params["reply_markup"]["inline_keyboard"][0][1]  # 高校毕业生
    assert group_button["text"] == "高校毕业生"
    await stub.push_callback(USER, group_button["callback_data"], ask_id := 1)
    edit = await stub.wait_for("editMessageText", USER)
    assert edit.params["text"] == texts.PROFILE_ASK_DISTRICT
    district_button = edit.params["reply_markup"]["inline_keyboard"][1][0]
    assert await bot_process.stop() == 0

    await bot_process.start()
    await stub.push_callback(USER, district_button["callback_data"], ask_id)
    saved = await stub.wait_for("editMessageText", USER, after=1)
    assert district_button["text"] in saved.params["text"]
    expected = ("高校毕业生", district_button["text"])
    assert await wait_for_profile(bot_process.database_url, USER, expected) == expected


async def test_an_update_redelivered_after_a_crash_is_handled_once(tmp_path: Path, database_url: str) -> None:
    # The stub ignores offset confirmations, like Telegram after a crash before confirming.
    stub = BotApiStub(E2E_TOKEN, honour_offsets=False)
    await stub.start()
    process = BotProcess(stub, tmp_path, database_url)
    try:
        await process.start()
        await stub.push_text(USER, "/help")
        await stub.wait_for("sendMessage", USER)
        await until_committed(database_url, 1)  # the kill comes after the handler's transaction committed
        await process.stop(signal.SIGKILL)

        await process.start()  # the new process is served /help again
        await stub.push_text(USER, "/menu")
        await stub.wait_for("sendMessage", USER, after=1)
        await until_committed(database_url, 2)  # /menu handled, and the redelivered /help was not handled again
        texts_sent = [c.params["text"] for c in stub.calls_to("sendMessage", USER)]
        assert texts_sent == [texts.HELP, texts.MENU]
    finally:
        if process.process is not None:
            await process.stop(signal.SIGKILL)
        await stub.stop()
