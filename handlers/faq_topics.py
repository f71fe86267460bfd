"""/faq: the policy FAQ browsed by topic — topic buttons, then question buttons, then the cited answer.

Buttons carry only ids (topic and entry slugs, at most 45 bytes of callback data); an id that vanished when
staff edited the file gets a kind alert instead of an error.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.services.faq import FaqService
from bot.texts import esc
from bot.texts import faq as texts


class FaqCb(CallbackData, prefix="fq"):
    action: str  # "home" | "topic" | "entry"
    key: str = ""


def topics_keyboard(faq: FaqService) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic in faq.base.topics.values():
        kb.button(text=topic.title, callback_data=FaqCb(action="topic", key=topic.id))
    return kb.adjust(2).as_markup()


async def show_topics(message: Message, faq: FaqService) -> None:
    if not faq.base.topics:
        await message.answer(texts.EMPTY)
        return
    await message.answer(texts.TOPICS, reply_markup=topics_keyboard(faq))


async def on_home(callback: CallbackQuery, faq: FaqService) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await show_topics(callback.message, faq)


async def on_topic(callback: CallbackQuery, callback_data: FaqCb, faq: FaqService) -> None:
    base = faq.base
    topic = base.topics.get(callback_data.key)
    if topic is None or not isinstance(callback.message, Message):
        await callback.answer(texts.GONE, show_alert=True)
        return
    kb = InlineKeyboardBuilder()
    for entry_id in topic.entries:
        if entry := base.get(entry_id):
            kb.button(text=entry.questions[0], callback_data=FaqCb(action="entry", key=entry.id))
    kb.button(text=texts.BTN_TOPICS, callback_data=FaqCb(action="home"))
    await callback.answer()
    await callback.message.answer(texts.TOPIC.format(title=esc(topic.title)), reply_markup=kb.adjust(1).as_markup())


async def on_entry(callback: CallbackQuery, callback_data: FaqCb, faq: FaqService) -> None:
    entry = faq.get(callback_data.key)
    if entry is None or not isinstance(callback.message, Message):
        await callback.answer(texts.GONE, show_alert=True)
        return
    kb = InlineKeyboardBuilder().button(text=texts.BTN_TOPICS, callback_data=FaqCb(action="home"))
    await callback.answer()
    await callback.message.answer(texts.answer_text(entry), reply_markup=kb.as_markup())


def create_router() -> Router:
    router = Router(name="faq_topics")
    router.message.register(show_topics, Command("faq"))
    router.callback_query.register(on_home, FaqCb.filter(F.action == "home"))
    router.callback_query.register(on_topic, FaqCb.filter(F.action == "topic"))
    router.callback_query.register(on_entry, FaqCb.filter(F.action == "entry"))
    return router
