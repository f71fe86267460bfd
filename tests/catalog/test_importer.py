"""Whole-file behaviour of the catalogue importer: formats, encodings, rejection, limits, the sample."""

from __future__ import annotations

import importlib.util
import io
import os
import random
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_helpers import csv_bytes, row
from openpyxl import Workbook

from catalog import importer
from catalog.districts import DISTRICTS
from catalog.importer import (
    ImportErrorCode as E,
)
from catalog.importer import (
    RowError,
    parse_courses_bytes,
    read_courses,
    write_courses_csv,
    write_courses_xlsx,
)
from catalog.model import CATEGORIES, LEVELS, Course

FILES = Path(__file__).parent / "files"
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "catalog" / "data" / "sample_courses.csv"


def _course(code: str, **changes: object) -> Course:
    base = dict(
        code=code,
        title="养老护理员（初级）培训班",
        occupation="养老护理员",
        level="初级工",
        category="就业技能培训",
        provider="连云港市海州区测试职业培训学校",
        district="海州区",
        address="连云港市海州区通灌北路52号",
        lat=34.571234,
        lon=119.163456,
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 18),
        hours=80,
        capacity=40,
        subsidy_yuan=1200,
        fee_yuan=0,
        eligible_groups=("失业人员", "农村转移劳动力", "其他"),
        contact="0518-85551234",
        keywords=("养老", "护理"),
        description="学习生活照料，含实习。",
    )
    return Course(**{**base, **changes})  # type: ignore[arg-type]


COURSES = (
    _course("C-001"),
    _course(
        "C-002",
        lat=None,
        lon=None,
        district="徐圩新区",
        fee_yuan=500,
        eligible_groups=("企业职工",),
        keywords=(),
        description='带"引号"、逗号,和\n换行的说明',
    ),
    _course(
        "C-003",
        level="专项职业能力",
        category="创业培训",
        hours=40,
        capacity=20,
        subsidy_yuan=600,
        start_date=date(2027, 9, 30),
        end_date=date(2027, 9, 30),
        title="网络创业培训班（周末班）",
    ),
)


@pytest.mark.parametrize("bom", [True, False])
def test_csv_round_trip_with_chinese_headers(tmp_path: Path, bom: bool) -> None:
    path = tmp_path / "catalogue.csv"
    write_courses_csv(COURSES, path, bom=bom)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("项目编号,项目名称,职业,等级")
    result = read_courses(path)
    assert result.ok, result.errors
    assert result.courses == COURSES


def test_xlsx_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    write_courses_xlsx(COURSES, path)
    result = read_courses(path)
    assert result.errors == ()
    assert result.courses == COURSES


def test_gb18030_csv_is_decoded() -> None:
    data = (FILES / "gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_courses_bytes(data, "目录.CSV")
    assert result.ok, result.errors
    first, second = result.courses
    assert (first.title, first.district, first.eligible_groups) == (
        "养老护理员（初级）培训班",
        "灌南县",
        ("农村转移劳动力", "脱贫劳动力"),
    )
    assert (second.lat, second.lon, second.fee_yuan, second.subsidy_yuan) == (None, None, 0, 800)
    assert (second.start_date, second.end_date) == (date(2027, 3, 1), date(2027, 3, 10))
    assert second.keywords == ("紫菜", "海藻")


def test_english_headers_and_unknown_columns() -> None:
    headers = {key: key.upper().replace("_", " ") for key in row()}  # e.g. "START DATE"
    keys = [*row(), "备注", "负责人"]
    data = csv_bytes([row(备注="无", 负责人="王老师")], headers, keys=keys)
    result = parse_courses_bytes(data, "c.csv")
    assert result.ok, result.errors
    assert result.courses[0].title == "电工（初级）培训班"
    assert result.courses[0].start_date == date(2026, 12, 1)
    assert result.ignored_columns == ("备注", "负责人")


def test_malformed_file_is_rejected_whole_with_every_error() -> None:
    result = read_courses(FILES / "malformed.csv")
    assert result.courses == ()
    assert not result.ok
    assert result.errors == (
        RowError(3, "开班日期", E.NO_SUCH_DATE, "2026-02-30"),
        RowError(4, "所在区县", E.UNKNOWN_DISTRICT, "南京"),
        RowError(5, "项目名称", E.MISSING_VALUE, ""),
        RowError(6, "学时", E.BAD_NUMBER, "八十"),
        RowError(7, "项目编号", E.DUPLICATE_CODE, "A001"),
        RowError(8, "等级", E.UNKNOWN_LEVEL, "特级"),
        RowError(8, "纬度", E.BAD_COORDINATES, "91"),
        RowError(8, "结业日期", E.END_BEFORE_START, "2027-02-01"),
        RowError(8, "补贴对象", E.UNKNOWN_GROUP, "学生"),
    )


def test_row_numbers_count_title_and_blank_rows_in_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2027年连云港市补贴性职业技能培训项目目录"])
    keys = list(row())
    sheet.append([importer.COLUMNS[key][0] for key in keys])
    good = {**row(), "start_date": date(2026, 12, 1), "hours": 80.0, "capacity": 30, "code": 1001}
    sheet.append([good[key] for key in keys])
    sheet.append([])
    bad = {**row(code="1002"), "end_date": "2026年13月1日"}
    sheet.append([bad[key] for key in keys])
    path = tmp_path / "with_title.xlsx"
    book.save(path)
    result = read_courses(path)
    assert result.errors == (RowError(5, "结业日期", E.NO_SUCH_DATE, "2026年13月1日"),)
    bad["end_date"] = "2026-12-20"
    sheet.delete_rows(5)
    sheet.append([bad[key] for key in keys])
    book.save(path)
    result = read_courses(path)
    assert result.ok, result.errors
    assert [c.code for c in result.courses] == ["1001", "1002"]
    assert result.courses[0].start_date == date(2026, 12, 1) and result.courses[0].hours == 80


def test_missing_and_duplicate_columns() -> None:
    keys = [k for k in row() if k not in ("title", "contact")] + ["code"]
    result = parse_courses_bytes(csv_bytes([row()], {"code": "编号"}, keys=keys), "c.csv")
    codes = {(e.row, e.column, e.code) for e in result.errors}
    assert codes == {
        (1, "项目名称", E.MISSING_COLUMN),
        (1, "联系电话", E.MISSING_COLUMN),
        (1, "编号", E.DUPLICATE_COLUMN),
    }
    assert result.courses == ()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "c.csv", E.EMPTY_FILE),
        (b"  \r\n\r\n ", "c.csv", E.EMPTY_FILE),
        (csv_bytes([]), "c.csv", E.EMPTY_FILE),  # the bare template: headers, no courses
        (b"\xff\xfe\x00\xd8", "c.csv", E.BAD_ENCODING),
        (b"\x81\x20\x80\xff\xfe" * 50, "c.csv", E.BAD_ENCODING),
        (b"code,title\nthis is text pretending to be a workbook\n", "c.xlsx", E.UNREADABLE_FILE),
        (b"PK\x03\x04" + b"\x00" * 100, "c.xlsx", E.UNREADABLE_FILE),
        (b"a,b\n1,2\n", "c.xls", E.UNSUPPORTED_FORMAT),
        (b"a,b\n1,2\n", "catalogue", E.UNSUPPORTED_FORMAT),
    ],
)
def test_bad_files_give_one_file_level_error(data: bytes, name: str, code: E) -> None:
    result = parse_courses_bytes(data, name)
    assert result.courses == ()
    assert [(e.row, e.column, e.code) for e in result.errors] == [(0, "", code)]


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    result = parse_courses_bytes(buffer.getvalue(), "c.xlsx")
    assert [e.code for e in result.errors] == [E.UNREADABLE_FILE]


def test_random_bytes_never_raise() -> None:
    rng = random.Random(7)
    for size in (1, 10, 1000, 50_000):
        data = bytes(rng.getrandbits(8) for _ in range(size))
        for name in ("x.csv", "x.xlsx"):
            result = parse_courses_bytes(data, name)
            assert result.errors and result.courses == ()
    assert parse_courses_bytes(os.urandom(64), "x.csv").courses == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(str.encode)),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]),
)
def test_arbitrary_input_never_raises(data: bytes, name: str) -> None:
    result = parse_courses_bytes(data, name)
    assert result.ok == (result.errors == ())
    assert not (result.errors and result.courses)


def test_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = csv_bytes([row(code=f"R{i}") for i in range(4)])
    assert parse_courses_bytes(data, "c.csv").ok
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    result = parse_courses_bytes(data, "c.csv")
    assert [(e.code, e.value) for e in result.errors] == [(E.TOO_MANY_ROWS, "3")]


def test_real_row_limit_is_reported_not_crashed() -> None:
    header = csv_bytes([])
    data = header + b"x\n" * (importer.MAX_ROWS + 1)
    result = parse_courses_bytes(data, "big.csv")
    assert [e.code for e in result.errors] == [E.TOO_MANY_ROWS]


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"," * (importer.MAX_FILE_BYTES + 1))
    assert [e.code for e in read_courses(path).errors] == [E.FILE_TOO_LARGE]
    assert [e.code for e in parse_courses_bytes(path.read_bytes(), "huge.csv").errors] == [E.FILE_TOO_LARGE]
    assert [e.code for e in read_courses(tmp_path / "absent.csv").errors] == [E.UNREADABLE_FILE]


def test_error_list_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_ERRORS", 5)
    data = csv_bytes([row(code=f"R{i}", district="上海") for i in range(8)])
    errors = parse_courses_bytes(data, "c.csv").errors
    assert [e.code for e in errors] == [E.UNKNOWN_DISTRICT] * 5 + [E.TOO_MANY_ERRORS]
    assert errors[-1].value == "8"


def test_shipped_sample_imports_cleanly() -> None:
    result = read_courses(SAMPLE)
    assert result.ok, result.errors[:5]
    courses = result.courses
    assert len(courses) >= 160
    assert {c.district for c in courses} == {d.name for d in DISTRICTS}
    assert len({c.code for c in courses}) == len(courses)
    assert {c.level for c in courses} <= set(LEVELS) and {c.category for c in courses} <= set(CATEGORIES)
    today = date(2026, 11, 23)
    assert any(c.end_date < today for c in courses)
    assert sum(c.start_date > today for c in courses) > len(courses) / 2
    assert all(date(2026, 9, 1) <= c.start_date <= date(2027, 9, 30) for c in courses)
    assert all(20 <= c.capacity <= 60 for c in courses)
    assert all(40 <= c.hours <= 160 for c in courses if c.category != "新型学徒制")


def test_shipped_sample_is_plausible() -> None:
    courses = read_courses(SAMPLE).courses
    apprenticeships = [c for c in courses if c.category == "新型学徒制"]
    assert apprenticeships  # about a year in the company, for its employees
    assert all((c.end_date - c.start_date).days >= 300 and c.eligible_groups == ("企业职工",) for c in apprenticeships)
    assert not any(c.category == "以工代训" for c in courses)  # on-the-job training is no class to enrol in
    beginner = ("入门", "从零", "零基础")
    senior = [c for c in courses if c.level in ("中级工", "高级工", "技师", "高级技师")]
    assert senior and not any(word in c.title + c.description for c in senior for word in beginner)
    assert any("周末" in c.title or "双休日" in c.description for c in courses)
    assert 0 < sum(c.fee_yuan > 0 for c in courses) < len(courses) / 10


def test_sample_matches_its_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    script = ROOT / "benchmarks" / "make_sample_courses.py"
    spec = importlib.util.spec_from_file_location("make_sample_courses", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script prepends the repository root
    spec.loader.exec_module(module)
    assert tuple(module.build()) == read_courses(SAMPLE).courses
