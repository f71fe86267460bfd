"""Start-up cost of the real bot: time from `python -m bot run` to its first getUpdates, and its RSS then and
after the first search, with the sample catalogue and a 50k-course one; a bare aiogram echo bot measured the
same way; and the CLI `python -m bot catalog search`.

The bot runs against the Bot API stand-in (tests/botapi_stub.py) on a throw-away SQLite file. The first start
on a database is "cold" (nothing cached beside it); the later ones are "warm". The 50k catalogue is the
synthetic one of benchmarks/bench_search.py, imported once through `python -m bot catalog import` and cached
under --cache.

    .venv/bin/python benchmarks/bench_start.py [--runs 3] [--sizes sample 50000] [--cache /tmp/bench_start]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.botapi_stub import BotApiStub  # noqa: E402

TOKEN = "123456:BENCH-token"
QUESTION = "养老护理 海州区"
USER = 4242
_UPDATE_IDS = itertools.count(int(time.time()))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used: less sensitive to a loaded machine than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bot_env(db: Path, base_url: str = "") -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{db}", "LOG_LEVEL": "WARNING", "BOT_TOKEN": TOKEN}
    if base_url:
        env["TELEGRAM_API_BASE"] = base_url
    return env


async def prepare(size: str, cache: Path) -> Path:
    """A database holding the catalogue (built once, then copied from the cache). The sample goes in through
    `python -m bot demo load`; the big one straight through the repository (the importer caps files at 10 MB)."""
    db = cache / f"catalogue-{size}.db"
    if db.exists():
        return db
    tmp = cache / f"building-{size}.db"
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    if size == "sample":
        command = [sys.executable, "-m", "bot", "demo", "load"]
        await asyncio.to_thread(subprocess.run, command, env=bot_env(tmp), cwd=cache, check=True,
                                stdout=subprocess.DEVNULL)  # fmt: skip
    else:
        from benchmarks.bench_search import make_catalogue
        from storage import courses as course_repo
        from storage.db import create_engine, create_sessionmaker
        from storage.migrate import migrate
        from storage.unit_of_work import unit_of_work

        engine = create_engine(f"sqlite+aiosqlite:///{tmp}")
        await migrate(engine)
        async with unit_of_work(create_sessionmaker(engine)) as session:
            await course_repo.upsert_courses(session, make_catalogue(int(size)))
        await engine.dispose()
    print(f"  prepared {size}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    tmp.rename(db)
    return db


Start = tuple[float, float, float, float]


async def one_start(command: list[str], env_for: object, workdir: Path, search: bool) -> Start:
    """(seconds to first getUpdates, RSS MB then, RSS MB after answering the first question, CPU seconds used
    up to the first getUpdates)."""
    stub = BotApiStub(TOKEN)
    # The bot skips update ids it has handled before (redelivery): every start gets new ones.
    stub._update_ids = itertools.count(next(_UPDATE_IDS) * 1000)
    base = await stub.start()
    env = env_for(base)  # type: ignore[operator]
    log = (workdir / "bot.log").open("ab")
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(*command, cwd=workdir, env=env, stdout=log, stderr=log)
    log.close()
    try:
        first = await stub.wait_for("getUpdates", timeout=600)
        rss_ready, cpu = rss_mb(process.pid), cpu_s(process.pid)
        elapsed = first.at - started
        rss_after = float("nan")
        if search:
            await stub.push_text(USER, QUESTION)
            await stub.wait_for("sendMessage", USER, timeout=60)
            rss_after = rss_mb(process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), 60)
        await stub.stop()
    return elapsed, rss_ready, rss_after, cpu


def fresh_copy(db_source: Path, workdir: Path) -> Path:
    """A copy of the database in an empty folder: nothing cached beside it."""
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    return Path(shutil.copy(db_source, workdir / "bot.db"))


async def bot_runs(db_source: Path, workdir: Path, runs: int) -> list[Start]:
    """The first start on a fresh copy of the database (cold), then `runs - 1` more (warm)."""
    db = fresh_copy(db_source, workdir)
    command = [sys.executable, "-m", "bot", "run"]
    return [await one_start(command, lambda base: bot_env(db, base), workdir, True) for _ in range(runs)]


async def echo_runs(workdir: Path, runs: int) -> list[Start]:
    command = [sys.executable, __file__, "--echo"]
    return [await one_start(command, lambda base: {**os.environ, "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base},
                            workdir, True) for _ in range(runs)]  # fmt: skip


def cli_search(db_source: Path, workdir: Path, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU seconds) of `python -m bot catalog search 养老护理 --json`: first on a fresh copy, then warm."""
    db = fresh_copy(db_source, workdir)
    times = []
    for _ in range(runs):
        started, before = time.perf_counter(), os.times()
        subprocess.run([sys.executable, "-m", "bot", "catalog", "search", "养老护理", "--json"], env=bot_env(db),
                       cwd=workdir, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        after = os.times()
        cpu = after.children_user - before.children_user + after.children_system - before.children_system
        times.append((time.perf_counter() - started, cpu))
    return times


def echo_bot() -> None:
    """A bare aiogram echo bot polling TELEGRAM_API_BASE: the floor the real bot is compared with."""
    from aiogram import Bot, Dispatcher, F
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    asyncio.run(dp.start_polling(Bot(os.environ["BOT_TOKEN"], session=session), handle_signals=True))


def fmt(values: list[float], digits: int = 1) -> str:
    return f"{statistics.median(values):.{digits}f}" if values else "–"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="starts per case (the first is cold)")
    parser.add_argument("--sizes", nargs="+", default=["sample", "50000"])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bench_start"))
    args = parser.parse_args()
    work = args.cache / "work"
    work.mkdir(parents=True, exist_ok=True)
    header()
    echo = await echo_runs(work, args.runs)
    row("aiogram echo bot", echo[:1], echo[1:], [])
    for size in args.sizes:
        db = await prepare(size, args.cache)
        runs = await bot_runs(db, work / size, args.runs)
        cli = cli_search(db, work / f"{size}-cli", args.runs)
        row(f"bot, {size} courses", runs[:1], runs[1:], cli)


def header() -> None:
    print("| case | cold start → getUpdates (s) | warm start (s) | warm CPU (s) | RSS at getUpdates (MB) "
          "| RSS after 1st search (MB) | CLI `catalog search` cold / warm (s) | CLI warm CPU (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|", flush=True)


def row(name: str, cold: list[Start], warm: list[Start], cli: list[tuple[float, float]]) -> None:
    every = cold + warm
    walls, cpus = [c[0] for c in cli[1:]], [c[1] for c in cli[1:]]
    cli_text = f"{cli[0][0]:.2f} / {fmt(walls, 2)} | {fmt(cpus, 2)}" if cli else "– | –"
    print(f"| {name} | {cold[0][0]:.2f} | {fmt([w[0] for w in warm], 2)} | {fmt([w[3] for w in warm], 2)} "
          f"| {fmt([r[1] for r in every], 0)} "
          f"| {fmt([r[2] for r in every], 0)} | {cli_text} |")


if __name__ == "__main__":
    if sys.argv[1:] == ["--echo"]:
        echo_bot()
    else:
        asyncio.run(main())
