"""A stand-in ASR server (OpenAI-compatible /v1/audio/transcriptions on 127.0.0.1) and a Bot API session that
serves voice files, for the voice tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.methods import GetFile, TelegramMethod
from aiogram.types import File
from aiohttp import web

from bot.offline import OfflineSession

OGG = b"OggS\x00\x02" + bytes(range(256)) * 8  # stands in for an Opus voice note; the ASR stand-in only reads it


@dataclass
class Heard:
    audio: bytes
    filename: str
    content_type: str
    model: str
    language: str
    authorization: str | None


class AsrStub:
    """Answers {"text": self.text}; or `status`, after `delay` seconds. Records every request."""

    def __init__(self, text: str = "养老护理 海州区") -> None:
        self.text = text
        self.status = 200
        self.delay = 0.0
        self.requests: list[Heard] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/audio/transcriptions", self._transcribe)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/v1/audio/transcriptions"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload: Any = form["file"]
        self.requests.append(
            Heard(
                audio=upload.file.read(),
                filename=upload.filename,
                content_type=upload.content_type,
                model=str(form.get("model")),
                language=str(form.get("language")),
                authorization=request.headers.get("Authorization"),
            )
        )
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response({"error": {"message": "stand-in failure"}}, status=self.status)
        return web.json_response({"text": self.text})


class FileSession(OfflineSession):
    """The offline Bot API session, plus getFile and file downloads for the files in `files` (by file_id)."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []

    def _default_result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetFile):
            data = self.files[method.file_id]
            return File(file_id=method.file_id, file_unique_id=method.file_id, file_size=len(data),
                        file_path=f"voice/{method.file_id}.oga")
        return super()._default_result(method)

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
                             chunk_size: int = 65536, raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        self.downloads.append(url)
        file_id = url.rsplit("/", 1)[-1].removesuffix(".oga")
        data = self.files[file_id]
        for start in range(0, len(data), 1024):
            yield data[start : start + 1024]


def file_session(bot: Bot) -> FileSession:
    assert isinstance(bot.session, FileSession)
    return bot.session
