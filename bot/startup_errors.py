"""One clear line, not a traceback, for every way the database can fail at start: a damaged or truncated SQLite file,
a folder that cannot be made, a PostgreSQL server that does not answer or refuses, a file another process serves, an
upgrade that cannot be applied. Passwords never appear."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storage.db import PG_CONNECT_TIMEOUT, sqlite_file
from storage.migrate import MigrationError
from storage.startup_lock import DatabaseInUse

# asyncpg's messages start with the exception's class, e.g. "<class 'asyncpg.exceptions.InvalidPasswordError'>: …".
_CLASS_PREFIX = re.compile(r"^<class '[^']+'>: ")
_DAMAGED = ("file is not a database", "malformed", "disk image")


class DatabaseUnavailable(Exception):
    """The database cannot be opened, locked or upgraded; the message is one line for the operator."""


@contextmanager
def database_errors(database_url: str) -> Iterator[None]:
    where = describe_database(database_url)
    try:
        yield
    except DatabaseInUse as exc:
        raise DatabaseUnavailable(str(exc)) from None
    except MigrationError as exc:
        raise DatabaseUnavailable(f"database {where} cannot be upgraded: {exc}") from None
    except DBAPIError as exc:
        reason = _CLASS_PREFIX.sub("", str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "")
        reason = reason or type(exc.orig).__name__
        if any(word in reason for word in _DAMAGED):
            reason += " (damaged, or not a SQLite database: restore a backup)"
        raise DatabaseUnavailable(f"database {where} cannot be used: {reason}") from None
    except (FileExistsError, NotADirectoryError) as exc:
        raise DatabaseUnavailable(f"database {where} cannot be made: {exc.filename} is a file, not a folder") from None
    except TimeoutError:
        raise DatabaseUnavailable(f"database {where} does not answer within {PG_CONNECT_TIMEOUT:g} s") from None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        if exc.filename:  # a file or folder beside the database (permissions, a full disk …)
            raise DatabaseUnavailable(f"database {where} cannot be used: {reason}: {exc.filename}") from None
        raise DatabaseUnavailable(f"database {where} cannot be reached: {reason}") from None


def describe_database(database_url: str) -> str:
    """The SQLite file, or the server URL without its password."""
    path = sqlite_file(make_url(database_url))
    return str(path) if path is not None else safe_url(database_url)


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))
