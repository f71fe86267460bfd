"""Sends due outbox items: claim (commit) → compose → send → record, one message per item.

A sender that dies after claiming leaves the claim to expire (storage.outbox.CLAIM_LEASE); the item is
then sent by the next run. Nothing is sent at night: an item found due in quiet hours waits for morning
(messages answering someone's action — kind "message" — and class changes go at once).

Telegram's round trip is 100–300 ms, so several chats are served at once (CONCURRENCY), each chat's items in
order, all within the rate limiter's pace. Every request has a short timeout: a hung call costs one chat a few
seconds and nobody else anything. A 429 pauses every send of the bot (the limiter) for the time Telegram asks.
Started (start()), the sender also runs when woken — right after a commit that wrote due work — and when the
next pending item falls due, so a message leaves within a second of being due; the poll is a safety net.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable
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
# Chats served at once. At 25 msg/s and ~0.2 s per call, 5 would keep the pace; more absorbs slow calls.
CONCURRENCY = 8
# Seconds one sendMessage may take (aiogram's default is 60): a hung call must not hold a sending slot long.
REQUEST_TIMEOUT = 5
# While some chats are still being served, look for newly due items this often.
RECLAIM_SECONDS = 0.5
# Kinds sent whatever the hour: answers to something a person just did, and class changes.
AT_ONCE_KINDS = ("course_notice", "message")


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
        *,
        concurrency: int = CONCURRENCY,
        request_timeout: int = REQUEST_TIMEOUT,
    ) -> None:
        self.sessionmaker, self.bot, self.settings, self.clock = sessionmaker, bot, settings, clock
        self.limiter: Limiter = limiter or RateLimiter(settings.send_rate)
        self.concurrency, self.request_timeout = concurrency, request_timeout
        self._in_flight = asyncio.Semaphore(concurrency)
        self._one_run = asyncio.Lock()  # the poll, wake-ups and the due timer never run side by side
        self._woken = False
        self._waking: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._stop_listening: Callable[[], None] | None = None

    # ---- when to run -------------------------------------------------------------------------
    def start(self, poll_seconds: float) -> None:
        """Run when this process commits due work, and when the next item falls due (if before the poll)."""
        self._poll_seconds = poll_seconds
        self._stop_listening = outbox.on_new_items(self.sessionmaker.kw["bind"], self.wake)

    def stop(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
            self._stop_listening = None
        if self._timer is not None:
            self._timer.cancel()
        if self._waking is not None:
            self._waking.cancel()

    def wake(self) -> None:
        self._woken = True
        if self._stop_listening is not None and (self._waking is None or self._waking.done()):
            # A fresh context: the waking commit's update (its replies, its unit of work) is none of our business.
            loop = asyncio.get_running_loop()
            self._waking = loop.create_task(self._run_while_woken(), context=contextvars.Context())

    async def _run_while_woken(self) -> None:
        while self._woken:
            self._woken = False
            try:
                await self.run_once()
            except Exception:  # the poll tries again; a wake-up must not end in an unretrieved task error
                log.exception("sending due messages failed")

    async def _arm_timer(self) -> None:
        if self._stop_listening is None:
            return
        async with unit_of_work(self.sessionmaker) as session:
            due = await outbox.next_due(session)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if due is not None:
            # At least a moment: an item due now but not claimable (another process has it) must not spin us.
            delay = max(0.1, (due - self.clock.now()).total_seconds() + 0.01)
            if delay < self._poll_seconds:
                self._timer = asyncio.get_running_loop().call_later(delay, self.wake)

    # ---- one run -----------------------------------------------------------------------------
    async def run_once(self, batch: int = BATCH) -> SendReport:
        """Send everything due now until nothing due is left: chats side by side, each chat's items in order.
        A chat still being served (a slow or hung call) is left out of the next claims, so its later items
        cannot overtake, and other chats' items are claimed and sent meanwhile."""
        report = SendReport()
        async with self._one_run:
            serving: dict[int, asyncio.Task[None]] = {}
            while True:
                if len(serving) < self.concurrency:
                    async with unit_of_work(self.sessionmaker) as session:
                        items = await outbox.claim_due(session, self.clock.now(), batch, skip_users=serving.keys())
                    for user_id, chat_items in _by_chat(items).items():
                        serving[user_id] = asyncio.create_task(self._serve_chat(chat_items, report))
                    if not items and not serving:
                        break
                await asyncio.wait(serving.values(), timeout=RECLAIM_SECONDS, return_when=asyncio.FIRST_COMPLETED)
                serving = {user_id: task for user_id, task in serving.items() if not task.done()}
            await self._arm_timer()
        if report.counts:  # one line per run that did something: which process sent what
            log.info("outbox run: %s", ", ".join(f"{k} {n}" for k, n in sorted(report.counts.items())))
        return report

    async def _serve_chat(self, items: list[OutboxItem], report: SendReport) -> None:
        for item in items:
            try:
                async with self._in_flight:
                    report.add(await self.deliver(item))
            except Exception:  # e.g. the database went away: the claim expires and the item is sent later
                log.exception("outbox item %s could not be handled", item.id)
                report.add("error")

    async def deliver(self, item: OutboxItem) -> str:
        now = self.clock.now()
        async with unit_of_work(self.sessionmaker) as session:
            user = await session.get(User, item.user_id)
            if user is None or user.blocked_bot:
                await outbox.finish(session, item.id, "skipped", now, "blocked or gone")
                return "skipped"
            tz = self.settings.tz_for(user.district)
            quiet = planning.in_quiet_hours(now.astimezone(tz).time(), self.settings.quiet)
            if quiet and item.kind not in AT_ONCE_KINDS:
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
            await self.bot.send_message(
                item.user_id, message.text, reply_markup=message.markup, request_timeout=self.request_timeout
            )
        except TelegramRetryAfter as exc:
            await self.limiter.pause(exc.retry_after)  # Telegram means the whole bot, not this chat
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


def _by_chat(items: list[OutboxItem]) -> dict[int, list[OutboxItem]]:
    chats: dict[int, list[OutboxItem]] = {}
    for item in items:  # claimed in sending order; a dict keeps each chat's items in it
        chats.setdefault(item.user_id, []).append(item)
    return chats
