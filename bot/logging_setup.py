"""Logging with secrets and personal data masked: the bot token and phone numbers never reach a log."""

from __future__ import annotations

import logging
import re
from typing import TextIO

# Mainland mobile numbers in every way people write them: with or without +86 / 0086, ASCII or full-width digits
# (１３８…), spaced or dashed (138 0013 8000, 138-0013-8000), alone or inside text (联系138-0013-8000).
_DIGIT = "[0-9\uff10-\uff19]"
_SEP = "[ \t\u3000\\-\u2010-\u2015\uff0d]{0,2}"
PHONE = re.compile(
    rf"(?<!{_DIGIT})((?:[+\uff0b]|00)?[8\uff18][6\uff16]{_SEP})?"
    rf"([1\uff11]{_SEP}[3-9\uff13-\uff19](?:{_SEP}{_DIGIT}){{9}})(?!{_DIGIT})"
)
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９＋", "0123456789+")


def _kept(text: str, allowed: str) -> str:
    return "".join(ch for ch in text.translate(_ASCII_DIGITS) if ch in allowed)


def _masked(match: re.Match[str]) -> str:
    country, digits = _kept(match.group(1) or "", "+0123456789"), _kept(match.group(2), "0123456789")
    return f"{country}{digits[:3]}****{digits[-4:]}"


def mask_phones(text: str) -> str:
    """The one phone masking of the project (logs, exports): keeps the first 3 and last 4 digits."""
    return PHONE.sub(_masked, text)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = mask_phones(message)
        for secret in self._secrets:
            cleaned = cleaned.replace(secret, "***")
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(level: str, secrets: list[str], stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quieter = max(logging.WARNING, logging.getLevelName(level))
    # Migration chatter at every start is noise; failures still surface as errors.
    logging.getLogger("alembic").setLevel(quieter)
    # APScheduler logs every wake-up ("Running job …", every few seconds) at INFO; its warnings still show.
    logging.getLogger("apscheduler").setLevel(quieter)
    # aiosqlite logs every statement with its parameters at DEBUG: never useful, and full of personal data.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLevelName(level)))
