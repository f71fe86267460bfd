"""The 1131 policy step as a person sees it: every card names its documents in plain words, nothing reads as law."""

from __future__ import annotations

import pytest

from bot import texts
from bot.texts import policy_cards
from bot.texts.citation import SCOPE_NOTE
from catalog.policies import briefing_for, load_all
from catalog.sources import source
from tests.client import UserClient, inline_labels, texts_of
from tests.s1131_helpers import complete_intake

PHONE_SCREEN = 700  # characters of one card message, citation included


async def read_all_cards(user: UserClient) -> list[str]:
    calls = await user.tap(texts.BTN_S1131_POLICY)
    shown = texts_of(calls)
    while texts.BTN_NEXT_CARD in inline_labels(calls):
        calls = await user.tap(texts.BTN_NEXT_CARD)
        shown += texts_of(calls)
    return shown


CASES = [("企业职工", "连云区"), ("其他", "徐圩新区"), ("高校毕业生", "海州区")]


@pytest.mark.parametrize(("group", "district"), CASES)
async def test_every_card_names_its_documents_and_their_scope(user: UserClient, group: str, district: str) -> None:
    await complete_intake(user, {"group": group, "district": district})
    shown = await read_all_cards(user)
    cards = briefing_for(group, district).cards
    assert len(shown) == len(cards)
    for text, card in zip(shown, cards, strict=True):
        assert len(text) <= PHONE_SCREEN
        assert "📄 依据：" in text and f"条款：{card.clause}" in text
        for source_id in card.sources:
            document = source(source_id)
            assert f"《{document.title}》（{SCOPE_NOTE[document.scope]}）" in text
    foreign = [text for text, card in zip(shown, cards, strict=True) if "turpan2019" in card.sources]
    assert foreign and all("外地做法，仅供参考，以本地人社部门答复为准（12333）" in text for text in foreign)
    assert "本市政策" in shown[0]
    everything = "\n".join(shown)
    assert "起执行" not in everything and "政策版本" not in everything
    assert "核对日期：2026-12-02" in shown[-1]


def test_every_card_of_every_group_fits_a_phone_screen_with_its_citation() -> None:
    for briefing in load_all().values():
        for n, card in enumerate(briefing.cards, 1):
            text = policy_cards.card_text(card, n, len(briefing.cards))
            assert len(text) + len(policy_cards.footer(briefing.reviewed)) <= PHONE_SCREEN, card.title
