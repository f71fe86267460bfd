"""Career self-assessment: questions, occupation weights, hard constraints, forged answers, defaults."""

from __future__ import annotations

import csv
import os
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.guidance import (
    GUIDANCE_DIR,
    GUIDANCE_FILE,
    GuidanceError,
    Suggestion,
    occupations,
    questions,
    suggest,
)

CATALOGUE = Path(__file__).resolve().parents[2] / "catalog" / "data" / "sample_courses.csv"
SHIFT_WORK = "化工总控工"


@cache
def catalogue_occupations() -> frozenset[str]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return frozenset(row["职业"] for row in csv.DictReader(handle))


def answer(**chosen: str | tuple[str, ...]) -> dict[str, list[int]]:
    """Build answers from option labels, so the tests do not depend on option order."""
    by_key = {q.key: q for q in questions()}
    out: dict[str, list[int]] = {}
    for key, labels in chosen.items():
        names = (labels,) if isinstance(labels, str) else labels
        out[key] = [by_key[key].options.index(name) for name in names]
    return out


def names(result: tuple[Suggestion, ...]) -> list[str]:
    return [s.occupation for s in result]


def test_questions_are_button_sized() -> None:
    qs = questions()
    assert 4 <= len(qs) <= 5
    assert {q.key for q in qs} == {"interest", "strength", "limit", "education", "goal"}
    for q in qs:
        assert q.prompt and 3 <= len(q.options) <= 6 and len(set(q.options)) == len(q.options)
        assert all(0 < len(label) <= 12 for label in q.options)
    assert {q.key for q in qs if q.multi} == {"interest", "strength", "limit"}


def test_every_occupation_exists_in_the_course_catalogue() -> None:
    assert set(occupations()) <= catalogue_occupations()
    assert {"养老护理员", "化工总控工", "起重装卸机械操作工", "创业培训"} <= set(occupations())


def test_people_and_patience_point_to_care_work() -> None:
    top = names(suggest(answer(interest="和人打交道", strength="耐心细致")))
    assert {"养老护理员", "育婴员"} & set(top)
    assert "您喜欢和人打交道" in suggest(answer(interest="和人打交道"))[0].reasons


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ({"interest": "网络与电脑", "education": "大专及以上"}, "人工智能训练师"),
        ({"interest": "动手操作机器", "strength": "有驾驶经验"}, "叉车司机"),
        ({"interest": "做饭与手工", "goal": "想学一门手艺"}, "中式烹调师"),
        ({"goal": "想自己创业"}, "创业培训"),
        ({"interest": "户外与农业"}, "蔬菜园艺工"),
    ],
)
def test_options_map_to_expected_occupations(chosen: dict[str, str], expected: str) -> None:
    assert expected in names(suggest(answer(**chosen)))


def test_caring_for_a_child_excludes_shift_work() -> None:
    machines = answer(interest="动手操作机器", strength="耐心细致")
    assert SHIFT_WORK in names(suggest(machines))  # without the constraint it ranks high
    for limit in ("需要照顾孩子", "需要兼职", "不能倒班夜班"):
        result = suggest({**machines, **answer(limit=limit)}, limit=40)
        assert SHIFT_WORK not in names(result), limit
        assert "起重装卸机械操作工" not in names(result), limit
    assert SHIFT_WORK not in names(suggest({**machines, **answer(limit=("需要照顾孩子", "没有限制"))}, limit=40))


def test_near_home_pushes_far_away_jobs_down_and_says_so() -> None:
    machines = answer(interest="动手操作机器", strength="耐心细致")
    near = suggest({**machines, **answer(limit="只能在家附近")})
    assert SHIFT_WORK not in names(near)
    home = suggest(answer(interest="做饭与手工", limit="只能在家附近"))
    assert any("在家附近就能找到活" in s.reasons for s in home)


def test_forged_keys_and_indexes_are_ignored() -> None:
    forged = {"interest": [99, -1, True, "0", None, [1]], "nope": [0], "education": [0, 2], "goal": "2"}
    assert suggest(forged) == suggest(answer(education="初中及以下"))  # a single choice keeps its first
    assert suggest({"interest": [-1, -6]}) == suggest({})


@pytest.mark.parametrize("answers", [{}, {"interest": []}, {"x": [1, 2]}, {"limit": [999]}])
def test_empty_or_garbage_answers_still_suggest(answers: dict[str, list[int]]) -> None:
    result = suggest(answers)
    assert len(result) >= 2 and len(set(names(result))) == len(result)
    assert all(s.reasons for s in result)


def test_limit_and_determinism() -> None:
    chosen = answer(interest=("和人打交道", "网络与电脑"), strength="能说会道", limit="需要兼职")
    assert len(suggest(chosen)) == 3 and len(suggest(chosen, limit=1)) == 2
    assert suggest(chosen) == suggest(dict(reversed(list(chosen.items()))))
    assert [s.score for s in suggest(chosen)] == sorted((s.score for s in suggest(chosen)), reverse=True)


def test_group_nudges_the_suggestions() -> None:
    staff = suggest({}, group="企业职工")
    assert "电工" in names(staff) and "本市鼓励企业对技能岗位职工开展技能提升培训" in staff[0].reasons
    assert suggest({}, group="外星人") == suggest({}, group=None) == suggest({}, group="其他")
    assert names(suggest({}, group="大学生")) == names(suggest({}, group="高校毕业生"))


def test_reasons_are_phrases_from_the_data_file() -> None:
    text = (GUIDANCE_DIR / GUIDANCE_FILE).read_text(encoding="utf-8")
    for q in questions():
        for index in range(len(q.options)):
            for s in suggest({q.key: [index]}, group="脱贫劳动力"):
                assert all(f'"{reason}"' in text for reason in s.reasons)


@given(
    st.dictionaries(
        st.sampled_from(["interest", "strength", "limit", "education", "goal", "x"]),
        st.lists(st.integers(min_value=-3, max_value=8), max_size=8),
    ),
    st.sampled_from([None, "失业人员", "企业职工", "残疾人", "外星人"]),
)
def test_any_answers_give_two_or_three_catalogue_occupations(answers: dict[str, list[int]], group: str | None) -> None:
    result = suggest(answers, group=group)
    assert 2 <= len(result) <= 3 and len(set(names(result))) == len(result)
    assert set(names(result)) <= catalogue_occupations()
    flexible = answer(limit=("需要照顾孩子", "需要兼职", "不能倒班夜班"))["limit"]
    if set(answers.get("limit", [])) & set(flexible):
        assert SHIFT_WORK not in names(result)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(GUIDANCE_DIR / GUIDANCE_FILE, tmp_path / GUIDANCE_FILE)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 7_000_000_000,) * 2)


def test_edits_are_picked_up(folder: Path) -> None:
    assert questions(folder)[0].options[0] == "和人打交道"
    edit(folder / GUIDANCE_FILE, 'label = "和人打交道"', 'label = "喜欢与人交流"')
    assert questions(folder)[0].options[0] == "喜欢与人交流"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('label = "和人打交道"', 'label = "和人打交道和人打交道和人打交道"', "label"),
        ('{ "养老护理员" = 2,', '{ "养老护理" = 2,', "not in `occupations`"),
        ('"家政服务员", "养老护理员", "直播销售员"', '"化工总控工", "养老护理员", "直播销售员"', "excluded"),
        ('reason = "您耐心细致"', 'reasn = "您耐心细致"', "reason"),
        ('[groups."残疾人"]', '[groups."学生"]', "unknown group"),
    ],
)
def test_broken_file_is_reported(folder: Path, old: str, new: str, problem: str) -> None:
    edit(folder / GUIDANCE_FILE, old, new)
    with pytest.raises(GuidanceError, match="guidance") as caught:
        suggest({}, directory=folder)
    assert problem in str(caught.value)
