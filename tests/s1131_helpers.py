"""Walking the 1131 intake like a person, for the 1131 tests."""

from __future__ import annotations

from bot import texts
from tests.client import UserClient

DEFAULT_ANSWERS = {
    "group": "失业人员",
    "district": "海州区",
    "education": "高中/中专/技校",
    "work_years": "3-10年",
    "last_occupation": "工厂普工",
    "wanted": "开叉车",
    "constraints": ["只能在家附近"],
    "income_before": "没有收入",
}


async def complete_intake(user: UserClient, answers: dict | None = None, *, share_phone: bool = False) -> None:
    answers = {**DEFAULT_ANSWERS, **(answers or {})}
    await user.send(texts.BTN_1131)
    for key in ("group", "district", "education", "work_years"):
        await user.tap(answers[key])
    for key in ("last_occupation", "wanted"):
        await user.send(answers[key])
    for option in answers["constraints"]:
        await user.tap(option)
    await user.tap(texts.BTN_DONE)
    await user.tap(answers["income_before"])
    if share_phone:
        await user.share_contact("+8613800001234")
    else:
        await user.tap(texts.BTN_SKIP)
