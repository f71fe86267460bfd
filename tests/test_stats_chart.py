"""The /stats chart is Chinese on any machine: drawn with the shipped font subset, never a missing glyph."""

from __future__ import annotations

import re
import warnings
from datetime import date

from fontTools.ttLib import TTFont

from bot.services import stats_chart
from bot.services.staff_stats import Funnel, StaffStats, WeekCount
from bot.services.survey_stats import UNKNOWN_GROUP, SurveyRow, tally
from bot.texts import stats as st
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS


def every_label_at_once() -> StaffStats:
    """The widest chart: every district in the scope, every group (and none) in three waves."""
    rows = [
        SurveyRow(wave, group, "C1", "班", "海州区", "yes", "special", work, "employer", "lt3000", "none")
        for wave in (30, 90, 180)
        for group in (*GROUPS, None)
        for work in ("contract", "seeking")
    ]
    weeks = [WeekCount(date(2026, 9, 7 + 7 * i) if i < 3 else date(2026, 10, 5), i, i // 2) for i in range(12)]
    return StaffStats(
        scope=tuple(d.name for d in DISTRICTS),
        today=date(2026, 11, 23),
        weeks=weeks,
        funnel=Funnel(9, {"policy": 8, "guidance": 7, "jobs": 6, "training": 5}, 4),
        waves=tally(rows),
    )


def test_the_shipped_font_has_every_character_a_chart_can_draw() -> None:
    cmap = TTFont(stats_chart.FONT_FILE).getBestCmap()
    missing = [ch for ch in stats_chart.chart_characters() if ord(ch) not in cmap]
    # If this fails, a label gained a character: run scripts/make_chart_font.py (see bot/assets/fonts/README.md).
    assert missing == []
    assert (stats_chart.FONT_FILE.parent / "OFL.txt").read_text().startswith("Copyright 2014-2021 Adobe")
    assert stats_chart.FONT_FILE.stat().st_size < 200_000  # a subset, not the 10 MB font


def test_group_district_and_scope_names_are_in_the_characters() -> None:
    characters = set(stats_chart.chart_characters())
    for name in (*GROUPS, UNKNOWN_GROUP, *(d.name for d in DISTRICTS), st.CITYWIDE):
        assert set(name) <= characters, name


def test_chart_labels_are_chinese() -> None:
    labels = [v for value in st.CHART_LABELS.values() for v in ((value,) if isinstance(value, str) else value)]
    words = [re.sub(r"\{\w+\}", "", label) for label in labels]  # placeholders are not shown
    assert [word for word in words if re.search("[A-Za-z]", word)] == []


def test_chart_draws_with_the_shipped_font_and_no_missing_glyph() -> None:
    from matplotlib import font_manager

    family = stats_chart.font_family()
    assert family == "Noto Sans SC Chart Subset"
    # matplotlib finds the family without falling back to its default font.
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert found == str(stats_chart.FONT_FILE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # "Glyph … missing from font(s)" would be recorded here
        chart = stats_chart.render(every_label_at_once())
    assert [str(w.message) for w in caught] == []
    assert chart.png.startswith(b"\x89PNG")
