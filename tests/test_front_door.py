"""The front door through the real Dispatcher on the shipped sample catalogue: typed text is understood before
it is searched, and menu words do what their buttons do."""

from __future__ import annotations

import re

import pytest
from aiogram.methods import SendMessage

from bot import texts
from bot.texts import conversation as ct
from bot.texts import faq as faq_texts
from bot.texts import marks
from catalog import second_opinion
from tests.client import UserClient, inline_labels, reply_labels, texts_of
from tests.s1131_helpers import complete_intake

USUAL = [ct.BTN_FIND, ct.BTN_NEARBY, ct.BTN_JOBS, ct.BTN_1131]


def is_result_list(text: str) -> bool:
    return text.startswith(("为您找到", "找到的课程很多", "离您最近"))


async def one_reply(user: UserClient, text: str) -> str:
    [reply] = texts_of(await user.send(text))
    return reply


async def test_small_talk_never_searches(user: UserClient) -> None:
    for text, expected in [("你好", ct.GREETING), ("在吗？", ct.GREETING), ("謝謝老師", ct.THANKS),
                           ("好的，谢谢", ct.THANKS), ("拜拜", ct.GOODBYE), ("嗯嗯", ct.CONFIRM), ("OK", ct.CONFIRM),
                           ("😀👍", ct.EMOJI), ("你是谁", ct.WHO)]:
        calls = await user.send(text)
        assert texts_of(calls) == [expected], text
    # The kind answer to what is not understood offers what people usually want, never the catalogue.
    calls = await user.send("？？？")
    assert texts_of(calls) == [ct.NOT_UNDERSTOOD]
    assert inline_labels(calls) == USUAL


async def test_menu_words_do_what_their_buttons_do(user: UserClient) -> None:
    assert await one_reply(user, "帮助") == texts.HELP
    assert await one_reply(user, "菜单") == texts.MENU
    assert await one_reply(user, "我的报名") == texts.MY_ENROLMENTS_EMPTY
    assert await one_reply(user, "找课程") == texts.FIND_PROMPT
    assert await one_reply(user, "訂閱") == (await user.send("/subscribe") and texts_of(user.session.requests)[-1])
    assert await one_reply(user, "常见问题") == (await user.send("/faq") and texts_of(user.session.requests)[-1])
    calls = await user.send("1131")
    assert any(texts.INTAKE_QUESTIONS["group"] in t for t in texts_of(calls))  # the intake starts, as the button


async def test_nearby_without_a_place_asks_for_the_location_and_keeps_the_words(user: UserClient) -> None:
    calls = await user.send("附近有电工培训吗")
    assert texts_of(calls)[-1] == texts.NEARBY_ASK
    assert texts.BTN_SEND_LOCATION in reply_labels(calls)
    calls = await user.share_location(34.60, 119.17)
    header = texts_of(calls)[0]
    assert header.startswith("离您最近")
    titles = re.findall(r"<b>\d+\. (.+?)</b>", header)
    assert titles and all("电工" in t for t in titles)


async def test_jobs_for_anyone_with_1131_offered(user: UserClient) -> None:
    calls = await user.send("我想找工作")
    [text] = texts_of(calls)
    assert text.startswith("正在招聘的岗位") and "☎️" in text
    assert inline_labels(calls) == [ct.BTN_1131]
    text = await one_reply(user, "有没有物业的招聘")
    assert "和“物业”相关" in text and "物业" in text.split("\n\n")[1]


async def test_a_person_is_offered_the_counsellor_or_1131_first(user: UserClient) -> None:
    calls = await user.send("人工客服")
    assert texts_of(calls) == [ct.HUMAN_NO_CASE] and inline_labels(calls) == [ct.BTN_1131]
    await complete_intake(user)
    calls = await user.send("转人工")
    assert "海州区的工作人员" in texts_of(calls)[0]
    assert inline_labels(calls) == [ct.BTN_HUMAN]
    calls = await user.send("我要投诉培训机构乱收费")
    assert "12345" in texts_of(calls)[0] and inline_labels(calls) == [ct.BTN_HUMAN]


async def test_search_still_searches_and_does_not_claim_a_capped_count(user: UserClient) -> None:
    text = await one_reply(user, "明年")  # a filter alone lists many courses: the count shown is not the total
    assert text.startswith("找到的课程很多") and "前 <b>50</b> 个" in text
    text = await one_reply(user, "你好，我想学养老护理")
    assert is_result_list(text) and "养老护理" in text
    text = await one_reply(user, "人工智能训练师")  # not a request for a person
    assert is_result_list(text) and "人工智能" in text


async def test_follow_ups_refine_explain_or_open_the_last_list(user: UserClient) -> None:
    first = await one_reply(user, "家政 海州区")
    assert is_result_list(first)
    refined = await one_reply(user, "换成赣榆的呢")
    assert refined.startswith(ct.REFINED.format(changes="区县"))
    districts = re.findall(r"🏫 .+? · (\S+?)(?: · |\n)", refined)
    assert len(districts) > 1 and set(districts) == {"赣榆区"}
    [page2] = texts_of(await user.tap(texts.BTN_NEXT))  # the list has two pages
    cost = await one_reply(user, "要自己出钱吗")  # counted from the list itself
    listed = refined + page2
    free = listed.count("享受补贴时个人缴费0元")
    paid = listed.count("享受补贴时个人缴费") - free
    assert f"为您找到 <b>{free + paid}</b> 个课程" in refined
    assert cost.startswith(f"刚才列出的 {free + paid} 个课程里")
    assert (f"{free} 个对符合条件的人" in cost) == bool(free) and (f"{paid} 个需要个人缴费" in cost) == bool(paid)
    calls = await user.send("第二个")
    [detail] = texts_of(calls)
    second_title = re.findall(r"<b>\d+\. (.+?)</b>", refined)[1]
    assert second_title in detail and texts.BTN_ENROL in inline_labels(calls)
    # A new topic is a new search, not a refinement.
    text = await one_reply(user, "电工")
    assert is_result_list(text) and not text.startswith("按您说的条件")


async def test_an_ordinal_beyond_the_list_is_told_kindly(user: UserClient) -> None:
    await user.send("家政 海州区")
    calls = await user.send("第四十个")
    [text] = texts_of(calls)
    assert text.startswith("刚才的列表只有")
    assert all(isinstance(c, SendMessage) for c in calls)
    await user.send("养老护理 东海县 下个月")  # nothing found: there is no list to pick from
    assert texts_of(await user.send("第一个")) == [ct.NOT_UNDERSTOOD]


async def test_an_ordinal_may_count_from_the_end(user: UserClient) -> None:
    await user.send("家政 海州区")
    [last] = texts_of(await user.send("最后一个"))
    calls = await user.send("倒数第二个")
    [before_last] = texts_of(calls)
    assert texts.BTN_ENROL in inline_labels(calls) and before_last != last
    assert texts_of(await user.send("倒数第一个")) == [last]
    [beyond] = texts_of(await user.send("倒数第四十个"))
    assert beyond.startswith("刚才的列表只有")


async def test_usual_buttons_lead_somewhere(user: UserClient) -> None:
    await user.send("。。。")
    assert texts_of(await user.tap(ct.BTN_FIND)) == [texts.FIND_PROMPT]
    await user.send("。。。")
    assert texts_of(await user.tap(ct.BTN_NEARBY)) == [texts.NEARBY_ASK]
    await user.send("。。。")
    assert texts_of(await user.tap(ct.BTN_JOBS))[0].startswith("正在招聘的岗位")


async def test_a_question_that_finds_nothing_gives_way_to_the_intent_it_resembles(user: UserClient) -> None:
    assert await one_reply(user, "菜单栏") == texts.MENU  # resembles 菜单
    assert await one_reply(user, "谢谢你呀小可爱") == ct.THANKS  # nothing found: the thanks around it is answered
    assert await one_reply(user, "你好，我想问问啊啊") == ct.GREETING  # nothing to find: the greeting is answered
    assert is_result_list(await one_reply(user, "你好，我想学电工"))  # something found: the search answers


async def test_policy_questions_get_the_faq_answer_and_courses_when_they_name_some(user: UserClient) -> None:
    calls = await user.send("大学生能参加吗")  # the answer offers the related courses as a button
    [answer] = texts_of(calls)
    [related] = inline_labels(calls)
    assert "📄 依据" in answer and related == ct.BTN_RELATED.format(search="大学生")
    assert is_result_list(texts_of(await user.tap(related))[0])
    await user.send("菜单")  # leave the list, so the next questions are not follow-ups to it
    [answer] = texts_of(await user.send("补贴怎么申请"))
    assert "📄 依据" in answer  # a cited answer, and no unrelated courses after it
    answer, courses = texts_of(await user.send("电工培训有补贴吗"))
    assert "📄 依据" in answer
    first_title = re.findall(r"<b>1\. (.+?)</b>", courses)[0].removeprefix(marks.SAMPLE_MARK)
    assert is_result_list(courses) and first_title.startswith("电工")


async def test_a_policy_question_that_finds_courses_only_by_chance_gets_did_you_mean(
    user: UserClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"技能等级直接认定咋回事" fits two entries about as well by the rules, and the search finds courses only
    because their descriptions mention skill levels: the near-tie entries are offered, not those courses. (The
    learned model is sure it is direct_recognition, so it is switched off here to reach the rules' answer.)"""
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: None)
    calls = await user.send("技能等级直接认定咋回事")
    assert texts_of(calls) == [faq_texts.DID_YOU_MEAN]
    assert len(inline_labels(calls)) >= 2
    assert is_result_list(await one_reply(user, "电工"))  # a course search is still a search


async def test_a_course_named_with_a_district_is_a_search_not_a_policy_answer(user: UserClient) -> None:
    """创业 is a policy word too, but "创业培训 海州区" asks nothing: the courses answer, not the GYB/SYB entry."""
    [reply] = texts_of(await user.send("创业培训 海州区"))
    assert "📄 依据" not in reply and is_result_list(reply)
    assert "创业" in re.findall(r"<b>1\. (.+?)</b>", reply)[0]


async def test_evening_classes_refine_the_list(user: UserClient) -> None:
    assert is_result_list(await one_reply(user, "厨师"))
    refined = await one_reply(user, "晚上上课的有吗")
    assert refined.startswith(ct.REFINED.format(changes=ct.CHANGE_NAMES["evening"]))
    titles = re.findall(r"<b>\d+\. (.+?)</b>", refined)
    assert titles and all("晚间班" in title for title in titles)


async def test_the_learned_opinion_answers_through_the_front_door(user: UserClient,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A sure learned opinion names the FAQ entry and the person gets its cited answer; an entry the FAQ file no
    longer has (edited since the model learned) falls back to the usual matching, never to an error."""
    from catalog.learned import SURE, Guess

    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("faq:hukou", SURE + 1))
    [answer] = texts_of(await user.send("俺从外省过来的 在这边能学不"))
    assert "📄 依据" in answer and "户" in answer
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("faq:gone_entry", SURE + 1))
    [answer] = texts_of(await user.send("补贴怎么申请"))
    assert "📄 依据" in answer  # the rules' own match
    monkeypatch.setattr(second_opinion, "sure_guess", lambda text, after_list=False: Guess("search", SURE + 1))
    replies = texts_of(await user.send("电工培训有补贴吗"))
    assert len(replies) == 1 and is_result_list(replies[0])  # only the courses: the model said it is a search


async def test_a_learned_refinement_searches_again_with_the_earlier_words(user: UserClient,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A follow-up in words the rules do not read as a filter ("苍梧路那块有不": a street, not a district) that the
    learned model is sure refines the list: the earlier question is searched again with the new words, and the
    reply says so rather than claiming a filter it did not apply."""
    from catalog.learned import SURE, Guess

    assert is_result_list(await one_reply(user, "茶艺"))
    monkeypatch.setattr(second_opinion, "sure_guess",
                        lambda text, after_list=False: Guess("refine", SURE + 1) if after_list else None)
    refined = await one_reply(user, "苍梧路那块有不")
    intro = ct.REFINED_AS_SEARCH.split("{query}")[0]
    assert refined.startswith(intro + "茶艺 苍梧路") and "为您找到" in refined
    assert all("茶艺" in title for title in re.findall(r"<b>\d+\. (.+?)</b>", refined))
