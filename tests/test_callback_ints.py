"""Whole numbers in callback data are bounded to a database INTEGER: the client sends the data back and may forge
it, and on PostgreSQL a value past 32 bits raised "out of int32 range" inside the handler's query (found by
tests/test_fuzz.py). Out of range, the data does not unpack and the press is answered as a stale button."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from aiogram.filters.callback_data import CallbackData

import handlers
from bot import texts
from tests.client import UserClient, alerts_of


def _callback_classes() -> list[type[CallbackData]]:
    for module in pkgutil.walk_packages(handlers.__path__, "handlers."):
        importlib.import_module(module.name)
    found, todo = [], list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("handlers."):
            found.append(cls)
    return found


def _int_fields(cls: type[CallbackData]) -> list[str]:
    return [name for name, field in cls.model_fields.items() if field.annotation is int]


def _data(cls: type[CallbackData], field: str, value: int) -> str:
    parts = []
    for name, info in cls.model_fields.items():
        if name == field:
            parts.append(str(value))
        elif info.annotation is int:
            parts.append("1")
        else:
            parts.append("x")
    return cls.__separator__.join([cls.__prefix__, *parts])


def test_every_handler_has_buttons_with_numbers() -> None:
    assert sum(len(_int_fields(cls)) for cls in _callback_classes()) >= 20


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 2**63])
def test_a_number_past_32_bits_does_not_unpack(value: int) -> None:
    for cls in _callback_classes():
        for field in _int_fields(cls):
            with pytest.raises(ValueError):
                cls.unpack(_data(cls, field, value))
            assert getattr(cls.unpack(_data(cls, field, 2**31 - 1)), field) == 2**31 - 1


async def test_a_forged_survey_button_is_answered_as_stale(user: UserClient) -> None:
    calls = await user.click("sq:2147483648:1:0")
    assert alerts_of(calls) == [texts.STALE_BUTTON]
