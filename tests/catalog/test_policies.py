"""Policy briefing cards: one briefing per group, each card cited, the rules corrected against the seeds,
district cards, fallback group, broken files, live edits."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from catalog.policies import (
    MAX_BODY_CHARS,
    POLICY_DIR,
    PolicyBriefing,
    PolicyError,
    briefing_for,
    load_all,
)
from catalog.sources import all_sources


def text_of(briefing: PolicyBriefing) -> str:
    return "\n".join(f"{card.title}\n{card.body}" for card in briefing.cards)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(POLICY_DIR, copy)
    return copy


def test_every_group_has_a_briefing_with_metadata() -> None:
    briefings = load_all()
    assert set(briefings) == set(GROUPS)
    for group, briefing in briefings.items():
        assert briefing.group == group
        assert briefing.version
        assert isinstance(briefing.reviewed, date)


def test_every_card_cites_registered_documents_and_a_clause() -> None:
    known = all_sources()
    for briefing in load_all().values():
        for card in briefing.cards:
            assert card.sources and all(s in known for s in card.sources), card.title
            assert card.clause.strip(), card.title
            if any(known[s].scope == "other_region" for s in card.sources):
                assert "外地做法" in card.body, card.title


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("place", [None, *(d.name for d in DISTRICTS)])
def test_four_to_six_plain_cards_wherever_you_live(group: str, place: str | None) -> None:
    cards = briefing_for(group, place).cards
    assert 4 <= len(cards) <= 6
    assert len({card.title for card in cards}) == len(cards)
    for card in cards:
        assert 0 < len(card.body) <= MAX_BODY_CHARS and len(card.body.splitlines()) <= 5
        assert "<" not in card.body and card.body == card.body.strip()


def test_common_cards_reach_everyone_and_mention_how_to_apply() -> None:
    for group in GROUPS:
        text = text_of(briefing_for(group, None))
        assert "12333" in text and "报名" in text and "实名制" in text


# Issue 14: rules the cards stated that the seeds do not say, or say only for another region.
NOT_IN_ANY_SOURCE = ("重复参加", "需要自己付费", "要自己承担费用", "不在职工补贴范围内", "暂不属于补贴对象",
                     "职业培训券", "创业担保贷款", "起执行")
TURPAN_ONLY = ("不超过3次", "最多3次", "4000元", "300元", "6个月", "给予生活费补贴", "免费")


def test_no_card_states_a_sentence_that_no_source_holds() -> None:
    for group, briefing in load_all().items():
        text = text_of(briefing)
        assert not [phrase for phrase in NOT_IN_ANY_SOURCE if phrase in text], group


def test_turpan_amounts_and_limits_only_as_turpans_example() -> None:
    for briefing in load_all().values():
        for card in briefing.cards:
            if any(phrase in card.body for phrase in TURPAN_ONLY):
                assert "turpan2019" in card.sources and "外地做法举例：吐鲁番" in card.body, card.title
                local_part = card.body.split("外地做法举例")[0]
                assert not any(phrase in local_part for phrase in TURPAN_ONLY), card.title


def test_other_is_not_told_it_gets_no_subsidy() -> None:
    text = text_of(briefing_for("其他", None))
    assert "愿培尽培" in text and "不具有按月领取养老金资格" in text and "/profile" in text


def test_graduates_are_told_subsidy_by_the_rules_not_free_training() -> None:
    text = text_of(briefing_for("高校毕业生", None))
    assert "免费" not in text
    assert "按规定给予职业培训补贴" in text and "毕业年度" in text


@pytest.mark.parametrize("group", GROUPS)
def test_everyone_sees_every_group_the_living_allowance_example_names(group: str) -> None:
    text = text_of(briefing_for(group, None))
    for who in ("贫困劳动力", "就业困难人员", "零就业家庭成员", "“两后生”中的农村学员", "城市低保家庭学员"):
        assert who in text
    assert "连云港市方案没有写明生活费补贴" in text


def test_cards_differ_between_groups() -> None:
    poor = text_of(briefing_for("脱贫劳动力", None))
    staff = text_of(briefing_for("企业职工", None))
    graduates = text_of(briefing_for("高校毕业生", None))
    assert "以工代训" in staff and "4000元" in staff and "外地标准" in staff
    assert "新型学徒制" not in graduates
    assert "毕业年度" in graduates and "毕业年度" not in poor
    assert "脱贫家庭" in poor
    assert "家门口" in text_of(briefing_for("农村转移劳动力", None))
    assert "1131" in text_of(briefing_for("失业人员", None))
    assert briefing_for("脱贫劳动力", None).cards[0].title != briefing_for("企业职工", None).cards[0].title


def test_own_cards_come_before_the_common_ones_by_order() -> None:
    cards = briefing_for("企业职工", "连云区").cards
    assert [card.order for card in cards] == sorted(card.order for card in cards)
    assert cards[0].title == "企业职工强技稳岗行动" and cards[-1].title == "怎样报名"


def test_district_card_only_for_its_district() -> None:
    title = "徐圩新区：化工操作培训"
    assert title in [c.title for c in briefing_for("失业人员", "徐圩新区").cards]
    assert title in [c.title for c in briefing_for("失业人员", "徐圩").cards]  # an alias
    for place in (None, "连云区", "海州区", "火星"):
        assert title not in [c.title for c in briefing_for("失业人员", place).cards]
    assert "港口" in text_of(briefing_for("其他", "连云区")) and "港口" not in text_of(briefing_for("其他", "海州区"))
    everything = load_all()["失业人员"].cards
    assert any(card.districts == ("徐圩新区",) for card in everything)


@pytest.mark.parametrize("group", [None, "", "学生", "外星人"])
def test_unknown_group_gets_the_other_briefing(group: str | None) -> None:
    briefing = briefing_for(group, None)
    assert briefing.group == "其他"
    assert "没有特定身份也可以咨询报名" in [card.title for card in briefing.cards]


def test_group_aliases_are_understood() -> None:
    assert briefing_for("脱贫户", None).group == "脱贫劳动力"
    assert briefing_for("大学生", None).group == "高校毕业生"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("企业职工.toml", 'version = "2026.12"\n', "", "`version` is missing"),
        ("企业职工.toml", "reviewed = 2026-12-02", 'reviewed = "soon"', "reviewed"),
        ("企业职工.toml", 'source = "lyg2025"\n', "", "`source` is missing"),
        ("企业职工.toml", 'source = "lyg2025"\n', 'source = "lyg2024"\n', "unknown source"),
        ("企业职工.toml", 'clause = "二、(一)4"\n', 'clause = " "\n', "`clause` is missing"),
        ("企业职工.toml", 'clause = "二、(一)4"\n', "", "`clause` is missing"),
        ("企业职工.toml", "外地做法举例：吐鲁番", "吐鲁番", "外地"),
        ("企业职工.toml", 'title = "新型学徒制和以工代训"\n', "", "`title` is missing"),
        ("common.toml", 'districts = ["连云区"]', 'districts = ["连云县"]', "unknown district"),
        ("common.toml", 'districts = ["连云区"]', 'distrcts = ["连云区"]', "unknown field"),
        ("残疾人.toml", 'body = """\n连云港', 'body = """\n' + "很长" * 301 + "\n连云港", "characters"),
        ("残疾人.toml", 'body = """\n连云港', 'body = """\n一\n二\n三\n连云港', "lines"),
        ("残疾人.toml", "没有单列残疾人", "没有单列<b>残疾人</b>", "plain text"),
        ("其他.toml", 'group = "其他"', 'group = "别的"', "`group`"),
        ("其他.toml", "order = 10", "order = 10\norder = 11", "not valid TOML"),
    ],
)
def test_broken_file_names_the_file(folder: Path, name: str, old: str, new: str, problem: str) -> None:
    edit(folder / name, old, new)
    with pytest.raises(PolicyError) as caught:
        load_all(folder)
    assert caught.value.file == folder / name
    assert name in str(caught.value) and problem in str(caught.value)


def test_missing_group_file_is_reported(folder: Path) -> None:
    (folder / "退役军人.toml").unlink()
    with pytest.raises(PolicyError, match=r"退役军人\.toml: file is missing"):
        load_all(folder)
    assert briefing_for("企业职工", None, directory=folder).group == "企业职工"  # the others still work


def test_stray_file_is_reported(folder: Path) -> None:
    shutil.copy(folder / "其他.toml", folder / "学生.toml")
    with pytest.raises(PolicyError, match=r"学生\.toml"):
        load_all(folder)


def test_broken_group_file_fails_that_briefing(folder: Path) -> None:
    edit(folder / "脱贫劳动力.toml", 'source = "', 'sauce = "')
    with pytest.raises(PolicyError, match=r"脱贫劳动力\.toml"):
        briefing_for("脱贫劳动力", None, directory=folder)


def test_edits_are_picked_up_when_the_file_changes(folder: Path) -> None:
    path = folder / "脱贫劳动力.toml"
    assert briefing_for("脱贫劳动力", None, directory=folder).version == "2026.12"
    before = path.stat().st_mtime_ns
    edit(path, 'version = "2026.12"', 'version = "2027.1"')
    edit(path, "学完有人跟进", "结业以后有人跟进")
    os.utime(path, ns=(before + 5_000_000_000, before + 5_000_000_000))
    briefing = briefing_for("脱贫劳动力", None, directory=folder)
    assert briefing.version == "2027.1"
    assert "结业以后有人跟进" in [card.title for card in briefing.cards]
    edit(path, 'version = "2027.1"', "")  # staff break it: the error shows up, not the stale copy
    os.utime(path, ns=(before + 9_000_000_000, before + 9_000_000_000))
    with pytest.raises(PolicyError, match="version"):
        briefing_for("脱贫劳动力", None, directory=folder)
