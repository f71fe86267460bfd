"""Reminders and surveys: local times, quiet hours, stale and late items, nudges, exactly once, errors."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.runtime import Runtime
from storage import outbox
from storage.models import User
from storage.models_schedule import SurveyResponse
from storage.unit_of_work import unit_of_work
from tests.scheduling_helpers import confirmed_enrolment, items, messages_to, move_to, sender_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
URUMQI = ZoneInfo("Asia/Urumqi")


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)


async def test_reminders_at_local_times_and_quiet_hours_defer_the_early_one(runtime: Runtime) -> None:
    await confirmed_enrolment(runtime, 101)
    planned = await items(runtime)
    assert planned["reminder_day"].due_at == local(SHANGHAI, 2026, 12, 6, 9, 0)
    # Two hours before a 09:00 class is 07:00, inside the 21:00–08:00 quiet hours: never moved later than that,
    # folded into the day-before reminder instead (tests/test_reminder_quiet.py).
    assert "reminder_2h" not in planned
    assert planned["survey:30"].due_at == local(SHANGHAI, 2027, 1, 24, 10, 0)
    assert {"survey:90", "survey:180"} <= planned.keys()


async def test_quiet_hours_follow_each_persons_time_zone(runtime: Runtime, bot) -> None:
    settings = runtime.settings.model_copy(update={"district_timezones": {"灌南县": "Asia/Urumqi"}})
    object.__setattr__(runtime, "settings", settings)
    await confirmed_enrolment(runtime, 201, district="海州区")
    await confirmed_enrolment(runtime, 202, district="灌南县")
    # 22:00 in Shanghai is 20:00 in Urumqi: the Urumqi survey goes out, the Shanghai one waits for 08:00.
    move_to(runtime, local(SHANGHAI, 2027, 1, 25, 22, 0))
    async with unit_of_work(runtime.sessionmaker) as session:
        for item in (await items(runtime)).values():
            await outbox.retry_later(session, item.id, runtime.clock.now() - timedelta(minutes=1), "test")
    report = await sender_for(runtime, bot).run_once()
    assert len(messages_to(bot, 202)) >= 1 and messages_to(bot, 201) == []
    assert report.counts.get("deferred", 0) >= 1
    async with runtime.sessionmaker() as session:
        waiting = [i for i in await session.scalars(select(outbox.OutboxItem)) if i.user_id == 201]
    assert all(i.status != "pending" or i.due_at >= local(SHANGHAI, 2027, 1, 26, 8, 0) for i in waiting)


async def test_day_before_reminder_is_sent_once_at_its_time(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 301)
    sender = sender_for(runtime, bot)
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 8, 59))
    await sender.run_once()
    assert messages_to(bot, 301) == []
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    await sender.run_once()
    await sender.run_once()
    [reminder] = messages_to(bot, 301)
    assert reminder.startswith("⏰ 明天开课提醒") and "焊工（初级）培训班" in reminder


async def test_after_downtime_stale_reminders_are_dropped_and_surveys_sent_late(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 401)
    # The bot was down from before the class until long after the first survey was due.
    move_to(runtime, local(SHANGHAI, 2027, 2, 3, 11, 0))
    report = await sender_for(runtime, bot).run_once()
    assert report.counts.get("dropped") == 1  # the class reminder (a 09:00 class has no 2-hour one)
    [survey] = messages_to(bot, 401)
    assert "30天回访" in survey
    states = {k: i.status for k, i in (await items(runtime)).items()}
    assert states["reminder_day"] == "dropped"
    assert states["survey:30"] == "sent" and states["survey:90"] == "pending"


async def test_one_nudge_only_and_none_after_an_answer(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 501)
    await confirmed_enrolment(runtime, 502)
    sender = sender_for(runtime, bot)
    move_to(runtime, local(SHANGHAI, 2027, 1, 24, 10, 0))
    await sender.run_once()
    async with unit_of_work(runtime.sessionmaker) as session:  # 502 answers the first question
        response = await session.scalar(select(SurveyResponse).where(SurveyResponse.user_id == 502))
        response.finished, response.answered_at = "yes", response.sent_at
    for days in (3, 6, 9):
        move_to(runtime, local(SHANGHAI, 2027, 1, 24, 10, 0) + timedelta(days=days))
        await sender.run_once()
    nudges_501 = [m for m in messages_to(bot, 501) if m.startswith("温馨提示")]
    assert len(nudges_501) == 1
    assert not [m for m in messages_to(bot, 502) if m.startswith("温馨提示")]


async def test_exactly_one_message_when_the_sender_dies_between_claim_and_send(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 601)
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    async with unit_of_work(runtime.sessionmaker) as session:  # a sender claims the reminder... and dies
        assert len(await outbox.claim_due(session, runtime.clock.now(), 10)) == 1
    sender = sender_for(runtime, bot)
    await sender.run_once()  # another run: the claim is still held, so nothing is sent twice
    assert messages_to(bot, 601) == []
    move_to(runtime, runtime.clock.now() + outbox.CLAIM_LEASE + timedelta(seconds=1))
    await sender.run_once()  # the lease expired: the item is taken again and sent
    await sender.run_once()
    assert len(messages_to(bot, 601)) == 1
    assert (await items(runtime))["reminder_day"].status == "sent"


async def test_blocked_user_is_marked_and_skipped(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 701)
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    bot.session.queue(TelegramForbiddenError(method=SendMessage(chat_id=701, text="x"), message="blocked"))
    report = await sender_for(runtime, bot).run_once()
    assert report.counts == {"skipped": 1}
    async with runtime.sessionmaker() as session:
        assert (await session.get(User, 701)).blocked_bot
    move_to(runtime, local(SHANGHAI, 2027, 1, 24, 10, 0))  # the first survey
    calls_before = len(bot.session.requests)
    assert (await sender_for(runtime, bot).run_once()).counts == {"skipped": 1}
    assert len(bot.session.requests) == calls_before  # no API call for a blocked user


async def test_transient_errors_are_retried_with_backoff_then_sent(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 801)
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    bot.session.queue(TelegramNetworkError(method=SendMessage(chat_id=801, text="x"), message="timeout"))
    assert (await sender_for(runtime, bot).run_once()).counts == {"retried": 1}
    item = (await items(runtime))["reminder_day"]
    assert item.status == "pending" and item.due_at > runtime.clock.now() and item.attempts == 1
    move_to(runtime, item.due_at)
    assert (await sender_for(runtime, bot).run_once()).counts == {"sent": 1}


async def test_muted_user_gets_no_reminders_but_keeps_the_enrolment(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 901)
    async with unit_of_work(runtime.sessionmaker) as session:
        (await session.get(User, 901)).reminders_muted = True
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    assert (await sender_for(runtime, bot).run_once()).counts == {"skipped": 1}
    assert messages_to(bot, 901) == []


async def test_a_survey_that_never_arrived_does_not_count_as_sent(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 951)
    move_to(runtime, local(SHANGHAI, 2027, 1, 24, 10, 0))
    async with unit_of_work(runtime.sessionmaker) as session:  # the class reminders are long gone
        for item in (await items(runtime)).values():
            if item.kind != "survey":
                await outbox.finish(session, item.id, "dropped", runtime.clock.now())
    bot.session.queue(TelegramForbiddenError(method=SendMessage(chat_id=951, text="x"), message="blocked"))
    assert (await sender_for(runtime, bot).run_once()).counts == {"skipped": 1}
    async with runtime.sessionmaker() as session:
        assert (await session.scalars(select(SurveyResponse))).all() == []
