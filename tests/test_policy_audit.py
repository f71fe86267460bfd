"""Every policy statement the bot can make has a registered source and a clause (issue 14 item 1): FAQ
answers, policy cards, the cited text constants, and (once present) the subsidy rules; a text constant that
uses the words of policy without being listed is caught."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

import bot.texts
import bot.texts.broadcast
from bot import policy_audit
from bot.maintenance_commands import faq_command
from bot.texts import policy_statements
from bot.texts.citation import SCOPE_NOTE
from catalog import policies
from catalog.faq import FaqBase
from catalog.groups import GROUPS
from catalog.sources import FOREIGN_WORD, HOTLINE, citation_problems


def test_every_shipped_policy_statement_cites_a_registered_document() -> None:
    assert policy_audit.problems() == []


def test_the_walk_reaches_every_faq_answer_every_card_and_every_cited_text() -> None:
    found = policy_audit.statements()
    wheres = {s.where for s in found}
    assert {f"faq:{e.id}" for e in FaqBase.load().entries()} <= wheres
    cards = {(c.title, c.body) for b in policies.load_all().values() for c in b.cards}
    assert len([s for s in found if s.where.startswith("card:")]) == len(cards)
    present = {key for key, _ in policy_audit.text_constants()}
    assert {f"text:{key}" for key in policy_statements.CITED if key in present} <= wheres
    assert {"text:S1131_INTRO", "text:ENQUIRE"} <= wheres
    assert {s.where.split("/")[0] for s in found if s.where.startswith("card:")} <= {f"card:{g}" for g in GROUPS}


def test_every_text_constant_with_policy_words_is_classified() -> None:
    classified = (set(policy_statements.CITED) | set(policy_statements.FRAMES) | policy_statements.NO_RULE
                  | policy_statements.REPLACED_ELSEWHERE)
    for key, text in policy_audit.text_constants():
        if policy_statements.POLICY_WORDS.search(text):
            assert key in classified, key


@pytest.mark.parametrize(
    ("module", "text"),
    [
        (bot.texts, "每人每年最多享受3次培训补贴。"),
        (bot.texts, "毕业生参加培训免费。"),
        (bot.texts.broadcast, "企业新型学徒制每人每年补贴4000元。"),
    ],
)
def test_a_rule_typed_into_a_text_without_a_citation_is_caught(monkeypatch: pytest.MonkeyPatch, module: object,
                                                                text: str) -> None:
    monkeypatch.setattr(module, "NEW_RULE", text, raising=False)
    prefix = "" if module is bot.texts else "broadcast."
    assert any(p.startswith(f"text:{prefix}NEW_RULE: states policy") for p in policy_audit.problems())


def test_a_cited_text_resting_on_another_region_must_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(policy_statements.CITED, "S1131_INTRO", (("turpan2019",), "五、(一)"))
    assert "text:S1131_INTRO: rests on another region's plan but does not call it 外地" in policy_audit.problems()
    monkeypatch.setitem(policy_statements.CITED, "S1131_INTRO", (("nowhere",), "五、(一)"))
    assert any(p.startswith("text:S1131_INTRO: unknown source(s) ['nowhere']") for p in policy_audit.problems())
    monkeypatch.setitem(policy_statements.CITED, "S1131_INTRO", (("lyg2025",), " "))
    assert "text:S1131_INTRO: no clause" in policy_audit.problems()


def test_the_shared_scope_wording_passes_the_shared_check_for_another_regions_plan() -> None:
    # Eligibility rule lines, FAQ answers and cards name another region's plan in bot/texts/citation.py's words;
    # the words the checks demand (catalog/sources.py) must be in them, or a cited line would fail its own check.
    note = SCOPE_NOTE["other_region"]
    assert citation_problems(("turpan2019",), "五、(一)", note, foreign_words=(FOREIGN_WORD, HOTLINE)) == []
    assert citation_problems(("turpan2019",), "五、(一)", "每人每年3次", foreign_words=(FOREIGN_WORD, HOTLINE)) == [
        "rests on another region's plan but does not call it 外地 and 12333"
    ]


def test_a_listing_for_a_constant_that_is_gone_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(policy_statements.FRAMES, "NO_SUCH_TEXT", "nothing")
    assert ("text:NO_SUCH_TEXT: listed in bot/texts/policy_statements.py but no such constant"
            in policy_audit.problems())


def test_an_uncited_card_is_caught_and_faq_check_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert faq_command(argparse.Namespace(file=None)) == 0
    assert "policy cards and the texts' citations too" in capsys.readouterr().out
    folder = tmp_path / "policies"
    shutil.copytree(policies.POLICY_DIR, folder)
    path = folder / "失业人员.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('source = "lyg2025"\n', "", 1), encoding="utf-8")
    monkeypatch.setattr(policies, "POLICY_DIR", folder)
    [problem] = policy_audit.problems()
    assert "失业人员.toml" in problem and "`source` is missing" in problem
    assert faq_command(argparse.Namespace(file=None)) == 1
    assert "`source` is missing" in capsys.readouterr().out


def test_subsidy_rules_are_walked_once_they_are_cited_data() -> None:
    pytest.importorskip("catalog.subsidy_rules", reason="the cited subsidy rules (branch elig) are not merged yet")
    rules = [s for s in policy_audit.statements() if s.where.startswith("rule:")]
    assert rules and all(s.sources and s.clause for s in rules)


# Issue 14: sentences the bot said that no source holds, or held only for another region.
WRONG = ("重复参加", "需要自己付费", "不在职工补贴范围内", "暂不属于补贴对象", "取得证书，补贴", "享受补贴时需要",
         "起执行")


def test_no_text_or_card_repeats_a_sentence_found_wrong_in_review() -> None:
    spoken = [(key, text) for key, text in policy_audit.text_constants()
              if key not in policy_statements.REPLACED_ELSEWHERE]
    spoken += [(s.where, s.text) for s in policy_audit.statements(("cards", "faq"))]
    assert [(key, phrase) for key, text in spoken for phrase in WRONG if phrase in text] == []


def test_the_career_assessment_states_no_policy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from catalog import guidance
    copy = tmp_path / guidance.GUIDANCE_FILE
    original = (guidance.GUIDANCE_DIR / guidance.GUIDANCE_FILE).read_text(encoding="utf-8")
    copy.write_text(original.replace('reason = "对体力要求不高"', 'reason = "培训期间有生活费补贴"'), encoding="utf-8")
    monkeypatch.setattr(guidance, "GUIDANCE_DIR", tmp_path)
    assert policy_audit.problems(("faq",)) == \
        ["guidance.toml: '培训期间有生活费补贴' states policy (生活费…); policy belongs in cited data"]
