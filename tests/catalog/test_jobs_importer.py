"""Job-posting import: round trips with Chinese headers, whole-file rejection, the shipped sample."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from jobs_factories import TODAY, make_job
from openpyxl import Workbook

from catalog.districts import DISTRICTS
from catalog.jobs_importer import (
    ImportErrorCode as E,
)
from catalog.jobs_importer import (
    RowError,
    parse_jobs_bytes,
    read_jobs,
    write_jobs_csv,
    write_jobs_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "catalog" / "data" / "sample_jobs.csv"
COURSES = ROOT / "catalog" / "data" / "sample_courses.csv"

JOBS = (
    make_job("养老护理员", code="JOB-A-001", keywords=("养老", "护理"), part_time=True, lat=34.571234, lon=119.163456),
    make_job(
        "化工总控工",
        "徐圩新区",
        code="JOB-A-002",
        lat=None,
        lon=None,
        salary_min=6500,
        salary_max=11000,
        requirements='带"引号"、逗号,和\n换行的要求',
        valid_until=date(2027, 12, 31),
    ),
    make_job("叉车司机", "连云区", code="JOB-A-003", requirements="", keywords=("叉车",)),
)
HEADER = "岗位编号,岗位名称,用人单位,工种,区县,地址,薪资下限,薪资上限,岗位要求,联系电话,截止日期,是否兼职"
GOOD = "J1,护理员,某养老院,养老护理员,海州区,某路1号,4000,6000,身体健康,0518-81234567,2027-03-01,否"


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


@pytest.mark.parametrize("bom", [True, False])
def test_csv_round_trip_with_chinese_headers(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "jobs.csv"
    write_jobs_csv(JOBS, path, bom=bom)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.startswith("岗位编号,岗位名称,招聘单位,职业,区县,工作地点,纬度,经度,最低月薪,最高月薪")
    result = read_jobs(path)
    assert result.ok, result.errors
    assert result.jobs == JOBS


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "jobs.xlsx"
    write_jobs_xlsx(JOBS, path)
    result = read_jobs(path)
    assert result.errors == ()
    assert result.jobs == JOBS


def test_other_header_spellings_units_aliases_and_ignored_columns() -> None:
    data = _csv(
        "岗位编号,岗位名称,用人单位,工种,区县,工作地址,最低月薪（元）,最高月薪（元）,岗位要求,联系电话,截止日期,备注",
        'J1,门机司机,某港口公司,起重装卸机械操作工,连云港市连云区,港口路1号,"6,500元/月",9000元,,0518-81234567,2027年3月1日,x',
    )
    result = parse_jobs_bytes(data, "jobs.csv")
    assert result.ok, result.errors
    (job,) = result.jobs
    assert (job.district, job.salary_min, job.salary_max) == ("连云区", 6500, 9000)
    assert (job.valid_until, job.part_time, job.lat, job.keywords) == (date(2027, 3, 1), False, None, ())
    assert result.ignored_columns == ("备注",)


def test_english_keys_are_accepted() -> None:
    keys = "code,title,employer,occupation,district,address,salary_min,salary_max,contact,valid_until,part_time"
    data = _csv(keys, "J1,骑手,某配送站,网约配送员,新浦,某路1号,3000,5000,0518-81234567,2026-12-31,是")
    result = parse_jobs_bytes(data, "jobs.csv")
    assert result.ok, result.errors
    assert result.jobs[0].part_time is True and result.jobs[0].district == "海州区"


def test_malformed_file_is_rejected_whole_with_every_error() -> None:
    data = _csv(
        HEADER,
        GOOD,
        "J2,护理员,某养老院,养老护理员,火星区,某路1号,9000,5000元/月,,0518-81234567,2027-13-01,也许",
        "J3,,某养老院,养老护理员,海州区,某路1号,四千,6000,,0518-81234567,2027-03-01,否",
        "j1,护理员,某养老院,养老护理员,海州区,某路1号,0,6000,,0518-81234567,2027-03-01,是",
    )
    result = parse_jobs_bytes(data, "jobs.csv")
    assert not result.ok and result.jobs == ()
    assert result.errors == (
        RowError(3, "区县", E.UNKNOWN_DISTRICT, "火星区"),
        RowError(3, "薪资上限", E.OUT_OF_RANGE, "5000元/月"),
        RowError(3, "截止日期", E.NO_SUCH_DATE, "2027-13-01"),
        RowError(3, "是否兼职", E.OUT_OF_RANGE, "也许"),
        RowError(4, "岗位名称", E.MISSING_VALUE, ""),
        RowError(4, "薪资下限", E.BAD_NUMBER, "四千"),
        RowError(5, "薪资下限", E.OUT_OF_RANGE, "0"),
        RowError(5, "岗位编号", E.DUPLICATE_CODE, "j1"),
    )


def test_missing_and_duplicate_columns() -> None:
    no_code = HEADER.replace("岗位编号,", "")
    result = parse_jobs_bytes(_csv(no_code, GOOD.removeprefix("J1,")), "jobs.csv")
    assert result.errors == (RowError(1, "岗位编号", E.MISSING_COLUMN, ""),)
    twice = _csv(HEADER + ",招聘单位", GOOD + ",另一家")
    assert parse_jobs_bytes(twice, "jobs.csv").errors == (RowError(1, "招聘单位", E.DUPLICATE_COLUMN, "招聘单位"),)


def test_course_catalogue_is_not_taken_for_a_job_list() -> None:
    result = parse_jobs_bytes(COURSES.read_bytes(), COURSES.name)
    assert not result.ok
    assert {e.code for e in result.errors} == {E.MISSING_COLUMN}


def test_title_row_above_header_in_xlsx_keeps_row_numbers() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["连云港市2026年第四季度招聘岗位"])
    sheet.append(HEADER.split(","))
    sheet.append(GOOD.split(","))
    sheet.append(GOOD.replace("J1,", "J2,").replace("2027-03-01", "明年").split(","))
    out = io.BytesIO()
    book.save(out)
    result = parse_jobs_bytes(out.getvalue(), "jobs.xlsx")
    assert result.errors == (RowError(4, "截止日期", E.BAD_DATE, "明年"),)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "jobs.csv", E.EMPTY_FILE),
        (b"x", "jobs.pdf", E.UNSUPPORTED_FORMAT),
        (b"not a zip", "jobs.xlsx", E.UNREADABLE_FILE),
        (HEADER.encode(), "jobs.csv", E.EMPTY_FILE),
    ],
)
def test_bad_files_give_one_file_level_error(data: bytes, name: str, code: E) -> None:
    result = parse_jobs_bytes(data, name)
    assert [(e.row, e.code) for e in result.errors] == [(0, code)]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    assert read_jobs(tmp_path / "nope.csv").errors == (RowError(0, "", E.UNREADABLE_FILE, "nope.csv"),)


def test_shipped_sample_imports_cleanly_and_is_realistic() -> None:
    result = read_jobs(SAMPLE)
    assert result.ok, result.errors[:5]
    jobs = result.jobs
    assert len(jobs) >= 120
    assert len({job.code for job in jobs}) == len(jobs)
    assert {job.district for job in jobs} == {d.name for d in DISTRICTS}
    assert all(3000 <= job.salary_min < job.salary_max <= 12000 for job in jobs)
    assert all(job.contact.startswith("0518-8") and len(job.contact) == 13 for job in jobs)
    expired = sum(not job.is_open(TODAY) for job in jobs)
    assert 1 <= expired <= len(jobs) // 10
    assert 0.10 <= sum(job.part_time for job in jobs) / len(jobs) <= 0.20
    assert all(job.valid_until <= date(2027, 12, 31) for job in jobs)
    with COURSES.open(encoding="utf-8-sig") as handle:
        course_occupations = {row["职业"] for row in csv.DictReader(handle)}
    occupations = Counter(job.occupation for job in jobs)
    assert set(occupations) <= course_occupations
    assert len(occupations) >= 20


def test_in_the_sample_an_apprentice_never_earns_more_than_a_technician_of_the_trade() -> None:
    jobs = read_jobs(SAMPLE).jobs
    compared = 0
    for occupation in {job.occupation for job in jobs}:
        trade = [job for job in jobs if job.occupation == occupation and not job.part_time]
        learners = [job for job in trade if "学徒" in job.title or "助理" in job.title]
        experts = [job for job in trade if "技师" in job.title or "技术员" in job.title]
        for learner in learners:
            for expert in experts:
                compared += 1
                assert learner.salary_max <= expert.salary_min, (learner.title, expert.title)
    assert compared > 0


def test_sample_matches_its_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    script = ROOT / "benchmarks" / "make_sample_jobs.py"
    spec = importlib.util.spec_from_file_location("make_sample_jobs", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script prepends the repository root
    spec.loader.exec_module(module)
    assert tuple(module.build()) == read_jobs(SAMPLE).jobs
