"""Running `python -m bot …` from tests: in this process (`run_cli`, the same `bot.__main__.main` a process runs,
without paying seconds of interpreter and aiogram start-up per call) or as a real process (`run_cli_process`, for
the few tests about the process itself: its exit code, stdin, signals, what it imports).

Both give a CompletedProcess with the exit code and what was written to stdout and stderr; an exception that
would have ended the process with a traceback is exit code 1 with the traceback in stderr, as it would be there.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

from tests.botapi_stub import patience

# Settings the suite's environment may hold that a command must not inherit unless the test gives them.
_UNSET = ("BOT_TOKEN", "DATABASE_URL", "ADMIN_IDS", "REDIS_URL")
# Loggers whose level setup_logging changes (besides the root's handlers and level).
_LOGGERS = ("alembic", "apscheduler", "aiosqlite")
# One command at a time in this process: it changes the working folder, the environment and sys.stdout.
_ONE_AT_A_TIME = threading.Lock()


def run_cli_process(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a real process in `tmp_path`."""
    clean = {k: v for k, v in os.environ.items() if k not in _UNSET}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=patience(60),
    )


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` run by its main function in this process, in `tmp_path`, with the environment a
    process would get. Safe to call from a test's event loop thread (it then runs on a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_main(tmp_path, list(args), env)
    result: list[subprocess.CompletedProcess[str]] = []
    thread = threading.Thread(target=lambda: result.append(_run_main(tmp_path, list(args), env)))
    thread.start()
    thread.join(patience(60))
    assert result, f"python -m bot {' '.join(args)} did not finish"
    return result[0]


def _run_main(tmp_path: Path, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    from bot.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with _ONE_AT_A_TIME, _environment(tmp_path, env), _own_logging(), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):  # fmt: skip
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # what would have ended the process with a traceback
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["python", "-m", "bot", *argv], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _environment(cwd: Path, env: dict[str, str]) -> Iterator[None]:
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    for name in _UNSET:
        os.environ.pop(name, None)
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


@contextlib.contextmanager
def _own_logging() -> Iterator[None]:
    """The command configures logging as its process would (to its stderr); pytest's handlers and levels are put
    back afterwards (and not closed meanwhile)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in _LOGGERS}
    root.handlers = []
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers, root.level = handlers, level
        for name, saved in levels.items():
            logging.getLogger(name).setLevel(saved)
