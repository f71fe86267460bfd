"""The 1131 menu with progress, /progress, and step 1 (policy briefing cards)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.services import service1131
from bot.services.catalog import CatalogService
from bot.texts import policy_cards
from catalog.policies import PolicyError, briefing_for
from handlers.courses import start_search
from handlers.intake import start_intake
from handlers.progress_menu import S1131Cb, case_or_alert, complete_step, show_menu
from storage import cases
from storage.models import User

log = logging.getLogger(__name__)


async def entry(message: Message, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    progress = await service1131.progress(session, db_user.id)
    if not progress.has_intake:
        await start_intake(message, state, service1131.intake_defaults(db_user, progress.case))
        return
    await show_menu(message, session=session, db_user=db_user)


async def on_menu(callback: CallbackQuery, session: AsyncSession, db_user: User) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await show_menu(callback.message, session=session, db_user=db_user)


async def on_edit(callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        case = await cases.get_case(session, db_user.id)
        await start_intake(callback.message, state, service1131.intake_defaults(db_user, case))


async def on_policy(callback: CallbackQuery, callback_data: S1131Cb, session: AsyncSession, db_user: User) -> None:
    case = await case_or_alert(callback, session, db_user)
    if case is None or not isinstance(callback.message, Message):
        return
    try:
        briefing = briefing_for(db_user.group, db_user.district)
    except PolicyError:
        log.exception("policy file broken")  # staff must fix the file; the person is told kindly
        await callback.answer(texts.POLICY_UNAVAILABLE, show_alert=True)
        return
    cards = briefing.cards
    n = min(max(callback_data.idx, 0), len(cards) - 1)
    if n == 0:
        cases.record(
            session,
            case,
            "policy",
            "shown",
            group=briefing.group,
            version=briefing.version,
            cards=[c.title for c in cards],
        )
    body = policy_cards.card_text(cards[n], n + 1, len(cards))
    kb = InlineKeyboardBuilder()
    if n + 1 < len(cards):
        kb.button(text=texts.BTN_NEXT_CARD, callback_data=S1131Cb(action="policy", idx=n + 1))
    else:
        body += policy_cards.footer(briefing.reviewed)
        kb.button(text=texts.BTN_ACKNOWLEDGE, callback_data=S1131Cb(action="ack"))
    await callback.answer()
    await callback.message.answer(body, reply_markup=kb.as_markup())


async def on_acknowledge(callback: CallbackQuery, session: AsyncSession, db_user: User) -> None:
    case = await case_or_alert(callback, session, db_user)
    if case is None or not isinstance(callback.message, Message):
        return
    cases.record(session, case, "policy", "acknowledged")
    await complete_step(callback.message, session, db_user, case, "policy", texts.POLICY_DONE)
    await callback.answer()


async def on_training(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User, **deps: Any
) -> None:
    case = await case_or_alert(callback, session, db_user)
    if case is None or not isinstance(callback.message, Message):
        return
    await callback.answer()
    words = " ".join(case.wanted) or case.last_occupation or ""
    catalog: CatalogService = deps["catalog"]
    query = f"{words} {db_user.district or ''}".strip()
    if not catalog.search(query, today=deps["clock"].today()).hits:
        query = words  # nothing in the home district: widen to the whole city
    cases.record(session, case, "training", "proposed", query=query)
    await callback.message.answer(texts.TRAINING_INTRO)
    await start_search(callback.message, state, query, eligible_first=True, session=session, db_user=db_user, **deps)


def create_router() -> Router:
    router = Router(name="service1131")
    router.message.register(entry, F.text == texts.BTN_1131)
    router.message.register(entry, Command("progress"))
    router.callback_query.register(on_menu, S1131Cb.filter(F.action == "menu"))
    router.callback_query.register(on_edit, S1131Cb.filter(F.action == "edit"))
    router.callback_query.register(on_policy, S1131Cb.filter(F.action == "policy"))
    router.callback_query.register(on_acknowledge, S1131Cb.filter(F.action == "ack"))
    router.callback_query.register(on_training, S1131Cb.filter(F.action == "train"))
    return router
