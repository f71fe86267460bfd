"""Composition root: builds the Bot and a Dispatcher with fresh routers and long-lived services."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import BotCommand, ErrorEvent

from bot import texts
from bot.config import Settings
from bot.isolation import PerChatIsolation, RedisChatIsolation
from bot.middlewares import ChatStateMiddleware, InFlightMiddleware, UnitOfWorkMiddleware, UserMiddleware
from bot.redis_state import RedisStateStorage, StateAfterCommitMiddleware
from bot.reply_queue import ChatReplies
from bot.routing import speed_up_routing
from bot.runtime import Runtime
from bot.speak import DeferReplies, SpeakAfterCommit
from bot.throttle import ThrottleMiddleware
from bot.voice import VoiceToTextMiddleware
from handlers import create_routers
from storage.fsm import DatabaseStorage

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 20.0
# Updates whose replies may wait for Telegram, per update slot; beyond that intake waits (bot/reply_queue.py).
REPLIES_PER_SLOT = 4


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    session.middleware(DeferReplies())  # commit first, then speak (bot/speak.py)
    return Bot(settings.require_token(), session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def create_storage(runtime: Runtime) -> BaseStorage:
    """Where dialogue state lives: Redis when REDIS_URL is set (shared by every process), else the database."""
    if runtime.redis is not None:
        return RedisStateStorage(runtime.redis, runtime.settings.redis_prefix)
    return DatabaseStorage(runtime.sessionmaker)


def create_isolation(runtime: Runtime, storage: BaseStorage) -> BaseEventIsolation:
    """One update at a time per chat: across all processes with Redis, within this one without."""
    if isinstance(storage, RedisStateStorage):
        return RedisChatIsolation(storage.redis, storage.key_builder)
    return PerChatIsolation()


def create_dispatcher(runtime: Runtime) -> Dispatcher:
    storage = create_storage(runtime)
    # Long-lived services reach handlers as keyword arguments named like these.
    isolation = create_isolation(runtime, storage)
    # Replies leave per chat after the update's slot is free (bot/reply_queue.py); with Redis, chats are shared
    # by several processes, and replies stay inside the chat's lock so that they keep their order across them.
    settings = runtime.settings
    shared_chats = isinstance(isolation, RedisChatIsolation)
    queue = None if shared_chats else ChatReplies(REPLIES_PER_SLOT * settings.max_concurrent_updates)
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        disable_fsm=True,  # ChatStateMiddleware below takes its place
        settings=runtime.settings,
        sessionmaker=runtime.sessionmaker,
        catalog=runtime.catalog,
        jobs=runtime.jobs,
        clock=runtime.clock,
        faq=runtime.faq,
        chat_replies=queue,
    )
    # Where aiogram's own FSM middleware would be: the chat's lock and `state`; `raw_state` is read by the unit of work.
    dp.update.outer_middleware(ChatStateMiddleware(storage, isolation))
    in_flight = InFlightMiddleware()
    dp.update.outer_middleware(in_flight)
    # Before the unit of work: a flood is turned away without touching the database.
    dp.update.outer_middleware(ThrottleMiddleware(runtime.clock, settings.flood_rate, settings.flood_burst))
    # Before the unit of work too: no transaction is open while a voice message is downloaded and transcribed.
    dp.update.outer_middleware(VoiceToTextMiddleware(settings))
    # Outermost of the three: replies leave after the commit and after the dialogue state is written.
    speak = SpeakAfterCommit(runtime.sessionmaker, runtime.clock, queue)
    dp.update.outer_middleware(speak)
    if isinstance(storage, RedisStateStorage):  # around the unit of work: state is written after its commit
        dp.update.outer_middleware(StateAfterCommitMiddleware(storage))
    dp.update.outer_middleware(UnitOfWorkMiddleware(runtime.sessionmaker, lock_chats=runtime.redis is None))
    dp.update.outer_middleware(UserMiddleware())

    # Every feature talks to people one to one; group chats and channels are ignored on purpose.
    private = Router(name="private")
    private.message.filter(F.chat.type == "private")
    private.callback_query.filter(F.message.chat.type == "private")
    private.include_routers(*create_routers())
    dp.include_router(private)
    speed_up_routing(dp)  # bot/routing.py: no thread hop per filter, prepared filter checks

    dp.errors.register(on_error)
    dp["speak"] = speak  # the apology goes through the chat's reply queue too, after what was said before
    dp.startup.register(register_commands)

    async def drain_in_flight() -> None:
        await in_flight.drain(SHUTDOWN_GRACE_SECONDS)
        if queue is not None:
            await queue.drain(SHUTDOWN_GRACE_SECONDS)

    dp.shutdown.register(drain_in_flight)
    return dp


async def register_commands(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command=c, description=d) for c, d in texts.COMMANDS])
    await bot.me()  # asked now and kept, so no handler waits for Telegram inside its transaction (class links)


async def on_error(event: ErrorEvent, bot: Bot, speak: SpeakAfterCommit) -> bool:
    # The unit of work has already rolled back; tell the person instead of going silent.
    update = event.update
    log.exception("update %s failed: %s", update.update_id, type(event.exception).__name__, exc_info=event.exception)
    chat_id: int | None = None
    apology: list[TelegramMethod[Any]] = []
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None:
        chat_id = update.callback_query.from_user.id
        apology.append(update.callback_query.answer().as_(bot))
    if chat_id is not None:
        apology.append(SendMessage(chat_id=chat_id, text=texts.ERROR_GENERIC).as_(bot))
        await speak.send(bot, chat_id, list(apology))  # in order after the chat's earlier replies
    return True
