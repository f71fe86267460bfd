"""The course record shared by the importer, the search index and storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LEVELS: tuple[str, ...] = ("初级工", "中级工", "高级工", "技师", "高级技师", "专项职业能力", "培训合格")
CATEGORIES: tuple[str, ...] = ("就业技能培训", "岗位技能提升培训", "创业培训", "新型学徒制", "以工代训")


@dataclass(frozen=True, slots=True)
class Course:
    code: str
    title: str
    occupation: str
    level: str
    category: str
    provider: str
    district: str
    address: str
    lat: float | None
    lon: float | None
    start_date: date
    end_date: date
    hours: int
    capacity: int
    subsidy_yuan: int
    fee_yuan: int
    eligible_groups: tuple[str, ...]
    contact: str
    keywords: tuple[str, ...] = ()
    description: str = ""
    # Staff allow people to join after the start date (the card says the class has started either way).
    late_join: bool = False
    # Shipped demo data (`python -m bot demo load`), not a real class: shown with 示例 wherever it appears.
    sample: bool = False
    # Seats already taken; filled from enrolments by storage, not by imports.
    enrolled: int = field(default=0, compare=False)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)

    @property
    def is_free(self) -> bool:
        return self.fee_yuan == 0

    def has_started(self, today: date) -> bool:
        """Classes were held before today (joining on the first day is not late)."""
        return self.start_date < today
