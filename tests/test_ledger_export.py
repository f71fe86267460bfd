"""The 1131 ledger as staff receive it: an XLSX for a date range, optionally per district."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from bot import texts
from bot.runtime import Runtime
from bot.services.ledger_export import export_ledger
from bot.texts.marks import SAMPLE_MARK
from catalog.guidance import questions
from catalog.jobs import write_jobs_csv
from tests.catalog.jobs_factories import make_job
from tests.client import UserClient
from tests.conftest import ADMIN_ID
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
    # The test runtime holds only the shipped demo jobs: the recommendation was one, and says so; the intake not.
    assert ledger[2][7].startswith(SAMPLE_MARK) and not ledger[1][7].startswith(SAMPLE_MARK)
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


async def test_ledger_reads_as_text_names_who_acted_and_carries_verification(
    dp, bot, runtime: Runtime, tmp_path: Path
) -> None:
    person = UserClient(dp, bot, user_id=61, first_name="小张")
    staff = UserClient(dp, bot, user_id=ADMIN_ID, first_name="李老师")
    await complete_intake(person, {"district": "海州区", "wanted": "养老护理"}, share_phone=True)
    await person.tap(texts.BTN_S1131_GUIDANCE)
    for question in questions():
        await person.tap(question.options[0])
        if question.multi:
            await person.tap(texts.BTN_DONE)
    await person.tap(texts.BTN_S1131_MENU)
    await person.tap(texts.BTN_S1131_JOBS)
    await person.tap(texts.BTN_JOB_YES)
    await staff.send("/verify 61 窗口现场核验")

    today = datetime.now(runtime.settings.tz).date()
    path = tmp_path / "ledger.xlsx"
    async with runtime.sessionmaker() as session:
        await export_ledger(session, path, start=today, end=today, tz=runtime.settings.tz)
    book = load_workbook(path)
    rows = {(r[5], r[6]): r for r in list(book[texts.LEDGER_SHEET].values)[1:]}
    intake = rows[("信息登记", "完成")]
    assert "{" not in str([r[7] for r in rows.values()])  # no raw JSON anywhere in 详情
    assert "学历：高中/中专/技校" in intake[7] and "想做：养老护理" in intake[7] and "留了手机号：是" in intake[7]
    assert intake[8] == "本人（通过服务助手）"
    first = questions()[0]
    assert f"{first.prompt}—{first.options[0]}" in rows[("职业指导", "推荐职业")][7]
    assert "推荐理由：和您想做的工作对口" in rows[("岗位推荐", "推荐岗位")][7]
    verified = rows[("实名核验", "标记已实名核验")]
    assert verified[7] == "核验方式/备注：窗口现场核验"
    assert verified[8] == f"工作人员 李老师（ID {ADMIN_ID}）"
    assert {(r[9], r[10]) for r in rows.values()} == {("已核验", today.isoformat())}
    progress = list(book[texts.CASES_SHEET].values)
    assert progress[0][-2:] == ("实名核验", "核验日期") and progress[1][-2:] == ("已核验", today.isoformat())
    assert "+86" not in str(list(book[texts.LEDGER_SHEET].values))
