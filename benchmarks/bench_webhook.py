"""Webhook load benchmark: 1, 2 and 4 `python -m bot webhook` worker processes on one PostgreSQL database.

For each configuration a fresh database is created on the server of --database-url (default TEST_DATABASE_URL)
and dropped afterwards; the first worker migrates it and loads the sample catalogues, then the others start.
Simulated users post Telegram-shaped updates over loopback with the secret header, round-robin to the workers
(or through nginx with --nginx), each user waiting for the bot's reply before the next step: /start, a course
question, a tap on the first card's 详情 button, a second question, /help, a shared location, a third question,
/menu — eight updates. A fast Bot API stand-in in this process answers the workers' calls (sendMessage,
editMessageText, answerCallbackQuery, …) and timestamps them.

Latency is from the moment an update is posted until its last reply reaches the stand-in (the replies of one
update are known: two for a location, the edited card for a tap, one otherwise). Errors: a non-200 answer, no
reply within --timeout, or the bot's apology. Never asserts on speed.

    /work/venv/bin/python benchmarks/bench_webhook.py [--workers 1 2 4] [--users 300] [--concurrency 60]
        [--database-url postgresql+asyncpg://bot@127.0.0.1:55432/bot] [--nginx]

Only 127.0.0.1 is contacted; worker processes, databases and temporary files are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
import asyncpg
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from bot import texts
from tests.botapi_stub import private_message, telegram_user
from tests.e2e import wait_until_healthy

TOKEN = "123456:BENCH-webhook"
SECRET = "bench-webhook-secret"
PATH = "/telegram/webhook"
QUESTIONS = ["电商直播有补贴吗", "养老护理 海州区", "月嫂 赣榆", "開叉車", "免费的电工培训", "焊工 东海", "学做蛋糕",
             "大学生 电子商务 下个月"]  # fmt: skip
PLACES = [(34.57, 119.16), (34.84, 119.13), (34.54, 118.77), (34.28, 119.24)]
FIRST_USER = 3_000_000_000  # far from any test id; each configuration uses its own range
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "培训服务助手", "username": "skills_training_bot"}


# ---- the Bot API stand-in ---------------------------------------------------------------------------
@dataclass
class Chat:
    replies: list[float] = field(default_factory=list)  # arrival time of every call that names this chat
    apologies: int = 0
    card: tuple[int, str] | None = None  # (message_id, first inline button's data) of the last list sent
    waiter: tuple[int, asyncio.Future[float]] | None = None  # resolve when len(replies) reaches this


class FastBotApi:
    """Answers like Telegram, as cheaply as possible: no recording beyond per-chat reply times."""

    def __init__(self) -> None:
        self.chats: dict[int, Chat] = defaultdict(Chat)
        self.calls: defaultdict[str, int] = defaultdict(int)
        self._message_ids = iter(range(1, 1 << 62))
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls[method] += 1
        if method == "getMe":
            return web.json_response({"ok": True, "result": BOT_USER})
        if not method.startswith(("send", "edit")):
            return web.json_response({"ok": True, "result": True})
        form = await request.post()
        chat_id = int(str(form.get("chat_id", "0")))
        message_id = int(str(form.get("message_id") or next(self._message_ids)))
        chat = self.chats[chat_id]
        if form.get("text") == texts.ERROR_GENERIC:
            chat.apologies += 1
        markup = form.get("reply_markup")
        if method == "sendMessage" and isinstance(markup, str) and "inline_keyboard" in markup:
            rows = json.loads(markup)["inline_keyboard"]
            chat.card = (message_id, rows[0][0]["callback_data"])
        chat.replies.append(time.monotonic())
        if chat.waiter is not None and len(chat.replies) >= chat.waiter[0] and not chat.waiter[1].done():
            chat.waiter[1].set_result(chat.replies[-1])
        now = int(time.time())
        result = {"message_id": message_id, "date": now, "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER,
                  "text": str(form.get("text", ""))}  # fmt: skip
        return web.json_response({"ok": True, "result": result})

    def expect(self, chat_id: int, replies: int) -> asyncio.Future[float]:
        """A future resolved (with the arrival time) once the chat has received `replies` calls in all."""
        chat = self.chats[chat_id]
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        chat.waiter = (replies, future)
        if len(chat.replies) >= replies:
            future.set_result(chat.replies[-1])
        return future


# ---- simulated users --------------------------------------------------------------------------------
class Updates:
    _ids = itertools.count(1)  # one sequence for the whole run: the bot skips an update_id it has seen

    def _id(self) -> int:
        return next(self._ids)

    def _user(self, user_id: int) -> dict[str, Any]:
        return telegram_user(user_id, f"用户{user_id % 1000}")

    def message(self, user_id: int, **content: Any) -> dict[str, Any]:
        message = private_message(user_id, self._id(), self._user(user_id), **content)
        return {"update_id": self._id(), "message": message}

    def tap(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        message = private_message(user_id, message_id, BOT_USER, text="…")
        query = {"id": str(self._id()), "from": self._user(user_id), "chat_instance": "b", "message": message,
                 "data": data}  # fmt: skip
        return {"update_id": self._id(), "callback_query": query}


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)  # time until the worker answered 200
    errors: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))


class Load:
    def __init__(self, api: FastBotApi, targets: list[str], timeout: float, think: float = 0.0) -> None:
        self.api = api
        self.think = think
        self.targets = targets
        self.timeout = timeout
        self.updates = Updates()
        self.result = Result()
        self.expected: defaultdict[int, int] = defaultdict(int)  # replies each chat should have got in all
        self._turn = 0
        self.last_reply = 0.0

    def _target(self) -> str:
        self._turn += 1
        return self.targets[self._turn % len(self.targets)]

    async def step(self, http: aiohttp.ClientSession, user_id: int, update: dict[str, Any], replies: int) -> bool:
        self.expected[user_id] += replies
        waiting = self.api.expect(user_id, self.expected[user_id])
        started = time.monotonic()
        try:
            async with http.post(self._target(), json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as r:
                await r.read()
                status = r.status
        except aiohttp.ClientError as exc:
            self.result.errors[type(exc).__name__] += 1
            return False
        self.result.posts.append(time.monotonic() - started)
        if status != 200:
            self.result.errors[f"HTTP {status}"] += 1
            return False
        try:
            arrived = await asyncio.wait_for(waiting, self.timeout)
        except TimeoutError:
            self.result.errors["no reply"] += 1
            return False
        self.result.latencies.append(arrived - started)
        self.last_reply = max(self.last_reply, arrived)
        return True

    async def user(self, http: aiohttp.ClientSession, user_id: int) -> None:
        u, q = self.updates, QUESTIONS
        lat, lon = PLACES[user_id % len(PLACES)]
        script: list[tuple[Any, int]] = [
            (lambda: u.message(user_id, text="/start"), 1),
            (lambda: u.message(user_id, text=q[user_id % len(q)]), 1),
            (lambda: self._tap(user_id), 1),  # answerCallbackQuery names no chat; the edited card does
            (lambda: u.message(user_id, text=q[(user_id + 3) % len(q)]), 1),
            (lambda: u.message(user_id, text="/help"), 1),
            (lambda: u.message(user_id, location={"latitude": lat, "longitude": lon}), 2),  # list + a hint
            (lambda: u.message(user_id, text=q[(user_id + 5) % len(q)]), 1),
            (lambda: u.message(user_id, text="/menu"), 1),
        ]
        for n, (build, replies) in enumerate(script):
            if n and self.think:
                await asyncio.sleep(self.think)  # a person reads the reply before typing on
            update = build()
            if update is None:  # no card to tap (the question found nothing): a person would type on
                continue
            if not await self.step(http, user_id, update, replies):
                return  # the rest of this person's script would be out of step

    def _tap(self, user_id: int) -> dict[str, Any] | None:
        card = self.api.chats[user_id].card
        return self.updates.tap(user_id, *card) if card else None

    async def run(self, users: range, concurrency: int) -> float:
        limit = asyncio.Semaphore(concurrency)
        connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
        async with aiohttp.ClientSession(connector=connector) as http:

            async def one(user_id: int) -> None:
                async with limit:
                    await self.user(http, user_id)

            started = time.monotonic()
            await asyncio.gather(*(one(u) for u in users))
            # Until the last reply: a user left waiting for a reply that never came must not stretch the figure.
            return (self.last_reply or time.monotonic()) - started


# ---- worker processes, databases, nginx ---------------------------------------------------------------
async def admin(server_url: str, statement: str) -> None:
    url = make_url(server_url)
    conn = await asyncpg.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                                 database=url.database)  # fmt: skip
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def forget_redis_keys(url: str, prefix: str) -> None:
    redis = Redis.from_url(url)
    try:
        keys = [key async for key in redis.scan_iter(f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class Worker:
    def __init__(self, port: int, env: dict[str, str], workdir: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = workdir / f"worker{port}.log"
        self.env = env
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "webhook", "--demo", "--port", str(self.port), cwd=self.workdir,
                env=self.env, stdout=log, stderr=log,
            )  # fmt: skip
        await wait_until_healthy(self.url, self.process, self.log_path, timeout=120)

    async def stop(self) -> int | None:
        if self.process is None or self.process.returncode is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), 60)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    upstream bot_webhook {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location = {path} {{
            proxy_pass http://bot_webhook;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_503 non_idempotent;
        }}
    }}
}}
"""


async def start_nginx(workdir: Path, workers: list[Worker], port: int) -> asyncio.subprocess.Process:
    servers = "\n".join(f"        server 127.0.0.1:{w.port};" for w in workers)
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=workdir, servers=servers, port=port, path=PATH))
    process = await asyncio.create_subprocess_exec(
        "nginx", "-p", str(workdir), "-c", str(conf), "-g", "daemon off;", stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return process
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("nginx did not start")


# ---- one configuration --------------------------------------------------------------------------------
@dataclass
class Row:
    workers: int
    users: int
    result: Result
    wall: float
    worker_cpu: float
    own_cpu: float
    exit_codes: list[int | None]
    apologies: int


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")


async def configuration(args: argparse.Namespace, n: int, index: int, workdir: Path) -> Row:
    name = f"bench_webhook_{n}_{uuid.uuid4().hex[:8]}"
    await admin(args.database_url, f'CREATE DATABASE "{name}"')
    api = FastBotApi()
    await api.start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK_", "REDIS_", "BOT_", "DATABASE_"))},
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": api.base_url,
        "DATABASE_URL": make_url(args.database_url).set(database=name).render_as_string(hide_password=False),
        "WEBHOOK_SECRET": SECRET,
        "LOG_LEVEL": args.log_level,
        "FLOOD_BURST": "100",  # simulated users type faster than people
        "MAX_CONCURRENT_UPDATES": str(args.max_concurrent_updates),
    }
    if args.redis_url:  # shared per-chat order and dialogue state, as several workers should run
        env.update(REDIS_URL=args.redis_url, REDIS_PREFIX=name)
    port = args.port + 10 * index
    workers = [Worker(port + i, env, workdir) for i in range(n)]
    nginx: asyncio.subprocess.Process | None = None
    try:
        await workers[0].start()  # migrates the fresh database and (--demo) loads the sample catalogues
        await asyncio.gather(*(w.start() for w in workers[1:]))
        targets = [f"{w.url}{PATH}" for w in workers]
        if args.nginx:
            nginx = await start_nginx(workdir, workers, port + 9)
            targets = [f"http://127.0.0.1:{port + 9}{PATH}"]
        first = FIRST_USER + index * 1_000_000
        warm = Load(api, targets, args.timeout)  # every worker sees a few updates before the clock starts
        await warm.run(range(first, first + 4 * n), 4 * n)
        load = Load(api, targets, args.timeout, args.think)
        cpu_before = sum(cpu_seconds(w.process.pid) for w in workers if w.process)
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        wall = await load.run(range(first + 1000, first + 1000 + args.users), args.concurrency)
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        worker_cpu = sum(cpu_seconds(w.process.pid) for w in workers if w.process) - cpu_before
        own_cpu = own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime
        apologies = sum(c.apologies for c in api.chats.values())
        await asyncio.sleep(1)  # a stray extra reply would show up here
        for user_id, replies in load.expected.items():
            if len(api.chats[user_id].replies) != replies:
                load.result.errors["reply count mismatch"] += 1
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            await nginx.wait()
        codes = list(await asyncio.gather(*(w.stop() for w in workers)))
        await api.stop()
        await admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.redis_url:
            await forget_redis_keys(args.redis_url, name)
    return Row(n, args.users, load.result, wall, worker_cpu, own_cpu, codes, apologies)


def report(rows: list[Row], args: argparse.Namespace) -> None:
    via = "nginx (1 worker process, keepalive) → " if args.nginx else "round-robin straight to "
    think = f", {args.think:g} s between a reply and the next update" if args.think else ""
    redis = "Redis shared by the workers" if args.redis_url else "no Redis"
    print(f"\nwebhook load: {args.users} users × 8 updates{think}, {args.concurrency} users at once, {via}workers; "
          f"MAX_CONCURRENT_UPDATES={args.max_concurrent_updates} per worker; {redis}; {os.cpu_count()} CPU cores; "
          f"LOG_LEVEL={args.log_level}")  # fmt: skip
    header = (f"{'workers':>7} {'updates':>8} {'errors':>7} {'wall s':>7} {'upd/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'p99 ms':>7} {'200 p95':>8} {'worker CPU s':>12} {'bench CPU s':>11} {'exit':>8}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for r in rows:
        res = r.result
        errors = sum(res.errors.values()) + r.apologies
        rate = len(res.latencies) / r.wall
        print(f"{r.workers:>7} {len(res.latencies):>8,} {errors:>7} {r.wall:>7.1f} {rate:>7.1f} "
              f"{percentile(res.latencies, 50):>7.1f} {percentile(res.latencies, 95):>7.1f} "
              f"{percentile(res.latencies, 99):>7.1f} {percentile(res.posts, 95):>8.1f} {r.worker_cpu:>12.1f} "
              f"{r.own_cpu:>11.1f} {','.join(map(str, r.exit_codes)):>8}")  # fmt: skip
        if errors:
            print(f"        errors: {dict(res.errors)} apologies: {r.apologies}")
    print("latency: update posted → its last reply at the Bot API stand-in; 200 p95: until the worker's HTTP answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--users", type=int, default=300, help="simulated users per configuration (8 updates each)")
    parser.add_argument("--concurrency", type=int, default=60, help="users active at the same time")
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL", ""),
                        help="PostgreSQL server URL (its database is only used to create and drop others)")  # fmt: skip
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", ""),
                        help="REDIS_URL for the workers (default TEST_REDIS_URL; empty: no Redis)")  # fmt: skip
    parser.add_argument("--port", type=int, default=18100, help="first worker port (each configuration +10)")
    parser.add_argument("--max-concurrent-updates", type=int, default=20, help="MAX_CONCURRENT_UPDATES per worker")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a reply before an error")
    parser.add_argument("--log-level", default="WARNING", help="workers' LOG_LEVEL (INFO logs a line per update)")
    parser.add_argument("--nginx", action="store_true", help="put nginx in front of the workers (needs nginx)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a user waits after a reply")
    parser.add_argument("--keep", action="store_true", help="keep the worker logs")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("--database-url (or TEST_DATABASE_URL) must be a postgresql+asyncpg:// URL")
    if args.nginx and shutil.which("nginx") is None:
        parser.error("--nginx needs nginx on PATH (Debian: apt-get install nginx-light)")
    workdir = Path(tempfile.mkdtemp(prefix="bench_webhook_"))
    rows: list[Row] = []
    try:
        for index, n in enumerate(args.workers):
            rows.append(asyncio.run(configuration(args, n, index, workdir)))
            print(f"  {n} worker(s) done", file=sys.stderr)
    finally:
        if rows:
            report(rows, args)
        if args.keep:
            print(f"worker logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
