"""Upload benchmark: what hostile .xlsx files cost the importer, and other people's reply latency while a large
accepted file is parsed.

Part 1 parses each file in a fresh child process (fork) and prints the time and the peak memory added (RSS high
water mark minus the child's RSS before parsing). "unchecked openpyxl" is the read-only parse the checks now
prevent, for comparison. Part 2 runs the production Dispatcher on a SQLite file: an admin uploads the largest
sheet the caps accept while another user sends /help every 20 ms; the other user's reply latency is compared
with the same run without the upload, and the longest time one transaction held SQLite's write lock (other
people's writes wait that long). `--courses N` uploads a real catalogue of N classes instead (the parent
then also stores them and refreshes the search index); `--latency-only` skips part 1.

    .venv/bin/python benchmarks/bench_upload.py [--quick] [--latency-only] [--courses N]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot
from aiogram.methods import GetFile
from aiogram.types import Chat, Document, File, Message, Update, User
from pydantic import SecretStr

from benchmarks.bench_load import QuietSession
from bot.app import create_bot, create_dispatcher
from bot.config import load_settings
from bot.runtime import open_runtime
from catalog.importer import parse_courses_bytes
from catalog.importer_tabular import MAX_SHEET_CELLS
from tests import hostile_files as hf

ADMIN = 9001
_ids = itertools.count(1)


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _unchecked(data: bytes) -> int:
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows


def _child(build: Callable[[], bytes], parse: Callable[[bytes], object], out: Any) -> None:
    data = build()
    start_kb = _rss_kb()
    started = time.perf_counter()
    result = parse(data)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    errors = getattr(result, "errors", ())
    verdict = errors[0].code.value if errors else f"ok ({result!r:.20})" if not hasattr(result, "ok") else "ok"
    out.put((len(data), elapsed, max(peak_kb - start_kb, 0) / 1024, verdict))


def measure(name: str, build: Callable[[], bytes], parse: Callable[[bytes], object]) -> None:
    queue: Any = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(build, parse, queue))
    process.start()
    size, elapsed, peak_mb, verdict = queue.get()
    process.join()
    print(f"  {name:<44} {size / 1024:9,.0f} KiB  {elapsed:7.2f} s  +{peak_mb:7.0f} MB  {verdict}")


def _import(data: bytes) -> object:
    return parse_courses_bytes(data, "课程.xlsx")


def part1(quick: bool) -> None:
    big = 1_000_000 if quick else 10_000_000
    print("Part 1: parsing (time, peak memory added)")
    files: list[tuple[str, Callable[[], bytes], Callable[[bytes], object]]] = [
        (f"{big:,} empty cells, honest dimension", lambda: hf.empty_cells_xlsx(big), _import),
        (f"{big:,} empty cells, dimension A1:C3", lambda: hf.empty_cells_xlsx(big, dimension="A1:C3"), _import),
        ("one 1 GB cell", lambda: hf.huge_cell_xlsx(1024**3), _import),
        ("1 GB zero-filled extra part (zip bomb)", lambda: hf.zip_bomb_xlsx(1024), _import),
        (f"largest accepted: {MAX_SHEET_CELLS:,} cells", lambda: hf.empty_cells_xlsx(MAX_SHEET_CELLS - 1000), _import),
        ("1,000,000 empty cells, unchecked openpyxl", lambda: hf.empty_cells_xlsx(1_000_000), _unchecked),
    ]
    for name, build, parse in files:
        measure(name, build, parse)


class UploadSession(QuietSession):
    """The offline Bot API serving one uploaded file, and timing each reply to the other user."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        if isinstance(method, GetFile):
            return File(file_id=method.file_id, file_unique_id=method.file_id, file_path="docs/upload.xlsx")
        return await super().make_request(bot, method, timeout)

    async def stream_content(self, url: str, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        yield self.data


def _message(user_id: int, **content: Any) -> Update:
    user = User(id=user_id, is_bot=False, first_name=f"u{user_id}")
    message = Message(message_id=next(_ids), date=datetime.now(UTC), chat=Chat(id=user_id, type="private"),
                      from_user=user, **content)  # fmt: skip
    return Update(update_id=next(_ids), message=message)


async def _loop_stalls(stop: asyncio.Event) -> float:
    """The longest time the event loop did not come back to a 10 ms sleep, minus the 10 ms (loop blocking)."""
    worst = 0.0
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        worst = max(worst, time.perf_counter() - started - 0.01)
    return worst * 1000


class WriteLockWatch:
    """The longest time one transaction held SQLite's write lock: from its first write statement (SQLite takes the
    lock there, not at BEGIN) to its commit or rollback. Measured from the engine's events, so nothing is added to
    the database's own contention."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.longest = 0.0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _statement(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "write_started" not in conn.info and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            conn.info["write_started"] = time.perf_counter()

    def _end(self, conn: Any) -> None:
        started = conn.info.pop("write_started", None)
        if started is not None:
            self.longest = max(self.longest, time.perf_counter() - started)

    def take(self) -> float:
        """The longest hold (ms) since the last take."""
        longest, self.longest = self.longest, 0.0
        return longest * 1000


async def _other_user(dp: Any, bot: Bot, stop: asyncio.Event) -> list[float]:
    latencies: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        await dp.feed_update(bot, _message(5000, text="/help"))
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    return latencies


def catalogue_xlsx(n: int, workdir: Path) -> bytes:
    """N distinct classes across the districts and a few occupations, dated ahead, as staff would upload them."""
    from catalog.districts import DISTRICTS
    from catalog.importer_writer import write_courses_xlsx
    from tests.catalog.factories import make_course

    occupations = ("电工", "焊工", "养老护理员", "中式烹调师", "保育员", "育婴员", "电子商务师", "叉车司机")
    first = date(2027, 3, 1)
    courses = [
        make_course(
            occupations[i % len(occupations)],
            DISTRICTS[i % len(DISTRICTS)].name,
            code=f"UP{i:05d}",
            start_date=first + timedelta(days=i % 200),
            end_date=first + timedelta(days=240),
        )
        for i in range(n)
    ]
    path = workdir / "catalogue.xlsx"
    write_courses_xlsx(courses, path)
    return path.read_bytes()


async def part2(workdir: Path, courses: int) -> None:
    what = f"a catalogue of {courses:,} classes" if courses else "the largest accepted sheet"
    print(f"Part 2: another user's /help latency (ms) while {what} is uploaded")
    data = catalogue_xlsx(courses, workdir) if courses else hf.empty_cells_xlsx(MAX_SHEET_CELLS - 1000)
    print(f"  file {len(data) / 1024:,.0f} KiB; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    settings = load_settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{workdir / 'upload.db'}",
                             bot_token=SecretStr("123456:UPLOAD"), admin_ids=(ADMIN,), flood_burst=100_000)  # fmt: skip
    async with open_runtime(settings) as runtime:
        dp = create_dispatcher(runtime)
        bot = create_bot(settings, session=UploadSession(data))
        locks = WriteLockWatch(runtime.engine.sync_engine)
        for label, upload in (("without an upload", False), ("during the upload", True)):
            stop = asyncio.Event()
            other = asyncio.create_task(_other_user(dp, bot, stop))
            stalls = asyncio.create_task(_loop_stalls(stop))
            started = time.perf_counter()
            if upload:
                doc = Document(file_id="f1", file_unique_id="f1", file_name="课程.xlsx", file_size=len(data))
                await dp.feed_update(bot, _message(ADMIN, document=doc))
            else:
                await asyncio.sleep(3)
            took = time.perf_counter() - started
            stop.set()
            lat = sorted(await other)
            p95 = lat[int(len(lat) * 0.95) - 1]
            print(f"  {label:<20} {took:6.2f} s  {len(lat):4} replies  median {statistics.median(lat):6.1f}  "
                  f"p95 {p95:6.1f}  max {lat[-1]:6.1f}  loop stall max {await stalls:6.1f}  "
                  f"write lock held max {locks.take():6.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 M instead of 10 M empty cells")
    parser.add_argument("--latency-only", action="store_true", help="part 2 only")
    parser.add_argument("--courses", type=int, default=0, help="part 2 uploads N real classes (0: the empty cells)")
    args = parser.parse_args()
    if not args.latency_only:
        part1(args.quick)
    with tempfile.TemporaryDirectory() as workdir:
        asyncio.run(part2(Path(workdir), args.courses))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
