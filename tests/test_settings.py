"""/settings: reminders and surveys off and on again; nothing of the person's is deleted."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot
from sqlalchemy import select

from bot import texts
from bot.runtime import Runtime
from storage.models import User
from storage.models_service import Enrolment
from tests.client import UserClient, inline_labels, texts_of
from tests.scheduling_helpers import confirmed_enrolment, items, messages_to, move_to, sender_for

TRAINEE = 801


async def muted(runtime: Runtime, user_id: int) -> bool:
    async with runtime.sessionmaker() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user.reminders_muted


async def enrolments(runtime: Runtime, user_id: int) -> list[str]:
    async with runtime.sessionmaker() as session:
        return list(await session.scalars(select(Enrolment.status).where(Enrolment.user_id == user_id)))


async def test_settings_toggles_mute_and_keeps_enrolments(runtime: Runtime, dp, bot: Bot) -> None:
    await confirmed_enrolment(runtime, TRAINEE)
    trainee = UserClient(dp, bot, user_id=TRAINEE)

    calls = await trainee.send("/settings")
    assert texts_of(calls) == [texts.SETTINGS.format(state=texts.SETTINGS_ON)]
    assert inline_labels(calls) == [texts.BTN_MUTE]

    calls = await trainee.tap(texts.BTN_MUTE)
    assert texts_of(calls) == [texts.SETTINGS.format(state=texts.SETTINGS_OFF)]
    assert inline_labels(calls) == [texts.BTN_UNMUTE]
    assert await muted(runtime, TRAINEE) is True
    assert await enrolments(runtime, TRAINEE) == ["confirmed"]
    assert texts_of(await trainee.send("/settings")) == [texts.SETTINGS.format(state=texts.SETTINGS_OFF)]

    calls = await trainee.tap(texts.BTN_UNMUTE)
    assert texts_of(calls) == [texts.SETTINGS.format(state=texts.SETTINGS_ON)]
    assert await muted(runtime, TRAINEE) is False
    assert await enrolments(runtime, TRAINEE) == ["confirmed"]


async def test_an_old_mute_button_pressed_again_keeps_the_wanted_state(runtime: Runtime, dp, bot: Bot) -> None:
    user = UserClient(dp, bot, user_id=802)
    await user.send("/settings")
    await user.tap(texts.BTN_MUTE)
    await user.click("st:1")  # the same button again, e.g. from an older /settings message
    assert await muted(runtime, 802) is True


async def test_a_muted_trainee_gets_no_reminder(runtime: Runtime, dp, bot: Bot) -> None:
    await confirmed_enrolment(runtime, TRAINEE)
    trainee = UserClient(dp, bot, user_id=TRAINEE)
    await trainee.send("/settings")
    await trainee.tap(texts.BTN_MUTE)
    move_to(runtime, datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))  # the day-before reminder
    await sender_for(runtime, bot).run_once()
    assert messages_to(bot, TRAINEE) == [texts.SETTINGS.format(state=texts.SETTINGS_ON)]  # only /settings itself
    assert (await items(runtime))["reminder_day"].status == "skipped"
    assert await enrolments(runtime, TRAINEE) == ["confirmed"]
