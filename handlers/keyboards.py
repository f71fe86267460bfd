"""Keyboards shared by several features."""

from __future__ import annotations

from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

from bot import texts

MENU_BUTTONS = (
    texts.BTN_FIND,
    texts.BTN_NEARBY,
    texts.BTN_1131,
    texts.BTN_MY_ENROLMENTS,
    texts.BTN_SUBSCRIBE,
    texts.BTN_HELP,
)


def main_menu() -> ReplyKeyboardMarkup:
    # Large two-per-row buttons; the nearby button asks the phone for its location directly.
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=texts.BTN_FIND), KeyboardButton(text=texts.BTN_NEARBY, request_location=True)],
            [KeyboardButton(text=texts.BTN_1131), KeyboardButton(text=texts.BTN_MY_ENROLMENTS)],
            [KeyboardButton(text=texts.BTN_SUBSCRIBE), KeyboardButton(text=texts.BTN_HELP)],
        ],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=texts.MENU_PLACEHOLDER,
    )
