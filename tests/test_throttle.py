"""The per-user flood guard, with the production defaults (conftest relaxes it for other tests)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.clock import FixedClock
from bot.config import Settings
from bot.runtime import Runtime
from storage.models import ProcessedUpdate
from tests.client import UserClient, alerts_of, texts_of
from tests.conftest import make_settings

DEFAULTS = Settings.model_fields


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, flood_burst=DEFAULTS["flood_burst"].default)


async def flood(client: UserClient, count: int) -> list[str]:
    replies: list[str] = []
    for _ in range(count):
        replies += texts_of(await client.send("/help"))
    return replies


async def test_a_flood_gets_one_notice_and_others_are_served(dp, bot, runtime: Runtime, settings: Settings) -> None:
    flooder, neighbour = UserClient(dp, bot, user_id=71), UserClient(dp, bot, user_id=72)
    burst = settings.flood_burst
    replies = await flood(flooder, 50)
    assert replies == [texts.HELP] * burst + [texts.SLOW_DOWN]
    assert texts_of(await neighbour.send("/help")) == [texts.HELP]
    async with runtime.sessionmaker() as session:
        handled = await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    assert handled == burst + 1  # the dropped updates never reached the database


async def test_the_guard_recovers_and_warns_again_after_calming_down(dp, bot, runtime: Runtime, settings) -> None:
    flooder = UserClient(dp, bot, user_id=73)
    await flood(flooder, 20)
    clock: FixedClock = runtime.clock  # type: ignore[assignment]
    clock.at += timedelta(seconds=2)
    assert texts_of(await flooder.send("/help")) == [texts.HELP]  # refilled at the sustained rate

    clock.at += timedelta(minutes=1)
    replies = await flood(flooder, 20)
    assert replies.count(texts.SLOW_DOWN) == 1 and replies.count(texts.HELP) == settings.flood_burst


async def test_button_mashing_is_answered_quietly(dp, bot, settings: Settings) -> None:
    masher = UserClient(dp, bot, user_id=74)
    alerts: list[str] = []
    for _ in range(settings.flood_burst + 5):
        alerts += alerts_of(await masher.click("no:such:button"))
    assert alerts.count(texts.SLOW_DOWN) == 1
    assert alerts.count(texts.STALE_BUTTON) == settings.flood_burst
    assert alerts.count("") == 4  # the rest only stop the spinner
