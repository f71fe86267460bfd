"""The CLI's operator-facing failure, apart from bot.commands so that light commands need not import the bot."""

from __future__ import annotations


class CommandError(Exception):
    """A failure the operator can fix; printed as one line."""
