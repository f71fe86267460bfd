"""订阅新课通知 through the bot: buttons, typed synonyms, duplicates, the cap, removal, restarts, privacy."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.runtime import Runtime, open_runtime
from bot.texts import subscriptions as st
from handlers.subscriptions.views import STOP_DATA, SubsCb
from storage import subscriptions as repo
from storage.models import User
from storage.models_staff import Subscription
from storage.unit_of_work import unit_of_work
from storage.users import ensure_user
from tests.client import Calls, UserClient, alerts_of, inline_labels, texts_of
from tests.fsm_helpers import dialogue_of

HAIZHOU_CARE = "❌ 取消：养老护理员 · 海州区"


async def subs_of(db: AsyncSession, user_id: int) -> list[tuple[str | None, str | None]]:
    db.expire_all()
    rows = await db.scalars(select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.id))
    return [(s.occupation, s.district) for s in rows]


async def is_subscribed(db: AsyncSession, user_id: int) -> bool:
    db.expire_all()
    user = await db.get(User, user_id)
    assert user is not None
    return user.subscribed


async def fsm_state(runtime: Runtime, user_id: int) -> str | None:
    state, _ = await dialogue_of(runtime, user_id)
    return state


async def seed(runtime: Runtime, user_id: int, pairs: list[tuple[str | None, str | None]]) -> list[int]:
    async with unit_of_work(runtime.sessionmaker) as session:
        await ensure_user(session, user_id, f"u{user_id}", None)
        for occupation, district in pairs:
            assert await repo.add(session, user_id, occupation, district) is repo.AddResult.ADDED
        return [s.id for s in await repo.for_user(session, user_id)]


async def start_adding(user: UserClient) -> Calls:
    await user.send(texts.BTN_SUBSCRIBE)
    return await user.tap(st.BTN_ADD)


def last_text(calls: Calls) -> str:
    return texts_of(calls)[-1]


async def test_subscribe_with_buttons_then_see_it_listed(user: UserClient, db: AsyncSession) -> None:
    calls = await user.send(texts.BTN_SUBSCRIBE)
    assert texts_of(calls) == [st.OVERVIEW_EMPTY] and inline_labels(calls) == [st.BTN_ADD]

    calls = await user.tap(st.BTN_ADD)
    assert last_text(calls) == st.ASK_OCCUPATION
    labels = inline_labels(calls)
    # The most common occupations of the live sample catalogue, then 不限工种, back and cancel.
    assert labels[:3] == ["创业培训", "家政服务员", "养老护理员"] and st.ANY_OCCUPATION in labels
    assert labels[-2:] == [st.BTN_BACK_TO_LIST, texts.BTN_CANCEL]
    for button in (b for row in calls[-1].reply_markup.inline_keyboard for b in row):
        assert len(button.callback_data.encode()) <= 64 and "护理" not in button.callback_data

    calls = await user.tap("养老护理员")
    assert "第 2/3 步" in last_text(calls) and "养老护理员" in last_text(calls)
    assert "灌南县" in inline_labels(calls) and st.ANY_DISTRICT in inline_labels(calls)
    calls = await user.tap("海州区")
    assert "第 3/3 步" in last_text(calls) and "海州区" in last_text(calls)
    calls = await user.tap(st.BTN_CONFIRM)
    assert last_text(calls).startswith(st.ADDED.format(item="养老护理员 · 海州区"))
    assert "1. 养老护理员 · 海州区" in last_text(calls) and HAIZHOU_CARE in inline_labels(calls)

    assert await subs_of(db, user.user.id) == [("养老护理员", "海州区")]
    assert await is_subscribed(db, user.user.id)
    calls = await user.send("/subscribe")
    assert "（1/10）" in last_text(calls) and HAIZHOU_CARE in inline_labels(calls)


async def test_typed_synonyms_and_traditional_characters_find_catalogue_occupations(
    user: UserClient, db: AsyncSession
) -> None:
    await start_adding(user)
    calls = await user.send("开叉车")  # one occupation: straight on to the district
    assert "第 2/3 步" in last_text(calls) and "叉车司机" in last_text(calls)
    calls = await user.send("赣榆")
    assert "赣榆区" in last_text(calls)
    await user.tap(st.BTN_CONFIRM)

    await start_adding(user)
    # 护工 means two occupations: both are offered, and the district typed along is remembered. (月嫂 used to be
    # the example; its closest meaning, the 母婴护理（月嫂） classes of 家政服务员, now rightly ranks first.)
    calls = await user.send("护工 東海")
    assert last_text(calls) == st.ASK_OCCUPATION_PICK.format(text="护工 東海")
    assert {"医疗护理员", "养老护理员"} <= set(inline_labels(calls))
    calls = await user.tap("医疗护理员")
    assert st.DEFAULT_MENTIONED.format(district="东海县") in last_text(calls)
    await user.tap(st.BTN_MY_DISTRICT.format(district="东海县"))
    await user.tap(st.BTN_CONFIRM)

    await start_adding(user)
    await user.send("養老護理")
    await user.send("海州區")
    await user.tap(st.BTN_CONFIRM)

    expected = [("叉车司机", "赣榆区"), ("医疗护理员", "东海县"), ("养老护理员", "海州区")]
    assert await subs_of(db, user.user.id) == expected


async def test_profile_district_is_the_suggested_default(user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.tap("失业人员")
    await user.tap("连云区")
    await start_adding(user)
    calls = await user.tap(st.ANY_OCCUPATION)
    assert st.DEFAULT_PROFILE.format(district="连云区") in last_text(calls)
    assert inline_labels(calls)[0] == st.BTN_MY_DISTRICT.format(district="连云区")
    await user.tap(st.BTN_MY_DISTRICT.format(district="连云区"))
    await user.tap(st.BTN_CONFIRM)
    assert await subs_of(db, user.user.id) == [(None, "连云区")]


async def test_unknown_words_stickers_and_far_locations_keep_the_dialogue(
    user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    await start_adding(user)
    calls = await user.send("<b>qwzx</b>")
    assert last_text(calls).startswith(st.OCCUPATION_UNKNOWN.format(text="&lt;b&gt;qwzx&lt;/b&gt;"))
    assert st.ANY_OCCUPATION in inline_labels(calls)
    calls = await user.send("学" * 5000)  # a huge message is read in part, and answered like any other
    assert last_text(calls).startswith(st.OCCUPATION_UNKNOWN.format(text="学" * 20))
    calls = await user.send_sticker()
    assert last_text(calls).startswith(st.HINT_TEXT_ONLY) and st.ASK_OCCUPATION in last_text(calls)
    assert await fsm_state(runtime, user.user.id) == "SubsForm:occupation"

    calls = await user.send("电焊")
    assert "焊工" in last_text(calls) and "第 2/3 步" in last_text(calls)
    calls = await user.send("火星")
    assert last_text(calls).startswith(st.DISTRICT_UNKNOWN) and "海州区" in inline_labels(calls)
    calls = await user.share_location(39.90, 116.40)  # Beijing
    assert last_text(calls).startswith(st.LOCATION_FAR)
    calls = await user.share_location(34.09, 119.32)  # in 灌南县
    assert last_text(calls).startswith(st.LOCATION_DISTRICT.format(district="灌南县"))
    calls = await user.send("好的")  # typing at the confirmation: the buttons are shown again
    assert last_text(calls).startswith(st.HINT_BUTTONS) and st.BTN_CONFIRM in inline_labels(calls)
    await user.tap(st.BTN_CONFIRM)
    assert await subs_of(db, user.user.id) == [("焊工", "灌南县")]
    assert await fsm_state(runtime, user.user.id) is None


async def test_back_and_cancel_on_every_step(user: UserClient, runtime: Runtime, db: AsyncSession) -> None:
    await start_adding(user)
    await user.tap("焊工")
    await user.tap("东海县")
    calls = await user.tap(texts.BTN_BACK)
    assert "第 2/3 步" in last_text(calls) and "焊工" in last_text(calls)
    calls = await user.tap(texts.BTN_BACK)
    assert last_text(calls) == st.ASK_OCCUPATION
    calls = await user.tap(st.BTN_BACK_TO_LIST)
    assert last_text(calls) == st.OVERVIEW_EMPTY and await fsm_state(runtime, user.user.id) is None

    await user.tap(st.BTN_ADD)
    await user.tap("焊工")
    calls = await user.tap(texts.BTN_CANCEL)
    assert last_text(calls) == st.CANCELLED
    assert await fsm_state(runtime, user.user.id) is None and await subs_of(db, user.user.id) == []
    # The dialogue's buttons are dead now.
    assert alerts_of(await user.click(SubsCb(action="d", id=0).pack())) == [texts.STALE_BUTTON]
    assert alerts_of(await user.click(SubsCb(action="ok").pack())) == [texts.STALE_BUTTON]
    assert await subs_of(db, user.user.id) == []


async def test_another_menu_button_leaves_the_dialogue(user: UserClient, runtime: Runtime) -> None:
    await start_adding(user)
    assert texts_of(await user.send(texts.BTN_FIND)) == [texts.FIND_PROMPT]
    assert await fsm_state(runtime, user.user.id) is None
    # Typed words are a course search again, not an occupation for the subscription.
    assert "为您找到" in texts_of(await user.send("电工"))[0]


async def test_duplicates_are_refused_even_for_any_occupation_and_district(user: UserClient, db: AsyncSession) -> None:
    for _ in range(2):
        await start_adding(user)
        await user.tap(st.ANY_OCCUPATION)
        await user.tap(st.ANY_DISTRICT)
        calls = await user.tap(st.BTN_CONFIRM)
    assert last_text(calls).startswith(st.DUPLICATE.format(item="不限工种 · 不限区县"))
    assert await subs_of(db, user.user.id) == [(None, None)]


async def test_at_most_ten_subscriptions(user: UserClient, runtime: Runtime, db: AsyncSession) -> None:
    await seed(runtime, user.user.id, [("焊工", d) for d in ("海州区", "连云区", "赣榆区", "东海县", "灌云县")])
    await seed(runtime, user.user.id, [("电工", d) for d in ("海州区", "连云区", "赣榆区", "东海县")])
    await start_adding(user)  # nine: one more is allowed
    await user.send("电工")
    await user.tap("灌云县")
    await seed(runtime, user.user.id, [("电工", "灌南县")])  # meanwhile the tenth arrives (another device)
    calls = await user.tap(st.BTN_CONFIRM)
    assert last_text(calls).startswith(st.LIMIT.format(limit=repo.MAX_PER_USER))
    assert len(await subs_of(db, user.user.id)) == 10
    calls = await user.send(texts.BTN_SUBSCRIBE)
    assert st.BTN_ADD not in inline_labels(calls) and "（10/10）" in last_text(calls)
    calls = await user.click(SubsCb(action="add").pack())  # an older list's 添加 button
    assert alerts_of(calls) == [st.LIMIT.format(limit=repo.MAX_PER_USER)]


async def test_one_tap_removal_and_foreign_or_stale_ids(
    user: UserClient, dp, bot, runtime: Runtime, db: AsyncSession
) -> None:
    [care_id, weld_id] = await seed(runtime, user.user.id, [("养老护理员", "海州区"), ("焊工", None)])
    other = UserClient(dp, bot, user_id=2002, first_name="小李")
    [other_id] = await seed(runtime, 2002, [("电工", None)])

    calls = await user.click(SubsCb(action="rm", id=other_id).pack())  # someone else's subscription
    assert alerts_of(calls) == [st.REMOVE_GONE]
    assert await subs_of(db, 2002) == [("电工", None)]

    await user.send(texts.BTN_SUBSCRIBE)
    calls = await user.tap(HAIZHOU_CARE)
    assert alerts_of(calls) == [st.REMOVED.format(item="养老护理员 · 海州区")]
    assert HAIZHOU_CARE not in inline_labels(calls) and "1. 焊工 · 不限区县" in last_text(calls)
    assert await subs_of(db, user.user.id) == [("焊工", None)]

    calls = await user.click(SubsCb(action="rm", id=care_id).pack())  # the same button again
    assert alerts_of(calls) == [st.REMOVE_GONE]
    for data in ("sb:rm:abc:", "sb:rm", "sb:d:x:y:z", "subs:nope"):  # malformed
        assert alerts_of(await user.click(data)) == [texts.STALE_BUTTON]
    assert await subs_of(db, user.user.id) == [("焊工", None)] and await is_subscribed(db, user.user.id)

    await user.click(SubsCb(action="rm", id=weld_id).pack())
    assert await subs_of(db, user.user.id) == [] and not await is_subscribed(db, user.user.id)
    assert await subs_of(db, 2002) == [("电工", None)] and await is_subscribed(db, 2002)
    assert other.user.id == 2002


async def test_forged_buttons_inside_the_dialogue_change_nothing(user: UserClient, runtime: Runtime, db) -> None:
    await start_adding(user)
    calls = await user.click(SubsCb(action="o", key="0123456789ab").pack())  # an occupation never offered
    assert alerts_of(calls) == [texts.STALE_BUTTON]
    await user.tap("焊工")
    calls = await user.click(SubsCb(action="d", id=99).pack())
    assert alerts_of(calls) == [texts.STALE_BUTTON]
    assert await fsm_state(runtime, user.user.id) == "SubsForm:district"
    await user.tap("海州区")
    await user.tap(st.BTN_CONFIRM)
    assert await subs_of(db, user.user.id) == [("焊工", "海州区")]


async def test_stop_button_under_alerts_unsubscribes_from_everything(
    user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    await seed(runtime, user.user.id, [("焊工", None), (None, "灌云县")])
    calls = await user.click(STOP_DATA)
    assert alerts_of(calls) == [st.STOPPED_ALERT]
    assert texts_of(calls) == [st.STOPPED.format(count=2)] and "/subscribe" in texts_of(calls)[0]
    assert await subs_of(db, user.user.id) == [] and not await is_subscribed(db, user.user.id)
    assert texts_of(await user.click(STOP_DATA)) == [st.STOPPED_NONE]  # pressed twice: nothing to do

    await seed(runtime, user.user.id, [("电工", "海州区")])
    assert texts_of(await user.send("/unsubscribe")) == [st.STOPPED.format(count=1)]
    await seed(runtime, user.user.id, [("电工", "海州区")])
    await user.send(texts.BTN_SUBSCRIBE)
    calls = await user.tap(st.BTN_REMOVE_ALL)
    assert texts_of(calls) == [st.STOPPED.format(count=1)]
    assert await subs_of(db, user.user.id) == [] and not await is_subscribed(db, user.user.id)


async def test_the_dialogue_continues_after_a_restart(settings, bot, user: UserClient, db: AsyncSession) -> None:
    await start_adding(user)
    await user.send("修车")
    # A brand-new runtime and dispatcher on the same database file, as after a process restart.
    async with open_runtime(settings) as runtime:
        restarted = UserClient(create_dispatcher(runtime), bot, user_id=user.user.id)
        await restarted.tap("经济技术开发区")
        calls = await restarted.tap(st.BTN_CONFIRM)
    assert last_text(calls).startswith(st.ADDED.format(item="汽车维修工 · 经济技术开发区"))
    assert await subs_of(db, user.user.id) == [("汽车维修工", "经济技术开发区")]


async def test_mydata_lists_subscriptions_and_forget_deletes_them(
    user: UserClient, runtime: Runtime, db: AsyncSession
) -> None:
    [summary] = texts_of(await user.send("/mydata"))
    assert st.MYDATA_LINE.format(items=texts.MYDATA_NONE) in summary
    await seed(runtime, user.user.id, [("养老护理员", "海州区"), (None, None)])
    [summary] = texts_of(await user.send("/mydata"))
    assert st.MYDATA_LINE.format(items="养老护理员 · 海州区；不限工种 · 不限区县") in summary
    assert summary.endswith("发送 /forget 可以删除以上全部信息。")

    await user.send("/forget")
    await user.tap(texts.BTN_FORGET_CONFIRM)
    db.expire_all()
    assert await db.scalar(select(func.count()).select_from(Subscription)) == 0  # the foreign key cascades
