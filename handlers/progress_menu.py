"""The 1131 progress menu, shared by the intake and the four steps."""

from __future__ import annotations

from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.args import CallbackInt
from bot.services import service1131
from storage import cases
from storage.models import User
from storage.models_service import ServiceCase


class S1131Cb(CallbackData, prefix="s1"):
    action: str  # "menu" | "edit" | "policy" | "ack" | "guide" | "jobs" | "train"
    idx: CallbackInt = 0


def progress_text(progress: service1131.Progress) -> str:
    lines = []
    for step in cases.STEPS:
        mark = texts.S1131_DONE_MARK if step in progress.done else texts.S1131_TODO_MARK
        n = min(progress.jobs_counted, cases.JOBS_TO_COMPLETE)  # never "4/3": more feedback is welcome, not counted
        lines.append(texts.S1131_STEP_LINES[step].format(mark=mark, n=n, total=cases.JOBS_TO_COMPLETE))
    return texts.S1131_MENU.format(steps="\n".join(lines))


async def show_menu(message: Message, *, session: AsyncSession, db_user: User, **_: Any) -> None:
    progress = await service1131.progress(session, db_user.id)
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.BTN_S1131_POLICY, callback_data=S1131Cb(action="policy"))
    kb.button(text=texts.BTN_S1131_GUIDANCE, callback_data=S1131Cb(action="guide"))
    kb.button(text=texts.BTN_S1131_JOBS, callback_data=S1131Cb(action="jobs"))
    kb.button(text=texts.BTN_S1131_TRAINING, callback_data=S1131Cb(action="train"))
    kb.button(text=texts.BTN_S1131_EDIT, callback_data=S1131Cb(action="edit"))
    kb.adjust(2, 2, 1)
    body = progress_text(progress)
    if progress.case is not None and progress.case.completed_at is not None:
        body += "\n\n" + texts.S1131_COMPLETE
    await message.answer(body, reply_markup=kb.as_markup())


async def complete_step(
    message: Message, session: AsyncSession, db_user: User, case: ServiceCase, step: str, done_text: str
) -> None:
    """Mark a step done, tell the person, and show the menu (with the summary if all four are done)."""
    cases.mark_step_done(session, case, step)
    await message.answer(done_text)
    await show_menu(message, session=session, db_user=db_user)


async def case_or_alert(callback: CallbackQuery, session: AsyncSession, db_user: User) -> ServiceCase | None:
    """The person's 1131 case for a step button; without one (or without a message) they are told to register."""
    case = await cases.get_case(session, db_user.id)
    if case is None or not isinstance(callback.message, Message):
        await callback.answer(texts.S1131_NEED_INTAKE, show_alert=True)
        return None
    return case
