"""The job-posting record behind the "3 job recommendations" of the 1131 service, and its file layout."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from catalog.importer_writer import LIST_SEPARATOR, _csv_text


@dataclass(frozen=True, slots=True)
class JobPosting:
    code: str  # unique, e.g. "JOB-HZQ-001"
    title: str
    employer: str
    occupation: str
    district: str  # official name from catalog.districts
    address: str
    lat: float | None
    lon: float | None
    salary_min: int  # yuan per month
    salary_max: int
    requirements: str
    contact: str
    valid_until: date  # last day the posting is open (inclusive)
    part_time: bool = False
    keywords: tuple[str, ...] = ()
    # Shipped demo data (`python -m bot demo load`), not a real vacancy: shown with 示例 wherever it appears.
    sample: bool = False

    def is_open(self, today: date) -> bool:
        return self.valid_until >= today


# File layout shared by the importer and the writers.
# English key (a JobPosting field) -> accepted Chinese headers; the first one is what the writers emit.
JOB_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "code": ("岗位编号", "编号", "职位编号"),
        "title": ("岗位名称", "职位名称", "招聘岗位"),
        "employer": ("招聘单位", "用人单位", "单位名称", "企业名称"),
        "occupation": ("职业", "工种", "职业（工种）", "职业工种"),
        "district": ("区县", "所在区县", "县区"),
        "address": ("工作地点", "地址", "工作地址"),
        "lat": ("纬度",),
        "lon": ("经度",),
        "salary_min": ("最低月薪", "薪资下限", "月薪下限"),
        "salary_max": ("最高月薪", "薪资上限", "月薪上限"),
        "requirements": ("任职要求", "岗位要求", "招聘要求"),
        "contact": ("联系电话", "咨询电话", "联系方式"),
        "valid_until": ("有效期至", "截止日期", "有效期"),
        "part_time": ("是否兼职", "兼职"),
        "keywords": ("关键词",),
    }
)
OPTIONAL_JOB_COLUMNS = frozenset({"lat", "lon", "requirements", "part_time", "keywords"})
YES, NO = "是", "否"


def _cells(job: JobPosting) -> list[object]:
    """One row in JOB_COLUMNS order; dates stay dates, missing coordinates stay None."""
    cells: list[object] = []
    for key in JOB_COLUMNS:
        value = getattr(job, key)
        if isinstance(value, bool):
            value = YES if value else NO
        elif isinstance(value, tuple):
            value = LIST_SEPARATOR.join(value)
        cells.append(value)
    return cells


def _header() -> list[str]:
    return [names[0] for names in JOB_COLUMNS.values()]


def write_jobs_csv(jobs: Iterable[JobPosting], path: Path, *, bom: bool = True) -> None:
    """CSV in UTF-8 with Chinese headers; with the BOM (default) Excel opens it correctly."""
    with Path(path).open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(_header())
        writer.writerows([_csv_text(cell) for cell in _cells(job)] for job in jobs)


def write_jobs_xlsx(jobs: Iterable[JobPosting], path: Path) -> None:
    """XLSX with one streamed sheet; dates as date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("招聘岗位")
    sheet.freeze_panes = "A2"
    sheet.append(_header())
    for job in jobs:
        row: list[object] = []
        for value in _cells(job):
            if isinstance(value, date):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "yyyy-mm-dd"
            row.append(value)
        sheet.append(row)
    book.save(Path(path))
