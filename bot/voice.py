"""Voice messages become text before anything else looks at them.

A middleware in front of the unit of work: the file is downloaded and transcribed while no database
transaction is open, the person is told what was heard ("您说的是：…"), and the update goes on as a text
message, so it is answered exactly like typed text in whatever the person is doing (a search, a dialogue's
question, a counsellor conversation). Without ASR_URL, or when transcription fails, the voice message goes on
unchanged with `voice_problem` set, and handlers/voice.py asks the person to type. Before listening, the update is
claimed in the database (storage/voice_claims.py), so of several processes given the same update only one calls
the ASR server.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message, TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.services.asr import AsrError, TooLong, download, transcribe
from bot.texts import esc
from bot.texts import voice as vt
from catalog.text import simplified
from storage import voice_claims
from storage.types import utcnow
from storage.updates import already_processed

log = logging.getLogger(__name__)
# A claim outlives the listening (ASR_TIMEOUT) by this much, for the answer's own transaction. A process that died
# holding one (kill -9) on this host is seen at once by its pid; on another host its claim is taken after that.
CLAIM_MARGIN = timedelta(seconds=30)
CLAIM_POLL = 0.2  # seconds between looks while another process holds the update


class VoiceToTextMiddleware(BaseMiddleware):
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._lease = timedelta(seconds=settings.asr_timeout) + CLAIM_MARGIN

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        message = event.message if isinstance(event, Update) else None
        if message is None or message.voice is None or message.chat.type != "private":
            return await handler(event, data)
        if self._settings.asr_url is None:
            data["voice_problem"] = vt.TYPE_PLEASE
            return await handler(event, data)
        assert isinstance(event, Update)
        if await self._take(data, event.update_id) == "handled":
            # Answered already (redelivered, or another process had it): the unit of work skips it; hearing it
            # again would cost a second ASR call and echo "您说的是" twice.
            return await handler(event, data)
        text, problem = await self._hear(data["bot"], message)
        if problem is not None:
            data["voice_problem"] = problem
            return await handler(event, data)
        try:
            await data["bot"].send_message(message.chat.id, vt.HEARD.format(text=esc(text)))
        except TelegramAPIError:  # the answer itself still comes
            log.warning("could not echo a transcribed voice message")
        heard = message.model_copy(update={"text": text, "voice": None})
        event = event.model_copy(update={"message": heard})
        data["event_update"] = event
        return await handler(event, data)

    async def _hear(self, bot: Bot, message: Message) -> tuple[str, str | None]:
        """(transcript, None) or ("", what to tell the person)."""
        assert message.voice is not None
        try:
            # One budget for both steps, below the shutdown grace period, so a stopping bot still answers.
            async with asyncio.timeout(self._settings.asr_timeout):
                audio = await download(bot, message.voice, self._settings)
                text = await transcribe(audio, self._settings, mime=message.voice.mime_type or "audio/ogg")
        except TooLong as error:
            log.info("voice message not transcribed: too long (%s)", error)
            return "", vt.TOO_LONG.format(limit=self._settings.asr_max_seconds)
        except (AsrError, TimeoutError) as error:
            log.warning("voice message not transcribed: %s", error or type(error).__name__)
            return "", vt.FAILED
        # Whisper often writes Traditional characters: show and answer the Simplified text people here read.
        return (simplified(text), None) if text else ("", vt.EMPTY)


    async def _take(self, data: dict[str, Any], update_id: int) -> str:
        """"handled", or "mine" once this process holds the update's claim. While another process holds it (the
        same update delivered to both), wait: it answers, or its claim lapses and this one listens instead."""
        sessionmaker: async_sessionmaker[AsyncSession] | None = data.get("sessionmaker")
        if sessionmaker is None:
            return "mine"
        waited = False
        while True:
            # A short transaction of its own, committed before listening: the update's unit of work is not open yet.
            async with sessionmaker() as session, session.begin():
                if await already_processed(session, update_id):
                    return "handled"
                if await voice_claims.claim(
                    session, update_id, utcnow(), lease=self._lease, owner=self._owner, holder_gone=self._gone
                ):
                    return "mine"
            if not waited:
                log.info("voice update %d is being transcribed by another process: waiting for it", update_id)
                waited = True
            await asyncio.sleep(CLAIM_POLL)

    def _gone(self, owner: str) -> bool:
        """The claim's holder is this middleware (its earlier attempt ended: updates of a chat come one at a time)
        or a process on this host that no longer runs."""
        if owner == self._owner:
            return True
        host, _, rest = owner.partition(":")
        pid = rest.partition(":")[0]
        if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except OSError:  # alive, someone else's
            return False
        return False
