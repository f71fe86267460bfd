"""Leaving one dialogue without forgetting the rest of what the person's state holds."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext


async def leave_dialogue(state: FSMContext, key: str) -> None:
    """End the dialogue in progress and drop its data (kept under `key`); a recent search's page buttons, a shared
    location and other dialogues' data stay."""
    data = await state.get_data()
    data.pop(key, None)
    await state.set_data(data)
    await state.set_state(None)
