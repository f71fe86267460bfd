"""Benchmark of the outbox sender (scheduler.sender.Sender) against the local Bot API stand-in.

Run A (throughput): N users and N due "course_notice" items in a temporary SQLite file, sent through real HTTP
to tests/botapi_stub.py on 127.0.0.1 with a limiter far above the sender's own speed. Reports insertion time,
wall time, items/s, database size (+WAL), peak RSS, and checks exactly-once: one sendMessage per chat, every
item "sent". With --errors F a fraction F of chats is answered 429 (retry_after) once and another F is
answered 403 (blocked); the clock is then moved past retry_after and the sender run again.

Run B (limit compliance): a fresh database with a smaller set, sent with the configured rate (SEND_RATE,
default 25/s). The rate achieved is measured from the stub's receive timestamps, plus the largest number of
sends in any 1-second window.

    /work/venv/bin/python benchmarks/bench_scheduler.py [--items 100000] [--fast-rate 2000] [--paced-items 1000]
        [--rate 25] [--errors 0.0] [--tracemalloc] [--profile FILE]

Only 127.0.0.1 is contacted; temporary files are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import collections
import cProfile
import itertools
import pstats
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, insert, select

from bot.app import create_bot
from bot.clock import FixedClock
from bot.config import load_settings
from bot.runtime import Runtime, open_runtime
from catalog.model import Course
from scheduler.ratelimit import RateLimiter
from scheduler.sender import BATCH, Sender
from storage.courses import upsert_courses
from storage.models import CourseRow, User
from storage.models_schedule import OutboxItem
from storage.unit_of_work import unit_of_work
from tests.botapi_stub import BotApiStub, Call

TOKEN = "123456:BENCH-token"
# A weekday at 10:00 in Shanghai: outside the default 21:00-08:00 quiet hours.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DISTRICT = "海州区"
FIRST_USER_A = 700_000_000  # Telegram-like ids; run B uses another range so the two runs never mix
FIRST_USER_B = 800_000_000
INSERT_CHUNK = 5_000
RETRY_AFTER = 3  # seconds, what the stub asks for on a 429
COURSE = Course(
    code="BENCH-1",
    title="焊工（初级）培训班",
    occupation="焊工",
    level="初级工",
    category="岗位技能提升培训",
    provider="连云港市测试职业培训学校",
    district=DISTRICT,
    address="连云港市海州区测试路1号",
    lat=34.6,
    lon=119.2,
    start_date=date(2026, 12, 7),
    end_date=date(2026, 12, 25),
    hours=80,
    capacity=30,
    subsidy_yuan=1200,
    fee_yuan=0,
    eligible_groups=("失业人员",),
    contact="0518-80000000",
)


class BenchBotApi(BotApiStub):
    """The test stub, optionally refusing some chats: a 429 on the first try, or a 403 every time.

    Refused calls go to `refused`, so `calls` holds only the messages Telegram would have delivered.
    """

    def __init__(self, token: str, *, errors: float = 0.0) -> None:
        super().__init__(token)
        self.period = round(1 / errors) if errors > 0 else 0
        self.refused: list[Call] = []
        self._throttled: set[int] = set()

    def throttles(self, chat_id: int) -> bool:
        return bool(self.period) and chat_id % self.period == 0

    def blocks(self, chat_id: int) -> bool:
        return bool(self.period) and chat_id % self.period == 1

    async def _handle(self, request: web.Request) -> web.Response:
        if self.period and request.match_info["method"] == "sendMessage":
            form = await request.post()  # aiohttp caches the parsed form for the parent's second read
            chat_id = int(str(form.get("chat_id", "0")))
            if self.blocks(chat_id):
                self.refused.append(Call("sendMessage", {"chat_id": chat_id, "error": 403}))
                body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
                return web.json_response(body, status=403)
            if self.throttles(chat_id) and chat_id not in self._throttled:
                self._throttled.add(chat_id)
                self.refused.append(Call("sendMessage", {"chat_id": chat_id, "error": 429}))
                body = {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {RETRY_AFTER}",
                    "parameters": {"retry_after": RETRY_AFTER},
                }
                return web.json_response(body, status=429)
        return await super()._handle(request)


# ---- measuring ------------------------------------------------------------------------------------
def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def db_sizes_mb(db: Path) -> tuple[float, float]:
    wal = db.with_name(db.name + "-wal")
    size = db.stat().st_size if db.exists() else 0
    return size / 2**20, (wal.stat().st_size if wal.exists() else 0) / 2**20


def max_in_window(times: list[float], width: float = 1.0) -> int:
    """The largest number of sends in any half-open window [t, t + width), t running over the send times."""
    times = sorted(times)
    return max((bisect.bisect_left(times, t + width) - i for i, t in enumerate(times)), default=0)


@dataclass
class Row:
    label: str
    value: str
    ok: bool | None = None  # None: a figure, not a check


def table(title: str, rows: list[Row]) -> None:
    width = max(len(r.label) for r in rows)
    print(f"\n{title}")
    print("-" * len(title))
    for r in rows:
        mark = "" if r.ok is None else ("  ok" if r.ok else "  FAIL")
        print(f"  {r.label:<{width}}  {r.value}{mark}")


# ---- setting up ---------------------------------------------------------------------------------
@asynccontextmanager
async def bench_runtime(workdir: Path, name: str, api_base: str, rate: float | None) -> AsyncIterator[Runtime]:
    extra: dict[str, Any] = {} if rate is None else {"send_rate": rate}
    settings = load_settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{workdir / name}",
        bot_token=SecretStr(TOKEN),
        telegram_api_base=api_base,
        **extra,
    )
    async with open_runtime(settings, clock=FixedClock(settings.tz, NOW), sample=False) as runtime:
        yield runtime


def chunks(seq: range, size: int) -> list[range]:
    return [seq[i : i + size] for i in range(0, len(seq), size)]


async def populate(runtime: Runtime, first_user: int, count: int) -> tuple[float, float]:
    """One course, `count` users and one due course notice each; returns (users, items) insertion seconds."""
    async with unit_of_work(runtime.sessionmaker) as session:
        await upsert_courses(session, [COURSE])
    async with runtime.sessionmaker() as session:
        course_id = await session.scalar(select(CourseRow.id).where(CourseRow.code == COURSE.code))
    ids = range(first_user, first_user + count)
    due = NOW - timedelta(minutes=1)
    started = time.perf_counter()
    async with unit_of_work(runtime.sessionmaker) as session:
        for part in chunks(ids, INSERT_CHUNK):
            await session.execute(
                insert(User), [{"id": i, "display_name": f"u{i}", "district": DISTRICT} for i in part]
            )
    users_s = time.perf_counter() - started
    started = time.perf_counter()
    async with unit_of_work(runtime.sessionmaker) as session:
        for part in chunks(ids, INSERT_CHUNK):
            rows = [
                {
                    "key": f"notice:bench:{i}",
                    "kind": "course_notice",
                    "user_id": i,
                    "due_at": due,
                    "status": "pending",
                    "attempts": 0,
                    "payload": {"change": "rescheduled", "course_id": course_id},
                }
                for i in part
            ]
            await session.execute(insert(OutboxItem), rows)
    return users_s, time.perf_counter() - started


async def statuses(runtime: Runtime) -> dict[str, int]:
    async with runtime.sessionmaker() as session:
        result = await session.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status))
        return {status: n for status, n in result.all()}


async def blocked_users(runtime: Runtime) -> int:
    async with runtime.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(User).where(User.blocked_bot.is_(True))) or 0


def sends_by_chat(stub: BotApiStub) -> collections.Counter[int]:
    return collections.Counter(int(c.params.get("chat_id", 0)) for c in stub.calls if c.method == "sendMessage")


class Phases:
    """Seconds spent in the sender's steps, from timing wrappers on this one sender and bot (no profiler).

    deliver() = load user and course, compose, commit, then _send(); _send() = limiter, HTTP, record "sent".
    """

    def __init__(self, sender: Sender) -> None:
        self.seconds: collections.Counter[str] = collections.Counter()
        sender.deliver = self._timed("deliver", sender.deliver)  # type: ignore[method-assign]
        sender._send = self._timed("send", sender._send)  # type: ignore[method-assign]
        sender.limiter.acquire = self._timed("limiter", sender.limiter.acquire)  # type: ignore[method-assign]
        sender.bot.send_message = self._timed("http", sender.bot.send_message)  # type: ignore[method-assign]

    def _timed(self, name: str, call: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await call(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started

        return wrapper

    def per_item_ms(self, wall: float, items: int) -> str:
        s = self.seconds
        parts = {
            "claim": wall - s["deliver"],
            "load+compose": s["deliver"] - s["send"],
            "limiter": s["limiter"],
            "HTTP": s["http"],
            "record": s["send"] - s["http"] - s["limiter"],
        }
        return ", ".join(f"{k} {1000 * v / items:.2f}" for k, v in parts.items())


async def run_sender(
    sender: Sender, timeout: float, profile: cProfile.Profile | None, batch: int = BATCH
) -> dict[str, int]:
    if profile is not None:
        profile.enable()
    try:
        report = await asyncio.wait_for(sender.run_once(batch), timeout)
    finally:
        if profile is not None:
            profile.disable()
    return report.counts


# ---- run A: throughput and exactly-once -----------------------------------------------------------
async def run_a(args: argparse.Namespace, workdir: Path) -> bool:
    stub = BenchBotApi(TOKEN, errors=args.errors)
    api_base = await stub.start()
    profile = cProfile.Profile() if args.profile else None
    try:
        async with bench_runtime(workdir, "a.db", api_base, None) as runtime:
            n = args.items
            users_s, items_s = await populate(runtime, FIRST_USER_A, n)
            rss_before = rss_mb()
            bot = create_bot(runtime.settings)
            try:
                sender = Sender(runtime.sessionmaker, bot, runtime.settings, runtime.clock, RateLimiter(args.fast_rate))
                phases = Phases(sender)
                if args.tracemalloc:
                    tracemalloc.start()
                started = time.perf_counter()
                counts = await run_sender(sender, args.timeout, profile, args.batch)
                first_pass_s = time.perf_counter() - started
                second: dict[str, int] = {}
                if args.errors:  # the 429'd items are due again once retry_after has passed
                    runtime.clock.at = NOW + timedelta(seconds=RETRY_AFTER + 1)  # type: ignore[attr-defined]
                    second = await run_sender(sender, args.timeout, profile, args.batch)
                wall = time.perf_counter() - started
                traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
                tracemalloc.stop()
            finally:
                await bot.session.close()
            db_mb, wal_mb = db_sizes_mb(workdir / "a.db")
            states = await statuses(runtime)
            blocked = await blocked_users(runtime)
    finally:
        await stub.stop()

    ids = range(FIRST_USER_A, FIRST_USER_A + n)
    expect_blocked = sum(stub.blocks(i) for i in ids)
    expect_sent = n - expect_blocked
    per_chat = sends_by_chat(stub)
    duplicates = sum(c - 1 for c in per_chat.values() if c > 1)
    missing = sum(1 for i in ids if not stub.blocks(i) and per_chat.get(i, 0) == 0)
    wrong_chat = sum(c for chat, c in per_chat.items() if chat not in ids or stub.blocks(chat))
    left = n - states.get("sent", 0) - states.get("skipped", 0)
    sent = states.get("sent", 0)

    rows = [
        Row("items", f"{n:,}"),
        Row("insert users / items", f"{users_s:.2f} s / {items_s:.2f} s ({2 * n / (users_s + items_s):,.0f} rows/s)"),
        Row("limiter / claim batch", f"{args.fast_rate:g} msg/s / {args.batch}"),
        Row("wall time", f"{wall:.1f} s" + (f" (first pass {first_pass_s:.1f} s)" if args.errors else "")),
        Row("throughput", f"{sent / wall:,.0f} items/s ({1000 * wall / n:.2f} ms per item)"),
        Row("ms per item", phases.per_item_ms(wall, n)),
        Row("sender outcomes", ", ".join(f"{k}={v:,}" for k, v in sorted(counts.items()))),
    ]
    if args.errors:
        rows.append(Row("second pass", ", ".join(f"{k}={v:,}" for k, v in sorted(second.items()))))
        rows.append(Row("refused by stub", f"{len(stub.refused):,} (429 once, 403 always)"))
    rows += [
        Row("database / WAL", f"{db_mb:.1f} MB / {wal_mb:.1f} MB"),
        Row(
            "RSS imports / before run / peak",
            f"{args.rss_at_start:.0f} / {rss_before:.0f} / {peak_rss_mb():.0f} MB (stub in the same process)",
        ),
    ]
    if traced_peak is not None:
        rows.append(Row("tracemalloc peak (run)", f"{traced_peak:.1f} MB"))
    rows += [
        Row(
            "sendMessage per chat",
            f"duplicates={duplicates}, missing={missing}, unexpected={wrong_chat}",
            duplicates == missing == wrong_chat == 0,
        ),
        Row(
            "items not finished",
            f"left={left} ({', '.join(f'{k}={v:,}' for k, v in sorted(states.items()))})",
            left == 0 and sent == expect_sent,
        ),
    ]
    if args.errors:
        rows.append(Row("blocked users marked", f"{blocked:,} of {expect_blocked:,}", blocked == expect_blocked))
    table("Run A: throughput (real HTTP to the local stub)", rows)
    if profile is not None:
        profile.dump_stats(args.profile)
        print(f"\n  profile written to {args.profile}; top functions by own time:")
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    return all(r.ok is not False for r in rows)


# ---- run B: the configured rate -------------------------------------------------------------------
async def run_b(args: argparse.Namespace, workdir: Path) -> bool:
    stub = BenchBotApi(TOKEN)
    api_base = await stub.start()
    try:
        async with bench_runtime(workdir, "b.db", api_base, args.rate) as runtime:
            n = args.paced_items
            await populate(runtime, FIRST_USER_B, n)
            limit = runtime.settings.send_rate
            bot = create_bot(runtime.settings)
            try:
                # No limiter passed: the sender builds its own from settings.send_rate, as in production.
                sender = Sender(runtime.sessionmaker, bot, runtime.settings, runtime.clock)
                started = time.perf_counter()
                counts = await run_sender(sender, args.timeout, None)
                wall = time.perf_counter() - started
            finally:
                await bot.session.close()
            states = await statuses(runtime)
    finally:
        await stub.stop()

    times = sorted(c.at for c in stub.calls if c.method == "sendMessage")
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    # n sends paced at r/s are n - 1 intervals apart: (n - 1) / span is the rate; n / span overstates it.
    achieved = (len(times) - 1) / span if span else 0.0
    gaps = [b - a for a, b in itertools.pairwise(times)]
    window = max_in_window(times)
    ratio = achieved / limit
    per_chat = sends_by_chat(stub)
    rows = [
        Row("items", f"{n:,} (one per chat)"),
        Row("limit (settings.send_rate)", f"{limit:g} msg/s"),
        Row("wall time", f"{wall:.2f} s (first to last send {span:.2f} s)"),
        Row("achieved", f"{achieved:.3f} msg/s = (count - 1) / span; count / span = {len(times) / span:.3f}"),
        Row("achieved / limit", f"{ratio:.4f}", 0.95 <= ratio <= 1.0),
        Row("max sends in any 1 s window", f"{window} (limit {limit:g})", window <= int(limit) + 1),
        Row(
            "gap min / median / max",
            f"{1000 * min(gaps):.1f} / {1000 * sorted(gaps)[len(gaps) // 2]:.1f} / "
            f"{1000 * max(gaps):.1f} ms (target {1000 / limit:.1f})",
        ),
        Row("sender outcomes", ", ".join(f"{k}={v:,}" for k, v in sorted(counts.items()))),
        Row(
            "exactly once",
            f"chats={len(per_chat):,}, max per chat={max(per_chat.values(), default=0)}, "
            f"sent={states.get('sent', 0):,}",
            len(per_chat) == n and max(per_chat.values()) == 1 and states.get("sent", 0) == n,
        ),
    ]
    table("Run B: limit compliance (stub receive timestamps)", rows)
    return all(r.ok is not False for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="users and due items in run A")
    parser.add_argument("--fast-rate", type=float, default=2000.0, help="limiter rate (msg/s) in run A")
    parser.add_argument("--paced-items", type=int, default=1_000, help="items in run B (0 skips it)")
    parser.add_argument("--rate", type=float, default=None, help="SEND_RATE for run B (default: the setting's)")
    parser.add_argument("--errors", type=float, default=0.0, help="run A: fraction of chats 429'd once, and 403'd")
    parser.add_argument("--tracemalloc", action="store_true", help="trace run A's allocations (slows it down)")
    parser.add_argument("--profile", metavar="FILE", help="cProfile run A's sender into FILE (slows it down)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up on a sender run after this long")
    parser.add_argument("--batch", type=int, default=BATCH, help="run A: items claimed per batch (run_once)")
    parser.add_argument("--skip-a", action="store_true", help="only run B")
    args = parser.parse_args()
    if args.items < 1 or not 0 <= args.errors < 0.5:
        parser.error("--items must be positive and --errors in [0, 0.5)")

    args.rss_at_start = rss_mb()
    workdir = Path(tempfile.mkdtemp(prefix="bench_scheduler_"))
    ok = True
    try:
        if not args.skip_a:
            ok &= asyncio.run(run_a(args, workdir))
        if args.paced_items > 1:
            ok &= asyncio.run(run_b(args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
