"""The learned second opinion (catalog/learned.py) and how catalog.understanding lets it overrule the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import second_opinion
from catalog.faq import FaqBase
from catalog.followup import FollowKind, FollowUp
from catalog.intents import Intent
from catalog.learned import SEARCH, SURE, Guess, Model, features, label_of, read_examples, sure_guess
from catalog.understanding import understand
from tests.conftest import TODAY

TOY = [("补贴怎么领", "faq:subsidy_apply"), ("补贴钱找谁要", "faq:subsidy_apply"),
       ("补贴啥时候发", "faq:subsidy_apply"), ("证书怎么考", "faq:certificates"), ("学完发证吗", "faq:certificates"),
       ("你好呀", "greeting"), ("您好老师", "greeting"), ("电工培训", SEARCH), ("海州区 家政", SEARCH)]


def test_features_are_characters_pairs_triples_and_words_of_the_simplified_text() -> None:
    found = features("補貼")  # Traditional in, Simplified features out
    assert {"补", "贴", "^补", "补贴", "贴$", "^补贴", "补贴$", "w:补贴"} <= set(found)
    assert not any("補" in feature for feature in found)


def test_labels_taught_by_a_turn() -> None:
    assert label_of("search:电工|焊工") == SEARCH
    assert label_of("faq:hukou+search:电工") == "faq:hukou"
    assert label_of("faq:women|rural_workers") == "faq:women"
    assert label_of("greeting") == "greeting"
    assert label_of("ordinal:2") == "ordinal" and label_of("refine") == "refine"  # any ordinal is one class


def test_the_model_picks_the_label_whose_examples_share_the_words() -> None:
    model = Model(TOY)
    guessed = model.guess("补贴发到哪 找谁")
    assert guessed is not None and guessed.label == "faq:subsidy_apply" and guessed.lead >= SURE
    assert model.guess("考什么证书")
    assert model.guess("考什么证书").label == "faq:certificates"  # type: ignore[union-attr]
    assert model.guess("老师好").label == "greeting"  # type: ignore[union-attr]


def test_nothing_known_or_a_single_label_gives_no_guess() -> None:
    assert Model(TOY).guess("zzz") is None  # no feature it has seen
    assert Model([("你好", "greeting")]).guess("你好") is None  # nothing to choose between
    assert Model([]).guess("你好") is None


def test_a_close_call_leads_by_little() -> None:
    model = Model([("补贴证书", "faq:a"), ("补贴证书", "faq:b"), ("你好", "greeting")])
    guessed = model.guess("补贴证书")
    assert guessed is not None and guessed.lead < SURE


def test_examples_are_read_from_every_part_and_from_the_faq(tmp_path: Path) -> None:
    part = ("# comment\n你好\t\tgreeting\n第二个\t电工\tordinal:2\n海州区的呢\t电工\trefine\n电工\t\tsearch:电工\n"
            "谢谢\t电工\tthanks\n第三个\t\tordinal:3\n")  # a follow-up with no list before it teaches nothing
    (tmp_path / "part.tsv").write_text(part, encoding="utf-8")
    faq = tmp_path / "faq.toml"
    faq.write_text('[[faq]]\nid = "hukou"\nquestions = ["外地户口能参加吗"]\n', encoding="utf-8")
    assert read_examples(tmp_path, faq) == [("你好", "greeting"), ("第二个", "ordinal"), ("海州区的呢", "refine"),
                                            ("电工", SEARCH), ("谢谢", "thanks"), ("外地户口能参加吗", "faq:hukou")]


def test_a_follow_up_is_offered_only_after_a_list() -> None:
    model = Model([*TOY, ("上面这些要钱吗", "cost"), ("这几个收费不", "cost"), ("这些班要交钱吗", "cost")])
    after = model.guess("这几个班要钱吗", after_list=True)
    assert after is not None and after.label == "cost"
    alone = model.guess("这几个班要钱吗")
    assert alone is not None and alone.label != "cost"


@pytest.mark.parametrize("text", ["？？？", "1", "lll", "qwer", "好", "👍👍"])
def test_too_little_to_learn_from_is_left_to_the_rules(text: str) -> None:
    assert sure_guess(text) is None


def test_a_sure_guess_that_disagrees_overrules_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("faq:hukou", SURE + 1))
    understood = understand("俺是外省来的 这边能学不", TODAY)
    assert understood.intent is Intent.QUERY and understood.faq_id == "hukou"
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess(SEARCH, SURE + 1))
    understood = understand("电工培训有补贴吗", TODAY)
    assert understood.search_only and understood.faq_id is None
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("subscribe", SURE + 1))
    assert understand("以后来新课了吱一声", TODAY).intent is Intent.SUBSCRIBE


def test_the_rules_keep_a_request_and_words_the_search_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "sure_guess",
                        lambda text, after_list=False: Guess("faq:step_guidance", SURE + 1))
    assert understand("我要职业指导", TODAY).intent is not Intent.QUERY  # asks to do the step, not what it is
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("help", SURE + 1))
    assert understand("这个咋用 海州区", TODAY).intent is Intent.QUERY  # a district: a search
    assert understand("怎么用电焊机", TODAY).intent is Intent.QUERY  # a course word beside "how to use"


def test_a_follow_up_is_never_overruled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess(SEARCH, SURE + 1))
    assert understand("第二个", TODAY, "电工").followup is not None


def test_a_sure_follow_up_after_a_list_is_carried_out_when_the_message_says_enough(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("cost", SURE + 1))
    assert understand("上面那几个班可要钱啊", TODAY, "家政").followup.kind is FollowKind.COST  # type: ignore[union-attr]
    assert understand("上面那几个班可要钱啊", TODAY).followup is None  # no list: nothing to follow
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("ordinal", SURE + 1))
    assert understand("乖乖 这么多 就第二个吧", TODAY, "养老护理").followup == FollowUp(FollowKind.ORDINAL, n=2)
    assert understand("我要倒数第三的那个", TODAY, "美甲").followup == FollowUp(FollowKind.ORDINAL, n=-3)
    assert understand("都挺好的 我再想想", TODAY, "美甲").followup is None  # no number to open
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("refine", SURE + 1))
    refined = understand("板浦那块有不", TODAY, "养老护理").followup
    assert refined is not None and refined.kind is FollowKind.REFINE and refined.changed == ()
    assert refined.query.startswith("养老护理 ") and "板浦" in refined.query


def test_the_shipped_model_knows_wording_the_rules_miss() -> None:
    # A question in words of its own (in no dialogue part and no FAQ phrasing): the rules' FAQ match says it is
    # about certificates
    text = "学完了能不能帮着介绍个活"
    assert FaqBase.load().match(text).entry.id != "after_training_job"  # type: ignore[union-attr]
    guessed = sure_guess(text)
    assert guessed is not None and guessed.label == "faq:after_training_job"
    assert understand(text, TODAY).faq_id == "after_training_job"
