"""How a 1131 policy briefing card reads: title, body, then the documents it rests on (the citation wording
of bot/texts/citation.py), and after the last card when the cards were checked."""

from __future__ import annotations

from datetime import date

from bot.texts import esc
from bot.texts.citation import citation
from catalog.policies import PolicyCard

CARD = "<b>政策宣介（{n}/{total}）· {title}</b>\n{body}\n\n<i>{documents}\n{clause}</i>"
FOOTER = "\n\n<i>以上要点核对日期：{date}。具体以本地人社部门答复为准，可拨打 12333。</i>"


def card_text(card: PolicyCard, n: int, total: int) -> str:
    documents, clause = citation(card.sources, card.clause)
    return CARD.format(n=n, total=total, title=esc(card.title), body=esc(card.body),
                       documents=esc(documents), clause=esc(clause))


def footer(reviewed: date) -> str:
    return FOOTER.format(date=reviewed.isoformat())
