"""The FAQ as the bot serves it: reloaded when staff edit the file, a broken edit refused, the CLI check."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from aiogram import Dispatcher

from bot.runtime import Runtime
from bot.services.faq import FaqService
from bot.texts.faq import answer_text
from catalog.faq import FaqBase
from tests.test_cli import run_cli

ENTRY = '''
[[faq]]
id = "{id}"
questions = ["{question}"]
answer = "{answer}"
source = {source}
clause = "三、(一)"
reviewed = 2026-12-02
'''


def entry(id: str = "living", question: str = "生活费", answer: str = "本市方案未写明。",
          source: str = '"lyg2025"') -> str:
    return ENTRY.format(id=id, question=question, answer=answer, source=source)


def test_an_edited_file_is_taken_without_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(entry(), encoding="utf-8")
    service = FaqService(path, check_seconds=0)
    assert service.match("生活费") is not None
    assert service.match("怎么投诉") is None
    path.write_text(entry() + entry("complain", "怎么投诉", "可拨打12345反映。"), encoding="utf-8")
    found = service.match("怎么投诉")
    assert found is not None and found.entry.id == "complain"


def test_a_broken_edit_keeps_the_last_good_file_and_logs_one_line(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(entry(), encoding="utf-8")
    service = FaqService(path, check_seconds=0)
    path.write_text(entry(source='"nowhere"'), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.services.faq"):
        for _ in range(3):
            assert service.match("生活费") is not None
    [record] = caplog.records
    assert "unknown source(s) ['nowhere']" in record.getMessage()
    assert "keeping the last good version (1 entries)" in record.getMessage()
    path.write_text(entry(answer="修正后的答案。"), encoding="utf-8")  # fixed: taken again
    assert service.get("living").answer == "修正后的答案。"


def test_a_missing_file_at_start_gives_an_empty_faq_not_a_crash(tmp_path: Path) -> None:
    service = FaqService(tmp_path / "absent.toml", check_seconds=0)
    assert service.match("生活费") is None
    assert service.ranked("生活费") == []


def test_between_checks_the_file_is_not_looked_at(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(entry(), encoding="utf-8")
    service = FaqService(path, check_seconds=3600)
    path.write_text(entry("other", "怎么投诉"), encoding="utf-8")
    assert service.get("living") is not None  # within the hour: the old version
    assert service.refresh(force=True)
    assert service.get("living") is None and service.get("other") is not None


def test_the_runtime_hands_the_faq_to_handlers(runtime: Runtime, dp: Dispatcher) -> None:
    assert dp["faq"] is runtime.faq
    assert len(runtime.faq.base) == len(FaqBase.load())


def test_an_answer_names_its_documents_in_plain_words() -> None:
    base = FaqBase.load()
    local = answer_text(base.get("service_1131"))
    assert "📄 依据：《连云港市“匠心筑梦·技耀港城”职业技能培训三年行动方案》（本市政策）" in local
    assert "外地" not in local
    foreign = answer_text(base.get("times_per_year"))
    assert ("《吐鲁番市职业技能提升行动实施方案（2019-2021年）（吐政办〔2019〕53号）》"
            "（外地做法，仅供参考，以本地人社部门答复为准（12333））") in foreign
    assert "条款：" in foreign


def test_an_answer_is_escaped_for_html(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(entry(answer="a <b> & c"), encoding="utf-8")
    assert answer_text(FaqBase.load(path).get("living")).startswith("a &lt;b&gt; &amp; c")


def test_cli_check_passes_the_shipped_file_and_lists_problems_of_a_broken_one(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "faq", "check")
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(entry(source='"nowhere"') + entry("living2", "生活费"), encoding="utf-8")
    result = run_cli(tmp_path, "faq", "check", "--file", str(broken))
    assert result.returncode == 1
    assert "unknown source(s) ['nowhere']" in result.stdout
    assert "same words" in result.stdout
