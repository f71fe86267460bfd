"""Follow-up survey (培训+评价+就业+跟踪) wording, and the Chinese labels of the stored answer codes."""

from __future__ import annotations

SURVEY_INTRO = "📋 「{title}」结业{wave}天回访：想了解您学完后的情况，点按钮就能回答，大约1分钟。"
SURVEY_NUDGE = "温馨提示：「{title}」的回访还没完成，点下方按钮就能继续，谢谢！"
SURVEY_STEP = "（第{n}题）"
SURVEY_THANKS = "感谢您的反馈！祝工作顺利。有需要随时找我们。"
SURVEY_ALREADY_DONE = "这份回访已经完成，谢谢！"
SURVEY_STALE = "这一题已经回答过了，请接着回答下面这一题。"

Q_FINISHED = "这期培训您学完了吗？"
Q_CERTIFICATE = "培训后，您拿到了哪种证书？"
Q_WORK = "您现在在工作吗？"
Q_INSURANCE = "现在有单位给您交社保吗？"
Q_MONTHS = "这份工作（或生意）您做了多久了？"
Q_INCOME = "您现在每月收入大约多少？"
Q_USEFULNESS = "这次培训对您找工作或干工作有多大帮助？（1 很小 — 5 很大）"
Q_COMMENT = "还有什么想对我们说的吗？直接输入文字，或点「跳过」。"

# Answer code → what the button says. Order is the button order.
FINISHED = {"yes": "学完了", "no": "没学完"}
CERTIFICATE = {
    "skill_level": "职业技能等级证书",
    "special": "专项职业能力证书",
    "training": "培训合格证",
    "none": "还没拿到证书",
}
WORK = {
    "contract": "在单位上班，签了劳动合同",
    "flexible": "打零工、灵活就业",
    "business": "自己创业、做生意",
    "seeking": "没工作，正在找",
    "not_seeking": "没工作，暂时不找",
}
INSURANCE = {"employer": "有，单位交", "not_employer": "没有单位交", "unsure": "不清楚"}
MONTHS = {"lt1": "不到1个月", "1_3": "1到3个月", "3_6": "3到6个月", "6plus": "半年以上"}
INCOME = {
    "none": "没有收入",
    "lt3000": "3000元以下",
    "3000_5000": "3000到5000元",
    "5000_8000": "5000到8000元",
    "gt8000": "8000元以上",
    "undisclosed": "不方便说",
}
# Shown (in the staff export) for a survey from before the kind of work was asked.
WORK_LEGACY = {"employed": "已就业（旧问卷，未问工作类型）"}
