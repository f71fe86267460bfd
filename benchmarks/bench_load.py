"""Load benchmark: N simulated users send a mixed workload through the production Dispatcher (SQLite file,
sample catalogue), against a bare aiogram echo bot fed the same updates in the same run.

Each user: /start, two course questions, /help, a shared location, a sticker, a stale button and /menu —
eight updates. Updates are handled concurrently up to MAX_CONCURRENT_UPDATES (as `run` does with
tasks_concurrency_limit); the Bot API is the in-process OfflineSession, so the figures are the bot's own
cost (no network). Reports updates/s, latency p50/p95/p99 and RSS.

    /work/venv/bin/python benchmarks/bench_load.py [--users 1000 10000] [--concurrency 100]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot, Dispatcher, F
from aiogram.types import CallbackQuery, Chat, Location, Message, Sticker, Update, User
from pydantic import SecretStr

from benchmarks.bench_scheduler import rss_mb
from bot.app import create_bot, create_dispatcher
from bot.config import load_settings
from bot.offline import OfflineSession
from bot.runtime import open_runtime

QUESTIONS = ["电商直播有补贴吗", "养老护理 海州区 下个月", "月嫂 赣榆", "開叉車", "免费的电工培训", "焊工 东海",
             "学做蛋糕"]  # fmt: skip
PLACES = [(34.57, 119.16), (34.84, 119.13), (34.54, 118.77), (34.28, 119.24)]
_ids = itertools.count(1)


class QuietSession(OfflineSession):
    """The offline Bot API without its recording (tests keep every request; a benchmark must not)."""

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        result = await super().make_request(bot, method, timeout)
        self.requests.clear()
        self.results.clear()
        return result


def workload(user_id: int) -> list[Update]:
    user = User(id=user_id, is_bot=False, first_name=f"用户{user_id}", language_code="zh-hans")
    chat = Chat(id=user_id, type="private")
    now = datetime.now(UTC)

    def message(**content: object) -> Update:
        return Update(update_id=next(_ids), message=Message(message_id=next(_ids), date=now, chat=chat,
                                                             from_user=user, **content))  # fmt: skip

    sticker = Sticker(file_id="s", file_unique_id="s", type="regular", width=1, height=1, is_animated=False,
                      is_video=False)  # fmt: skip
    stale = CallbackQuery(id=str(next(_ids)), from_user=user, chat_instance="b", data="c:d:0:0:old",
                          message=Message(message_id=1, date=now, chat=chat, text="…"))  # fmt: skip
    lat, lon = PLACES[user_id % len(PLACES)]
    return [
        message(text="/start"),
        message(text=QUESTIONS[user_id % len(QUESTIONS)]),
        message(text=QUESTIONS[(user_id + 3) % len(QUESTIONS)]),
        message(text="/help"),
        message(location=Location(latitude=lat, longitude=lon)),
        message(sticker=sticker),
        Update(update_id=next(_ids), callback_query=stale),
        message(text="/menu"),
    ]


async def drive(dp: Dispatcher, bot: Bot, users: range, concurrency: int) -> tuple[float, list[float]]:
    """Each user's updates in order (as Telegram delivers one chat's updates); users concurrently."""
    limit = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one_user(user_id: int) -> None:
        for update in workload(user_id):
            async with limit:
                started = time.perf_counter()
                await dp.feed_update(bot, update)
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one_user(u) for u in users))
    queue = dp.workflow_data.get("chat_replies")
    if queue is not None:  # replies still on their way (bot/reply_queue.py) belong to the run
        await queue.idle()
    return time.perf_counter() - started, latencies


def echo_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    @dp.message()
    async def other(message: Message) -> None:
        await message.answer("?")

    @dp.callback_query()
    async def press(callback: CallbackQuery) -> None:
        await callback.answer()

    return dp


def report(name: str, users: int, wall: float, latencies: list[float], rss: tuple[float, float]) -> float:
    ordered = sorted(latencies)
    p = {q: 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] for q in (50, 95, 99)}
    rate = len(latencies) / wall
    print(f"  {name:<10} {users:>6,} users  {len(latencies):>7,} updates  {wall:7.1f} s  {rate:8,.0f} upd/s  "
          f"p50/p95/p99 {p[50]:6.1f} / {p[95]:6.1f} / {p[99]:6.1f} ms  RSS {rss[0]:.0f} → {rss[1]:.0f} MB")  # fmt: skip
    return rate


async def run(users: int, concurrency: int, workdir: Path) -> None:
    settings = load_settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{workdir / f'load{users}.db'}",
                             bot_token=SecretStr("123456:LOAD"), flood_burst=100)  # fmt: skip
    gc.collect()
    async with open_runtime(settings, sample=True) as runtime:
        bot = create_bot(settings, session=QuietSession())
        before = rss_mb()
        wall, lat = await drive(create_dispatcher(runtime), bot, range(1_000_000, 1_000_000 + users), concurrency)
        ours = report("this bot", users, wall, lat, (before, rss_mb()))
    echo_bot = create_bot(settings, session=QuietSession())
    before = rss_mb()
    wall, lat = await drive(echo_dispatcher(), echo_bot, range(2_000_000, 2_000_000 + users), concurrency)
    echo = report("echo bot", users, wall, lat, (before, rss_mb()))
    print(f"  ratio: this bot handles {ours / echo:.2%} of the echo bot's rate ({echo / ours:.1f}× slower)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench_load_"))
    try:
        for n in args.users:
            asyncio.run(run(n, args.concurrency, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
