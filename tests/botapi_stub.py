"""A small Bot API stand-in on 127.0.0.1 for end-to-end tests of the real polling loop.

It speaks the HTTP protocol aiogram uses (POST /bot<token>/<method>, form fields, JSON values),
serves queued updates through long-polling getUpdates with Telegram's offset confirmation, and
records every call the bot makes.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456
MAX_LONG_POLL_SECONDS = 2.0
# Every wait in the end-to-end tests is for an event and ends as soon as it happens; its timeout only decides how
# long a failure takes to show. Parallel workers (pytest-xdist) on a busy machine start processes several times
# slower, so the limits grow with the number of workers (TEST_TIMEOUT_SCALE sets the factor by hand).
WORKERS = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1))
TIMEOUT_SCALE = float(os.environ.get("TEST_TIMEOUT_SCALE") or 2 * WORKERS)


def patience(seconds: float) -> float:
    """`seconds` of an idle machine, stretched for the current load (see TIMEOUT_SCALE)."""
    return seconds * TIMEOUT_SCALE


def private_message(user_id: int, message_id: int, sender: dict[str, Any], **content: Any) -> dict[str, Any]:
    """A message in the private chat with `user_id`, shaped as Telegram sends it (a leading /command is marked
    as one, as Telegram does). Used by the stub, the webhook tests and the webhook benchmark."""
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": sender,
        **content,
    }
    text = content.get("text", "")
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return message


def telegram_user(user_id: int, first_name: str = "测试用户") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    result: Any = None  # what the stub answered, e.g. the sent message with its message_id


class BotApiStub:
    def __init__(self, token: str, *, honour_offsets: bool = True) -> None:
        self.token = token
        # False simulates a crash before the offset was confirmed: every update is served again.
        self.honour_offsets = honour_offsets
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(500_000)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()  # set by stop(): hung requests end, so the server closes at once
        self.base_url = ""
        # Faults to inject: method name -> HTTP statuses to answer its next calls with (429 asks to retry in 1 s).
        self.failures: dict[str, list[int]] = {}
        # Files the bot may fetch (getFile, then GET /file/bot<token>/<file_path>), by file_id.
        self.files: dict[str, bytes] = {}
        # Seconds every call but getUpdates waits before it is answered (Telegram's round trip; benchmarks).
        self.latency = 0.0
        # Calls naming one of these chats are never answered (until the stub stops): a hung request.
        self.hung_chats: set[int] = set()
        # Until this monotonic moment every call but getUpdates is answered 429 (a bot-wide flood wait).
        self.flood_until = 0.0
        # Called with every answered call (benchmarks follow replies per chat without scanning `calls`).
        self.listeners: list[Callable[[Call], None]] = []

    async def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 (a given port brings a stopped stub back at the same address)."""
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            self._stopping.set()  # a hung request would keep the server's shutdown waiting (60 s)
            await self._runner.cleanup()

    # ---- what a user does -------------------------------------------------------------------
    async def push_text(self, user_id: int, text: str) -> int:
        message = private_message(user_id, next(self._message_ids), telegram_user(user_id), text=text)
        return await self._push({"message": message})

    async def push_location(self, user_id: int, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        message = private_message(user_id, next(self._message_ids), telegram_user(user_id), location=location)
        return await self._push({"message": message})

    async def push_voice(self, user_id: int, file_id: str, data: bytes, duration: int = 3) -> int:
        """A voice message whose file (`data`) the bot can fetch through getFile and the file URL."""
        self.files[file_id] = data
        voice = {"file_id": file_id, "file_unique_id": file_id, "duration": duration, "mime_type": "audio/ogg",
                 "file_size": len(data)}
        message = private_message(user_id, next(self._message_ids), telegram_user(user_id), voice=voice)
        return await self._push({"message": message})

    async def push_callback(self, user_id: int, data: str, message_id: int) -> int:
        message = private_message(user_id, message_id, self._bot_user(), text="…")
        query = {
            "id": str(time.time_ns()),
            "from": telegram_user(user_id),
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
        return await self._push({"callback_query": query})

    async def _push(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        async with self._changed:
            self._updates.append({"update_id": update_id, **payload})
            self._changed.notify_all()
        return update_id

    # ---- what the test checks ---------------------------------------------------------------
    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.params.get("chat_id") == chat_id)]

    async def wait_for(self, method: str, chat_id: int | None = None, *, after: int = 0, timeout: float = 15) -> Call:
        """Wait for the first call to `method` beyond the `after`-th one recorded for that chat (`timeout` is scaled
        by `patience`)."""
        deadline = time.monotonic() + patience(timeout)
        async with self._changed:
            while True:
                calls = self.calls_to(method, chat_id)
                if len(calls) > after:
                    return calls[after]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise TimeoutError(f"no {method} for chat {chat_id}; calls so far: {seen}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    # ---- the HTTP side ----------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = {k: _decode(k, v) for k, v in (await request.post()).items()}
        if method.lower() != "getupdates":
            if self.latency:
                await asyncio.sleep(self.latency)
            if params.get("chat_id") in self.hung_chats:
                self.calls.append(Call(method, {**params, "hung": True}))
                await self._stopping.wait()  # answered (503) only when the stub stops
                return web.Response(status=503)
            if time.monotonic() < self.flood_until:
                return self._flood_wait(method, params)
        planned = self.failures.get(method)
        if planned:
            status = planned.pop(0)
            self.calls.append(Call(method, {**params, "failed_with": status}))
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": f"injected {status}"}
            if status == 429:
                body["parameters"] = {"retry_after": 1}
            return web.json_response(body, status=status)
        if method.lower() == "getupdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        result = self._result(method, params)
        call = Call(method, params, result=result)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        for listener in self.listeners:
            listener(call)
        return web.json_response({"ok": True, "result": result})

    def flood(self, seconds: int) -> None:
        """Answer every call 429 "retry after `seconds`" for the next `seconds` seconds, as Telegram does when a
        bot sends too much."""
        self.flood_until = time.monotonic() + seconds

    def _flood_wait(self, method: str, params: dict[str, Any]) -> web.Response:
        self.calls.append(Call(method, {**params, "failed_with": 429}))
        retry_after = max(1, round(self.flood_until - time.monotonic()))
        body = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after",
                "parameters": {"retry_after": retry_after}}  # fmt: skip
        return web.json_response(body, status=429)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), MAX_LONG_POLL_SECONDS)
        async with self._changed:
            self.calls.append(Call("getUpdates", params))
            self._changed.notify_all()
            if self.honour_offsets and offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            pending = self._pending(offset)
            if not pending and timeout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._pending(offset))), timeout)
                pending = self._pending(offset)
            return pending

    def _pending(self, offset: int) -> list[dict[str, Any]]:
        if not self.honour_offsets:
            return [u for u in self._updates if u["update_id"] >= offset]
        return list(self._updates)

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "培训服务助手", "username": "skills_training_bot"}

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1].removesuffix(".oga")
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        self.calls.append(Call("downloadFile", {"file_id": file_id}))
        return web.Response(body=self.files[file_id], content_type="audio/ogg")

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return self._bot_user()
        if method == "getFile" and params.get("file_id") in self.files:
            file_id = params["file_id"]
            size, path = len(self.files[file_id]), f"voice/{file_id}.oga"
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": size, "file_path": path}
        if method.startswith(("send", "edit")):
            chat_id = params.get("chat_id", 0)
            return {
                "message_id": params.get("message_id") or next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": self._bot_user(),
                "text": params.get("text", ""),
            }
        return True


PLAIN_TEXT_FIELDS = frozenset({"text", "caption", "callback_query_id", "description"})


def _decode(key: str, value: Any) -> Any:
    # aiogram sends scalars as text and objects as JSON; free text must stay text ("12" is not 12).
    if not isinstance(value, str) or key in PLAIN_TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
