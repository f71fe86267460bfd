"""Where the policy statements in bot/texts come from: the one place that says, for every text constant
that speaks of subsidies, fees, amounts, limits, certificates or the 1131 service, whether it states a rule
and which document (catalog/data/sources.toml) and clause that rule rests on.

bot/policy_audit.py walks every constant of bot/texts; one that uses the words of policy (POLICY_WORDS) and
is not listed here is a problem (`python -m bot faq check`, tests/test_policy_audit.py). Prefer putting a rule
into cited data (catalog/data/faq.toml, policies/, subsidy_rules.toml) over writing it in a text constant.

Keys: NAME for bot/texts/__init__.py, module.NAME for bot/texts/module.py; a dict or tuple constant is listed
once for all its items. A listing for a module that does not exist yet (another branch's) is ignored.
"""

from __future__ import annotations

import re

# Words that mark a sentence as possibly stating policy.
POLICY_WORDS = re.compile(
    r"补贴|补助|免费|自费|缴费|收费|费用|[\d}]\s*元|[0-9一二三两几]次|生活费|交通费|证书|学徒|以工代训|\d+%|"
    r"每年|最多|最长|重点群体|实名|愿培|培训券|贷款|养老金|审核"
)

# The text states a rule: (source ids, clause).
CITED: dict[str, tuple[tuple[str, ...], str]] = {
    "WELCOME": (("lyg2025",), "三、(三)（政府补贴性职业技能培训项目目录管理）"),
    "HELP": (("lyg2025",), "二、(一)3（“1131”服务）"),
    "PROFILE_ASK_GROUP": (("lyg2025",), "二、(一)（分类实施重点群体技能培训）"),
    "ENQUIRE": (("lyg2025",), "三、(三)（实名制管理；直补个人与直补企业、机构相结合）"),
    "S1131_INTRO": (("lyg2025",), "二、(一)3"),
    "S1131_COMPLETE": (("lyg2025",), "二、(一)1（培训+评价+就业+跟踪），二、(一)3（“1131”服务）"),
    "stats.CHART_LABELS": (("lyg2025",), "二、(一)3（“1131”服务：1次政策宣介+1次职业指导+3次岗位推荐+1次技能培训）"),
    # The four 1131 steps by the plan's own count (1次政策宣介+1次职业指导+3次岗位推荐+1次技能培训).
    "S1131_STEP_LINES": (("lyg2025",), "二、(一)3（“1131”服务）"),
    "JOBS_STEP_DONE": (("lyg2025",), "二、(一)3（“1131”服务：3次岗位推荐）"),
    "JOB_NOT_COUNTED": (("lyg2025",), "二、(一)3（“1131”服务：3次岗位推荐）"),
    "TRAINING_PENDING": (("lyg2025",), "二、(一)3（“1131”服务：1次技能培训）"),
    "service1131.TRAINING_REOPENED": (("lyg2025",), "二、(一)3（“1131”服务：1次技能培训）"),
    "identity.PENDING_UNVERIFIED_NOTE": (("lyg2025",), "三、(三)（“凡补必进、不进不补”，参训学员实名制管理）"),
    # bot/texts/conversation.py (branch front)
    "conversation.WHO": (("lyg2025",), "三、(三)（政府补贴性职业技能培训项目目录管理），二、(一)3（“1131”服务）"),
    "conversation.JOBS_FOOTER": (("lyg2025",), "二、(一)3（“1131”服务）"),
    "conversation.COMPLAINT": (("lyg2025",), "三、(三)（弄虚作假骗取补贴等由监管部门查处）"),
}

# The text only frames figures or rules drawn from cited data: name -> where the content comes from.
FRAMES: dict[str, str] = {
    "FILTER_FREE": "a course's own fee in the published catalogue (search filter label)",
    "FILTER_SUBSIDISED": "a course's own subsidy in the published catalogue (search filter label)",
    "MONEY_FEE": "a course's subsidy and fee from its catalogue row",
    "DETAIL": "a course's catalogue row; the eligibility line is built from the subsidy rules",
    "FEE_FREE": "a course's fee from its catalogue row",
    "FEE_YUAN": "a course's fee from its catalogue row",
    "JOB_CARD": "a job posting's own salary as the employer published it",
    "TRAINING_INTRO": "the courses found in the published catalogue",
    "broadcast.NEW_COURSES_HEADER": "classes from the published catalogue",
    "broadcast.NEW_COURSE_LINE": "a class's subsidy from its catalogue row",
    "publish.FORM_QUESTIONS": "staff entering a class's catalogue row",
    "publish.FORM_GROUPS_EMPTY": "staff entering a class's catalogue row",
    "publish.STAFF_CARD": "a class's catalogue row shown to staff",
    "IMPORT_ERRORS": "staff import report about catalogue cells",
    "stats.STATS_DEFINITIONS": "how each outcome figure is counted; the targets are the cited entries of "
    "catalog/data/outcome_targets.toml (lyg2025, 二、(一)1 and 3), filled in by bot/services/outcome_report.py",
    # bot/texts/eligibility.py (branch elig): frames around the cited rules of catalog/data/subsidy_rules.toml
    # (walked as rule:… statements) and the course's own published subsidy data.
    "eligibility.CARD": "a verdict from the cited subsidy rules and the course's published 补贴对象",
    "eligibility.VERDICT": "a verdict from the cited subsidy rules and the course's published 补贴对象",
    "eligibility.WHY": "the course's published data and the person's own history",
    "eligibility.RULE_LOCAL": "frame of a cited subsidy rule",
    "eligibility.RULE_OTHER_REGION": (
        "frame of a cited subsidy rule from another region (says 外地; its document's scope note names 12333)"
    ),
    "eligibility.COURSE_DATA": "points to the course's published 补贴对象 and 补贴标准",
    # bot/texts/conversation.py (branch front)
    "conversation.JOB_LINE": "a job posting's own salary as the employer published it",
    "conversation.CHANGE_NAMES": "a course's own fee in the published catalogue (search filter label)",
    "conversation.COST_FREE": "a count of the listed courses whose published fee is 0 (subsidy from their rows)",
    "conversation.COST_PAID": "a count and range of the listed courses' published fees",
    "conversation.COST_SUBSIDY": "the range of the listed courses' published subsidies",
    "conversation.COST_FOOTER": "points to each course's published 补贴对象, judged for the person in its details",
}

# The text uses such words but states no rule (a question, a label, a count, a service pointer).
NO_RULE: frozenset[str] = frozenset({
    "ERROR_GENERIC", "FIND_PROMPT", "COMMANDS", "JOB_INTERESTED",
    "FAR_FROM_CITY", "GUIDE_RESULT_FOOTER", "STAFF_HELP", "FORGET_ASK", "MYDATA",
    "broadcast.ASK_INTEREST", "subscriptions.LIMIT", "stats.STATS_NO_DATA",
    # follow-up survey questions, answer labels and export headers (bot/texts/survey.py, stats.py)
    "survey.Q_CERTIFICATE", "survey.CERTIFICATE", "survey.INCOME", "stats.SURVEY_HEADERS",
    "conversation.GREETING", "conversation.EMOJI", "conversation.NOT_UNDERSTOOD",  # branch front
    # 实名核验 labels, staff commands and the ledger's column and step names (branch s1131)
    "LEDGER_HEADERS", "CASES_HEADERS", "LEDGER_STEPS", "LEDGER_ACTIONS", "stats.ENROLMENT_HEADERS",
    "identity.VERIFY_USAGE", "identity.UNVERIFY_USAGE", "identity.VERIFY_DONE", "identity.UNVERIFY_DONE",
    "identity.UNVERIFY_NONE", "identity.VERIFY_REFERENCE_TOO_LONG", "identity.PENDING_UNVERIFIED",
    "identity.CONFIRM_UNVERIFIED", "identity.MYDATA_LINE",
    "voice.TYPE_PLEASE", "voice.TOO_LONG",  # an example question to type; "再发一次" is "send it again"
})

# Texts another branch (elig) removes or replaces with cited subsidy rules (catalog/data/subsidy_rules.toml read
# by catalog/subsidy_rules.py); skipped while they exist, nothing to do once they are gone.
REPLACED_ELSEWHERE: frozenset[str] = frozenset({
    "ELIGIBILITY", "ELIGIBILITY_LIVING_ALLOWANCE", "ELIGIBILITY_GRADUATION_YEAR", "MONEY_FREE",
})
