"""Sends due outbox items: claim (commit) → compose → send → record, one message per item.

A sender that dies after claiming leaves the claim to expire (storage.outbox.CLAIM_LEASE); the item is
then sent by the next run. Nothing is sent at night: an item found due in quiet hours waits for morning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from scheduler import planning
from scheduler.messages import Outgoing, Skip, compose
from scheduler.ratelimit import Limiter, RateLimiter
from storage import outbox
from storage.models import User
from storage.models_schedule import OutboxItem, SurveyResponse
from storage.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
BATCH = 200


@dataclass
class SendReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


class Sender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        bot: Bot,
        settings: Settings,
        clock: Clock,
        limiter: Limiter | None = None,
    ) -> None:
        self.sessionmaker, self.bot, self.settings, self.clock = sessionmaker, bot, settings, clock
        self.limiter: Limiter = limiter or RateLimiter(settings.send_rate)

    async def run_once(self, batch: int = BATCH) -> SendReport:
        """Send everything due now, batch by batch, until nothing due is left."""
        report = SendReport()
        while True:
            async with unit_of_work(self.sessionmaker) as session:
                items = await outbox.claim_due(session, self.clock.now(), batch)
            if not items:
                if report.counts:  # one line per run that did something: which process sent what
                    log.info("outbox run: %s", ", ".join(f"{k} {n}" for k, n in sorted(report.counts.items())))
                return report
            for item in items:
                report.add(await self.deliver(item))

    async def deliver(self, item: OutboxItem) -> str:
        now = self.clock.now()
        async with unit_of_work(self.sessionmaker) as session:
            user = await session.get(User, item.user_id)
            if user is None or user.blocked_bot:
                await outbox.finish(session, item.id, "skipped", now, "blocked or gone")
                return "skipped"
            tz = self.settings.tz_for(user.district)
            if planning.in_quiet_hours(now.astimezone(tz).time(), self.settings.quiet) and item.kind != "course_notice":
                if item.kind.startswith("reminder") and planning.is_stale_reminder(item.due_at, now):
                    await outbox.finish(session, item.id, "dropped", now, "moment passed")
                    return "dropped"
                await outbox.retry_later(session, item.id, planning.defer_quiet(now, tz, self.settings.quiet), "quiet")
                return "deferred"
            message = await compose(session, item, user, self.settings, now)
            if isinstance(message, Skip):
                await outbox.finish(session, item.id, message.status, now, message.reason)
                return message.status
        return await self._send(item, message)

    async def _send(self, item: OutboxItem, message: Outgoing) -> str:
        await self.limiter.acquire(item.user_id)
        try:
            await self.bot.send_message(item.user_id, message.text, reply_markup=message.markup)
        except TelegramRetryAfter as exc:
            return await self._retry(item, timedelta(seconds=exc.retry_after), "retry_after")
        except TelegramForbiddenError:
            async with unit_of_work(self.sessionmaker) as session:
                user = await session.get(User, item.user_id)
                if user is not None:
                    user.blocked_bot = True
                await outbox.finish(session, item.id, "skipped", self.clock.now(), "blocked the bot")
                await self._forget_undelivered_survey(session, item)
            return "skipped"
        except (TelegramNetworkError, TelegramServerError) as exc:
            if item.attempts >= MAX_ATTEMPTS:
                return await self._fail(item, type(exc).__name__)
            return await self._retry(item, backoff(item.attempts), type(exc).__name__)
        except TelegramAPIError as exc:  # a bad request is not going to get better by retrying
            return await self._fail(item, f"{type(exc).__name__}: {exc.message}")
        async with unit_of_work(self.sessionmaker) as session:
            now = self.clock.now()
            await outbox.finish(session, item.id, "sent", now)
            if item.kind == "survey":
                await self._plan_nudge(session, item, now)
        return "sent"

    async def _plan_nudge(self, session: AsyncSession, item: OutboxItem, now: datetime) -> None:
        """One gentle reminder a few days after the survey, dropped at send time if it was answered."""
        response = await session.scalar(
            select(SurveyResponse).where(
                SurveyResponse.enrolment_id == item.enrolment_id, SurveyResponse.wave == item.payload.get("wave")
            )
        )
        if response is None:
            return
        user = await session.get(User, item.user_id)
        tz = self.settings.tz_for(user.district if user else None)
        due = planning.defer_quiet(now + planning.NUDGE_AFTER, tz, self.settings.quiet)
        await outbox.schedule(
            session,
            f"nudge:{response.id}",
            "nudge",
            item.user_id,
            due,
            enrolment_id=item.enrolment_id,
            payload={"response_id": response.id},
        )

    async def _retry(self, item: OutboxItem, wait: timedelta, why: str) -> str:
        async with unit_of_work(self.sessionmaker) as session:
            await outbox.retry_later(session, item.id, self.clock.now() + wait, why)
        return "retried"

    async def _fail(self, item: OutboxItem, why: str) -> str:
        log.warning("outbox item %s failed for good: %s", item.id, why)
        async with unit_of_work(self.sessionmaker) as session:
            await outbox.finish(session, item.id, "failed", self.clock.now(), why)
            await self._forget_undelivered_survey(session, item)
        return "failed"

    async def _forget_undelivered_survey(self, session: AsyncSession, item: OutboxItem) -> None:
        """A survey that never reached the person must not count as sent in the statistics."""
        if item.kind == "survey":
            await session.execute(
                delete(SurveyResponse).where(
                    SurveyResponse.enrolment_id == item.enrolment_id,
                    SurveyResponse.wave == item.payload.get("wave"),
                    SurveyResponse.answered_at.is_(None),
                )
            )
