"""How an FAQ answer reads: the answer, then the documents it rests on, in plain words."""

from __future__ import annotations

import html

from catalog.faq import FaqEntry
from catalog.sources import Source, source

SCOPE_NOTE = {
    "city": "本市政策",
    "national": "国家政策",
    "other_region": "外地做法，仅供参考；以本地人社部门答复为准，可拨打12333",
}
CITATION = "📄 依据：{documents}"
DOCUMENT = "《{title}》（{note}）"
CLAUSE = "条款：{clause}"
REVIEWED = "核对日期：{date}"
DID_YOU_MEAN = "您是不是想问："
NOT_FOUND = "没有找到这个问题的答案。可以换个说法，或拨打 12333 咨询当地人社部门。"


def cite(document: Source) -> str:
    return DOCUMENT.format(title=document.title, note=SCOPE_NOTE[document.scope])


def answer_text(entry: FaqEntry) -> str:
    """The reply for an FAQ entry (HTML-escaped for the bot's HTML parse mode)."""
    documents = "、".join(cite(source(s)) for s in entry.sources)
    lines = [
        entry.answer,
        "",
        CITATION.format(documents=documents),
        CLAUSE.format(clause=entry.clause) + "；" + REVIEWED.format(date=entry.reviewed.isoformat()),
    ]
    return html.escape("\n".join(lines), quote=False)
