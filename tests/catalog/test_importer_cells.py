"""Cell-level rules of the catalogue importer: headers, dates, numbers, lists, vocabularies, coordinates."""

from __future__ import annotations

from datetime import date

import pytest
from importer_helpers import csv_bytes, row

from catalog.importer import COLUMNS, ImportResult, RowError, parse_courses_bytes
from catalog.importer import ImportErrorCode as E
from catalog.importer_columns import HEADER_INDEX, column_key, normalize_header


def _one(**overrides: str) -> ImportResult:
    return parse_courses_bytes(csv_bytes([row(**overrides)]), "c.csv")


def _value(key: str, **overrides: str) -> object:
    result = _one(**overrides)
    assert result.ok, result.errors
    return getattr(result.courses[0], key)


def _errors(**overrides: str) -> list[tuple[str, E, str]]:
    result = _one(**overrides)
    assert result.courses == ()
    return [(e.column, e.code, e.value) for e in result.errors]


def test_every_accepted_header_maps_to_exactly_one_column() -> None:
    spellings = [(key, name) for key, names in COLUMNS.items() for name in (key, *names)]
    assert len({normalize_header(name) for _, name in spellings}) == len(spellings)
    assert all(HEADER_INDEX[normalize_header(name)] == key for key, name in spellings)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("补贴标准（元）", "subsidy_yuan"),
        ("补贴标准(元)", "subsidy_yuan"),
        ("补贴标准（元/人）", "subsidy_yuan"),
        (" 职业（工种） ", "occupation"),
        ("职业(工种)", "occupation"),
        ("\ufeff项目编号", "code"),
        ("开班\u3000日期", "start_date"),
        ("*项目名称", "title"),
        ("Start Date", "start_date"),
        ("ELIGIBLE_GROUPS", "eligible_groups"),
        ("个人缴费（元）", "fee_yuan"),
        ("备注", None),
        ("", None),
    ],
)
def test_header_matching(header: str, key: str | None) -> None:
    assert column_key(header) == key


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01",
        "2026/12/1",
        "2026.12.01",
        "2026年12月1日",
        "2026 年 12 月 1 日",
        "20261201",
        "２０２６年１２月１日",
        "2026-12-01 00:00:00",
        "2026/12/01T08:30",
    ],
)
def test_date_formats(text: str) -> None:
    assert _value("start_date", start_date=text, end_date="2026-12-20") == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["明天", "12/01/2026", "2026-12", "1899-12-01", "2026-12-1 10:00:00x"])
def test_bad_dates(text: str) -> None:
    assert _errors(start_date=text) == [("开班日期", E.BAD_DATE, text)]


@pytest.mark.parametrize("text", ["2026-02-30", "2027-02-29", "2026-13-01", "2026年4月31日"])
def test_dates_that_do_not_exist_are_called_so(text: str) -> None:
    assert _errors(start_date=text) == [("开班日期", E.NO_SUCH_DATE, text)]


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("subsidy_yuan", "1,200元", 1200),
        ("subsidy_yuan", "1200.00", 1200),
        ("subsidy_yuan", "￥1500", 1500),
        ("hours", "80课时", 80),
        ("hours", " 120 学时", 120),
        ("capacity", "40人", 40),
        ("capacity", "４０", 40),
        ("fee_yuan", "免费", 0),
        ("fee_yuan", "300元", 300),
        ("subsidy_yuan", "2,000", 2000),
    ],
)
def test_numbers(key: str, text: str, expected: int) -> None:
    assert _value(key, **{key: text}) == expected


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("hours", "八十", E.BAD_NUMBER),
        ("hours", "12.5", E.BAD_NUMBER),
        ("subsidy_yuan", "免费", E.BAD_NUMBER),
        ("subsidy_yuan", "1,20", E.BAD_NUMBER),
        ("capacity", "-5", E.OUT_OF_RANGE),
        ("hours", "0", E.OUT_OF_RANGE),
        ("fee_yuan", "约300", E.BAD_NUMBER),
    ],
)
def test_bad_numbers(key: str, text: str, code: E) -> None:
    assert _errors(**{key: text}) == [(COLUMNS[key][0], code, text)]


@pytest.mark.parametrize(
    "text",
    [
        "失业人员、高校毕业生",
        "失业人员，高校毕业生",
        "失业人员,高校毕业生",
        "失业人员;高校毕业生",
        "失业人员；高校毕业生",
        "失业人员/高校毕业生",
        "失业人员\n高校毕业生",
        "失业人员 高校毕业生",
        "失业、大学生、失业人员",
        " 下岗 / 应届生 ",
    ],
)
def test_group_lists_and_aliases(text: str) -> None:
    assert _value("eligible_groups", eligible_groups=text) == ("失业人员", "高校毕业生")


def test_keywords_split_on_every_separator_but_not_spaces() -> None:
    text = "电工、电工证，低压;高压；电气/维修,Python 入门"
    expected = ("电工", "电工证", "低压", "高压", "电气", "维修", "Python 入门")
    assert _value("keywords", keywords=text) == expected


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("district", "新浦", "海州区"),
        ("district", "连云港市赣榆区", "赣榆区"),
        ("district", "开发区", "经济技术开发区"),
        ("level", "四级", "中级工"),
        ("level", "高级", "高级工"),
        ("level", "专项职业能力", "专项职业能力"),
        ("category", "创业", "创业培训"),
        ("category", "新型学徒制", "新型学徒制"),
        ("eligible_groups", "其他", ("其他",)),
        ("eligible_groups", "退伍", ("退役军人",)),
    ],
)
def test_vocabularies_are_stored_canonical(key: str, text: str, expected: object) -> None:
    assert _value(key, **{key: text}) == expected


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("district", "南京市", E.UNKNOWN_DISTRICT),
        ("level", "特级技师", E.UNKNOWN_LEVEL),
        ("category", "兴趣班", E.UNKNOWN_CATEGORY),
        ("eligible_groups", "失业人员、学生", E.UNKNOWN_GROUP),
    ],
)
def test_unknown_vocabulary(key: str, text: str, code: E) -> None:
    value = "学生" if key == "eligible_groups" else text
    assert _errors(**{key: text}) == [(COLUMNS[key][0], code, value)]


def test_coordinates() -> None:
    assert (_value("lat", lat="", lon=""), _value("lon", lat="", lon="")) == (None, None)
    assert _value("lat", lat="34.6°", lon="119.2") == 34.6
    assert _errors(lat="34.6", lon="") == [("经度", E.BAD_COORDINATES, "")]
    assert _errors(lat="", lon="119.2") == [("纬度", E.BAD_COORDINATES, "")]
    assert _errors(lat="119.2", lon="34.6") == [
        ("纬度", E.BAD_COORDINATES, "119.2"),
        ("经度", E.BAD_COORDINATES, "34.6"),
    ]
    assert _errors(lat="北纬34度", lon="119.2") == [("纬度", E.BAD_COORDINATES, "北纬34度")]


def test_coordinate_columns_are_optional() -> None:
    keys = [k for k in row() if k not in ("lat", "lon", "keywords", "description")]
    result = parse_courses_bytes(csv_bytes([row()], keys=keys), "c.csv")
    assert result.ok, result.errors
    course = result.courses[0]
    assert (course.lat, course.lon, course.keywords, course.description) == (None, None, (), "")


def test_end_before_start_and_missing_values() -> None:
    swapped = _errors(start_date="2026-12-20", end_date="2026-12-01")
    assert swapped == [("结业日期", E.END_BEFORE_START, "2026-12-01")]
    assert _value("end_date", start_date="2026-12-20", end_date="2026-12-20") == date(2026, 12, 20)
    assert _errors(provider="  ", contact="", eligible_groups="、") == [
        ("培训机构", E.MISSING_VALUE, ""),
        ("补贴对象", E.MISSING_VALUE, ""),
        ("联系电话", E.MISSING_VALUE, ""),
    ]


def test_long_values_are_clipped_in_errors() -> None:
    errors = _one(district="区" * 300, title="题" * 101).errors
    assert [(e.code, len(e.value)) for e in errors] == [(E.VALUE_TOO_LONG, 50), (E.UNKNOWN_DISTRICT, 50)]
    assert errors[0].value.endswith("…")


def test_duplicate_codes_ignore_case_and_bad_rows_still_count() -> None:
    rows = [row(code="ab-1", district="火星"), row(code="AB-1"), row(code="ab-2"), row(code=" ab-2 ")]
    result = parse_courses_bytes(csv_bytes(rows), "c.csv")
    assert result.errors == (
        RowError(2, "区县", E.UNKNOWN_DISTRICT, "火星"),
        RowError(3, "项目编号", E.DUPLICATE_CODE, "AB-1"),
        RowError(5, "项目编号", E.DUPLICATE_CODE, "ab-2"),
    )


def test_blank_lines_keep_spreadsheet_row_numbers() -> None:
    data = csv_bytes([row(code="A"), row(code="B", hours="x")])
    lines = data.split(b"\n")
    data = b"\n".join([lines[0], lines[1], b"", b",,,", lines[2], b""])
    assert [(e.row, e.code) for e in parse_courses_bytes(data, "c.csv").errors] == [(5, E.BAD_NUMBER)]


def test_tab_separated_and_utf16_text() -> None:
    text = csv_bytes([row()]).decode().replace(",", "\t")
    assert parse_courses_bytes(text.encode(), "c.csv").ok
    assert parse_courses_bytes(csv_bytes([row()]).decode().encode("utf-16"), "c.csv").ok
