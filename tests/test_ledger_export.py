"""The 1131 ledger as staff receive it: an XLSX for a date range, optionally per district."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from bot import texts
from bot.runtime import Runtime
from bot.services.ledger_export import export_ledger
from catalog.jobs import write_jobs_csv
from tests.catalog.jobs_factories import make_job
from tests.client import UserClient
from tests.s1131_helpers import complete_intake
from tests.test_cli import run_cli


async def test_export_by_date_and_district(dp, bot, runtime: Runtime, tmp_path: Path) -> None:
    haizhou, guannan = UserClient(dp, bot, user_id=51), UserClient(dp, bot, user_id=52)
    await complete_intake(haizhou, {"district": "海州区"}, share_phone=True)
    await complete_intake(guannan, {"district": "灌南县"})
    await haizhou.tap(texts.BTN_S1131_JOBS)

    # Records are stamped with the real time; the ledger's days are Shanghai days (not the machine's UTC date).
    today = datetime.now(runtime.settings.tz).date()
    path = tmp_path / "ledger.xlsx"
    async with runtime.sessionmaker() as session:
        rows, people = await export_ledger(
            session, path, start=today, end=today, tz=runtime.settings.tz, districts=["海州区"]
        )
    assert (rows, people) == (2, 1)  # intake + one job recommendation, for the 海州区 person only
    book = load_workbook(path)
    ledger = list(book[texts.LEDGER_SHEET].values)
    assert ledger[0] == texts.LEDGER_HEADERS
    assert [(r[1], r[5], r[6]) for r in ledger[1:]] == [(51, "信息登记", "完成"), (51, "岗位推荐", "推荐岗位")]
    assert "+86" not in str(ledger)  # phone numbers never reach the ledger
    progress = list(book[texts.CASES_SHEET].values)
    assert progress[1][0] == 51 and progress[1][4]  # registered, with its date
    assert progress[1][7] is None  # 岗位推荐 needs three recommendations, not one

    async with runtime.sessionmaker() as session:
        rows, _ = await export_ledger(
            session, path, start=today - timedelta(days=9), end=today - timedelta(days=1), tz=runtime.settings.tz
        )
    assert rows == 0


def test_cli_ledger_export_and_jobs_import(tmp_path: Path) -> None:
    jobs_file = tmp_path / "jobs.csv"
    write_jobs_csv([make_job(code="J-CLI-1"), make_job(code="J-CLI-2")], jobs_file)
    result = run_cli(tmp_path, "jobs", "import", str(jobs_file))
    assert result.returncode == 0, result.stderr
    assert "新增 2 个" in result.stdout

    out = tmp_path / "台账.xlsx"
    result = run_cli(
        tmp_path, "ledger", "export", "--from", "2026-01-01", "--to", "2026-12-31", "--district", "海州", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert load_workbook(out)[texts.LEDGER_SHEET].max_row == 1  # headers only on a fresh database
