"""The real polling bot under Bot API faults: a failed reply is delivered later by the outbox (what it answers is
already committed), polling survives errors and a Bot API server that goes away for a while."""

from __future__ import annotations

import asyncio

import pytest

from bot import texts
from tests.botapi_stub import BotApiStub

USER = 557



def delivered(stub: BotApiStub) -> list[str]:
    return [c.params["text"] for c in stub.calls_to("sendMessage", USER) if "failed_with" not in c.params]


@pytest.mark.parametrize("status", [500, 429])
async def test_a_failed_reply_is_delivered_later_and_the_bot_goes_on(stub, bot_process, status: int) -> None:
    await bot_process.start()
    stub.failures["sendMessage"] = [status]
    await stub.push_text(USER, "/help")
    await stub.wait_for("sendMessage", USER, after=1)  # the failed reply, then the outbox's delivery of it
    assert delivered(stub) == [texts.HELP]
    await stub.push_text(USER, "/menu")
    await stub.wait_for("sendMessage", USER, after=2)
    assert delivered(stub) == [texts.HELP, texts.MENU]
    assert "handed to the outbox" in bot_process.log()  # the failure itself is in the log for staff
    assert await bot_process.stop() == 0


async def test_polling_survives_errors_and_an_api_server_that_goes_away(stub, bot_process) -> None:
    await bot_process.start()
    stub.failures["getUpdates"] = [502, 500]
    polls = len(stub.calls_to("getUpdates"))
    await stub.wait_for("getUpdates", after=polls + 3, timeout=30)  # two failures, then polling again

    port = int(stub.base_url.rsplit(":", 1)[1])
    await stub.stop()  # connection refused for a while
    await asyncio.sleep(3)
    await stub.start(port)
    await stub.push_text(USER, "/help")
    await stub.wait_for("sendMessage", USER, timeout=30)
    assert delivered(stub) == [texts.HELP]
    assert await bot_process.stop() == 0
