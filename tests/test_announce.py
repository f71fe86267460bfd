"""/announce: new classes (announced_at unset) and their matching subscribers, one message each, sent through
the real outbox sender; 不通知; sample courses are never new; scope, stale and forged buttons."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import delete, select

from bot import texts
from bot.callbacks import CourseCb
from bot.runtime import Runtime
from bot.services.catalog import CatalogService
from bot.texts import broadcast as bt
from handlers.announce import AnnounceCb
from storage.courses import retire_course, upsert_courses
from storage.models import CourseRow
from storage.models_staff import Subscription
from storage.unit_of_work import unit_of_work
from tests.broadcast_helpers import Person, add_people, add_staff, all_broadcasts, outbox_items
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.scheduling_helpers import messages_to, sender_for

WELD = make_course(
    "焊工", "海州区", code="N1", title="焊工（新班）海州", start_date=date(2026, 12, 10), end_date=date(2027, 1, 10)
)
ELEC = make_course(
    "电工", "东海县", code="N2", title="电工（新班）东海", start_date=date(2026, 12, 12), end_date=date(2027, 1, 12)
)
ENDED = make_course("焊工", "海州区", code="N3", start_date=date(2026, 10, 1), end_date=date(2026, 11, 1))
SUBSCRIBERS = (
    Person(21, subs=(("焊工", None),)),  # N1
    Person(22, subs=((None, "海州区"),)),  # N1
    Person(23, subs=(("电工", "东海县"),)),  # N2
    Person(24, subs=(("焊工", "东海县"),)),  # nothing: N1 is in 海州区
    Person(25, subs=(("焊工", "海州区"), (None, "东海县"))),  # both, in one message
    Person(26, blocked=True, subs=(("焊工", None),)),
    Person(27, subs=(("叉车司机", None),)),
)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


@pytest.fixture
async def new_classes(runtime: Runtime) -> dict[str, int]:
    await add_people(runtime, *SUBSCRIBERS)
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [WELD, ELEC, ENDED])  # as an import does: announced_at stays unset
        await session.flush()
        await runtime.catalog.load(session)
        rows = await session.scalars(select(CourseRow).where(CourseRow.code.in_(("N1", "N2", "N3"))))
        return {row.code: row.id for row in rows}


async def announced(runtime: Runtime) -> dict[str, bool]:
    async with runtime.sessionmaker() as session:
        rows = await session.scalars(select(CourseRow).where(CourseRow.code.in_(("N1", "N2", "N3"))))
        return {row.code: row.announced_at is not None for row in rows}


async def test_sample_courses_are_not_new(runtime: Runtime, admin: UserClient) -> None:
    async with runtime.sessionmaker() as session:
        assert await session.scalar(select(CourseRow.id).where(CourseRow.announced_at.is_(None))) is None
    assert texts_of(await admin.send("/announce")) == [bt.ANNOUNCE_NONE]


async def test_notify_sends_one_message_per_matching_subscriber(runtime, new_classes, admin, bot, dp) -> None:
    [listing] = texts_of(await admin.send("/announce"))
    assert WELD.title in listing and ELEC.title in listing and "N3" not in listing
    assert bt.ANNOUNCE_SUBSCRIBERS.format(n=4) in listing

    reply = await admin.tap(bt.BTN_NOTIFY)
    assert bt.ANNOUNCE_STARTED.format(n=4, courses=2) in texts_of(reply)
    assert inline_labels(reply) == [bt.BTN_PAUSE, bt.BTN_STOP]
    [b] = await all_broadcasts(runtime)
    assert (b.kind, b.status, b.recipients) == ("new_course", "running", 4)
    assert sorted(b.course_ids) == sorted([new_classes["N1"], new_classes["N2"]])
    assert sorted(i.user_id for i in await outbox_items(runtime)) == [21, 22, 23, 25]
    assert await announced(runtime) == {"N1": True, "N2": True, "N3": False}

    assert (await sender_for(runtime, bot).run_once()).counts == {"sent": 4}
    for user_id, titles in {21: [WELD.title], 22: [WELD.title], 23: [ELEC.title], 25: [WELD.title, ELEC.title]}.items():
        [message] = messages_to(bot, user_id)
        assert [t for t in (WELD.title, ELEC.title) if t in message] == titles
    call = next(c for c in bot.session.requests if isinstance(c, SendMessage) and c.chat_id == 25)
    buttons = [b for row in call.reply_markup.inline_keyboard for b in row]
    assert buttons[-1].text == bt.BTN_UNSUBSCRIBE and buttons[-1].callback_data == "subs:stop"
    assert buttons[0].callback_data == CourseCb(action="d", key=CatalogService.key_of("N1")).pack()
    assert "补贴" in messages_to(bot, 25)[0] and "12月10日" in messages_to(bot, 25)[0]

    card = await UserClient(dp, bot, user_id=21).tap(f"📘 {WELD.title}")  # the course card opens as in a search
    assert texts.DETAIL.split("\n")[0].format(title=WELD.title) in texts_of(card)[0]

    # Nothing is new any more, and the old button does nothing.
    assert texts_of(await admin.send("/announce")) == [bt.ANNOUNCE_NONE]
    assert alerts_of(await admin.tap(bt.BTN_NOTIFY)) == [texts.STALE_BUTTON]
    assert len(await all_broadcasts(runtime)) == 1


async def test_skip_marks_announced_without_sending(runtime, new_classes, admin) -> None:
    await admin.send("/announce")
    assert texts_of(await admin.tap(bt.BTN_SKIP_NOTIFY)) == [bt.ANNOUNCE_SKIPPED.format(n=2)]
    assert await announced(runtime) == {"N1": True, "N2": True, "N3": False}
    assert await all_broadcasts(runtime) == [] and await outbox_items(runtime) == []


async def test_unsubscribed_or_retired_before_sending_gets_nothing(runtime, new_classes, admin, bot) -> None:
    await admin.send("/announce")
    await admin.tap(bt.BTN_NOTIFY)
    async with unit_of_work(runtime.sessionmaker) as session:
        await session.execute(delete(Subscription).where(Subscription.user_id == 21))
        await retire_course(session, "N2")
    assert (await sender_for(runtime, bot).run_once()).counts == {"sent": 2, "skipped": 2}
    assert messages_to(bot, 21) == messages_to(bot, 23) == []
    assert ELEC.title not in messages_to(bot, 25)[0]


async def test_scoped_staff_announce_their_districts_only(runtime, new_classes, dp, bot) -> None:
    await add_staff(runtime, 77, "东海县")
    staff = UserClient(dp, bot, user_id=77)
    [listing] = texts_of(await staff.send("/announce"))
    assert ELEC.title in listing and WELD.title not in listing
    assert bt.ANNOUNCE_SUBSCRIBERS.format(n=2) in listing  # 23 and 25
    await staff.tap(bt.BTN_NOTIFY)
    assert await announced(runtime) == {"N1": False, "N2": True, "N3": False}
    assert sorted(i.user_id for i in await outbox_items(runtime)) == [23, 25]


async def test_no_subscribers_just_marks_them(runtime, admin) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [WELD])
    await admin.send("/announce")
    assert texts_of(await admin.tap(bt.BTN_NOTIFY)) == [bt.ANNOUNCE_NO_SUBSCRIBERS.format(n=1)]
    assert await all_broadcasts(runtime) == []


async def test_non_staff_cannot_announce(runtime, new_classes, user: UserClient) -> None:
    assert texts_of(await user.send("/announce")) == [texts.FALLBACK_COMMAND]
    for action in ("n", "s"):
        assert alerts_of(await user.click(AnnounceCb(action=action, token=1).pack())) == [texts.STALE_BUTTON]
    assert await announced(runtime) == {"N1": False, "N2": False, "N3": False}
    assert await all_broadcasts(runtime) == []


def test_the_alert_marks_sample_classes_with_the_shared_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 示例 mark on the alert's buttons comes from bot.texts.marks.mark_sample, the one helper exports and /mydata
    use: a changed mark changes every place at once."""
    from bot.texts import marks
    from bot.views.broadcast import new_courses_message

    monkeypatch.setattr(marks, "SAMPLE_MARK", "【演示】")
    rows = [CourseRow(code=c.code, title=c.title, district=c.district, start_date=c.start_date, subsidy_yuan=100,
                      sample=c.code == "S1") for c in (make_course("电工", "海州区", code="S1", title="电工<初级>"),
                                                      make_course("焊工", "海州区", code="R1"))]  # fmt: skip
    _, markup = new_courses_message(rows, date(2026, 12, 1))
    labels = [b.text for row in markup.inline_keyboard for b in row][:2]
    expected = [bt.BTN_OPEN_COURSE.format(title=t) for t in ("【演示】电工<初级>", rows[1].title)]
    assert labels == expected
