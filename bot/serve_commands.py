"""`run`, `webhook` and `shell`: the bot itself (aiogram, handlers, scheduler), imported once the process may
serve: a second bot on a SQLite file another one serves is refused (open_runtime's process lock) in well under a
second, before aiogram's models are built."""

from __future__ import annotations

import argparse
import asyncio
import errno
import gc
import logging
import signal

from bot.cli_errors import CommandError
from bot.config import Settings
from bot.runtime import open_runtime
from bot.services import demo as demo_data

log = logging.getLogger(__name__)
# Telegram's default, stated so that every webhook process registers the same value.
WEBHOOK_MAX_CONNECTIONS = 40


async def serve(args: argparse.Namespace, settings: Settings) -> None:
    if args.command == "run":
        await run_polling(settings, demo=args.demo)
    elif args.command == "webhook":
        host = args.host or settings.webhook_host
        port = settings.webhook_port if args.port is None else args.port
        await run_webhook(settings, host=host, port=port, set_webhook=not args.no_set_webhook, demo=args.demo)
    else:
        from bot.shell import run_shell

        await run_shell(settings, args.user_id, demo=args.demo)


def settle_heap() -> None:
    """What start-up built (the catalogue index: hundreds of thousands of objects at 50k courses) lives as long
    as the process: moved out of the collector's reach, full collections no longer walk it, which stalled the
    event loop 250–700 ms during a large import (seen with a gc.callbacks probe). The aiogram models serving
    needs are built first (bot/lazy_models.py), so they are not built mid-serving and are frozen too."""
    from bot.lazy_models import build_for_serving

    build_for_serving()
    gc.collect()
    gc.freeze()


async def run_polling(settings: Settings, *, demo: bool = False) -> None:
    settings.require_token()  # fail before touching the database
    async with open_runtime(settings, sample=demo, serving=True) as runtime:
        from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

        from bot.app import create_bot, create_dispatcher
        from scheduler.setup import create_scheduler

        demo_data.warn_if_empty(runtime.catalog)
        settle_heap()
        bot = create_bot(settings)
        dp = create_dispatcher(runtime)
        scheduler = create_scheduler(runtime, bot)
        scheduler.start()
        try:
            await dp.start_polling(bot, tasks_concurrency_limit=settings.max_concurrent_updates)
        except TelegramUnauthorizedError:
            raise CommandError("the Bot API rejected BOT_TOKEN: check the token from @BotFather") from None
        except TelegramNetworkError as exc:
            raise CommandError(f"cannot reach the Bot API at {settings.telegram_api_base}: {exc.message}") from None
        finally:
            scheduler.shutdown(wait=False)


async def run_webhook(
    settings: Settings, *, host: str, port: int, set_webhook: bool = True, demo: bool = False
) -> None:
    secret = settings.require_webhook_secret()  # both fail before touching the database
    settings.require_token()
    async with open_runtime(settings, sample=demo, serving=True) as runtime:
        from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
        from aiohttp import web

        from bot.app import create_bot, create_dispatcher
        from bot.webhook import HEALTH_PATH, create_webhook_app
        from scheduler.setup import create_scheduler

        demo_data.warn_if_empty(runtime.catalog)
        settle_heap()
        bot = create_bot(settings)
        dp = create_dispatcher(runtime)
        runner = web.AppRunner(create_webhook_app(runtime, bot, dp), access_log=None, handle_signals=False)
        scheduler = create_scheduler(runtime, bot)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await runner.setup()  # the dispatcher's startup: the command menu
            await web.TCPSite(runner, host, port).start()
            if set_webhook and settings.webhook_url:
                # Every process may do this at start: the same values each time, so it is idempotent.
                await bot.set_webhook(
                    settings.webhook_url,
                    secret_token=secret,
                    allowed_updates=dp.resolve_used_update_types(),
                    max_connections=WEBHOOK_MAX_CONNECTIONS,
                    drop_pending_updates=False,
                )
                log.info("webhook registered with Telegram: %s", settings.webhook_url)
            elif set_webhook:
                log.info("WEBHOOK_URL is not set: serving without registering a webhook with Telegram")
            scheduler.start()
            log.info("webhook: listening on http://%s:%d%s (health: %s)", host, port, settings.webhook_path,
                     HEALTH_PATH)  # fmt: skip
            await stop.wait()
            log.info("webhook: stopping")
        except TelegramUnauthorizedError:
            raise CommandError("the Bot API rejected BOT_TOKEN: check the token from @BotFather") from None
        except TelegramNetworkError as exc:
            raise CommandError(f"cannot reach the Bot API at {settings.telegram_api_base}: {exc.message}") from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"cannot listen on {host}:{port}: the port is already in use (give each webhook process its own "
                    "--port)"
                ) from None
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
            if scheduler.running:
                scheduler.shutdown(wait=False)
            await runner.cleanup()  # stop accepting, let updates in flight finish, the dispatcher's shutdown
            await bot.session.close()
