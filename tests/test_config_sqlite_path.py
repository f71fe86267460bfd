"""Settings.sqlite_path() is storage.db.sqlite_file() of DATABASE_URL: one answer to "which SQLite file?"."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from storage.db import sqlite_file


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite+aiosqlite:///./data/bot.db", Path("data/bot.db")),
    ("sqlite+aiosqlite:////var/lib/bot/bot.db", Path("/var/lib/bot/bot.db")),
    ("sqlite+aiosqlite:///:memory:", None),
    ("sqlite+aiosqlite://", None),
    ("postgresql+asyncpg://bot:secret@127.0.0.1:5432/bot", None),
])  # fmt: skip
def test_the_settings_name_the_file_storage_opens(url: str, path: Path | None) -> None:
    settings = Settings(_env_file=None, database_url=url)
    assert settings.sqlite_path() == path == sqlite_file(make_url(url))
