"""The outcome figures in words: Markdown tables for `python -m bot stats`, JSON, lines for /stats, definitions.

One formatting of each figure for every place it is shown, and one list of how each is counted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.services.survey_stats import STABLE_FROM_WAVE, Outcome, WaveStats, meets_target
from bot.texts import esc
from bot.texts import stats as st
from catalog import outcomes


def percent(value: float | None) -> str:
    return st.STATS_NO_VALUE if value is None else f"{value * 100:.1f}%"


def stable(wave: int, o: Outcome) -> str:
    return percent(o.stable_share) if wave >= STABLE_FROM_WAVE else st.STATS_NO_VALUE


def income(o: Outcome) -> str:
    if not o.income_compared:
        return st.STATS_NO_VALUE
    return st.STATS_INCOME.format(up=o.income_up, same=o.income_same, down=o.income_down)


def goal(group: str, o: Outcome) -> str:
    """'培训后再就业率45% ✅达标' for a group the plan sets a target for, else ''."""
    t = outcomes.targets().get(group)
    if t is None:
        return ""
    verdict = {True: st.STATS_MET, False: st.STATS_NOT_MET, None: ""}[meets_target(group, o)]
    return st.STATS_GOAL.format(measure=t.measure, share=f"{t.share:.0%}", verdict=verdict)


def definitions() -> list[str]:
    sources = "；".join(
        st.STATS_TARGET_SOURCE.format(
            group=t.group, measure=t.measure, share=f"{t.share:.0%}", source=t.source.title, clause=t.clause
        )
        for t in outcomes.targets().values()
    )
    return [line.format(targets=sources) if "{targets}" in line else line for line in st.STATS_DEFINITIONS]


def _row(name: str, wave: int, o: Outcome, goal: str) -> list[str | int]:
    return [
        name,
        o.completers,
        o.sent,
        o.answered,
        percent(o.response_rate),
        percent(o.employed_of_respondents),
        percent(o.employed_of_completers),
        stable(wave, o),
        percent(o.certificate_rate),
        income(o),
        goal,
    ]


def group_rows(wave: WaveStats) -> list[list[str | int]]:
    """The per-group table of one wave: the header, a row per group, the total last (counts as numbers)."""
    rows: list[list[str | int]] = [list(st.REPORT_COLUMNS)]
    for group, o in wave.by_group.items():
        rows.append(_row(group, wave.wave, o, goal(group, o) or st.STATS_NO_VALUE))
    rows.append(_row(st.REPORT_TOTAL, wave.wave, wave.total, st.STATS_NO_VALUE))
    return rows


def group_table(wave: WaveStats) -> list[str]:
    """The same as Markdown lines."""
    header, *rows = group_rows(wave)
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows]


def _short(name: str, o: Outcome) -> str:
    return st.REPORT_LINE.format(
        name=name,
        sent=o.sent,
        answered=o.answered,
        rate=percent(o.response_rate),
        of_respondents=percent(o.employed_of_respondents),
        of_completers=percent(o.employed_of_completers),
    )


def report_text(stats: list[WaveStats], *, start: date | None = None, end: date | None = None) -> str:
    """What `python -m bot stats` prints: per wave the group table, then courses and districts."""
    period = ""
    if start is not None or end is not None:
        period = st.REPORT_PERIOD.format(start=start or st.REPORT_OPEN_END, end=end or st.REPORT_OPEN_END)
    lines = [st.REPORT_HEADER.format(period=period)]
    if not stats:
        lines.append(st.REPORT_EMPTY)
    for wave in stats:
        lines += [st.REPORT_WAVE.format(wave=wave.wave), "", *group_table(wave)]
        lines.append(st.REPORT_BY_COURSE.format(wave=wave.wave))
        for (code, title), o in wave.by_course.items():
            lines.append(_short(st.REPORT_COURSE_NAME.format(title=title, code=code), o))
        lines.append(st.REPORT_BY_DISTRICT.format(wave=wave.wave))
        lines += [_short(district, o) for district, o in wave.by_district.items()]
    lines += ["", f"{st.STATS_DEFINITIONS_TITLE}：", *(f"- {line}" for line in definitions())]
    return "\n".join(lines)


def telegram_lines(stats: list[WaveStats]) -> list[str]:
    """The survey part of the /stats message (HTML)."""
    lines: list[str] = []
    for wave in stats:
        t = wave.total
        lines.append(
            st.STATS_WAVE_HEAD.format(wave=wave.wave, sent=t.sent, answered=t.answered, rate=percent(t.response_rate))
        )
        lines += [
            st.STATS_GROUP_LINE.format(
                group=esc(group),
                completers=o.completers,
                respondents=o.respondents,
                of_respondents=percent(o.employed_of_respondents),
                of_completers=percent(o.employed_of_completers),
                target=st.STATS_TARGET.format(goal=goal(group, o)) if goal(group, o) else "",
                stable=stable(wave.wave, o),
                certified=percent(o.certificate_rate),
                income=income(o),
            )
            for group, o in wave.by_group.items()
        ]
    return lines


def _json(wave: int, o: Outcome) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "completers": o.completers,
        "sent": o.sent,
        "answered": o.answered,
        "left_early": o.left_early,
        "respondents": o.respondents,
        "employed": o.employed,
        "response_rate": rounded(o.response_rate),
        "employed_of_respondents": rounded(o.employed_of_respondents),
        "employed_of_completers": rounded(o.employed_of_completers),
        "stable": o.stable,
        "stable_share": rounded(o.stable_share) if wave >= STABLE_FROM_WAVE else None,
        "certified": o.certified,
        "certificate_rate": rounded(o.certificate_rate),
        "income": {"up": o.income_up, "same": o.income_same, "down": o.income_down},
    }


def report_json(stats: list[WaveStats], *, start: date | None = None, end: date | None = None) -> dict[str, Any]:
    targets = outcomes.targets()
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "targets": {
            g: {"share": t.share, "measure": t.measure, "source": t.source.id, "clause": t.clause}
            for g, t in targets.items()
        },
        "definitions": definitions(),
        "waves": [
            {
                "wave": w.wave,
                **_json(w.wave, w.total),
                "by_group": [
                    {"group": g, **_json(w.wave, o), "meets_target": meets_target(g, o)} for g, o in w.by_group.items()
                ],
                "by_course": [
                    {"code": code, "title": title, **_json(w.wave, o)} for (code, title), o in w.by_course.items()
                ],
                "by_district": [{"district": d, **_json(w.wave, o)} for d, o in w.by_district.items()],
            }
            for w in stats
        ],
    }
