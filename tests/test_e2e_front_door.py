"""End to end through the real polling loop: each family of typed messages is understood before any search,
and follow-ups refine the last result list."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from bot.texts import conversation as ct
from tests.botapi_stub import BotApiStub
from tests.e2e import SHARED_BOT, SharedBot

# The tests talk to the shared bot process (tests/e2e.py: `run --demo`, answers from the sample catalogue, a flood
# guard for test typists), each as a person of their own.
pytestmark = SHARED_BOT


@pytest.fixture
def demo_bot(shared_bot: SharedBot) -> BotApiStub:
    return shared_bot.stub


class Chat:
    """One person typing to the bot process; each answer is the next message(s) the bot sends them."""

    def __init__(self, stub: BotApiStub, user_id: int) -> None:
        self.stub, self.user_id, self.seen = stub, user_id, 0

    async def say(self, text: str, replies: int = 1) -> list[dict[str, Any]]:
        await self.stub.push_text(self.user_id, text)
        return await self._replies(replies)

    async def share_location(self, latitude: float, longitude: float, replies: int = 2) -> list[dict[str, Any]]:
        await self.stub.push_location(self.user_id, latitude, longitude)
        return await self._replies(replies)

    async def _replies(self, count: int) -> list[dict[str, Any]]:
        got = []
        for _ in range(count):
            call = await self.stub.wait_for("sendMessage", self.user_id, after=self.seen)
            self.seen += 1
            got.append(call.params)
        return got

    async def text(self, text: str) -> str:
        [reply] = await self.say(text)
        return reply["text"]


def inline(reply: dict[str, Any]) -> list[str]:
    return [b["text"] for row in reply.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def test_every_intent_family_over_http(demo_bot: BotApiStub) -> None:
    chat = Chat(demo_bot, 701)
    assert await chat.text("你好") == ct.GREETING  # small talk: never a search
    assert await chat.text("谢谢！") == ct.THANKS
    assert await chat.text("😀👍") == ct.EMOJI
    assert await chat.text("帮助") == texts.HELP  # a menu word, answered as its button
    assert await chat.text("我的报名") == texts.MY_ENROLMENTS_EMPTY
    [person] = await chat.say("人工客服")  # a person: registering for 1131 comes first
    assert person["text"] == ct.HUMAN_NO_CASE and inline(person) == [ct.BTN_1131]
    complaint = await chat.text("我要投诉")
    assert "12345" in complaint and "12333" in complaint
    [jobs] = await chat.say("我想找工作")  # jobs for anyone, 1131 offered
    assert jobs["text"].startswith("正在招聘的岗位") and inline(jobs) == [ct.BTN_1131]
    assert "📄 依据" in await chat.text("补贴怎么申请")  # a policy question: the cited FAQ answer
    [kind] = await chat.say("？？？")  # not understood: a kind answer with the usual buttons
    assert kind["text"] == ct.NOT_UNDERSTOOD and len(inline(kind)) == 4
    asked = await chat.say("附近有什么培训")  # nearby without a place: asks for the location
    assert asked[-1]["text"] == texts.NEARBY_ASK
    assert asked[-1]["reply_markup"]["keyboard"][0][0]["request_location"] is True
    found, _hint = await chat.share_location(34.60, 119.17)
    assert found["text"].startswith("离您最近")


async def test_follow_ups_over_http(demo_bot: BotApiStub) -> None:
    chat = Chat(demo_bot, 702)
    first = await chat.text("家政 海州区")
    assert first.startswith("为您找到")
    refined = await chat.text("换成赣榆的呢")
    assert refined.startswith(ct.REFINED.format(changes="区县")) and "赣榆区" in refined and "海州区" not in refined
    cost = await chat.text("要自己出钱吗")
    assert cost.startswith("刚才列出的")
    [detail] = await chat.say("第一个")
    assert texts.BTN_ENROL in inline(detail)
    assert (await chat.text("电工")).startswith("为您找到")  # a new topic is a new search
