"""The real polling bot under Bot API faults: a failed reply is delivered later by the outbox (what it answers is
already committed), polling survives errors and a Bot API server that goes away for a while. One bot process for
the module's tests (and the other SHARED_BOT modules), each test as a person of its own."""

from __future__ import annotations

import asyncio

import pytest

from bot import texts
from tests.botapi_stub import BotApiStub
from tests.e2e import SHARED_BOT, SharedBot

USER = 557
pytestmark = SHARED_BOT


def delivered(stub: BotApiStub, user: int = USER) -> list[str]:
    return [c.params["text"] for c in stub.calls_to("sendMessage", user) if "failed_with" not in c.params]


@pytest.mark.parametrize("status", [500, 429])
async def test_a_failed_reply_is_delivered_later_and_the_bot_goes_on(shared_bot: SharedBot, status: int) -> None:
    stub, user = shared_bot.stub, USER * 1000 + status
    handed = shared_bot.process.log().count("handed to the outbox")
    stub.failures["sendMessage"] = [status]
    await stub.push_text(user, "/help")
    await stub.wait_for("sendMessage", user, after=1)  # the failed reply, then the outbox's delivery of it
    assert delivered(stub, user) == [texts.HELP]
    await stub.push_text(user, "/menu")
    await stub.wait_for("sendMessage", user, after=2)
    assert delivered(stub, user) == [texts.HELP, texts.MENU]
    # The failure itself is in the log for staff.
    assert shared_bot.process.log().count("handed to the outbox") > handed


async def test_polling_survives_errors_and_an_api_server_that_goes_away(shared_bot: SharedBot) -> None:
    stub = shared_bot.stub
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
