"""Webhook mode: an aiohttp application that Telegram (through a reverse proxy) posts updates to.

Several processes can serve one bot, each on its own port behind the proxy: the database is the only shared
state (updates are de-duplicated there, scheduled messages are claimed there), so it does not matter which
process gets which update.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import SHUTDOWN_GRACE_SECONDS
from bot.driver import settle
from bot.runtime import Runtime

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT_SECONDS = 3.0


class WebhookHandler(SimpleRequestHandler):
    """aiogram's request handler, plus a logged refusal, a 400 for a body that is not an update, and a cap on the
    updates handled at once.

    Telegram is answered at once and the update handled in a task (a slow handler must not hold Telegram's
    connection). The cap is taken before answering: when every slot is busy the answer waits, so Telegram,
    which keeps at most `max_connections` requests open, slows down instead of a burst piling up tasks.
    """

    def __init__(self, dispatcher: Dispatcher, bot: Bot, *, secret_token: str, max_in_flight: int) -> None:
        super().__init__(dispatcher, bot, handle_in_background=True, secret_token=secret_token)
        self._slots = asyncio.Semaphore(max_in_flight)
        self._closing = False

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            # Never log the header itself: a near miss would leak most of the secret.
            log.warning("webhook: refused a request from %s without the right secret token", request.remote)
            return web.Response(status=401, text="Unauthorized")
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except ValueError:  # not JSON, or JSON that is not an Update (pydantic's ValidationError is a ValueError)
            log.warning("webhook: refused a request from %s whose body is not a Telegram update", request.remote)
            return web.Response(status=400, text="Bad Request")
        await self._slots.acquire()
        if self._closing:  # shutting down: Telegram delivers it again, to another process or after the restart
            self._slots.release()
            return web.Response(status=503, text="Shutting down")
        task = asyncio.create_task(self._feed(update))
        self._background_feed_update_tasks.add(task)
        task.add_done_callback(self._background_feed_update_tasks.discard)
        return web.json_response({})

    async def _feed(self, update: Update) -> None:
        try:
            result = await self.dispatcher.feed_update(self.bot, update, **self.data)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, result)
        except Exception:  # the dispatcher's error handler replies to the person; this is only the last resort
            log.exception("webhook: update %s failed", update.update_id)
        finally:
            self._slots.release()

    async def drain(self, *_: Any) -> None:
        """Refuse new updates and let those being handled finish (their replies still need the bot session)."""
        self._closing = True
        deadline = time.monotonic() + SHUTDOWN_GRACE_SECONDS
        while self._background_feed_update_tasks and (left := deadline - time.monotonic()) > 0:
            log.info("webhook: waiting for %d update(s) still being handled", len(self._background_feed_update_tasks))
            await asyncio.wait(set(self._background_feed_update_tasks), timeout=left)

    async def close(self) -> None:
        # The creator of the bot closes its session (after the scheduler, which sends with it too).
        await self.drain()

    @property
    def in_flight(self) -> int:
        return len(self._background_feed_update_tasks)

    async def idle(self) -> None:
        """Wait until no update is being handled and their replies are out (tests and the benchmark use it;
        shutdown uses drain)."""
        while self._background_feed_update_tasks:
            await asyncio.wait(set(self._background_feed_update_tasks))
        await settle(self.dispatcher)


WEBHOOK_HANDLER = web.AppKey("webhook_handler", WebhookHandler)


def create_webhook_app(runtime: Runtime, bot: Bot, dp: Dispatcher) -> web.Application:
    settings = runtime.settings
    handler = WebhookHandler(
        dp, bot, secret_token=settings.require_webhook_secret(), max_in_flight=settings.max_concurrent_updates
    )
    app = web.Application()
    # Shutdown order matters: first the updates in flight finish, then the dispatcher's own shutdown (it closes
    # the dialogue-state storage they use).
    app.on_shutdown.append(handler.drain)
    setup_application(app, dp, bot=bot)  # startup: command menu; shutdown: the dispatcher's hooks
    app.router.add_post(settings.webhook_path, handler.handle)

    async def health(request: web.Request) -> web.Response:
        report: dict[str, object] = {"status": "ok", "database": "ok"}
        checking = "database"
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                async with runtime.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
                if runtime.redis is not None:  # shared dialogue state and per-chat order live there
                    checking = "redis"
                    await runtime.redis.ping()
                    report["redis"] = "ok"
        except Exception as exc:  # any failure means "do not send me traffic"; the reason goes to the log only
            log.warning("health check: %s does not answer (%s)", checking, type(exc).__name__)
            return web.json_response({**report, "status": "error", checking: "unavailable"}, status=503)
        return web.json_response({**report, "in_flight": handler.in_flight})

    app.router.add_get(HEALTH_PATH, health)
    app[WEBHOOK_HANDLER] = handler
    return app
