"""Renders StaffStats as one PNG with three panels: enrolments per week, the 1131 funnel, employment per wave.

matplotlib is imported inside the functions: it costs about half a second, which bot start-up should not pay.
Labels are Chinese when an installed font covers them and English otherwise, so there are never tofu boxes.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from bot.services.staff_stats import StaffStats
from bot.services.survey_stats import TARGET_EMPLOYED_SHARE
from bot.texts import stats as st

log = logging.getLogger(__name__)

# Family names of common CJK fonts (Debian: fonts-noto-cjk, fonts-wqy-microhei; Windows; macOS), tried first.
CJK_HINTS = ("cjk", "source han", "wenquanyi", "wqy", "simhei", "yahei", "pingfang", "heiti", "droid sans fallback")
# matplotlib's own fallback claims every character but draws boxes, so it never counts.
NOT_CJK = ("last resort",)
PROBE = "培训报名就业统计"


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes
    chinese: bool  # False: English labels, because no Chinese font is installed


def _covers(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in PROBE)


@functools.cache
def cjk_font() -> str | None:
    """The family name of an installed font that draws Chinese, or None. Looked up once per process."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    # matplotlib caches its font list: a font installed since then is only found by scanning the system.
    for path in font_manager.findSystemFonts():
        if path not in known and _covers(path):
            manager.addfont(path)
    fonts = [f for f in manager.ttflist if not any(bad in f.name.lower() for bad in NOT_CJK)]
    fonts.sort(key=lambda f: not any(hint in f.name.lower() for hint in CJK_HINTS))
    for entry in fonts:
        if _covers(entry.fname):
            log.info("chart font: %s", entry.name)
            return entry.name
    log.info("no Chinese font installed: charts use English labels")
    return None


def render(stats: StaffStats) -> Chart:
    """The PNG; blocking CPU work, so callers in the event loop run it in a thread."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = cjk_font()
    labels = st.CHART_LABELS["zh" if family else "en"]
    rc = {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        # A bare Figure on the Agg canvas, not pyplot: nothing is registered globally, so nothing leaks.
        figure = Figure(figsize=(8, 11), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        weeks, funnel, waves = figure.subplots(3, 1, height_ratios=(1.1, 1, 1))
        scope = stats.scope_name if family else _english_scope(stats)
        figure.suptitle(labels["title"].format(scope=scope, today=stats.today), fontsize=13)
        _weeks(weeks, stats, labels)
        _funnel(funnel, stats, labels)
        _waves(waves, stats, labels)
        out = BytesIO()
        figure.savefig(out, format="png")
        figure.clear()
    return Chart(out.getvalue(), chinese=family is not None)


def _english_scope(stats: StaffStats) -> str:
    # District names are Chinese; without a Chinese font only their number can be shown.
    if stats.scope is None:
        return st.CHART_LABELS["en"]["citywide"]
    return f"{len(stats.scope)} district" + ("s" if len(stats.scope) > 1 else "")


def _weeks(ax: Any, stats: StaffStats, labels: dict[str, Any]) -> None:
    positions = range(len(stats.weeks))
    ax.bar([p - 0.2 for p in positions], [w.created for w in stats.weeks], 0.4, label=labels["created"])
    ax.bar([p + 0.2 for p in positions], [w.confirmed for w in stats.weeks], 0.4, label=labels["confirmed"])
    ax.set_xticks(list(positions), [labels["week"].format(week=w.iso_week) for w in stats.weeks], fontsize=8)
    ax.set_title(labels["weeks"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left")


def _funnel(ax: Any, stats: StaffStats, labels: dict[str, Any]) -> None:
    f = stats.funnel
    values = [f.started, *f.steps.values(), f.completed]
    bars = ax.barh(list(labels["steps"]), values, color=["#4c72b0"] + ["#55a868"] * len(f.steps) + ["#c44e52"])
    ax.invert_yaxis()  # the funnel reads from the top
    ax.bar_label(bars, padding=3)
    ax.set_xlim(0, max(*values, 1) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(labels["funnel"])


def _waves(ax: Any, stats: StaffStats, labels: dict[str, Any]) -> None:
    target = TARGET_EMPLOYED_SHARE * 100
    ax.set_title(labels["waves"])
    ax.set_ylim(0, 125)  # room for the labels above a 100% bar
    ax.set_ylabel("%")
    if not stats.waves:
        ax.text(0.5, 0.5, labels["no_waves"], ha="center", va="center", transform=ax.transAxes)
    else:
        tallies = list(stats.waves.values())
        shares = [None if t.employed_share is None else t.employed_share * 100 for t in tallies]
        names = [
            labels["wave"].format(wave=w) + "\n" + labels["sent"].format(sent=t.sent, answered=t.answered)
            for w, t in stats.waves.items()
        ]
        colors = ["#55a868" if s is not None and s >= target else "#dd8452" for s in shares]
        bars = ax.bar(names, [s or 0 for s in shares], 0.5, color=colors)
        ax.bar_label(bars, ["-" if s is None else f"{s:.1f}%" for s in shares], padding=2)
    line = labels["target"].format(target=f"{target:.0f}%")
    ax.axhline(target, color="#c44e52", linestyle="--", linewidth=1.5, label=line)
    ax.legend(loc="upper right")
