"""The 2-hour class reminder never comes later than two hours before class and never inside quiet hours: when
two hours before class is quiet (a 09:00 class, quiet 21:00-08:00), it is folded into the day-before reminder."""

from __future__ import annotations

from datetime import time

from bot.runtime import Runtime
from bot.texts import reminders as rt
from tests.scheduling_helpers import confirmed_enrolment, items, messages_to, move_to, sender_for
from tests.test_scheduler import SHANGHAI, local


async def test_an_early_class_gets_no_late_two_hour_reminder_and_the_day_before_says_so(runtime: Runtime, bot) -> None:
    await confirmed_enrolment(runtime, 501)
    planned = await items(runtime)
    assert "reminder_2h" not in planned  # 07:00 is quiet; 08:00 would be one hour before class
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    await sender_for(runtime, bot).run_once()
    [reminder] = messages_to(bot, 501)
    assert rt.NO_TWO_HOUR_REMINDER in reminder


async def test_an_afternoon_class_gets_its_two_hour_reminder_on_time(runtime: Runtime, bot) -> None:
    settings = runtime.settings.model_copy(update={"class_start_time": time(14, 0)})
    object.__setattr__(runtime, "settings", settings)
    await confirmed_enrolment(runtime, 502)
    planned = await items(runtime)
    assert planned["reminder_2h"].due_at == local(SHANGHAI, 2026, 12, 7, 12, 0)
    move_to(runtime, local(SHANGHAI, 2026, 12, 6, 9, 0))
    await sender_for(runtime, bot).run_once()
    [reminder] = messages_to(bot, 502)
    assert rt.NO_TWO_HOUR_REMINDER not in reminder
