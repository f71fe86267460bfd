"""Catalogue columns: the headers accepted for each Course field and how file headers are matched."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from catalog.importer_errors import ImportErrorCode, RowError, clip

# English key (a Course field) -> accepted Chinese headers; the first one is what the writers emit.
COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "code": ("项目编号", "编号", "班次编号", "班级编号", "课程编号"),
        "title": ("项目名称", "培训项目", "名称", "课程名称", "班级名称"),
        "occupation": ("职业", "工种", "职业（工种）", "职业工种"),
        "level": ("等级", "培训等级", "技能等级"),
        "category": ("培训类型", "类别", "培训类别"),
        "provider": ("培训机构", "承训机构", "机构名称"),
        "district": ("区县", "所在区县", "县区"),
        "address": ("地址", "培训地址", "上课地址"),
        "lat": ("纬度",),
        "lon": ("经度",),
        "start_date": ("开班日期", "开始日期", "开班时间"),
        "end_date": ("结业日期", "结束日期", "结业时间"),
        "hours": ("课时", "学时", "培训课时"),
        "capacity": ("名额", "人数", "招生人数", "计划人数"),
        "subsidy_yuan": ("补贴标准", "补贴标准（元）", "补贴金额"),
        "fee_yuan": ("个人缴费", "个人缴费（元）", "个人费用"),
        "eligible_groups": ("补贴对象", "适用人群", "培训对象"),
        "contact": ("联系电话", "咨询电话", "联系方式"),
        "keywords": ("关键词",),
        "description": ("简介", "项目简介", "说明"),
        "late_join": ("允许插班", "是否允许插班", "可插班"),
    }
)

OPTIONAL_COLUMNS: frozenset[str] = frozenset({"lat", "lon", "keywords", "description", "late_join"})
# Settings staff also change per class in the chat (/class CODE → 允许插班): a file without the column leaves
# each stored class as it is, instead of resetting it to the blank value.
KEPT_WHEN_ABSENT: tuple[str, ...] = ("late_join",)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(k for k in COLUMNS if k not in OPTIONAL_COLUMNS)

# A row is taken as the header when it names at least this many known columns.
MIN_HEADER_MATCHES = 3

_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_DROP = re.compile(r"[\s_\-*:]+")


def normalize_header(text: object) -> str:
    """Comparable form of a header: NFKC (full-width brackets become ASCII), no spaces/_/-/*/:, lower case."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text)).replace("\ufeff", "")
    return _DROP.sub("", folded).lower()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for key, headers in COLUMNS.items():
        for name in (key, *headers):
            index[normalize_header(name)] = key
    return index


HEADER_INDEX: Mapping[str, str] = MappingProxyType(_build_index())


def column_key(header: object) -> str | None:
    """English key for a header as written in a file, or None when it is not a catalogue column."""
    norm = normalize_header(header)
    if not norm:
        return None
    return HEADER_INDEX.get(norm) or HEADER_INDEX.get(_BRACKETED.sub("", norm))


@dataclass(frozen=True, slots=True)
class HeaderMap:
    row: int
    # English key -> (cell index, header as written).
    positions: Mapping[str, tuple[int, str]]
    ignored: tuple[str, ...]
    errors: tuple[RowError, ...]

    def header(self, key: str) -> str:
        return self.positions[key][1]


def count_known(cells: Sequence[object]) -> int:
    return len({k for k in map(column_key, cells) if k is not None})


def map_header(row: int, cells: Sequence[object]) -> HeaderMap:
    positions: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, cell in enumerate(cells):
        written = "" if cell is None else str(cell).strip()
        key = column_key(written)
        if key is None:
            if written:
                ignored.append(clip(written))
        elif key in positions:
            errors.append(RowError(row, clip(written), ImportErrorCode.DUPLICATE_COLUMN, clip(written)))
        else:
            positions[key] = (index, written)
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            errors.append(RowError(row, COLUMNS[key][0], ImportErrorCode.MISSING_COLUMN, ""))
    return HeaderMap(row, MappingProxyType(positions), tuple(ignored), tuple(errors))
