"""The policy FAQ: the shipped file is valid, policy questions find their entry, course searches do not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from faq_labels import HELD_OUT, HELD_OUT_2, HELD_OUT_3, SECOND

from catalog.faq import MAX_ANSWER_CHARS, THRESHOLD, FaqBase, FaqError, check
from catalog.sources import all_sources

# Labelled questions as people type them -> the entry that should answer. Each line was written as a
# person would ask, not copied from the phrasings in faq.toml.
POLICY_QUESTIONS: list[tuple[str, str]] = [
    ("补贴怎么申请", "subsidy_apply"),
    ("补贴发到哪", "subsidy_apply"),
    ("一年能领几次补贴", "times_per_year"),
    ("培训期间有生活费吗", "living_allowance"),
    ("生活费", "living_allowance"),
    ("学完发证书吗", "certificates"),
    ("证书", "certificates"),
    ("什么是以工代训", "on_the_job_training"),
    ("外地户口能参加吗", "hukou"),
    ("户口不在本地", "hukou"),
    ("要钱吗", "is_it_free"),
    ("要自己出钱吗", "is_it_free"),
    ("补贴", "is_it_free"),
    ("1131", "service_1131"),
    ("GYB", "gyb_syb"),
    ("syb课程是啥", "gyb_syb"),
    ("我60岁了还能学吗", "age_limit"),
    ("怎么投诉", "complaints"),
    ("学徒制", "apprenticeship"),
    ("网课", "online_training"),
    ("有交通补贴吗", "transport_allowance"),
    ("同一个工种可以补两次吗", "same_occupation_level"),
    ("我是农民工能学什么", "rural_workers"),
    ("报名需要带什么", "what_to_bring"),
    ("在哪里报名啊", "how_to_enrol"),
    ("創業擔保貸款", "startup_loan"),  # Traditional characters
    ("培訓期間有生活費嗎", "living_allowance"),
    ("专项职业能力证是啥", "special_ability_certificate"),
    ("合格证有啥用", "training_certificate"),
    ("补贴标准多少", "subsidy_amount"),
]
# Questions that are policy questions *and* name courses: the entry answers, the rest is a course search.
BOTH: list[tuple[str, str, str]] = [
    ("电工培训有补贴吗", "is_it_free", "电工"),
    ("电商直播有补贴吗", "is_it_free", "电商直播"),
]
# Course searches: no FAQ entry may answer them.
COURSE_SEARCHES: list[str] = [
    "养老护理 海州区", "養老護理 海州區", "电工", "月嫂 赣榆", "大学生 电商", "免费的电工培训", "叉车 下个月",
    "开网店", "焊工 周末班", "育婴员 东海县", "中式烹调师", "无人机", "海州区", "下个月", "电工 补贴",
]


def test_the_shipped_file_has_no_problems_and_enough_entries(base: FaqBase) -> None:
    assert check() == []
    assert len(base) >= 60


@pytest.mark.parametrize(("text", "entry_id"), POLICY_QUESTIONS)
def test_a_policy_question_finds_its_entry(base: FaqBase, text: str, entry_id: str) -> None:
    found = base.match(text)
    assert found is not None, (text, base.ranked(text))
    assert found.entry.id == entry_id
    assert found.score >= THRESHOLD


@pytest.mark.parametrize(("text", "entry_id", "courses"), BOTH)
def test_a_question_about_policy_and_courses_gets_both(base: FaqBase, text: str, entry_id: str, courses: str) -> None:
    found = base.match(text)
    assert found is not None and found.entry.id == entry_id
    assert base.leftover(text) == courses
    assert base.leftover("生活费") == ""


@pytest.mark.parametrize("text", COURSE_SEARCHES)
def test_a_course_search_is_not_answered_from_the_faq(base: FaqBase, text: str) -> None:
    assert base.match(text) is None, base.ranked(text)


def accuracy(base: FaqBase, labelled: list[tuple[str, str | None]]) -> tuple[float, int]:
    """(share answered right, number answered with a wrong entry)."""
    got = [(base.match(text), want) for text, want in labelled]
    right = sum((found.entry.id if found else None) == want for found, want in got)
    wrong = sum(found is not None and found.entry.id != want for found, want in got)
    return right / len(labelled), wrong


@pytest.mark.parametrize(("labelled", "least_right", "most_wrong"),
                         [(SECOND, 0.85, 2), (HELD_OUT, 0.7, 2), (HELD_OUT_2, 0.8, 1), (HELD_OUT_3, 0.5, 5)])
def test_the_labelled_sets_are_answered_well(base: FaqBase, labelled: list[tuple[str, str | None]],
                                             least_right: float, most_wrong: int) -> None:
    right, wrong = accuracy(base, labelled)
    assert right >= least_right and wrong <= most_wrong, (right, wrong)


def test_searches_built_from_the_sample_catalogue_only_meet_entries_that_show_courses(base: FaqBase) -> None:
    """Occupations and titles, alone or with a district, a month or a group: a course search. The only FAQ
    entries such a text may meet are programmes (创业培训, 新型学徒制 ...) whose entry shows courses too."""
    path = Path(__file__).resolve().parents[2] / "catalog" / "data" / "sample_courses.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    occupations = sorted({row["职业"] for row in rows})
    searches = [*occupations, *(row["项目名称"] for row in rows), *(f"{o} 海州区" for o in occupations),
                *(f"{o}下个月" for o in occupations), *(f"免费的{o}" for o in occupations),
                *(f"大学生 {o}" for o in occupations)]
    answered = {text: found.entry for text in searches if (found := base.match(text))}
    assert all(entry.search for entry in answered.values()), answered
    assert len(answered) <= len(searches) // 20


@pytest.mark.parametrize("text", ["", "   ", "😀👍", "？？？", "的了吗", "x" * 5000])
def test_odd_input_matches_nothing_and_does_not_raise(base: FaqBase, text: str) -> None:
    assert base.match(text) is None
    assert base.ranked(text) == [] or all(m.score < THRESHOLD for m in base.ranked(text))


def test_ranked_offers_distinct_entries_strongest_first(base: FaqBase) -> None:
    ranked = base.ranked("培训有补贴吗 生活费", limit=3)
    assert 1 <= len(ranked) <= 3
    assert len({m.entry.id for m in ranked}) == len(ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    assert base.ranked("生活费", limit=0) == []


def test_get_returns_an_entry_by_id(base: FaqBase) -> None:
    assert base.get("living_allowance") is not None
    assert base.get("nope") is None


def test_answers_are_short_cited_and_say_when_a_rule_is_from_elsewhere(base: FaqBase) -> None:
    sources = all_sources()
    for entry in base.entries():
        assert 0 < len(entry.answer) <= MAX_ANSWER_CHARS
        assert entry.sources and entry.clause
        if any(sources[s].scope == "other_region" for s in entry.sources):
            assert "外地" in entry.answer and "12333" in entry.answer, entry.id


GOOD = '''
[[faq]]
id = "living"
questions = ["生活费", "培训期间给生活费吗"]
answer = "本市方案未写明。"
source = "lyg2025"
clause = "三、(一)"
reviewed = 2026-12-02
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "faq.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    base = FaqBase.load(write(tmp_path, GOOD))
    assert len(base) == 1
    assert base.get("living") is not None


@pytest.mark.parametrize(("change", "problem"), [
    (('source = "lyg2025"\n', ""), "no source"),
    (('source = "lyg2025"', 'source = "nowhere2020"'), "unknown source(s) ['nowhere2020']"),
    (('clause = "三、(一)"\n', ""), "no clause"),
    (("reviewed = 2026-12-02", 'reviewed = "last week"'), "reviewed must be a date"),
    (('answer = "本市方案未写明。"', 'answer = "  "'), "answer missing"),
    (('answer = "本市方案未写明。"', f'answer = "{"长" * (MAX_ANSWER_CHARS + 1)}"'), "at most"),
    (('"培训期间给生活费吗"', '"生活费吗？"'), "same words"),
    (('source = "lyg2025"', 'source = ["lyg2025", "turpan2019"]'), "12333"),
    (('id = "living"', 'id = "生活费"'), "ascii slug"),
    (("[[faq]]", "[[faq]"), "faq.toml"),
])
def test_check_names_each_problem(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    problems = check(path)
    assert any(problem in p for p in problems), problems
    with pytest.raises(FaqError):
        FaqBase.load(path)


def test_the_same_phrasing_in_two_entries_is_a_problem(tmp_path: Path) -> None:
    twice = GOOD + GOOD.replace('id = "living"', 'id = "living2"').replace('"培训期间给生活费吗"', '"生活费有吗"')
    problems = check(write(tmp_path, twice))
    assert any("living2" in p and "same words" in p for p in problems), problems


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert check(tmp_path / "absent.toml")
