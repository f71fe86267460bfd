"""Texts for voice messages (bot/voice.py, handlers/voice.py)."""

from __future__ import annotations

HEARD = "🎤 您说的是：{text}"
TYPE_PLEASE = (
    "收到您的语音 🙏 不过我现在还听不了语音，请打字告诉我，例如“养老护理 海州区”“电工有补贴吗”；"
    "也可以点下方菜单按钮。"
)
TOO_LONG = "这段语音有点长 🙏 请在 {limit} 秒内说完再发一次，或者直接打字告诉我。"
FAILED = "抱歉，这段语音暂时没能识别 🙏 请再说一遍，或者直接打字，例如“电工 赣榆”。"
EMPTY = "这段语音我没听清 🙏 请靠近手机再说一遍，或者直接打字告诉我。"
