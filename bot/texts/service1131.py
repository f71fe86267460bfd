"""Texts of the 1131 steps' completion rules and the ledger as staff read it (readable, never raw JSON)."""

from __future__ import annotations

# Step 2: an assessment with every question skipped is not career guidance.
GUIDE_ALL_SKIPPED = (
    "您跳过了全部问题，暂时没法给出职业方向建议，职业指导还没有完成。\n"
    "可以重新回答（每题点一下即可），或点「找人工指导」请就业指导员帮您。"
)
BTN_GUIDE_AGAIN = "🔁 重新回答"

# Step 4: the confirmed class was cancelled, so it no longer counts as the person's training.
TRAINING_REOPENED = (
    "因“{title}”已取消，您1131服务中的“1次技能培训”重新标为未完成。"
    "可以点菜单「找培训课程」另选一个班报名，确认后即记为完成。"
)

# The ledger's 详情 column: each stored detail as "名称：值", joined by "；".
LEDGER_DETAIL_LABELS = {
    "group": "身份",
    "district": "区县",
    "education": "学历",
    "work_years": "工龄",
    "last_occupation": "上份工作",
    "wanted": "想做",
    "constraints": "限制",
    "income_before": "培训前月收入",
    "phone_shared": "留了手机号",
    "version": "政策版本",
    "cards": "宣介内容",
    "answers": "自测回答",
    "suggestions": "推荐方向",
    "request_id": "人工指导申请",
    "job_code": "岗位编号",
    "title": "岗位",
    "employer": "单位",
    "reasons": "推荐理由",
    "reason": "不合适原因",
    "recommended": "已推荐",
    "query": "检索词",
    "course_code": "课程编号",
    "enrolment_id": "报名编号",
    "reference": "核验方式/备注",
}
LEDGER_DETAIL_ITEM = "{label}：{value}"
LEDGER_DETAIL_SEP = "；"
LEDGER_LIST_SEP = "、"
LEDGER_YES = "是"
LEDGER_NO = "否"
LEDGER_ANSWER = "{prompt}—{options}"
LEDGER_SUGGESTION = "{occupation}（{reasons}）"
LEDGER_REQUEST = "#{id}"
# Who did it (the 办理人 column)
LEDGER_BY_PERSON = "本人（通过服务助手）"
LEDGER_BY_STAFF = "工作人员 {name}（ID {id}）"
LEDGER_BY_STAFF_NO_NAME = "工作人员（ID {id}）"
# 实名核验 columns in the ledger and exports
VERIFIED = "已核验"
NOT_VERIFIED = "未核验"
