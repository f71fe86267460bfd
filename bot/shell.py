"""`python -m bot shell`: talk to the bot in a terminal through the real Dispatcher and database."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from dataclasses import dataclass
from typing import Any

from aiogram.methods import TelegramMethod
from aiogram.types import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove
from pydantic import SecretStr

from bot.app import create_bot, create_dispatcher
from bot.config import Settings
from bot.driver import ChatDriver
from bot.offline import OfflineSession
from bot.runtime import open_runtime
from bot.services.demo import warn_if_empty

SHELL_TOKEN = "42:offline-shell-token"
BANNER = "离线对话模式：像用户一样输入文字；按钮输入序号；/loc 纬度 经度 发送位置；/quit 退出。"
DEMO_PHONE = "+8613800000000"  # what "share my phone" sends in the shell
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Button:
    label: str
    callback_data: str | None = None  # inline button
    message: Message | None = None  # the message the inline button sits on
    request_location: bool = False
    request_contact: bool = False


class Shell:
    def __init__(self, driver: ChatDriver) -> None:
        self.driver = driver
        self.inline: list[Button] = []
        self.reply: list[Button] = []

    async def handle(self, line: str) -> bool:
        """Act on one input line; False means quit."""
        line = line.strip()
        if line in ("/quit", "/exit"):
            return False
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return await self._press(self.buttons[int(line) - 1])
        if line.startswith("/loc"):
            parts = line.split()
            try:
                lat, lon = float(parts[1]), float(parts[2])
            except (IndexError, ValueError):
                print("用法：/loc 34.60 119.17")
                return True
            self.show(await self.driver.share_location(lat, lon))
        elif line:
            self.show(await self.driver.send(line))
        return True

    @property
    def buttons(self) -> list[Button]:
        return self.inline + self.reply

    async def _press(self, button: Button) -> bool:
        if button.callback_data is not None:
            self.show(await self.driver.click(button.callback_data, button.message))
        elif button.request_location:
            print("请用 /loc 纬度 经度 发送位置，例如：/loc 34.60 119.17")
        elif button.request_contact:
            self.show(await self.driver.share_contact(DEMO_PHONE))
        else:
            self.show(await self.driver.send(button.label))
        return True

    def show(self, calls: list[TelegramMethod[Any]]) -> None:
        results = self.driver.session.results[-len(calls) :] if calls else []
        for call, result in zip(calls, results, strict=True):
            params = call.model_dump(exclude_none=True)
            text = params.get("text") or params.get("caption")
            if call.__api_method__ == "answerCallbackQuery" and text:
                print(f"  [提示] {text}")
            elif call.__api_method__ in ("sendLocation", "sendVenue"):
                print(f"  [位置] {params.get('title', '')} {params['latitude']}, {params['longitude']}")
            elif text:
                print("🤖 " + html.unescape(_TAG.sub("", text)).replace("\n", "\n   "))
            self._take_keyboard(getattr(call, "reply_markup", None), result)
        for number, button in enumerate(self.inline, 1):
            print(f"  [{number}] {button.label}")
        first = len(self.inline) + 1
        menu = "  ".join(
            f"[{n}] {b.label}{'(发送位置)' if b.request_location else ''}" for n, b in enumerate(self.reply, first)
        )
        if menu:
            print(f"  菜单 {menu}")

    def _take_keyboard(self, markup: object, result: object) -> None:
        if isinstance(markup, InlineKeyboardMarkup):
            message = result if isinstance(result, Message) else None
            self.inline = [
                Button(b.text, callback_data=b.callback_data, message=message)
                for row in markup.inline_keyboard
                for b in row
                if b.callback_data
            ]
        elif isinstance(markup, ReplyKeyboardMarkup):
            self.inline = []
            self.reply = [
                Button(b.text, request_location=bool(b.request_location), request_contact=bool(b.request_contact))
                for row in markup.keyboard
                for b in row
            ]
        elif isinstance(markup, ReplyKeyboardRemove):
            self.reply = []


async def run_shell(settings: Settings, user_id: int, *, demo: bool = False) -> None:
    async with open_runtime(settings, sample=demo) as runtime:
        warn_if_empty(runtime.catalog)
        offline = settings.model_copy(update={"bot_token": SecretStr(SHELL_TOKEN)})
        bot = create_bot(offline, session=OfflineSession())
        dp = create_dispatcher(runtime)
        shell = Shell(ChatDriver(dp, bot, user_id=user_id))
        await dp.emit_startup(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)
        print(BANNER)
        shell.show(await shell.driver.send("/start"))
        try:
            while await shell.handle(await _read_line()):
                pass
        except EOFError:
            pass
        finally:
            await dp.emit_shutdown(bot=bot, dispatcher=dp, bots=[bot], **dp.workflow_data)


async def _read_line() -> str:
    print("你 > ", end="", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    if not line:
        raise EOFError
    return line
