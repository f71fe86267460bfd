"""End to end: a voice message through the real polling loop, the file fetched from the Bot API stand-in over
HTTP and transcribed by a stand-in ASR server; the transcript is echoed and answered like typed text."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.texts import voice as vt
from tests.botapi_stub import BotApiStub
from tests.e2e import BotProcess
from tests.voice_helpers import OGG, AsrStub

USER = 556


@pytest.fixture
async def asr() -> AsyncIterator[AsrStub]:
    server = AsrStub("dianshang zhibo")  # what a speech server may return for a mumbled phrase: pinyin
    await server.start()
    yield server
    await server.stop()


async def test_voice_over_http(stub: BotApiStub, asr: AsrStub, tmp_path: Path, database_url: str) -> None:
    # The answer comes from the sample catalogue.
    process = BotProcess(stub, tmp_path, database_url, command=("run", "--demo"), env={"ASR_URL": asr.url})
    try:
        await process.start()
        await stub.push_voice(USER, "voice-1", OGG)
        echo = await stub.wait_for("sendMessage", USER)
        assert echo.params["text"] == vt.HEARD.format(text="dianshang zhibo")
        answer = await stub.wait_for("sendMessage", USER, after=1)
        assert answer.params["text"].startswith("为您找到") and "直播" in answer.params["text"]
        assert [c.params["file_id"] for c in stub.calls_to("getFile")] == ["voice-1"]
        assert [c.params["file_id"] for c in stub.calls_to("downloadFile")] == ["voice-1"]
        assert [r.audio for r in asr.requests] == [OGG]

        await stub.push_text(USER, "yang lao hu li")  # typed pinyin, through the same loop
        typed = await stub.wait_for("sendMessage", USER, after=2)
        assert typed.params["text"].startswith("为您找到") and "养老护理" in typed.params["text"]
        assert await process.stop() == 0
    finally:
        if process.process is not None:
            await process.stop(signal.SIGKILL)
