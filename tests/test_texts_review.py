"""Wording fixed after review: the 1131 names, the phone button's place, dates that do not exist, addresses
that name their district once, and no English words in what staff read."""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Iterator
from importlib import import_module

import bot.texts
from bot import texts
from handlers.course_views import enquire
from tests.catalog.factories import make_course
from tests.client import UserClient, texts_of
from tests.conftest import ADMIN_ID
from tests.s1131_helpers import DEFAULT_ANSWERS

# Words that are names, not English prose: the platform, file formats and encodings, the admin setting.
ALLOWED_LATIN = {"Telegram", "CSV", "csv", "xlsx", "UTF", "ADMIN_IDS"}
# Chart labels and the font notice belong to the statistics work (a CJK font ships with it).
NOT_REVIEWED_HERE = {"CHART_LABELS", "STATS_ENGLISH_CHART"}
NOT_SHOWN = {"policy_statements"}  # where each text's policy comes from: for the audit, never sent


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def all_texts() -> Iterator[tuple[str, str]]:
    shown = [m.name for m in pkgutil.iter_modules(bot.texts.__path__) if m.name not in NOT_SHOWN]
    modules = [bot.texts] + [import_module(f"bot.texts.{name}") for name in shown]
    for module in modules:
        for name, value in vars(module).items():
            if name.isupper() and name not in NOT_REVIEWED_HERE and name != "COMMANDS":
                for text in _strings(value):
                    yield f"{module.__name__}.{name}", text


def test_no_english_words_in_chinese_texts() -> None:
    found = []
    for where, text in all_texts():
        if not re.search(r"[\u4e00-\u9fff]", text):
            continue  # callback labels, emoji-only buttons and the like
        # Placeholders, /commands, markup and command lines to type (python -m bot …) are not prose.
        prose = re.sub(r"\{[^}]*\}|/[a-z_]+|<[^>]+>|python -m bot(?: [a-z_-]+)*", "", text)
        words = [w for w in re.findall(r"[A-Za-z_]{3,}", prose) if w not in ALLOWED_LATIN]
        if words:
            found.append((where, words))
    assert found == []


def test_1131_is_named_as_the_plan_names_it() -> None:
    for text in (texts.S1131_INTRO, texts.S1131_COMPLETE):
        assert "3次岗位推荐" in text and "3个岗位推荐" not in text
    lines = [line.format(mark="✅", n=1, total=3) for line in texts.S1131_STEP_LINES.values()]
    names = [line.split("（")[0] for line in lines]
    assert names == ["✅ 1次政策宣介", "✅ 1次职业指导", "✅ 3次岗位推荐", "✅ 1次技能培训"]


def test_the_enquiry_names_the_district_once() -> None:
    listed = make_course("焊工", "海州区", title="焊工班", address="连云港市海州区新浦路301号")
    assert enquire(listed).count("海州区") == 1
    short = make_course("焊工", "东海县", title="焊工班", address="牛山街道建设路8号")
    assert "东海县牛山街道建设路8号" in enquire(short)


async def test_the_phone_question_points_down_to_the_button(user: UserClient) -> None:
    await user.send(texts.BTN_1131)
    for key in ("group", "district", "education", "work_years"):
        await user.tap(DEFAULT_ANSWERS[key])
    for key in ("last_occupation", "wanted"):
        await user.send(DEFAULT_ANSWERS[key])
    await user.tap(texts.BTN_DONE)
    calls = await user.tap(DEFAULT_ANSWERS["income_before"])
    question, reminder = texts_of(calls)[-2:]
    assert "只会" not in question and "屏幕下方" in question
    assert reminder == texts.INTAKE_PHONE_PLEASE and "上面" not in reminder
    assert texts_of(await user.send("13800001234")) == [texts.INTAKE_PHONE_PLEASE]  # typed, not shared


async def test_staff_manage_staff_in_chinese(dp, bot) -> None:
    admin = UserClient(dp, bot, user_id=ADMIN_ID)
    granted = texts.STAFF_ROLE_GRANTED.format(id=501, scope="海州区")
    assert texts_of(await admin.send("/staff 添加 501 海州")) == [granted]
    assert texts_of(await admin.send("/staff 取消 501")) == [texts.STAFF_ROLE_REVOKED.format(id=501)]
    assert "add" not in texts.STAFF_ROLES_USAGE and "remove" not in texts.STAFF_ROLES_USAGE
