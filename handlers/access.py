"""Who may use staff commands. Checked on the server for every staff entry point."""

from __future__ import annotations

import logging

from aiogram.types import Message

from bot.config import Settings

log = logging.getLogger(__name__)


def is_staff(message: Message, settings: Settings) -> bool:
    # ADMIN_IDS for now; staff roles scoped to districts come with the staff-tools issue.
    allowed = message.from_user is not None and message.from_user.id in settings.admin_ids
    if not allowed:
        log.warning("non-staff user %s tried a staff command", message.from_user.id if message.from_user else "?")
    return allowed
