"""Latency benchmark: the real `python -m bot run` process against a Bot API stand-in that answers every call
after a fixed delay (0, 50, 200 ms: Telegram's round trip), and a bare aiogram echo bot in the same run.

Simulated users (default 200, 50 at a time) each walk a script of twelve updates — /start, a course question,
详情 on the first card, 我要报名, 确认报名 (an enrolment), the 1131 button and four intake answers (1131 steps),
a second question and /help — waiting for the bot's reply before the next step, as a person does. A tap uses
the button the bot really sent. The echo bot gets the same number of updates (taps sent as text).

Per configuration: updates/s, reply latency p50/p95/p99 (from posting an update until the first message or edit
for that chat reaches the stand-in), CPU of the bot process per update, busy-timeout failures ("database is
locked" in the log), apologies, and steps without a reply within --timeout. Each configuration has a fresh
SQLite database; a run stops starting new steps after --max-seconds (what finished is counted). Never asserts.

    .venv/bin/python benchmarks/bench_latency.py [--latency 0 50 200] [--users 200] [--concurrency 50]
        [--max-seconds 120] [--code DIR]

--code runs the bot from another checkout (e.g. `git archive main | tar -x -C DIR`) to measure before a change.
Only 127.0.0.1 is contacted; processes and temporary files are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import texts
from tests.botapi_stub import BotApiStub, Call
from tests.e2e import E2E_TOKEN, BotProcess

QUESTIONS = ["焊工", "养老护理 海州区", "电工", "月嫂 赣榆", "育婴员", "叉车", "电子商务", "中式烹调"]
INTAKE = ["失业人员", "海州区", "高中/中专/技校", "3-10年"]
VISIBLE = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"})
FIRST_USER = 5_000_000


def script(user_id: int) -> list[tuple[str, str]]:
    """(kind, value): kind "text" sends value, "tap" presses the newest button labelled value."""
    question = QUESTIONS[user_id % len(QUESTIONS)]
    return [
        ("text", "/start"),
        ("text", question),
        ("tap", texts.BTN_DETAIL.format(n=1)),
        ("tap", texts.BTN_ENROL),
        ("tap", texts.BTN_ENROL_CONFIRM),
        ("text", texts.BTN_1131),
        *(("tap", answer) for answer in INTAKE),
        ("text", QUESTIONS[(user_id + 3) % len(QUESTIONS)]),
        ("text", "/help"),
    ]


@dataclass
class ChatLog:
    calls: list[Call] = field(default_factory=list)  # visible replies, in arrival order
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    no_reply: int = 0
    no_button: int = 0
    apologies: int = 0


class Users:
    """Follows each chat's replies through the stand-in's listener and plays the users' scripts."""

    def __init__(self, stub: BotApiStub, *, echo: bool, timeout: float) -> None:
        self.stub, self.echo, self.timeout = stub, echo, timeout
        self.chats: dict[int, ChatLog] = {}
        self.results = Results()
        stub.listeners.append(self._on_call)

    def _on_call(self, call: Call) -> None:
        chat = self.chats.get(call.params.get("chat_id"))  # type: ignore[arg-type]
        if chat is None or call.method not in VISIBLE:
            return
        if call.params.get("text") == texts.ERROR_GENERIC:
            self.results.apologies += 1
        chat.calls.append(call)
        chat.arrived.set()

    async def play(self, user_id: int, deadline: float) -> None:
        chat = self.chats.setdefault(user_id, ChatLog())
        for kind, value in script(user_id):
            if time.monotonic() > deadline:
                return
            if kind == "tap" and not self.echo:
                button = await self._wait_for_button(chat, value)
                if button is None:  # e.g. a question with no course: the rest of this part makes no sense
                    self.results.no_button += 1
                    continue
                seen, started = len(chat.calls), time.monotonic()
                await self.stub.push_callback(user_id, *button)
            else:
                seen, started = len(chat.calls), time.monotonic()
                await self.stub.push_text(user_id, value)
            if not await self._reply(chat, seen):
                self.results.no_reply += 1
                continue
            self.results.latencies.append(chat.calls[seen].at - started)

    async def _reply(self, chat: ChatLog, seen: int) -> bool:
        deadline = time.monotonic() + self.timeout
        while len(chat.calls) <= seen:
            chat.arrived.clear()
            try:
                await asyncio.wait_for(chat.arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                return False
        return True

    async def _wait_for_button(self, chat: ChatLog, label: str) -> tuple[str, int] | None:
        """The button, once a reply offering it has arrived (an update's replies come one after another)."""
        deadline = time.monotonic() + min(self.timeout, 5)
        while (button := self._button(chat, label)) is None:
            chat.arrived.clear()
            try:
                await asyncio.wait_for(chat.arrived.wait(), deadline - time.monotonic())
            except (TimeoutError, ValueError):
                return None
        return button

    @staticmethod
    def _button(chat: ChatLog, label: str) -> tuple[str, int] | None:
        for call in reversed(chat.calls):
            markup = call.params.get("reply_markup")
            if not isinstance(markup, dict):
                continue
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label and button.get("callback_data"):
                        message_id = call.params.get("message_id") or (call.result or {}).get("message_id", 1)
                        return button["callback_data"], int(message_id)
        return None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def measure(name: str, latency: float, args: argparse.Namespace, workdir: Path) -> None:
    stub = BotApiStub(E2E_TOKEN)
    await stub.start()
    users = Users(stub, echo=name == "echo", timeout=args.timeout)
    process: BotProcess
    if name == "echo":
        process = EchoProcess(stub, workdir)
    else:
        database = f"sqlite+aiosqlite:///{workdir / f'bench{int(latency * 1000)}.db'}"
        # People here type at machine speed: the flood guard would turn them away.
        env = {"FLOOD_BURST": "100000", **({"PYTHONPATH": str(args.code)} if args.code else {})}
        # --demo: the sample catalogue (loaded only on request), so the questions find courses to tap
        # (code from before that option loaded the sample by itself: --old-code-without-demo)
        command = ("run",) if args.old_code_without_demo else ("run", "--demo")
        process = BotProcess(stub, workdir, database, command=command, env=env,
                             log_name=f"bot{int(latency * 1000)}.log")  # fmt: skip
    try:
        await process.spawn()
        try:
            await stub.wait_for("getUpdates", timeout=120)  # up and polling (a busy machine starts slowly)
        except TimeoutError:
            raise RuntimeError(f"{name} did not start:\n{process.log()[-3000:]}") from None
        stub.latency = latency
        assert process.process is not None
        pid = process.process.pid
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        deadline = started + args.max_seconds
        queue = list(range(FIRST_USER, FIRST_USER + args.users))

        async def worker() -> None:
            while queue:
                await users.play(queue.pop(0), deadline)

        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        wall, cpu = time.monotonic() - started, cpu_seconds(pid) - cpu_before
        log = process.log()
        locked = log.count("database is locked") if name != "echo" else 0
        failures = [line for line in log.splitlines() if " ERROR " in line][:3]
    finally:
        if process.process is not None:
            await process.stop(signal.SIGTERM)
        await stub.stop()
    r = users.results
    done = len(r.latencies)
    ordered = sorted(r.latencies) or [0.0]
    p = {q: 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] for q in (50, 95, 99)}
    print(f"| {name} | {latency * 1000:.0f} ms | {done:,} | {done / wall:.1f} | "
          f"{p[50]:.0f} / {p[95]:.0f} / {p[99]:.0f} | {1000 * cpu / max(done, 1):.1f} ms | {locked} | "
          f"{r.apologies} | {r.no_reply} |", flush=True)  # fmt: skip
    for line in failures:
        print(f"    log: {line[:200]}", flush=True)
    if r.no_button:
        print(f"    ({r.no_button} taps skipped: the button was not offered)", flush=True)


class EchoProcess(BotProcess):
    """A bare aiogram echo bot (this file with --echo-bot) polling the same kind of stand-in."""

    def __init__(self, stub: BotApiStub, workdir: Path) -> None:
        super().__init__(stub, workdir, "", log_name="echo.log")

    async def spawn(self) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--echo-bot", self.stub.base_url, cwd=self.workdir, stdout=log, stderr=log
        )
        log.close()


async def echo_bot(base_url: str) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    bot = Bot(E2E_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))
    await dp.start_polling(bot, handle_signals=True)


async def main_async(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench_latency_"))
    print(f"{args.users} users x {len(script(0))} updates, {args.concurrency} at a time, stop after "
          f"{args.max_seconds:.0f} s; code: {args.code or 'this checkout'}\n")  # fmt: skip
    print("| bot | Bot API latency | updates | upd/s | reply p50 / p95 / p99 ms | CPU per update | busy timeouts "
          "| apologies | no reply |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    try:
        for latency in args.latency:
            for name in ("this bot", "echo"):
                await measure(name, latency / 1000, args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, nargs="+", default=[0, 50, 200], help="ms per Bot API call")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for one reply")
    parser.add_argument("--code", type=Path, help="run the bot from this checkout instead")
    parser.add_argument("--old-code-without-demo", action="store_true",
                        help="--code is older than the --demo option (it loaded the sample catalogue by itself)")
    parser.add_argument("--echo-bot", metavar="BASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.echo_bot:
        asyncio.run(echo_bot(args.echo_bot))
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
