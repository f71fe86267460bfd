"""Texts of the front door: small talk, people asking for a person or for jobs, follow-ups to a result list and
the kind answer to what the bot did not understand."""

from __future__ import annotations

GREETING = (
    "您好 👋 我是连云港市补贴性职业技能培训服务助手。\n"
    "直接告诉我想学什么就行，比如“电工 海州区”“月嫂 下个月”；也可以点下面的按钮。"
)
THANKS = "不客气 😊 还有什么想了解的，直接发给我就行。"
GOODBYE = "好的，再见 👋 需要时随时来找我，发“菜单”就能回到主菜单。"
CONFIRM = "好的 👌 还需要什么，直接告诉我；发“菜单”可以回到主菜单。"
EMOJI = "😊 收到！想找补贴培训课程，直接输入想学的技能（如“电工”“养老护理”），或点下面的按钮。"
WHO = (
    "我是<b>连云港市补贴性职业技能培训</b>的服务助手（自动回复的机器人，不是真人）。\n"
    "我可以帮您：找政府补贴的培训课程、查附近的培训班、看招聘岗位、办理“1131”就业服务、报名和开课提醒。\n"
    "需要人工咨询请拨打 12333（人社服务热线）。"
)
NOT_UNDERSTOOD = (
    "抱歉，这句我没看懂 🙏\n"
    "可以直接说想学的技能，比如“电工 东海”“月嫂 有补贴吗”，或者点下面常用的功能："
)

# The buttons offered with small talk and with what was not understood (what people usually want).
BTN_FIND = "🔍 找培训课程"
BTN_NEARBY = "📍 附近的培训"
BTN_JOBS = "💼 看招聘岗位"
BTN_1131 = "🧭 1131就业服务"
BTN_HUMAN = "🙋 找工作人员"
BTN_RELATED = "🔍 相关课程：{search}"

# A person, or a complaint.
HUMAN_WITH_CASE = (
    "好的，可以为您联系就业指导员 🙋\n"
    "点下方「找工作人员」，{district}的工作人员会通过这里联系您（工作日一般 1 天内）。\n"
    "着急的话请直接拨打 12333（人社服务热线）。"
)
HUMAN_NO_CASE = (
    "好的 🙋 工作人员通过“1131就业服务”一对一联系您：先花 1 分钟登记基本情况，再点「找人工指导」即可。\n"
    "着急的话请直接拨打 12333（人社服务热线），或到所在区县的公共就业服务窗口咨询。"
)
COMPLAINT = (
    "很抱歉给您带来不好的体验 🙏 投诉或举报可以这样办：\n"
    "• 拨打 <b>12345</b> 政务服务便民热线，或 <b>12333</b> 人社服务热线；\n"
    "• 培训机构乱收费、虚假培训、冒领补贴，可以向所在区县人社局举报；\n"
    "{staff_line}"
)
COMPLAINT_STAFF = "• 也可以点下方「找工作人员」，把情况转给{district}的工作人员，他们会通过这里联系您。"
COMPLAINT_REGISTER = "• 登记“1131就业服务”（点下方按钮，约 1 分钟）后，也可以通过这里把情况转给{district}的工作人员。"
YOUR_DISTRICT = "您所在区县"

# Jobs for anyone.
JOBS_HEADER = "正在招聘的岗位{about}（{n} 个，按合适程度排列）："
JOBS_ABOUT = "（和“{words}”相关）"
JOBS_ABOUT_NONE = "（没有和“{words}”直接对口的，先看看这些）"
JOB_LINE = (
    "<b>{n}. {title}</b> · {employer}\n📍 {district}{distance} · 💰 {salary_min}–{salary_max} 元/月{part_time}\n"
    "☎️ {contact} · 截止 {valid_until}"
)
JOBS_FOOTER = (
    "想要就业指导员帮您挑岗位、一次次跟进，可以办理“1131就业服务”（政策宣介、职业指导、岗位推荐、技能培训）。"
)
JOBS_NONE = "暂时没有正在招聘的岗位。可以办理“1131就业服务”，有合适岗位时工作人员会推荐给您；也可以拨打 12333。"

# Nearby without a place: the words are kept for when the location arrives.
NEARBY_WITH_WORDS = "好的，找离您近的“{words}”。"

# Follow-ups to the last result list.
REFINED = "按您说的条件重新筛选：{changes}"
# a follow-up whose words are no filter the search knows: searched again with the earlier question's words
REFINED_AS_SEARCH = "接着刚才的结果，按「{query}」重新查找："
CHANGE_NAMES = {
    "district": "区县",
    "group": "身份",
    "free": "个人免费",
    "subsidy": "有补贴",
    "weekend": "周末班",
    "evening": "晚上上课",
    "daytime": "白天上课",
    "time": "开班时间",
}
ORDINAL_OUT_OF_RANGE = "刚才的列表只有 {total} 个课程，请说“第1个”到“第{total}个”，或点课程下面的「详情」。"
COST_HEADER = "刚才列出的{scope}课程里："
COST_SCOPE_ALL = " {n} 个"
COST_SCOPE_TOP = "前 {n} 个"
COST_FREE = "• {n} 个对符合条件的人<b>个人免费</b>（费用由政府补贴）；"
COST_PAID = "• {n} 个需要个人缴费 {fees} 元；"
COST_SUBSIDY = "• 政府补贴标准每人 {subsidies} 元。"
COST_FOOTER = "能不能享受补贴要看您的身份类别（/profile 填写），点课程的「详情」就能看到您本人能否享受。"
MONEY_RANGE = "{low}–{high}"
