"""Exactly-once and pacing of scheduled sends when several bot processes share one PostgreSQL database.

For each configuration a fresh database gets N due "course_notice" items (one per user); then K real
`python -m bot run` processes start against the Bot API stand-in (tests/botapi_stub.py) on 127.0.0.1 and send
them. Reports: wall time from the first to the last send, messages/s, the most sends in any 1-second window (the
global pace Telegram sees), duplicates and missing chats, and how many messages each process sent (from its log).

    TEST_DATABASE_URL=postgresql+asyncpg://bot@127.0.0.1:55432/bot TEST_REDIS_URL=redis://127.0.0.1:56379/0 \
        /work/venv/bin/python benchmarks/bench_multi_sender.py [--items 1500] [--rate 25]

`bash .ci/with-services.sh .venv/bin/python benchmarks/bench_multi_sender.py` starts both servers for the run.
Configurations: 1 process; 2 processes each pacing itself; 2 processes sharing the pace through Redis (when a
Redis URL is given). Each process paces at SEND_RATE, so without Redis two of them send up to twice that.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import collections
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.botapi_stub import BotApiStub
from tests.databases import REDIS_URL, SERVER_URL, create_database, drop_database
from tests.e2e import E2E_TOKEN, messages_sent_in
from tests.scheduling_helpers import seed_due_notices

FIRST_USER = 900_000_000


async def run_config(processes: int, redis: str | None, items: int, rate: float, workdir: Path) -> dict[str, object]:
    database_url = await create_database(workdir)
    users = range(FIRST_USER, FIRST_USER + items)
    await seed_due_notices(database_url, users)
    stub = BotApiStub(E2E_TOKEN)
    await stub.start()
    env = {
        **os.environ, "BOT_TOKEN": E2E_TOKEN, "TELEGRAM_API_BASE": stub.base_url, "DATABASE_URL": database_url,
        "SEND_RATE": str(rate), "LOG_LEVEL": "INFO", "QUIET_HOURS": "",
        "REDIS_URL": redis or "", "REDIS_PREFIX": f"bench-{processes}-{os.getpid()}",
    }  # fmt: skip
    logs = [workdir / f"p{processes}-{n}.log" for n in range(processes)]
    running = []
    for log_path in logs:
        with log_path.open("wb") as log:
            running.append(
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", cwd=workdir, env=env, stdout=log, stderr=log
                )
            )
    try:
        await stub.wait_for("sendMessage", after=items - 1, timeout=items / rate * 3 + 120)
        await asyncio.sleep(2.0)  # room for a duplicate to show up
    finally:
        for process in running:
            process.terminate()
        await asyncio.gather(*(p.wait() for p in running))
        await stub.stop()
        await drop_database(database_url)

    sends = [c for c in stub.calls_to("sendMessage")]
    times = sorted(c.at for c in sends)
    per_chat = collections.Counter(int(c.params["chat_id"]) for c in sends)
    busiest = max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))
    wall = times[-1] - times[0]
    return {
        "processes": processes,
        "shared pace": "Redis" if redis else "no",
        "sent": len(sends),
        "wall s": round(wall, 1),
        "msg/s": round((len(sends) - 1) / wall, 2) if wall else 0.0,
        "max in 1 s": busiest,
        "duplicates": sum(n - 1 for n in per_chat.values()),
        "missing": len(set(users) - set(per_chat)),
        "per process": "/".join(str(sent_in_log(p)) for p in logs),
    }


def sent_in_log(path: Path) -> int:
    return messages_sent_in(path.read_text(encoding="utf-8", errors="replace"))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=25.0, help="SEND_RATE of each process")
    args = parser.parse_args()
    if not SERVER_URL.startswith("postgresql"):
        sys.exit("set TEST_DATABASE_URL=postgresql+asyncpg://… (see .ci/services.sh)")
    configs = [(1, None), (2, None)] + ([(2, REDIS_URL)] if REDIS_URL else [])
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for processes, redis in configs:
            rows.append(await run_config(processes, redis, args.items, args.rate, Path(scratch)))
            print(rows[-1], flush=True)
    print(f"\n{args.items} due items, SEND_RATE {args.rate}/s per process, {os.cpu_count()} cores")
    header = list(rows[0])
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))


if __name__ == "__main__":
    asyncio.run(main())
