"""Renders StaffStats as one PNG with three panels: enrolments per week, the 1131 funnel, employment per group.

The labels are Chinese on any machine: the project ships a subset of Noto Sans SC (bot/assets/fonts, OFL) with
exactly the characters a chart can contain (`chart_characters`; scripts/make_chart_font.py makes it).
matplotlib is imported inside the functions: it costs about half a second, which bot start-up should not pay.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from bot.services.staff_stats import StaffStats
from bot.services.survey_stats import UNKNOWN_GROUP
from bot.texts import stats as st
from catalog import outcomes
from catalog.districts import DISTRICTS
from catalog.groups import GROUPS

FONT_FILE = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoSansSC-chart-subset.ttf"
WAVE_COLOURS = ("#4c72b0", "#55a868", "#8172b2", "#ccb974")


@dataclass(frozen=True, slots=True)
class Chart:
    png: bytes


def chart_characters() -> str:
    """Every character a chart can draw: its labels, group and district names, digits and ASCII."""
    labels = [v for value in st.CHART_LABELS.values() for v in ((value,) if isinstance(value, str) else value)]
    names = [*GROUPS, UNKNOWN_GROUP, *(d.name for d in DISTRICTS), st.CITYWIDE, "、", "-"]
    drawn = set("".join(labels + names)) | set(string.printable.strip()) | {" "}
    return "".join(sorted(ch for ch in drawn if ch.isprintable()))  # a line break is layout, not a glyph


@functools.cache
def font_family() -> str:
    """Registers the shipped font with matplotlib once per process; its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def render(stats: StaffStats) -> Chart:
    """The PNG; blocking CPU work, so callers in the event loop run it in a thread."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = st.CHART_LABELS
    rc = {"font.family": [font_family()], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        # A bare Figure on the Agg canvas, not pyplot: nothing is registered globally, so nothing leaks.
        figure = Figure(figsize=(8, 11.5), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        weeks, funnel, waves = figure.subplots(3, 1, height_ratios=(1.1, 1, 1.2))
        figure.suptitle(labels["title"].format(scope=stats.scope_name, today=stats.today), fontsize=13)
        _weeks(weeks, stats, labels)
        _funnel(funnel, stats, labels)
        _waves(waves, stats, labels)
        out = BytesIO()
        figure.savefig(out, format="png")
        figure.clear()
    return Chart(out.getvalue())


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
    """Employed share of all completers, per group (x) and wave (bars); the plan's target over its groups only."""
    ax.set_title(labels["waves"], fontsize=11)
    ax.set_ylim(0, 115)
    ax.set_ylabel(labels["ylabel"])
    groups = [g for g in (*GROUPS, UNKNOWN_GROUP) if any(g in w.by_group for w in stats.waves)]
    if not groups:
        ax.text(0.5, 0.5, labels["no_waves"], ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        return
    width = 0.8 / len(stats.waves)
    for n, wave in enumerate(stats.waves):
        xs = [i - 0.4 + width * (n + 0.5) for i in range(len(groups))]
        shares = [_share_of(wave.by_group.get(g)) for g in groups]
        bars = ax.bar(
            xs,
            [s or 0 for s in shares],
            width,
            label=labels["wave"].format(wave=wave.wave),
            color=WAVE_COLOURS[n % len(WAVE_COLOURS)],
        )
        ax.bar_label(bars, ["" if s is None else f"{s:.0f}" for s in shares], padding=1, fontsize=7)
    targets = {g: t for g, t in outcomes.targets().items() if g in groups}
    for share in sorted({t.share for t in targets.values()}):
        # A target line over its groups' bars only: the plan sets none for the others.
        named = [g for g, t in targets.items() if t.share == share]
        label = labels["target"].format(share=f"{share:.0%}", groups="、".join(named))
        for n, group in enumerate(named):
            i = groups.index(group)
            ax.hlines(
                share * 100,
                i - 0.45,
                i + 0.45,
                colors="#c44e52",
                linestyles="--",
                linewidth=1.5,
                zorder=3,
                label=None if n else label,
            )
    ax.set_xticks(range(len(groups)), groups, fontsize=8)
    ax.legend(loc="upper right", fontsize=8)


def _share_of(outcome: Any) -> float | None:
    rate = None if outcome is None else outcome.employed_of_completers
    return None if rate is None else rate * 100
