"""Logging with secrets masked: the bot token must never reach a log file."""

from __future__ import annotations

import logging


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # Migration chatter at every start is noise; failures still surface as errors.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLevelName(level)))
