"""/faq: the policy questions browsed by topic through the real Dispatcher, and the topics as data."""

from __future__ import annotations

from pathlib import Path

from bot.texts import faq as texts
from catalog.faq import FaqBase, check
from tests.client import UserClient, alerts_of, inline_labels, last_inline_markup, texts_of


async def test_topics_then_questions_then_the_cited_answer(user: UserClient) -> None:
    base = FaqBase.load()
    calls = await user.send("/faq")
    assert texts_of(calls) == [texts.TOPICS]
    assert inline_labels(calls) == [t.title for t in base.topics.values()]
    calls = await user.tap("费用和补贴")
    money = base.topics["money"]
    assert inline_labels(calls) == [base.get(e).questions[0] for e in money.entries] + [texts.BTN_TOPICS]
    calls = await user.tap(base.get("living_allowance").questions[0])
    [answer] = texts_of(calls)
    assert answer.startswith(base.get("living_allowance").answer[:20]) and "📄 依据：" in answer
    calls = await user.tap(texts.BTN_TOPICS)
    assert texts_of(calls) == [texts.TOPICS]


async def test_every_button_carries_only_ids_within_64_bytes(user: UserClient) -> None:
    base = FaqBase.load()
    calls = await user.send("/faq")
    for topic in base.topics.values():
        calls = await user.tap(topic.title)
        markup = last_inline_markup(calls)
        assert markup is not None
        for row in markup.inline_keyboard:
            for button in row:
                assert button.callback_data and len(button.callback_data.encode()) <= 64
                assert button.callback_data.isascii()  # ids, never question text
        await user.tap(texts.BTN_TOPICS)


async def test_a_button_whose_entry_is_gone_gets_a_kind_alert(user: UserClient) -> None:
    await user.send("/faq")
    assert alerts_of(await user.click("fq:entry:no_such_entry")) == [texts.GONE]
    assert alerts_of(await user.click("fq:topic:no_such_topic")) == [texts.GONE]


def test_every_entry_is_in_exactly_one_topic() -> None:
    base = FaqBase.load()
    placed = [e for t in base.topics.values() for e in t.entries]
    assert sorted(placed) == sorted(e.id for e in base.entries())


def test_check_names_topic_problems(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    entry = '[[faq]]\nid = "{id}"\nquestions = ["{q}"]\nanswer = "本市方案未写明。"\nsource = "lyg2025"\n' \
            'clause = "三、(一)"\nreviewed = 2026-12-02\n'
    topics = '[[topics]]\nid = "money"\ntitle = "费用"\nentries = ["a", "ghost"]\n' \
             '[[topics]]\nid = "again"\ntitle = "这个标题实在是太长了放不进按钮里"\nentries = ["a"]\n'
    path.write_text(entry.format(id="a", q="生活费") + entry.format(id="b", q="路费") + topics, encoding="utf-8")
    problems = check(path)
    assert "topic 1 (money): unknown entry 'ghost'" in problems
    assert "topic 2 (again): title must be 1 to 12 characters" in problems
    assert "entry b: in no topic; add it to one of [[topics]]" in problems
