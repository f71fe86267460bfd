"""Benchmark of one broadcast to N synthetic users through the real outbox sender and real HTTP.

Run A (steady): N users in a temporary SQLite file; one broadcast created as /broadcast creates it (count, then
one INSERT … SELECT of N outbox items); Sender.run_once at --rate msg/s against tests/botapi_stub.py (the
BenchBotApi of bench_scheduler.py: a fraction --errors of chats gets a 429 once, another fraction a 403), with
the progress job (scheduler.broadcast.track_progress) running every second as in production. Reports the
materialisation time, the achieved rate against --rate (stub receive times, refused tries included), the most
sends in any 1-second window, duplicates (must be 0), items left unsent (must be 0) and the final report.

Run B (kill -9): the same, but the sender runs in a child process that is SIGKILLed when about half has been
delivered; a new child finishes the job with its clock moved past the claim lease (what a restart 5 minutes
later sees). A kill between Telegram accepting a message and the row being marked sent repeats that message:
the figure reported is the real one.

    /work/venv/bin/python benchmarks/bench_broadcast.py [--items 100000] [--rate 25] [--errors 0.01]
        [--kill-items 20000] [--kill-rate 1000] [--kills 1]

100k messages at 25/s take about 67 minutes; use --items/--rate for a shorter run (--items 0 skips run A,
--kill-items 0 skips run B). Only 127.0.0.1 is contacted; temporary files are removed. Figures only, no
asserts on speed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import SecretStr
from sqlalchemy import func, insert, select

from benchmarks.bench_scheduler import (
    INSERT_CHUNK,
    TOKEN,
    BenchBotApi,
    Row,
    chunks,
    db_sizes_mb,
    max_in_window,
    peak_rss_mb,
    sends_by_chat,
    table,
)
from bot.app import create_bot
from bot.clock import Clock
from bot.config import Settings, load_settings
from bot.runtime import Runtime, open_runtime
from bot.services import broadcast as broadcast_service
from scheduler.broadcast import track_progress
from scheduler.ratelimit import RateLimiter
from scheduler.sender import Sender
from storage import broadcasts
from storage.broadcasts import Audience
from storage.models import User
from storage.models_schedule import OutboxItem
from storage.models_staff import Broadcast
from storage.outbox import CLAIM_LEASE
from storage.unit_of_work import unit_of_work

# The staff member's chat (progress edits, final report); not one the stub refuses (ids ≡ 0 or 1 mod its period).
CREATOR = 7
FIRST_USER = 900_000_000
DISTRICT = "海州区"


class ShiftedClock(Clock):
    """Real time moved by a fixed offset: a restarted child sees the dead child's claims as expired."""

    def __init__(self, settings: Settings, shift: timedelta) -> None:
        super().__init__(settings.tz)
        self.shift = shift

    def now(self) -> datetime:
        return super().now() + self.shift


def bench_settings(db: Path, api_base: str) -> Settings:
    # No quiet hours: the run must not depend on the time of day it is started at.
    return load_settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{db}",
        bot_token=SecretStr(TOKEN),
        telegram_api_base=api_base,
        quiet_hours="",
    )


async def prepare(runtime: Runtime, n: int) -> tuple[int, float, float]:
    """N users, then the broadcast as /broadcast creates it; returns (broadcast id, users s, broadcast s)."""
    started = time.perf_counter()
    async with unit_of_work(runtime.sessionmaker) as session:
        for part in chunks(range(FIRST_USER, FIRST_USER + n), INSERT_CHUNK):
            await session.execute(
                insert(User), [{"id": i, "display_name": f"u{i}", "district": DISTRICT} for i in part]
            )
        session.add(User(id=CREATOR, display_name="staff"))  # the final report goes to them through the outbox
    users_s = time.perf_counter() - started
    started = time.perf_counter()
    async with unit_of_work(runtime.sessionmaker) as session:
        b = await broadcast_service.start(
            session,
            broadcasts.recipients(Audience(districts=(DISTRICT,))),
            created_by=CREATOR,
            now=runtime.clock.now(),
            text="本周六市人社局举办专场招聘会，欢迎参加。",
        )
        assert b is not None
        b.progress_chat_id, b.progress_message_id = CREATOR, 1
        broadcast_id = b.id
    return broadcast_id, users_s, time.perf_counter() - started


async def statuses(runtime: Runtime) -> dict[str, int]:
    async with runtime.sessionmaker() as session:
        result = await session.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status))
        return dict(result.all())  # type: ignore[arg-type]


async def left(runtime: Runtime) -> int:
    counts = await statuses(runtime)
    return sum(counts.get(s, 0) for s in broadcasts.LEFT)


async def send_all(runtime: Runtime, sender: Sender, timeout: float) -> dict[str, int]:
    """Run the sender until nothing is left (429'd items come due again a few seconds later)."""
    outcomes: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = await sender.run_once()
        for key, value in report.counts.items():
            outcomes[key] = outcomes.get(key, 0) + value
        if await left(runtime) == 0:
            break
        await asyncio.sleep(0.2)
    return outcomes


def delivery_rows(stub: BenchBotApi, n: int, states: dict[str, int], allowed_duplicates: int) -> list[Row]:
    ids = range(FIRST_USER, FIRST_USER + n)
    per_chat = sends_by_chat(stub)
    per_chat.pop(CREATOR, None)
    duplicates = sum(c - 1 for c in per_chat.values() if c > 1)
    missing = sum(1 for i in ids if not stub.blocks(i) and per_chat.get(i, 0) == 0)
    not_finished = sum(states.get(s, 0) for s in broadcasts.LEFT)
    rows = [
        Row("outbox statuses", ", ".join(f"{k}={v:,}" for k, v in sorted(states.items()))),
        Row(
            "duplicates (extra sends)", f"{duplicates} (allowed {allowed_duplicates})", duplicates <= allowed_duplicates
        ),
        Row("missing (never delivered)", f"{missing}", missing == 0),
        Row("left unsent", f"{not_finished}", not_finished == 0),
    ]
    return rows


# ---- run A: one broadcast at the configured rate -----------------------------------------------
async def run_a(args: argparse.Namespace, workdir: Path) -> bool:
    stub = BenchBotApi(TOKEN, errors=args.errors)
    api_base = await stub.start()
    progress_s: list[float] = []
    try:
        settings = bench_settings(workdir / "a.db", api_base)
        async with open_runtime(settings, sample=False) as runtime:
            n = args.items
            broadcast_id, users_s, created_s = await prepare(runtime, n)
            bot = create_bot(settings)
            sender = Sender(runtime.sessionmaker, bot, settings, runtime.clock, RateLimiter(args.rate))
            shown: dict[int, str] = {}
            done = asyncio.Event()

            async def watch() -> None:  # the scheduler's 5-second job, every second here
                while not done.is_set():
                    t = time.perf_counter()
                    if await track_progress(runtime.sessionmaker, bot, runtime.clock, shown):
                        done.set()
                    progress_s.append(time.perf_counter() - t)
                    await asyncio.sleep(1.0)

            watcher = asyncio.create_task(watch())
            started = time.perf_counter()
            try:
                outcomes = await send_all(runtime, sender, args.timeout)
                wall = time.perf_counter() - started
                await asyncio.wait_for(done.wait(), 10)
                await sender.run_once()  # the final report, written to the outbox by the progress job
            finally:
                done.set()
                await watcher
                await bot.session.close()
            states = await statuses(runtime)
            async with runtime.sessionmaker() as session:
                final = await session.get(Broadcast, broadcast_id)
                assert final is not None
            db_mb, wal_mb = db_sizes_mb(workdir / "a.db")
    finally:
        await stub.stop()

    tries = sorted(c.at for c in [*stub.calls, *stub.refused] if c.method == "sendMessage" and _chat(c) != CREATOR)
    span = tries[-1] - tries[0] if len(tries) > 1 else 0.0
    achieved = (len(tries) - 1) / span if span else 0.0
    window = max_in_window(tries)
    reports = [c for c in stub.calls if c.method == "sendMessage" and _chat(c) == CREATOR]
    edits = [c for c in stub.calls if c.method == "editMessageText"]
    rows = [
        Row("recipients", f"{n:,} (errors: {args.errors:.1%} of chats 429 once, {args.errors:.1%} 403)"),
        Row("insert users", f"{users_s:.2f} s"),
        Row("create broadcast (count + INSERT…SELECT)", f"{created_s:.2f} s ({n / created_s:,.0f} items/s)"),
        Row("wall time (send)", f"{wall:.1f} s"),
        Row("configured rate", f"{args.rate:g} msg/s"),
        Row("achieved rate (all tries)", f"{achieved:.2f} msg/s = {achieved / args.rate:.3f} of the limit"),
        Row("max tries in any 1 s window", f"{window} (limit {args.rate:g})"),
        Row("sender outcomes", ", ".join(f"{k}={v:,}" for k, v in sorted(outcomes.items()))),
        Row(
            "progress job",
            f"{len(progress_s)} runs, median {1000 * statistics.median(progress_s):.1f} ms, "
            f"max {1000 * max(progress_s):.1f} ms; {len(edits)} edits",
        ),
        Row(
            "broadcast status / final report",
            f"{final.status} / {len(reports)} sent",
            final.status == "done" and len(reports) == 1,
        ),
    ]
    rows += delivery_rows(stub, n, states, allowed_duplicates=0)
    rows += [
        Row("database / WAL", f"{db_mb:.1f} MB / {wal_mb:.1f} MB"),
        Row("peak RSS", f"{peak_rss_mb():.0f} MB (stub in the same process)"),
    ]
    table(f"Run A: one broadcast to {n:,} users at {args.rate:g} msg/s (real HTTP to the local stub)", rows)
    return all(r.ok is not False for r in rows)


def _chat(call: Any) -> int:
    return int(call.params.get("chat_id", 0) or 0)


# ---- run B: the sender killed with SIGKILL half-way ---------------------------------------------
async def spawn(db: Path, api_base: str, rate: float, shift: timedelta) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--child",
        str(db),
        api_base,
        str(rate),
        str(shift.total_seconds()),
    )


async def run_b(args: argparse.Namespace, workdir: Path) -> bool:
    stub = BenchBotApi(TOKEN, errors=args.errors)
    api_base = await stub.start()
    db = workdir / "b.db"
    n = args.kill_items
    try:
        settings = bench_settings(db, api_base)
        async with open_runtime(settings, sample=False) as runtime:
            await prepare(runtime, n)
        killed_at: list[int] = []
        shift = timedelta(0)
        started = time.perf_counter()
        for k in range(1, args.kills + 1):
            child = await spawn(db, api_base, args.kill_rate, shift)
            target = n * k // (args.kills + 1)
            # The stub notifies on every call: wake when the target-th message has been accepted.
            await stub.wait_for("sendMessage", after=target - 1, timeout=args.timeout)
            os.kill(child.pid, signal.SIGKILL)
            await child.wait()
            killed_at.append(len(stub.calls_to("sendMessage")))
            shift += CLAIM_LEASE + timedelta(seconds=1)  # the next child starts "after" the lease ran out
        child = await spawn(db, api_base, args.kill_rate, shift)
        code = await asyncio.wait_for(child.wait(), args.timeout)
        wall = time.perf_counter() - started
        async with open_runtime(settings, sample=False) as runtime:
            states = await statuses(runtime)
    finally:
        await stub.stop()
    rows = [
        Row("recipients", f"{n:,} (sender in a child process, {args.kill_rate:g} msg/s)"),
        Row("SIGKILLs", f"{args.kills} (after {', '.join(f'{x:,}' for x in killed_at)} delivered)"),
        Row("last child exit code", f"{code}", code == 0),
        Row("wall time", f"{wall:.1f} s"),
    ]
    # At most one per kill: the message in flight between Telegram's answer and the row marked sent.
    rows += delivery_rows(stub, n, states, allowed_duplicates=args.kills)
    table(f"Run B: sender SIGKILLed {args.kills}× mid-broadcast and restarted", rows)
    return all(r.ok is not False for r in rows)


async def child_main(db: str, api_base: str, rate: str, shift: str) -> None:
    """The sender alone, as the bot process runs it; exits when the broadcast has nothing left."""
    settings = bench_settings(Path(db), api_base)
    clock = ShiftedClock(settings, timedelta(seconds=float(shift)))
    async with open_runtime(settings, clock=clock, sample=False) as runtime:
        bot = create_bot(settings)
        try:
            await send_all(runtime, Sender(runtime.sessionmaker, bot, settings, clock, RateLimiter(float(rate))), 3600)
        finally:
            await bot.session.close()


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        asyncio.run(child_main(*sys.argv[2:]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="recipients in run A (0 skips it)")
    parser.add_argument("--rate", type=float, default=25.0, help="run A: sender limit in msg/s (SEND_RATE)")
    parser.add_argument("--errors", type=float, default=0.01, help="fraction of chats 429'd once, and 403'd")
    parser.add_argument("--kill-items", type=int, default=20_000, help="recipients in run B (0 skips it)")
    parser.add_argument("--kill-rate", type=float, default=1000.0, help="run B: sender limit in msg/s")
    parser.add_argument("--kills", type=int, default=1, help="run B: how many times the sender is killed")
    parser.add_argument("--timeout", type=float, default=6 * 3600.0, help="give up on a run after this long")
    args = parser.parse_args()
    if not 0 <= args.errors < 0.5 or args.kills < 1:
        parser.error("--errors must be in [0, 0.5) and --kills at least 1")
    if args.items:
        print(f"run A: {args.items:,} messages at {args.rate:g}/s take at least {args.items / args.rate / 60:.1f} min")
    workdir = Path(tempfile.mkdtemp(prefix="bench_broadcast_"))
    ok = True
    try:
        if args.items:
            ok &= asyncio.run(run_a(args, workdir))
        if args.kill_items:
            ok &= asyncio.run(run_b(args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
