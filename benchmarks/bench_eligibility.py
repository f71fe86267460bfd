"""Cost of judging eligibility for one person: `assess` over the whole sample catalogue (what the 1131 training
step does to put eligible courses first) with an empty and a three-item history. Prints figures; no asserts."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.eligibility import PastTraining, assess, load_rules  # noqa: E402
from catalog.groups import GROUPS  # noqa: E402
from catalog.importer import read_courses  # noqa: E402

TODAY = date(2026, 11, 23)
HISTORY = (
    PastTraining("电工", "初级工", "就业技能培训", 2026),
    PastTraining("网店运营", "培训合格", "创业培训", 2026),
    PastTraining("焊工", "初级工", "就业技能培训", 2025),
)


def main() -> None:
    courses = read_courses(ROOT / "catalog" / "data" / "sample_courses.csv").courses
    load_rules()  # parsed once per process
    for label, history in (("no history", ()), ("3 past trainings", HISTORY)):
        runs = []
        for _ in range(20):
            start = time.perf_counter()
            for group in GROUPS:
                for course in courses:
                    assess(course, group, history, TODAY)
            runs.append((time.perf_counter() - start) / len(GROUPS))
        runs.sort()
        print(f"{label}: {len(courses)} courses judged in {runs[len(runs) // 2] * 1000:.2f} ms (median of 20), "
              f"{runs[len(runs) // 2] / len(courses) * 1e6:.1f} µs per course")  # fmt: skip


if __name__ == "__main__":
    main()
