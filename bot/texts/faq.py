"""How an FAQ answer reads: the answer, then the documents it rests on, in plain words."""

from __future__ import annotations

import html

from bot.texts.citation import citation
from catalog.faq import FaqEntry

REVIEWED = "核对日期：{date}"
DID_YOU_MEAN = "您是不是想问："
NOT_FOUND = "没有找到这个问题的答案。可以换个说法，或拨打 12333 咨询当地人社部门。"

# /faq: the questions by topic, as buttons.
TOPICS = "<b>常见政策问题</b>\n请选择类别，再点具体问题查看答案（每条都注明依据的文件）。也可以直接输入您的问题。"
TOPIC = "<b>{title}</b>\n请点您想问的问题："
BTN_TOPICS = "↩️ 全部类别"
GONE = "这个问题已更新，请重新打开 /faq 查看。"
EMPTY = "政策问答正在更新，请稍后再试，或拨打 12333 咨询。"


def answer_text(entry: FaqEntry) -> str:
    """The reply for an FAQ entry (HTML-escaped for the bot's HTML parse mode)."""
    documents, clause = citation(entry.sources, entry.clause)
    lines = [entry.answer, "", documents, clause + "；" + REVIEWED.format(date=entry.reviewed.isoformat())]
    return html.escape("\n".join(lines), quote=False)
