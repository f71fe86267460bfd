"""订阅新课通知: the list with one-tap removal, unsubscribing from everything, and the add dialogue (flow.py;
keyboards and callback data in views.py). A package, so its helpers are not mistaken for feature modules."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.texts import subscriptions as st
from handlers.replies import edit_or_send
from handlers.subscriptions import flow
from handlers.subscriptions.views import STOP_DATA, SubsCb, describe, overview
from storage import subscriptions as repo
from storage.models import User


async def show_list(message: Message, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    await flow.leave(state)  # opening the list again starts afresh
    text, markup = overview(await repo.for_user(session, db_user.id))
    await message.answer(text, reply_markup=markup)


async def on_remove(
    callback: CallbackQuery, callback_data: SubsCb, session: AsyncSession, db_user: User, bot: Bot
) -> None:
    subscriptions = await repo.for_user(session, db_user.id)
    target = next((s for s in subscriptions if s.id == callback_data.id), None)
    if target is None:  # already removed, or someone else's id: change nothing
        await callback.answer(st.REMOVE_GONE, show_alert=True)
        return
    await repo.remove(session, db_user.id, target.id)
    subscriptions.remove(target)
    await callback.answer(st.REMOVED.format(item=describe(target.occupation, target.district)))
    await edit_or_send(callback, bot, *overview(subscriptions))


def _stopped(count: int) -> str:
    return st.STOPPED.format(count=count) if count else st.STOPPED_NONE


async def on_remove_all(callback: CallbackQuery, session: AsyncSession, db_user: User, bot: Bot) -> None:
    count = await repo.remove_all(session, db_user.id)
    await callback.answer(st.STOPPED_ALERT if count else None)
    await edit_or_send(callback, bot, _stopped(count), None)


async def on_stop(callback: CallbackQuery, session: AsyncSession, db_user: User, bot: Bot) -> None:
    """The button under a new-class alert: the alert itself stays readable, the answer comes below it."""
    count = await repo.remove_all(session, db_user.id)
    await callback.answer(st.STOPPED_ALERT if count else None)
    await bot.send_message(callback.from_user.id, _stopped(count))


async def unsubscribe(message: Message, session: AsyncSession, db_user: User) -> None:
    await message.answer(_stopped(await repo.remove_all(session, db_user.id)))


async def stale(callback: CallbackQuery) -> None:
    # A dialogue button from a finished or abandoned dialogue, or a forged one.
    await callback.answer(texts.STALE_BUTTON, show_alert=True)


def create_router() -> Router:
    router = Router(name="subscriptions")
    router.message.register(show_list, F.text == texts.BTN_SUBSCRIBE)
    router.message.register(show_list, Command("subscribe"))
    router.message.register(unsubscribe, Command("unsubscribe"))
    router.callback_query.register(on_stop, F.data == STOP_DATA)
    router.callback_query.register(flow.start, SubsCb.filter(F.action == "add"))
    router.callback_query.register(on_remove, SubsCb.filter(F.action == "rm"))
    router.callback_query.register(on_remove_all, SubsCb.filter(F.action == "all"))
    flow.register(router)
    router.callback_query.register(stale, SubsCb.filter())
    return router
