"""APScheduler's wake-up chatter stays out of an INFO log; its warnings still show."""

from __future__ import annotations

import io
import logging

from bot.logging_setup import setup_logging


def test_scheduler_chatter_is_not_logged_at_info() -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    scheduler_log = logging.getLogger("apscheduler.executors.default")
    saved_scheduler_level = logging.getLogger("apscheduler").level
    stream = io.StringIO()
    setup_logging("INFO", secrets=[], stream=stream)
    try:
        scheduler_log.info('Running job "sender" (scheduled at 2026-11-23 10:00:05)')
        scheduler_log.warning("Run time of job was missed by 0:00:07")
        logging.getLogger("bot.test").info("a line of our own")
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        logging.getLogger("apscheduler").setLevel(saved_scheduler_level)
    written = stream.getvalue()
    assert "Running job" not in written
    assert "missed by" in written and "a line of our own" in written
