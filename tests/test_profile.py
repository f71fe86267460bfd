from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.app import create_dispatcher
from bot.runtime import Runtime, open_runtime
from storage.models import User
from tests.client import UserClient, alerts_of, inline_labels, texts_of
from tests.fsm_helpers import crash_before_commit, dialogue_of, stored_dialogues


async def stored_user(db: AsyncSession, user_id: int) -> User:
    db.expire_all()
    user = await db.get(User, user_id)
    assert user is not None
    return user


async def test_profile_dialogue_saves_group_and_district(user: UserClient, db: AsyncSession, runtime: Runtime) -> None:
    calls = await user.send("/profile")
    assert texts_of(calls) == [texts.PROFILE_ASK_GROUP]
    assert "高校毕业生" in inline_labels(calls)

    calls = await user.tap("高校毕业生")
    assert texts_of(calls) == [texts.PROFILE_ASK_DISTRICT]
    calls = await user.tap("赣榆区")
    assert "高校毕业生" in texts_of(calls)[0] and "赣榆区" in texts_of(calls)[0]

    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("高校毕业生", "赣榆区")
    assert await stored_dialogues(runtime) == []  # the finished dialogue leaves no state


async def test_state_is_stored_mid_dialogue(user: UserClient, runtime: Runtime) -> None:
    await user.send("/profile")
    await user.tap("高校毕业生")
    assert len(await stored_dialogues(runtime)) == 1
    assert await dialogue_of(runtime, user.user.id) == ("ProfileForm:district", {"group": "高校毕业生"})


async def test_back_and_skip(user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.tap("失业人员")
    calls = await user.tap(texts.BTN_BACK)
    assert texts_of(calls) == [texts.PROFILE_ASK_GROUP]
    await user.tap("退役军人")
    await user.tap(texts.BTN_SKIP)
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("退役军人", None)


async def test_cancel_keeps_the_old_answers(user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.tap("残疾人")
    await user.tap("东海县")
    await user.send("/profile")
    await user.tap("企业职工")
    calls = await user.tap(texts.BTN_CANCEL)
    assert texts_of(calls) == [texts.PROFILE_CANCELLED]
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("残疾人", "东海县")


async def test_typing_mid_dialogue_asks_again_without_losing_progress(user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.tap("脱贫劳动力")
    calls = await user.send("我不知道选哪个")
    assert texts_of(calls) == [texts.PROFILE_ASK_DISTRICT]
    await user.tap("灌南县")
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("脱贫劳动力", "灌南县")


async def test_buttons_of_a_finished_dialogue_are_stale(user: UserClient) -> None:
    await user.send("/profile")
    await user.tap("失业人员")
    await user.tap("海州区")
    calls = await user.click("pf:set:2")
    assert alerts_of(calls) == [texts.STALE_BUTTON]


async def test_forged_index_out_of_range_is_treated_as_skip(user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.click("pf:set:999")
    await user.click("pf:set:-5")
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == (None, None)


async def test_crash_mid_step_loses_nothing(user: UserClient, db: AsyncSession, monkeypatch) -> None:
    await user.send("/profile")
    await user.tap("农村转移劳动力")
    # The district answer fails just before its commit: the step must be repeatable, and the person is told
    # only that it failed (never "已保存").
    crash_before_commit(monkeypatch)
    calls = await user.tap("灌云县")
    assert texts_of(calls) == [texts.ERROR_GENERIC]
    saved = await stored_user(db, user.user.id)
    assert saved.district is None  # rolled back with the failed step

    await user.tap("灌云县")  # the same keyboard still works
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("农村转移劳动力", "灌云县")


async def test_dialogue_survives_a_restart(settings, bot, user: UserClient, db: AsyncSession) -> None:
    await user.send("/profile")
    await user.tap("高校毕业生")

    # A brand-new runtime and dispatcher on the same database file, as after a process restart.
    async with open_runtime(settings) as runtime:
        restarted = UserClient(create_dispatcher(runtime), bot, user_id=user.user.id)
        calls = await restarted.click("pf:set:1")  # 连云区
    assert "连云区" in texts_of(calls)[0]
    saved = await stored_user(db, user.user.id)
    assert (saved.group, saved.district) == ("高校毕业生", "连云区")
