"""Speech to text for voice messages: the file through the Bot API (getFile + download, capped in size),
then one multipart POST to an OpenAI-compatible /v1/audio/transcriptions endpoint (ASR_URL).

Each step has a short timeout; any failure is an AsrError, and the person is asked to type instead.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Voice

from bot.config import Settings

log = logging.getLogger(__name__)
MAX_TEXT = 500  # characters of a transcript kept; nobody says more in one question


class AsrError(Exception):
    """The voice message could not be turned into text (the reason is for the log, not for the person)."""


class TooLong(AsrError):
    pass


async def download(bot: Bot, voice: Voice, settings: Settings) -> bytes:
    """The voice file's bytes, refused when longer or bigger than the settings allow."""
    if voice.duration > settings.asr_max_seconds:
        raise TooLong(f"{voice.duration} s")
    if voice.file_size is not None and voice.file_size > settings.asr_max_bytes:
        raise TooLong(f"{voice.file_size} bytes")
    try:
        async with asyncio.timeout(settings.asr_timeout):
            file = await bot.get_file(voice.file_id)
            if not file.file_path:
                raise AsrError("getFile returned no file_path")
            url = bot.session.api.file_url(bot.token, file.file_path)
            data = bytearray()
            async for chunk in bot.session.stream_content(url, timeout=int(settings.asr_timeout)):
                data += chunk
                if len(data) > settings.asr_max_bytes:
                    raise TooLong(f"more than {settings.asr_max_bytes} bytes")
            return bytes(data)
    except (TelegramAPIError, aiohttp.ClientError, TimeoutError) as error:
        raise AsrError(f"download failed: {type(error).__name__}") from error


async def transcribe(audio: bytes, settings: Settings, *, mime: str = "audio/ogg") -> str:
    """The text the ASR server heard ("" for silence)."""
    assert settings.asr_url is not None
    form = aiohttp.FormData()
    form.add_field("file", audio, filename="voice.ogg", content_type=mime)
    form.add_field("model", settings.asr_model)
    form.add_field("language", settings.asr_language)
    form.add_field("response_format", "json")
    headers = {"Authorization": f"Bearer {settings.asr_api_key.get_secret_value()}"} if settings.asr_api_key else {}
    timeout = aiohttp.ClientTimeout(total=settings.asr_timeout)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.post(settings.asr_url, data=form, headers=headers) as response,
        ):
            if response.status != 200:
                raise AsrError(f"ASR server answered {response.status}")
            body = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        raise AsrError(f"ASR request failed: {type(error).__name__}") from error
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise AsrError("ASR answer has no text")
    return " ".join(text.split())[:MAX_TEXT]
