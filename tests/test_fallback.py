from __future__ import annotations

from datetime import UTC, datetime

from aiogram.types import Chat, Message, PhotoSize, Update, Voice

from bot import texts
from bot.texts import voice as vt
from tests.client import UserClient, alerts_of, reply_labels, texts_of


async def test_sticker_gets_a_kind_reply_and_the_menu(user: UserClient) -> None:
    calls = await user.send_sticker()
    assert texts_of(calls) == [texts.FALLBACK_MEDIA]
    assert texts.BTN_FIND in reply_labels(calls)


async def test_photo_and_voice_are_answered(user: UserClient) -> None:
    photo = [PhotoSize(file_id="p", file_unique_id="p", width=10, height=10)]
    assert texts_of(await user._feed_message(photo=photo)) == [texts.FALLBACK_MEDIA]
    calls = await user._feed_message(voice=Voice(file_id="v", file_unique_id="v", duration=3))
    assert texts_of(calls) == [vt.TYPE_PLEASE]  # no ASR_URL in the tests' settings: please type
    assert texts.BTN_FIND in reply_labels(calls)


async def test_unknown_command_points_to_the_known_ones(user: UserClient) -> None:
    assert texts_of(await user.send("/frobnicate")) == [texts.FALLBACK_COMMAND]


async def test_gibberish_and_huge_text_get_one_reply_each(user: UserClient) -> None:
    for text in ("？？？!!!", "\u202e\u0000\u200b", "啊" * 10_000, "<script>alert(1)</script>"):
        calls = await user.send(text)
        assert len(texts_of(calls)) == 1, text[:20]


async def test_stale_or_forged_button_is_answered_with_an_alert(user: UserClient) -> None:
    for data in ("pf:set:3", "no-such-button", "x" * 64, ""):
        calls = await user.click(data)
        assert alerts_of(calls) == [texts.STALE_BUTTON]


async def test_group_chat_messages_are_ignored(user: UserClient) -> None:
    group = Chat(id=-100123, type="supergroup", title="培训群")
    message = Message(message_id=1, date=datetime.now(UTC), chat=group, from_user=user.user, text="电工")
    calls = await user.feed(Update(update_id=5, message=message))
    assert calls == []
