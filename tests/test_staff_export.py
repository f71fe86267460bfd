"""/export: an XLSX with enrolments, the 1131 ledger and survey answers, for a period and the staff's districts."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot import texts
from bot.runtime import Runtime
from bot.texts import stats as st
from bot.texts.marks import SAMPLE_MARK
from storage import cases
from storage.models import CourseRow
from storage.models_schedule import SurveyResponse
from storage.models_service import ServiceCase, ServiceRecord
from storage.unit_of_work import unit_of_work
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.test_staff_stats import SH, seed

PHONE = "+8613800001234"
COMMENT_PHONE = "13912345678"
LEDGER_AT = datetime(2026, 11, 20, 15, 0, tzinfo=SH)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


@pytest.fixture
async def data(runtime: Runtime) -> dict[int, int]:
    ids = await seed(runtime)
    async with unit_of_work(runtime.sessionmaker) as session:
        # Ledger rows carry the wall clock; put them on a chosen day. A phone and a comment with a number
        # must not reach the file.
        await session.execute(update(ServiceRecord).values(created_at=LEDGER_AT))
        await session.execute(update(ServiceCase).where(ServiceCase.user_id == 301).values(phone=PHONE))
        survey = await session.scalar(select(SurveyResponse).where(SurveyResponse.enrolment_id == ids[101]))
        survey.comment = f"有合适的工作请打{COMMENT_PHONE}"
        survey.finished, survey.insurance, survey.months_in_job = "yes", "employer", "1_3"
        survey.income_band, survey.income_before, survey.usefulness = "lt3000", "none", 4
    return ids


def workbook_of(calls: list):
    [doc] = [c for c in calls if isinstance(c, SendDocument)]
    assert isinstance(doc.document, BufferedInputFile)
    return doc, load_workbook(BytesIO(doc.document.data))


def rows(book, sheet: str) -> list[tuple]:
    return list(book[sheet].values)


SHEETS = [st.SHEET_ENROLMENTS, st.SHEET_LEDGER, st.SHEET_SURVEYS, st.SHEET_GROUPS, st.SHEET_DEFINITIONS]


async def test_admin_exports_every_sheet(admin: UserClient, data: dict[int, int]) -> None:
    doc, book = workbook_of(await admin.send("/export 2026-11-01 2026-11-23"))
    assert book.sheetnames == SHEETS
    assert doc.document.filename == "培训统计_2026-11-01_2026-11-23.xlsx"

    enrolments = rows(book, st.SHEET_ENROLMENTS)
    assert enrolments[0] == st.ENROLMENT_HEADERS
    # Created in November only (104 and 105 are from September), oldest first.
    assert [(r[0], r[5], r[6]) for r in enrolments[1:]] == [
        (data[202], 202, "待确认"),
        (data[106], 106, "已取消"),
        (data[103], 103, "已确认"),
        (data[102], 102, "待确认"),
        (data[201], 201, "已确认"),
        (data[101], 101, "已确认"),
    ]
    assert enrolments[-1] == (
        data[101], "HZ1", "焊工海州班", "海州区", "学员101", 101, "已确认", "2026-11-23 09:00", "未核验", None
    )

    ledger = rows(book, st.SHEET_LEDGER)
    assert ledger[0] == texts.LEDGER_HEADERS
    # One "completed" row per step done, one more for each case completed: 4+1 + 2 + 2 + 1 = 10.
    assert len(ledger) - 1 == 10
    assert {r[1] for r in ledger[1:]} == {301, 302, 304, 305}
    assert ledger[1][0] == "2026-11-20 15:00"

    surveys = rows(book, st.SHEET_SURVEYS)
    assert surveys[0] == st.SURVEY_HEADERS
    # Sent in November (104's 30-day survey went out on 1 October), wave by wave.
    assert [(r[0], r[6], r[7], r[11], r[12]) for r in surveys[1:]] == [
        (30, 101, "失业人员", "在单位上班，签了劳动合同", "是"),
        (30, 103, "失业人员", "没工作，正在找", "否"),
        (30, 201, "农村转移劳动力", "自己创业、做生意", "是"),
        (90, 104, "失业人员", "打零工、灵活就业", "是"),
        (90, 105, "失业人员", "没工作，正在找", "否"),
        (90, 202, "农村转移劳动力", "没工作，暂时不找", "否"),
    ]
    # finished … answered: in words, stable work judged, the baseline beside today's income, the comment masked.
    assert surveys[1][9:20] == (
        "学完了",
        None,
        "在单位上班，签了劳动合同",
        "是",
        "有，单位交",
        "1到3个月",
        "是",
        "3000元以下",
        "没有收入",
        4,
        "有合适的工作请打139****5678",
    )
    assert surveys[2][16] == "没有收入"  # 103 is not working: not asked, no earned income

    # Per group, the same figures as /stats for surveys sent in the period. 失业人员 at 30 days: 101 and 103
    # (104's went out in October), both answered, 101 employed → 50%; 101 earns more than before → 升1.
    groups = rows(book, st.SHEET_GROUPS)
    assert groups[0] == ("结业30天回访",) + (None,) * 10
    assert groups[1] == st.REPORT_COLUMNS
    assert groups[2] == (
        "失业人员", 2, 2, 2, "100.0%", "50.0%", "50.0%", "-", "-", "升1·平0·降0", "培训后再就业率45% ✅达标"
    )
    assert groups[3][0] == "农村转移劳动力" and groups[4][0] == "合计"
    assert rows(book, st.SHEET_DEFINITIONS)[0][0].startswith("结业学员")
    assert doc.caption == st.EXPORT_CAPTION.format(
        start="2026-11-01", end="2026-11-23", scope="全市", enrolments=6, ledger=10, surveys=6
    )

    everything = str([rows(book, name) for name in book.sheetnames])
    assert "13800001234" not in everything and COMMENT_PHONE not in everything


async def test_district_staff_export_only_their_district(dp, bot, admin: UserClient, data: dict[int, int]) -> None:
    await admin.send("/staff add 601 海州区")
    doc, book = workbook_of(await UserClient(dp, bot, user_id=601).send("/export 2026-09-01 2026-11-30"))
    enrolments = rows(book, st.SHEET_ENROLMENTS)[1:]
    assert {r[5] for r in enrolments} == {101, 102, 103, 104, 105, 106}
    assert {r[3] for r in enrolments} == {"海州区"}
    assert {r[1] for r in rows(book, st.SHEET_LEDGER)[1:]} == {301, 302}  # 303 has no step done; 305 no district
    surveys = rows(book, st.SHEET_SURVEYS)[1:]
    assert sorted((r[0], r[6]) for r in surveys) == [(30, 101), (30, 103), (30, 104), (90, 104), (90, 105)]
    [unanswered] = [r for r in surveys if (r[0], r[6]) == (30, 104)]
    assert unanswered[9:18] == (None,) * 9  # nothing answered: no "否" or "不清楚" made up
    assert "（海州区）" in (doc.caption or "")


async def test_default_period_is_the_last_30_days(admin: UserClient, data: dict[int, int]) -> None:
    doc, book = workbook_of(await admin.send("/export"))
    assert (doc.caption or "").startswith("📁 2026-10-25 至 2026-11-23（全市）")
    assert len(rows(book, st.SHEET_ENROLMENTS)) - 1 == 6
    # From one date on: until today.
    doc, book = workbook_of(await admin.send("/export 2026-11-21"))
    assert (doc.caption or "").startswith("📁 2026-11-21 至 2026-11-23")
    assert {r[5] for r in rows(book, st.SHEET_ENROLMENTS)[1:]} == {101, 102, 103, 201}


async def test_empty_period_still_gives_a_workbook_with_headers(admin: UserClient, data: dict[int, int]) -> None:
    _, book = workbook_of(await admin.send("/export 2025-01-01 2025-01-31"))
    assert [book[name].max_row for name in book.sheetnames] == [1, 1, 1, 1, len(st.STATS_DEFINITIONS)]


@pytest.mark.parametrize(
    "args",
    ["2026-13-01", "2026-02-30", "20261101", "yesterday", "2026-11-30 2026-11-01", "2026-11-01 2026-11-02 2026-11-03"],
)
async def test_bad_dates_get_the_usage(admin: UserClient, args: str) -> None:
    calls = await admin.send(f"/export {args}")
    assert texts_of(calls) == [st.EXPORT_USAGE]
    assert not [c for c in calls if isinstance(c, SendDocument)]


async def test_rows_about_demo_courses_are_marked_sample(admin: UserClient, data: dict[int, int], runtime: Runtime):
    async with unit_of_work(runtime.sessionmaker) as session:
        await session.execute(update(CourseRow).where(CourseRow.code == "HZ1").values(sample=True))
        case = await session.scalar(select(ServiceCase).where(ServiceCase.user_id == 301))
        cases.record(session, case, "training", "enrolled", course_code="HZ1")
        cases.record(session, case, "training", "cancelled", enrolment_id=data[101])
        cases.record(session, case, "training", "enrolled", course_code="GY1")
        await session.execute(update(ServiceRecord).values(created_at=LEDGER_AT))
    _, book = workbook_of(await admin.send("/export 2026-11-01 2026-11-23"))
    for sheet, code_column, title_column in ((st.SHEET_ENROLMENTS, 1, 2), (st.SHEET_SURVEYS, 2, 3)):
        titles = {(r[code_column], r[title_column]) for r in rows(book, sheet)[1:]}
        assert titles == {("HZ1", SAMPLE_MARK + "焊工海州班"), ("GY1", "电工赣榆班")}, sheet
    named = {texts.LEDGER_ACTIONS[action] for action in ("enrolled", "cancelled")}
    details = [r[7] for r in rows(book, st.SHEET_LEDGER)[1:] if r[6] in named]
    assert [d.startswith(SAMPLE_MARK) for d in details] == [True, True, False]
