"""Flows in progress never swallow commands; the subscription wizard takes the nearby button; older result
lists keep their page buttons; a class opened from a new-class alert comes as a new message."""

from __future__ import annotations

from datetime import date

from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Chat, Message

from bot import texts
from bot.callbacks import CourseCb
from bot.runtime import Runtime
from bot.services.catalog import CatalogService
from bot.texts import subscriptions as st
from catalog.districts import district
from storage.courses import upsert_courses
from storage.unit_of_work import unit_of_work
from tests.catalog.factories import make_course
from tests.client import UserClient, alerts_of, inline_labels, last_inline_markup, reply_labels, texts_of
from tests.conftest import ADMIN_ID
from tests.fsm_helpers import dialogue_of
from tests.test_subscriptions import seed, start_adding, subs_of


async def test_commands_work_mid_intake_and_the_intake_resumes(dp, bot, runtime: Runtime, db) -> None:
    admin = UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")
    await seed(runtime, ADMIN_ID, [("焊工", None)])
    await admin.send(texts.BTN_1131)
    await admin.tap("失业人员")
    assert texts_of(await admin.send("/unsubscribe")) == [st.STOPPED.format(count=1)]
    assert texts_of(await admin.send("/pending")) == [texts.STAFF_PENDING_EMPTY]
    assert texts.SETTINGS.split("：")[0] in texts_of(await admin.send("/settings"))[0]
    state, data = await dialogue_of(runtime, ADMIN_ID)
    assert state == "Intake:answering" and data["intake"]["step"] == 1
    assert data["intake"]["answers"]["group"] == "失业人员"
    calls = await admin.tap("海州区")  # the next answer carries on where the person left off
    assert texts.INTAKE_QUESTIONS["education"] in texts_of(calls)[0]


async def test_commands_work_mid_profile_dialogue(user: UserClient, runtime: Runtime) -> None:
    await user.send("/profile")
    assert texts_of(await user.send("/unsubscribe")) == [st.STOPPED_NONE]
    assert (await dialogue_of(runtime, user.user.id))[0] == "ProfileForm:group"
    assert texts_of(await user.send("随便打字")) == [texts.PROFILE_ASK_GROUP]  # other text: the buttons again


async def test_nearby_button_in_the_wizard_then_a_location_completes_the_district_step(
    user: UserClient, db
) -> None:
    await start_adding(user)
    await user.tap("养老护理员")
    calls = await user.send(texts.BTN_NEARBY)  # as Telegram Desktop sends it: text, no location
    assert texts_of(calls) == [st.ASK_LOCATION] and reply_labels(calls) == [texts.BTN_SEND_LOCATION]
    ganyu = district("赣榆区")
    calls = await user.share_location(ganyu.lat + 0.01, ganyu.lon)
    assert st.LOCATION_DISTRICT.format(district="赣榆区") in texts_of(calls)[-1] and "第 3/3 步" in texts_of(calls)[-1]
    await user.tap(st.BTN_CONFIRM)
    assert await subs_of(db, user.user.id) == [("养老护理员", "赣榆区")]


async def test_page_buttons_of_an_older_list_still_work_after_menu(user: UserClient) -> None:
    first = await user.send("海州区")
    markup = last_inline_markup(first)
    assert markup is not None
    [next_page] = [b.callback_data for row in markup.inline_keyboard for b in row if b.text == texts.BTN_NEXT]
    await user.send("/menu")  # clears the dialogue state
    await user.send("焊工")
    [edit] = [c for c in await user.click(next_page) if isinstance(c, EditMessageText)]
    assert "第 2/" in edit.text and "海州区" in edit.text and "焊工" not in edit.text.split("\n")[0]


async def test_opening_a_class_from_an_alert_sends_the_card_and_leaves_the_alert(
    user: UserClient, runtime: Runtime
) -> None:
    course = make_course("焊工", "海州区", code="N9", title="海州区焊工新班", start_date=date(2026, 12, 10),
                         end_date=date(2027, 1, 30))
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [course])
        await session.flush()
        await runtime.catalog.load(session)
    alert = Message(message_id=500, date=0, chat=Chat(id=user.user.id, type="private"), text="新课通知")
    calls = await user.click(CourseCb(action="d", key=CatalogService.key_of("N9")).pack(), alert)
    assert not [c for c in calls if isinstance(c, EditMessageText)]  # the alert is left as it was
    [card] = [c for c in calls if isinstance(c, SendMessage)]
    assert "海州区焊工新班" in card.text
    assert texts.BTN_ENROL in inline_labels(calls) and texts.BTN_BACK_TO_RESULTS not in inline_labels(calls)
    assert alerts_of(calls) == [""]
