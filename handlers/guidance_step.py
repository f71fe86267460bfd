"""1131 step 2: a guided self-assessment that suggests occupations, and a way to a human counsellor."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.texts import esc
from bot.texts import service1131 as gt
from catalog.guidance import questions, suggest
from handlers.courses import start_search
from handlers.progress_menu import S1131Cb, case_or_alert
from storage import cases
from storage.models import User


class GuideCb(CallbackData, prefix="gd"):
    action: str  # "pick" | "toggle" | "done" | "skip" | "find"
    q: CallbackInt
    idx: CallbackInt = -1


def _keyboard(q: int, chosen: list[int]) -> InlineKeyboardMarkup:
    question = questions()[q]
    kb = InlineKeyboardBuilder()
    for i, option in enumerate(question.options):
        if question.multi:
            mark = "☑️ " if i in chosen else ""
            kb.button(text=mark + option, callback_data=GuideCb(action="toggle", q=q, idx=i))
        else:
            kb.button(text=option, callback_data=GuideCb(action="pick", q=q, idx=i))
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if question.multi:
        nav.button(text=texts.BTN_DONE, callback_data=GuideCb(action="done", q=q))
    nav.button(text=texts.BTN_SKIP, callback_data=GuideCb(action="skip", q=q))
    kb.attach(nav)
    return kb.as_markup()


async def _ask(message: Message, q: int) -> None:
    question = questions()[q]
    text = texts.GUIDE_QUESTION.format(prompt=esc(question.prompt), n=q + 1, total=len(questions()))
    await message.answer(text, reply_markup=_keyboard(q, []))


async def start(callback: CallbackQuery, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    if await case_or_alert(callback, session, db_user) is None or not isinstance(callback.message, Message):
        return
    await state.update_data(guide={"q": 0, "answers": {}})
    await callback.answer()
    await callback.message.answer(texts.GUIDE_INTRO.format(n=len(questions())))
    await _ask(callback.message, 0)


async def on_answer(callback: CallbackQuery, callback_data: GuideCb, state: FSMContext, **deps: Any) -> None:
    guide = (await state.get_data()).get("guide")
    if not guide or guide["q"] != callback_data.q or not isinstance(callback.message, Message):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    key, q = questions()[guide["q"]].key, guide["q"]
    chosen: list[int] = guide["answers"].get(key, [])
    if callback_data.action == "toggle":
        chosen = sorted(set(chosen) ^ {callback_data.idx})
        guide["answers"][key] = chosen
        await state.update_data(guide=guide)
        await callback.message.edit_reply_markup(reply_markup=_keyboard(q, chosen))
        return
    if callback_data.action == "pick":
        guide["answers"][key] = [callback_data.idx]
    elif callback_data.action == "skip":
        guide["answers"].pop(key, None)
    guide["q"] = q + 1
    await state.update_data(guide=guide)
    if guide["q"] < len(questions()):
        await _ask(callback.message, guide["q"])
    else:
        await _show_suggestions(callback.message, state, guide["answers"], **deps)


async def _show_suggestions(
    message: Message,
    state: FSMContext,
    answers: dict[str, list[int]],
    *,
    session: AsyncSession,
    db_user: User,
    **_: Any,
) -> None:
    case = await cases.get_case(session, db_user.id)
    assert case is not None
    if not answers:  # every question skipped: nothing was assessed, so the step stays open
        await state.update_data(guide=None)
        cases.record(session, case, "guidance", "all_skipped")
        kb = InlineKeyboardBuilder()
        kb.button(text=gt.BTN_GUIDE_AGAIN, callback_data=S1131Cb(action="guide"))
        kb.button(text=texts.BTN_COUNSELLOR, callback_data=S1131Cb(action="counsellor"))
        kb.button(text=texts.BTN_S1131_MENU, callback_data=S1131Cb(action="menu"))
        kb.adjust(1)
        await message.answer(gt.GUIDE_ALL_SKIPPED, reply_markup=kb.as_markup())
        return
    suggestions = suggest(answers, group=db_user.group)
    await state.update_data(guide={"q": -1, "suggested": [s.occupation for s in suggestions]})
    lines = [texts.GUIDE_RESULT_HEADER]
    kb = InlineKeyboardBuilder()
    for n, s in enumerate(suggestions, 1):
        lines.append(
            texts.GUIDE_RESULT_LINE.format(n=n, occupation=esc(s.occupation), reasons=esc("；".join(s.reasons)))
        )
        kb.button(
            text=texts.BTN_GUIDE_COURSES.format(occupation=s.occupation),
            callback_data=GuideCb(action="find", q=-1, idx=n - 1),
        )
    lines.append(texts.GUIDE_RESULT_FOOTER)
    kb.button(text=texts.BTN_COUNSELLOR, callback_data=S1131Cb(action="counsellor"))
    kb.button(text=texts.BTN_S1131_MENU, callback_data=S1131Cb(action="menu"))
    kb.adjust(1)
    cases.record(
        session,
        case,
        "guidance",
        "suggested",
        answers=answers,
        suggestions=[{"occupation": s.occupation, "reasons": list(s.reasons)} for s in suggestions],
    )
    cases.mark_step_done(session, case, "guidance")
    await message.answer("\n".join(lines), reply_markup=kb.as_markup())


async def on_find(callback: CallbackQuery, callback_data: GuideCb, state: FSMContext, **deps: Any) -> None:
    suggested = ((await state.get_data()).get("guide") or {}).get("suggested", [])
    if not 0 <= callback_data.idx < len(suggested) or not isinstance(callback.message, Message):
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    await start_search(callback.message, state, suggested[callback_data.idx], **deps)


def create_router() -> Router:
    router = Router(name="guidance_step")
    router.callback_query.register(start, S1131Cb.filter(F.action == "guide"))
    router.callback_query.register(on_find, GuideCb.filter(F.action == "find"))
    router.callback_query.register(on_answer, GuideCb.filter())
    return router
