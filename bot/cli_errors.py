"""The CLI's operator-facing failure, apart from the command families so that light commands need not import the bot."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class CommandError(Exception):
    """A failure the operator can fix; printed as one line."""


def as_command_error(exc: BaseException, database_url: str) -> CommandError | None:
    """The one line for a start-up failure (the database cannot be used, opened, locked or upgraded; Redis is
    down), or None when `exc` is something else. Every command goes through it (bot.commands.dispatch), so all
    say a failure alike."""
    if isinstance(exc, CommandError):
        return None  # already one line
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        from bot.startup_errors import describe_database  # alembic: imported only when something failed

        return CommandError(f"database {describe_database(database_url)} cannot be used: {exc.orig}")
    from bot.runtime import RedisUnavailable
    from bot.startup_errors import DatabaseUnavailable

    if isinstance(exc, (DatabaseUnavailable, RedisUnavailable)):
        return CommandError(str(exc))
    return None


@contextmanager
def startup_failures(database_url: str) -> Iterator[None]:
    """Re-raise a start-up failure met inside as its one-line CommandError; anything else as it is."""
    try:
        yield
    except Exception as exc:
        error = as_command_error(exc, database_url)
        if error is None:
            raise
        raise error from None
