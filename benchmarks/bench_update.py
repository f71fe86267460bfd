"""Cost of one course-question update: CPU milliseconds and SQL statements, through the production Dispatcher.

Users first send /start (not counted); then each sends course questions one after another, fed to the real
Dispatcher (SQLite file, sample catalogue, the in-process Bot API that answers at once). Reported: CPU (process
time) per question update, wall time per update, SQL statements per update by kind (SELECT/INSERT/UPDATE/
DELETE/other), commits per update. --profile prints the top of a cProfile of the measured part.

    .venv/bin/python benchmarks/bench_update.py [--users 50] [--questions 6] [--profile 40]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import itertools
import pstats
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot, Dispatcher
from aiogram.types import Chat, Message, Update, User
from pydantic import SecretStr
from sqlalchemy import event

from benchmarks.bench_load import QUESTIONS, QuietSession
from bot.app import create_bot, create_dispatcher
from bot.config import load_settings
from bot.runtime import open_runtime

_ids = itertools.count(1)


def message(user_id: int, text: str) -> Update:
    user = User(id=user_id, is_bot=False, first_name=f"用户{user_id}", language_code="zh-hans")
    chat = Chat(id=user_id, type="private")
    msg = Message(message_id=next(_ids), date=datetime.now(UTC), chat=chat, from_user=user, text=text)
    return Update(update_id=next(_ids), message=msg)


class Statements:
    def __init__(self) -> None:
        self.kinds: collections.Counter[str] = collections.Counter()
        self.commits = 0

    def on_execute(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        word = statement.lstrip().split(None, 1)[0].upper()
        self.kinds[word if word in {"SELECT", "INSERT", "UPDATE", "DELETE"} else "other"] += 1

    def on_commit(self, _conn: Any) -> None:
        self.commits += 1


async def feed(dp: Dispatcher, bot: Bot, updates: list[Update]) -> None:
    for update in updates:
        await dp.feed_update(bot, update)
    idle = getattr(dp.workflow_data.get("replies"), "idle", None)
    if idle is not None:  # replies may leave in the background (bot/speak.py)
        await idle()


async def run(args: argparse.Namespace, workdir: Path) -> None:
    settings = load_settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{workdir / 'update.db'}",
                             bot_token=SecretStr("123456:COST"), flood_burst=100_000)  # fmt: skip
    async with open_runtime(settings, sample=True) as runtime:
        bot = create_bot(settings, session=QuietSession())
        dp = create_dispatcher(runtime)
        users = range(3_000_000, 3_000_000 + args.users)
        await feed(dp, bot, [message(u, "/start") for u in users])
        # Warm-up: first questions fill tokeniser caches and SQLAlchemy's statement cache.
        await feed(dp, bot, [message(u, QUESTIONS[u % len(QUESTIONS)]) for u in users])
        rounds = range(1, args.questions + 1)
        measured = [message(u, QUESTIONS[(u + k) % len(QUESTIONS)]) for k in rounds for u in users]
        stats = Statements()
        engine = runtime.engine.sync_engine
        event.listen(engine, "before_cursor_execute", stats.on_execute)
        event.listen(engine, "commit", stats.on_commit)
        profiler = cProfile.Profile(time.thread_time) if args.profile else None  # CPU of this thread, not wall
        cpu, wall, loop_cpu = time.process_time(), time.perf_counter(), time.thread_time()
        if profiler:
            profiler.enable()
        await feed(dp, bot, measured)
        if profiler:
            profiler.disable()
        cpu, wall, loop_cpu = time.process_time() - cpu, time.perf_counter() - wall, time.thread_time() - loop_cpu
        event.remove(engine, "before_cursor_execute", stats.on_execute)
        event.remove(engine, "commit", stats.on_commit)
    n = len(measured)
    per = ", ".join(f"{k} {v / n:.2f}" for k, v in sorted(stats.kinds.items()))
    print(f"{n} course-question updates: CPU {1000 * cpu / n:.2f} ms/update (event-loop thread "
          f"{1000 * loop_cpu / n:.2f}), wall {1000 * wall / n:.2f} ms/update "
          f"({n / wall:.0f} upd/s one at a time); SQL {sum(stats.kinds.values()) / n:.2f} statements/update "
          f"({per}); commits {stats.commits / n:.2f}/update")  # fmt: skip
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        if args.profile_file:
            profiler.dump_stats(args.profile_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=6)
    parser.add_argument("--profile", type=int, default=0, help="print this many lines of a cProfile")
    parser.add_argument("--profile-file", help="also save the cProfile here (for pstats or snakeviz)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench_update_"))
    try:
        asyncio.run(run(args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
