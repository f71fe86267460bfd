"""The production examples in deploy/ stay true to the code: the command the unit runs parses, nginx forwards
the path the bot listens on, and every variable in the example .env is a setting."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from bot.__main__ import build_parser
from bot.config import Settings

DEPLOY = Path(__file__).parents[1] / "deploy"


def test_the_systemd_unit_runs_a_real_webhook_command() -> None:
    unit = (DEPLOY / "bot-webhook@.service").read_text(encoding="utf-8")
    [exec_start] = re.findall(r"^ExecStart=(.+)$", unit, re.MULTILINE)
    argv = shlex.split(exec_start.replace("%i", "8081"))
    assert argv[1:3] == ["-m", "bot"]
    args = build_parser().parse_args(argv[3:])
    assert (args.command, args.port) == ("webhook", 8081)


def test_nginx_forwards_the_path_the_bot_listens_on_to_the_unit_ports() -> None:
    conf = (DEPLOY / "nginx-bot.conf").read_text(encoding="utf-8")
    assert f"location = {Settings.model_fields['webhook_path'].default} " in conf
    assert re.findall(r"server 127\.0\.0\.1:(\d+);", conf) == ["8081", "8082", "8083", "8084"]


def test_every_variable_in_the_example_env_is_a_setting() -> None:
    lines = (DEPLOY / "env.production.example").read_text(encoding="utf-8").splitlines()
    names = [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]
    assert {"BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "WEBHOOK_URL", "WEBHOOK_SECRET"} <= set(names)
    assert {n.lower() for n in names} <= set(Settings.model_fields)
