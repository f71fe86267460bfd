"""Settings from the environment and an optional .env file."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.db import sqlite_file

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.db"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    # Polling hands each update to its own task; cap them so a flood cannot exhaust memory.
    # An update in flight mostly waits for Telegram to take its replies, sent after its commit (SQLite's write lock
    # is not held then). Still, each writing update holds that lock for part of its handler: 50 at once on a busy
    # 2-core machine let two wait past the busy timeout in the latency benchmark; 20 none.
    max_concurrent_updates: int = Field(default=20, ge=1)
    # Scheduled messages (reminders, surveys): never at night in the person's time zone.
    quiet_hours: str = "21:00-08:00"
    survey_waves: Annotated[tuple[int, ...], NoDecode] = (30, 90, 180)
    class_start_time: time = time(9, 0)  # courses carry a date; classes are assumed to start at this local time
    send_rate: float = Field(default=25.0, gt=0, le=30)  # messages per second overall (Telegram allows ~30)
    # Per-user flood guard: sustained messages per second and the burst allowed on top.
    flood_rate: float = Field(default=1.0, gt=0)
    flood_burst: int = Field(default=8, ge=1)
    # Districts whose people live in another time zone than TIMEZONE, as JSON: {"某区": "Asia/Urumqi"}.
    district_timezones: dict[str, str] = {}
    # Optional Redis (redis://host:port/db): dialogue state, per-chat ordering and the send rate are then shared
    # by every process of the bot. REDIS_PREFIX keeps several bots (or test runs) apart on one Redis.
    redis_url: str | None = None
    redis_prefix: str = "bot"
    # Webhook mode (`python -m bot webhook`): Telegram posts updates to WEBHOOK_URL (the public https address that
    # the reverse proxy forwards to WEBHOOK_HOST:WEBHOOK_PORT + WEBHOOK_PATH) with WEBHOOK_SECRET in the
    # X-Telegram-Bot-Api-Secret-Token header.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/telegram/webhook"
    # Voice messages (optional): ASR_URL is an OpenAI-compatible /v1/audio/transcriptions endpoint, e.g. a
    # self-hosted speaches (faster-whisper) server. Without it a voice message gets a kind "please type".
    asr_url: str | None = None
    asr_model: str = "Systran/faster-whisper-small"
    asr_api_key: SecretStr | None = None
    asr_language: str = "zh"
    asr_timeout: float = Field(default=15.0, gt=0, le=60)  # seconds for download and transcription together
    asr_max_seconds: int = Field(default=60, ge=1, le=600)  # longer voice messages are not transcribed
    asr_max_bytes: int = Field(default=1_000_000, ge=1)  # nor bigger files (60 s of Telegram voice is ~100 kB)

    @field_validator("telegram_api_base")
    @classmethod
    def _check_api_base(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. https://api.telegram.org")
        return value

    @field_validator("asr_url")
    @classmethod
    def _check_asr_url(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://, e.g. http://127.0.0.1:8000/v1/audio/transcriptions")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError("is not a database URL, e.g. sqlite+aiosqlite:///./data/bot.db") from None
        if url.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError("needs an async driver: sqlite+aiosqlite:///FILE or postgresql+asyncpg://…")
        return value.strip()

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must look like redis://127.0.0.1:6379/0")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @field_validator("webhook_path")
    @classmethod
    def _check_webhook_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with /, e.g. /telegram/webhook")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890")
            return tuple(int(p) for p in parts)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @field_validator("survey_waves", mode="before")
    @classmethod
    def _split_waves(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not parts or not all(p.isdigit() and int(p) > 0 for p in parts):
                raise ValueError("must be days after the course ends, separated by commas, e.g. 30,90,180")
            return tuple(sorted({int(p) for p in parts}))
        return value

    @field_validator("district_timezones")
    @classmethod
    def _check_district_timezones(cls, value: dict[str, str]) -> dict[str, str]:
        for zone in value.values():
            cls._check_timezone(zone)
        return value

    @property
    def quiet(self) -> tuple[time, time]:
        return parse_quiet_hours(self.quiet_hours)

    def tz_for(self, district: str | None) -> ZoneInfo:
        return ZoneInfo(self.district_timezones.get(district or "", self.timezone))

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not an IANA time zone, e.g. Asia/Shanghai") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def sqlite_path(self) -> Path | None:
        """The SQLite file of DATABASE_URL (None for PostgreSQL or an in-memory database): storage.db decides."""
        return sqlite_file(make_url(self.database_url))

    def require_webhook_secret(self) -> str:
        if self.webhook_secret is None:
            raise ConfigError(
                "WEBHOOK_SECRET is not set: webhook mode needs a secret (e.g. `openssl rand -hex 32`) so that only "
                "Telegram can post updates"
            )
        return self.webhook_secret.get_secret_value()

    def require_token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError("BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in .env or the environment")
        return self.bot_token.get_secret_value().strip()


def parse_quiet_hours(value: str) -> tuple[time, time]:
    """ "21:00-08:00" -> (21:00, 08:00); an empty string means no quiet hours (00:00-00:00)."""
    if not value.strip():
        return time(0), time(0)
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise ValueError("must look like 21:00-08:00") from None
    return start, end


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation errors into one ConfigError line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name} {message}") from None
