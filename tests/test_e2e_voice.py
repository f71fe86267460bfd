"""End to end: a voice message through the real polling loop, the file fetched from the Bot API stand-in over
HTTP and transcribed by a stand-in ASR server (the shared bot's, tests/e2e.py); the transcript is echoed and
answered like typed text."""

from __future__ import annotations

from bot.texts import voice as vt
from tests.e2e import SHARED_ASR_TEXT, SHARED_BOT, SharedBot
from tests.voice_helpers import OGG

USER = 556
pytestmark = SHARED_BOT


async def test_voice_over_http(shared_bot: SharedBot) -> None:
    stub, asr = shared_bot.stub, shared_bot.asr
    assert SHARED_ASR_TEXT == "dianshang zhibo"  # pinyin, as a speech server may return for a mumbled phrase
    files, downloads, heard = len(stub.calls_to("getFile")), len(stub.calls_to("downloadFile")), len(asr.requests)
    # The answer comes from the sample catalogue.
    await stub.push_voice(USER, "voice-1", OGG)
    echo = await stub.wait_for("sendMessage", USER)
    assert echo.params["text"] == vt.HEARD.format(text="dianshang zhibo")
    answer = await stub.wait_for("sendMessage", USER, after=1)
    assert answer.params["text"].startswith("为您找到") and "直播" in answer.params["text"]
    assert [c.params["file_id"] for c in stub.calls_to("getFile")[files:]] == ["voice-1"]
    assert [c.params["file_id"] for c in stub.calls_to("downloadFile")[downloads:]] == ["voice-1"]
    assert [r.audio for r in asr.requests[heard:]] == [OGG]

    await stub.push_text(USER, "yang lao hu li")  # typed pinyin, through the same loop
    typed = await stub.wait_for("sendMessage", USER, after=2)
    assert typed.params["text"].startswith("为您找到") and "养老护理" in typed.params["text"]
