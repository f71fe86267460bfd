from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from storage.models import User
from tests.client import UserClient, reply_labels, texts_of

MENU_BUTTONS = [
    texts.BTN_FIND,
    texts.BTN_NEARBY,
    texts.BTN_1131,
    texts.BTN_MY_ENROLMENTS,
    texts.BTN_SUBSCRIBE,
    texts.BTN_HELP,
]


async def test_start_greets_in_chinese_with_consent_and_the_main_menu(user: UserClient, db: AsyncSession) -> None:
    calls = await user.send("/start")

    [welcome] = texts_of(calls)
    assert "补贴性职业技能培训" in welcome
    assert "个人信息" in welcome and "身份证" in welcome  # the consent line says what is (not) kept
    assert reply_labels(calls) == MENU_BUTTONS
    stored = await db.get(User, user.user.id)
    assert stored is not None and stored.consent_at is not None
    assert stored.display_name == "小王"


async def test_nearby_button_asks_the_phone_for_its_location(user: UserClient) -> None:
    calls = await user.send("/start")
    markup = calls[-1].reply_markup
    nearby = [b for row in markup.keyboard for b in row if b.text == texts.BTN_NEARBY]
    assert nearby and nearby[0].request_location


async def test_display_name_is_escaped_in_html(dp, bot, db: AsyncSession) -> None:
    evil = UserClient(dp, bot, user_id=77, first_name="<b>x</b>&")
    [welcome] = texts_of(await evil.send("/start"))
    assert "&lt;b&gt;x&lt;/b&gt;&amp;" in welcome
    assert "<b>x</b>" not in welcome


async def test_help_and_menu_answer_from_anywhere(user: UserClient) -> None:
    assert texts_of(await user.send("/help")) == [texts.HELP]
    assert texts_of(await user.send(texts.BTN_HELP)) == [texts.HELP]
    calls = await user.send("/menu")
    assert texts_of(calls) == [texts.MENU]
    assert reply_labels(calls) == MENU_BUTTONS


async def test_commands_are_registered_at_startup(dp, bot) -> None:
    await dp.emit_startup(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)
    [call] = [c for c in bot.session.requests if c.__api_method__ == "setMyCommands"]
    assert [c.command for c in call.commands] == [c for c, _ in texts.COMMANDS]
