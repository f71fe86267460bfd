"""/start (also with a class deep link from a poster: /start c_<code>), /menu and /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks import CourseCb
from bot.clock import Clock
from bot.services import qr
from bot.services.catalog import CatalogService
from bot.texts import publish as pt
from handlers.courses import detail_view, end_dialogue
from handlers.keyboards import main_menu
from storage.models import User
from storage.users import record_consent


async def start(message: Message, state: FSMContext, session: AsyncSession, db_user: User) -> None:
    # /start always leads back to a clean main menu, even from the middle of a dialogue.
    await end_dialogue(state)
    await record_consent(session, db_user)
    name = f"，{texts.esc(db_user.display_name)}" if db_user.display_name else ""
    await message.answer(texts.WELCOME.format(name=name), reply_markup=main_menu())


async def start_with_link(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    session: AsyncSession,
    db_user: User,
    catalog: CatalogService,
    clock: Clock,
) -> None:
    """A class link (QR code on a poster): the class's card at once, for anyone."""
    if db_user.consent_at is None:  # first contact: the welcome carries the privacy notice
        await start(message, state, session, db_user)
    else:
        await end_dialogue(state)
    today = clock.today()
    linked = await qr.resolve(session, command.args or "")
    if linked is not None and catalog.by_key(catalog.key_of(linked.course.code)) is None:
        await catalog.refresh(session)  # published by another process since this one last looked
    key = catalog.key_of(linked.course.code) if linked else ""
    if linked is None or linked.course.end_date < today or catalog.by_key(key) is None:
        await message.answer(pt.LINK_UNKNOWN, reply_markup=main_menu())
        return
    # The card a search opens (enrol, enquire), outside any result list (sid 0), with the poster's footer.
    body, markup = await detail_view(linked.course, CourseCb(action="d"), session=session, catalog=catalog,
                                     clock=clock, db_user=db_user)  # fmt: skip
    await message.answer(body + pt.LINK_CARD_FOOTER, reply_markup=markup)


async def menu(message: Message, state: FSMContext) -> None:
    await end_dialogue(state)
    await message.answer(texts.MENU, reply_markup=main_menu())


async def help_(message: Message) -> None:
    await message.answer(texts.HELP, reply_markup=main_menu())


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(start_with_link, CommandStart(deep_link=True, magic=F.args.regexp(qr.LINK_PREFIXES)))
    router.message.register(start, CommandStart())
    router.message.register(menu, Command("menu"))
    router.message.register(help_, Command("help"))
    router.message.register(help_, F.text == texts.BTN_HELP)
    return router
