"""Whether a message that names a menu or intent word ("1131", "岗位", "附近", "好的") asks about a rule rather
than asks for the thing: "一一三一是个啥", "岗位推荐我点了不合适会怎样", "上完课能不能直接去上班 有没有对接企业"
ask what something is, whether it is allowed or what happens (the FAQ's to answer, the intent if it knows
nothing); "给我推荐几个岗位", "我要报1131", "帮我找附近的课" ask the bot to do something (the intent's).

catalog.understanding sends an asking message to the FAQ first (Intent.UNKNOWN with the intent as fallback):
the FAQ's own confidence threshold decides, so "有什么岗位吗", which no entry answers, still shows postings.
"""

from __future__ import annotations

import re

from catalog.intents_kinds import Intent

# Asking to be given or shown something, or to do it now: the intent, whatever the asking marks.
_DO = re.compile("给我|帮我|替我|帮忙找|我要|我想要|我想找|想找|推荐(?:几|一|个|些|点)|找(?:个|份|点|些)"
                 "|查(?:一下|查|询)|(?:能不能|可不可以|可以|能|麻烦)(?:让|帮|给|请|转|联系|派)|看看|看一下|打开|发我|转人工|怎么(?:找|联系|打开|进|去)|在哪(?:里|儿)?(?:找|看|打开|报)")
# Asking what a thing is, whether it counts or is allowed, what happens, whether it is so: "有什么岗位",
# "1131咋弄", "1131到哪一步了" ask for the thing or its progress instead (the intent's).
_RULE = re.compile("是啥|是什么|是个(?:啥|什么)|是干(?:嘛|啥|什么)|干(?:嘛|啥)的|这是干|啥意思|什么意思|叫(?:啥|什么)"
                   "|指(?:啥|什么)|属于(?:啥|什么|哪)|算不算|算数|能不能|可不可以|行不行|允不允许|会怎|会咋|会不会|后果"
                   "|是不是|是否|真的假的|是[^\\s，,]{0,2}哪[个几些一二三两]")
# Intents whose words a policy question may use to describe what it asks about; the rest (menu commands such
# as 订阅/我的报名, small talk other than a laugh or 好) stay what they are.
_DESCRIBED = (Intent.JOBS, Intent.S1131, Intent.NEARBY, Intent.CONFIRM, Intent.HUMAN, Intent.COMPLAINT)


def asks_about_rule(text: str, intent: Intent) -> bool:
    """Whether `text`, recognised as `intent`, asks a question for the FAQ rather than requests the intent."""
    return intent in _DESCRIBED and _RULE.search(text) is not None and _DO.search(text) is None
