"""Every sentence the bot shows people, in one place (Simplified Chinese, HTML parse mode).

Values taken from users or files must go through `esc()` before being put into these templates.
"""

from __future__ import annotations

from html import escape


def esc(value: object) -> str:
    return escape(str(value), quote=False)


# Main menu buttons (also what users tap, so handlers match on these exact strings).
BTN_FIND = "🔍 找课程"
BTN_NEARBY = "📍 附近的课程"
BTN_1131 = "🧭 1131就业服务"
BTN_MY_ENROLMENTS = "📋 我的报名"
BTN_SUBSCRIBE = "🔔 订阅新课通知"
BTN_HELP = "❓ 帮助"
BTN_BACK = "⬅️ 上一步"
BTN_SKIP = "跳过"
BTN_CANCEL = "取消"

MENU_PLACEHOLDER = "直接输入想学的，如：电商直播 海州区"

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "开始 / 主菜单"),
    ("menu", "显示主菜单"),
    ("profile", "我的信息（身份、所在区县）"),
    ("progress", "1131就业服务进度"),
    ("faq", "常见政策问题"),
    ("enrolments", "我的报名"),
    ("subscribe", "订阅新课通知"),
    ("settings", "提醒设置"),
    ("help", "使用帮助"),
    ("mydata", "查看我的个人信息"),
    ("forget", "删除我的个人信息"),
)

WELCOME = (
    "您好{name}！这里是<b>连云港市补贴性职业技能培训</b>服务助手。\n"
    "我可以帮您：找政府补贴的培训课程、查附近的培训班、办理“1131”就业服务、提醒开课。\n\n"
    "🔒 <i>个人信息说明：我们保存您的 Telegram 昵称，您填写的身份类别和所在区县；办理1131服务时填写的"
    "学历、工龄、上份工作、想做的工作、限制条件和培训前月收入，岗位推荐反馈和服务记录；报名记录；结业回访的回答；新课订阅；"
    "手机号（仅在您点按钮分享时）；工作人员为您做的实名核验标记（只记是否核验和日期）。"
    "不收集身份证号。这些信息仅用于为您推荐课程和就业服务，/mydata 查看、/forget 删除。继续使用即表示同意。</i>\n\n"
    "请点下方按钮，或直接输入想学的技能，例如“养老护理 海州区”。"
)

MENU = "请选择您需要的服务 👇"

HELP = (
    "<b>使用帮助</b>\n"
    "• <b>找课程</b>：直接输入想学的，如“电商直播有补贴吗”“月嫂 赣榆”“叉车 下个月”。\n"
    "• <b>附近的课程</b>：点按钮分享位置，按距离列出培训班。\n"
    "• <b>1131就业服务</b>：政策宣介、职业指导、岗位推荐、技能培训，一步步办理。\n"
    "• <b>我的报名</b>：查看报名和开课提醒。\n"
    "• <b>订阅新课通知</b>：有新班开课时通知您。\n"
    "• /faq 常见政策问题（谁能参加、费用和补贴、证书……），每条注明依据的文件。\n"
    "• /profile 填写身份类别和区县，推荐更准确。\n"
    "• /settings 开关开课提醒；/mydata 查看、/forget 删除我们保存的您的信息。\n"
    "• /menu 随时回到主菜单。\n\n"
    "人工咨询：12333（人社服务热线）"
)

FALLBACK_TEXT = "抱歉，我没看懂这条消息 🙏\n您可以直接输入想学的技能（如“电工 东海”），或点下方菜单按钮。"
FALLBACK_MEDIA = "我暂时只能看懂文字和位置哦 🙏\n请输入想学的技能，或点下方菜单按钮。"
FALLBACK_COMMAND = "没有这个命令。常用命令：/start 主菜单，/help 帮助，/profile 我的信息。"
STALE_BUTTON = "这个按钮已过期，请重新打开菜单 /menu"
ERROR_GENERIC = "抱歉，系统开小差了，您刚才的操作没有保存，请再试一次。若多次出现，请拨打 12333。"
COMING_SOON = "「{feature}」功能即将开放，敬请期待。现在可以先试试直接输入想学的技能查找课程。"

# Profile dialogue
PROFILE_ASK_GROUP = "第 1/2 步：请选择您的身份类别（用于判断能否享受培训补贴）："
PROFILE_ASK_DISTRICT = "第 2/2 步：请选择您所在的区县："
PROFILE_SAVED = "已保存 ✅\n身份类别：{group}\n所在区县：{district}\n随时发送 /profile 修改。"
PROFILE_CANCELLED = "已取消，原来的信息没有改动。"
NOT_SET = "未填写"

# Course search
FIND_PROMPT = (
    "请直接输入想学的技能，可以加上区县、身份或时间，例如：\n"
    "• 电商直播有补贴吗\n• 养老护理 海州区 下个月\n• 月嫂 赣榆\n• 退役军人 叉车\n"
    "也可以点「📍 附近的课程」分享位置，按距离查找。"
)
RESULTS_HEADER = "为您找到 <b>{total}</b> 个课程{filters}（第 {page}/{pages} 页）："
RESULTS_HEADER_NEARBY = "离您最近的课程{filters}（第 {page}/{pages} 页，共 {total} 个）："
# When the list reached the search's limit the real number is larger: never state a count not computed.
RESULTS_HEADER_TOP = "找到的课程很多{filters}，按匹配程度先列出前 <b>{total}</b> 个（第 {page}/{pages} 页）："
RESULTS_HEADER_NEARBY_TOP = "离您最近的 {total} 个课程{filters}（第 {page}/{pages} 页）："
FILTERS = "（{items}）"
FILTER_FREE = "个人缴费0元"
FILTER_SUBSIDISED = "有补贴"
FILTER_WEEKEND = "周末班"
FILTER_EVENING = "晚上上课"
FILTER_DAYTIME = "白天上课（不含晚间班）"
CARD = "<b>{n}. {title}</b>\n🏫 {provider} · {district}{distance}\n📅 {start}—{end} · {hours}课时 · {seats}\n💰 {money}"
CARD_DISTANCE = " · 约{km}公里"
SEATS_LEFT = "剩余{n}个名额"
SEATS_FULL = "名额已满"
MONEY_FEE = "补贴标准{subsidy}元/人 · 享受补贴时个人缴费{fee}元"
DATE = "{m}月{d}日"
DATE_WITH_YEAR = "{y}年{m}月{d}日"
BTN_DETAIL = "{n} 详情"
BTN_PREV = "◀ 上一页"
BTN_NEXT = "下一页 ▶"
BTN_ENQUIRE = "📝 报名咨询"
BTN_BACK_TO_RESULTS = "⬅️ 返回结果"
BTN_SEARCH_FOR = "🔍 {word}"
NO_RESULTS = "没有找到符合“{query}”的课程。"
NO_RESULTS_SUGGEST_OCCUPATIONS = "可以看看相近的工种："
NO_RESULTS_SUGGEST_DISTRICTS = "附近区县有相关课程：{districts}"
NO_RESULTS_FOOTER = "也可以换个说法再试，或拨打 12333 咨询当地人社部门。"
NEARBY_ASK = "请点下方「📍 发送我的位置」按钮（手机上可用），或直接输入区县名称，如“东海县 电工”。"
BTN_SEND_LOCATION = "📍 发送我的位置"
LOCATION_SAVED_HINT = "接下来输入的关键词会按离您的距离排序（1小时内有效）。"
TOO_LONG = "您的消息太长了，请用一句话说说想学什么，例如“叉车 灌云”。"

# Course detail
DETAIL = (
    "<b>{title}</b>\n"
    "编号：{code}\n"
    "职业（工种）：{occupation} · {level}\n"
    "培训类型：{category}\n"
    "培训机构：{provider}\n"
    "地点：{district} {address}\n"
    "时间：{start}—{end}，共{hours}课时\n"
    "名额：{capacity}人（{seats}）\n"
    "补贴标准：{subsidy}元/人；享受补贴时个人缴费：{fee}\n"
    "补贴对象：{groups}\n"
    "咨询电话：{contact}\n"
    "{description}\n\n"
    "<b>您能享受补贴吗？</b>\n{eligibility}"
)
FEE_FREE = "0元"
FEE_YUAN = "{fee}元"
ALL_GROUPS = "各类劳动者"
ENQUIRE = (
    "<b>报名咨询：{title}</b>\n"
    "1. 拨打培训机构电话 {contact}，说明想报名的班次编号 {code}；\n"
    "2. 到 {address} 现场登记；补贴培训对学员实行实名制管理，要带哪些证件请先电话问清；\n"
    "3. 培训期间按时上课、参加考核；补贴按规定直补个人或直补培训机构。\n"
    "也可以点「我要报名」在线登记，机构会联系您。"
)
COURSE_GONE = "这个课程已下架或结束，请重新搜索。"


# Catalogue import report (CLI and, later, staff chat)
IMPORT_OK = "导入成功：新增 {added} 个，更新 {updated} 个，未变 {unchanged} 个，下架 {retired} 个。"
IMPORT_REJECTED = "文件未导入（有 {n} 处错误，整份文件均未导入，请修改后重新上传）："
IMPORT_IGNORED_COLUMNS = "以下列名不认识，已忽略：{columns}"
IMPORT_ERROR_LINE_FILE = "• {message}"
IMPORT_ERROR_LINE = "• 第{row}行「{column}」：{message}"
IMPORT_ERROR_VALUE = "（“{value}”）"
IMPORT_ERRORS = {
    "empty_file": "文件里没有课程数据",
    "file_too_large": "文件太大（上限 {value} 字节）",
    "too_many_rows": "行数太多（上限 {value} 行），请分批导入",
    "too_many_errors": "错误太多，共 {value} 处，只列出前面一部分",
    "unsupported_format": "只支持 .csv 和 .xlsx 文件",
    "bad_encoding": "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV",
    "unreadable_file": "文件无法读取",
    "workbook_too_large": "表格解压后太大（上限 {value} MB），可能含有大量空单元格或超长内容，请只保留数据区域后另存",
    "sheet_too_large": "表格范围太大（{value}），请删除多余的空行空列后另存",
    "cell_too_long": "单元格内容太长（上限 {value} 字）",
    "missing_column": "缺少必填列",
    "duplicate_column": "列名重复",
    "missing_value": "不能为空",
    "value_too_long": "内容太长",
    "bad_date": "日期格式不对，应为 2026-12-01",
    "no_such_date": "没有这一天（日历上不存在这个日期），请检查月份和日子",
    "bad_number": "应填数字",
    "out_of_range": "数值超出合理范围",
    "bad_coordinates": "经纬度不对（须同时填写，且在中国境内）",
    "unknown_district": "不是本市的区县",
    "unknown_level": "等级应为初级工、中级工、高级工、技师、高级技师、专项职业能力或培训合格",
    "unknown_category": "培训类型不认识",
    "unknown_group": "补贴对象不认识",
    "end_before_start": "结业日期早于开班日期",
    "duplicate_code": "项目编号重复",
}

# Enrolment
BTN_ENROL = "✍️ 我要报名"
BTN_ENROL_CONFIRM = "✅ 确认报名"
BTN_CANCEL_ENROLMENT = "取消报名：{n}"
BTN_CANCEL_CONFIRM = "确认取消"
BTN_KEEP = "不取消"
ENROL_ASK = "确认报名「{title}」吗？\n报名后培训机构会联系您核实信息；开课前可以在「我的报名」里取消。"
ENROL_OK = "报名成功 ✅「{title}」\n状态：待确认（培训机构核实后会通知您）。\n在「📋 我的报名」里可以查看或取消。"
ENROL_ALREADY = "您已经报过「{title}」了，不用重复报名。可以在「📋 我的报名」里查看。"
ENROL_FULL = "很抱歉，「{title}」名额已满。可以看看同类的其他班次。"
ENROL_GONE = "这个课程已下架或结束，不能报名了，请重新搜索。"
ENROL_DROPPED = "好的，没有报名。"
MY_ENROLMENTS_EMPTY = "您还没有报名任何课程。直接输入想学的技能就能找课程，例如“电工 海州区”。"
MY_ENROLMENTS_HEADER = "<b>我的报名</b>"
MY_ENROLMENT_LINE = "{n}. {title}\n   {district} · {start}开班 · {status}"
ENROLMENT_STATUS = {"pending": "⏳ 待确认", "confirmed": "✅ 已确认", "cancelled": "❌ 已取消"}
CANCEL_ASK = "确定取消「{title}」的报名吗？"
CANCEL_DONE = "已取消「{title}」的报名。"
CANCEL_NOT_POSSIBLE = "这个报名已经取消或不存在了。"

# 1131 employment service
S1131_INTRO = (
    "<b>1131就业服务</b>：为您提供 1次政策宣介 + 1次职业指导 + 3次岗位推荐 + 1次技能培训。\n"
    "先用一两分钟回答几个问题（每题都可以跳过或返回上一题）。"
)
S1131_MENU = "<b>1131就业服务 · 我的进度</b>\n{steps}\n\n请选择要办理的一项（顺序不限）："
S1131_STEP_LINES = {
    "policy": "{mark} 1次政策宣介",
    "guidance": "{mark} 1次职业指导（回答自测题或人工指导）",
    "jobs": "{mark} 3次岗位推荐（已反馈 {n}/{total} 个对口岗位）",
    "training": "{mark} 1次技能培训（报名经培训机构确认）",
}
S1131_DONE_MARK = "✅"
S1131_TODO_MARK = "⬜"
S1131_COMPLETE = (
    "🎉 恭喜！您已完成全部“1131”服务：1次政策宣介、1次职业指导、3次岗位推荐和1次技能培训（报名已确认）。\n"
    "工作人员会继续跟踪服务；培训结束后我们会回访您的就业情况。"
)
BTN_S1131_POLICY = "📜 政策宣介"
BTN_S1131_GUIDANCE = "🧭 职业指导"
BTN_S1131_JOBS = "💼 岗位推荐"
BTN_S1131_TRAINING = "🎓 技能培训"
BTN_S1131_EDIT = "✏️ 修改我的信息"
BTN_S1131_MENU = "↩️ 1131进度"

INTAKE_PROGRESS = "（{n}/{total}）"
INTAKE_QUESTIONS = {
    "group": "您属于哪一类人员？",
    "district": "您住在哪个区县？",
    "education": "您的最高学历是？",
    "work_years": "您一共工作过多少年？",
    "last_occupation": "您上一份工作是做什么的？（直接输入，如“超市收银”“工厂普工”）",
    "wanted": "您想从事什么工作，或想学什么技能？（直接输入，如“开叉车”“月嫂”“电商直播”）",
    "constraints": "找工作或参加培训有什么限制吗？可多选，选好后点「完成」。",
    "income_before": "参加培训前，您每月收入大约多少？（用来比较培训后收入有没有变化；不想说可以点「跳过」）",
    "phone": (
        "最后，可以留一个手机号，方便工作人员联系您推荐岗位和通知开班。\n"
        "请点屏幕下方的「📱 分享我的手机号」按钮，分享 Telegram 绑定的号码（不用手动输入），仅用于就业服务，"
        "可随时用 /forget 删除；不想留就点「跳过」。"
    ),
}
INTAKE_OPTIONS = {
    "education": ("初中及以下", "高中/中专/技校", "大专", "本科及以上"),
    "work_years": ("没有工作过", "1年以内", "1-3年", "3-10年", "10年以上"),
    "constraints": ("只能在家附近", "要照顾孩子老人", "只能兼职", "不能干重体力活", "没有限制"),
}
INTAKE_TYPE_PLEASE = "请直接输入文字回答，或点「跳过」。"
INTAKE_TAP_PLEASE = "请点问题下方的按钮选择，或点「跳过」。"
INTAKE_PHONE_PLEASE = "分享手机号请点屏幕下方的「📱 分享我的手机号」；不想留就点这条消息下面的「跳过」。"
BTN_DONE = "完成 ✅"
BTN_SHARE_PHONE = "📱 分享我的手机号"
PHONE_NOT_YOURS = "请分享您自己的手机号（点下方按钮）。"
INTAKE_SAVED = "信息已保存 ✅"

# 1131 step 1: policy briefing
BTN_NEXT_CARD = "下一条 ▶"
BTN_ACKNOWLEDGE = "我已了解 ✅"
POLICY_DONE = "政策宣介已完成 ✅ 有疑问可拨打 12333。"
POLICY_UNAVAILABLE = "政策内容正在更新，请稍后再看，或拨打 12333 咨询。"
S1131_NEED_INTAKE = "请先完成 1131 服务的基本信息登记。"

# 1131 step 2: career guidance
GUIDE_INTRO = "<b>职业指导</b>：回答 {n} 个小问题，帮您找到合适的职业方向。"
GUIDE_QUESTION = "{prompt}（{n}/{total}）"
GUIDE_RESULT_HEADER = "<b>根据您的回答，推荐这几个方向：</b>"
GUIDE_RESULT_LINE = "{n}. <b>{occupation}</b>：{reasons}"
GUIDE_RESULT_FOOTER = "点下方按钮查看相关的补贴培训课程；想和就业指导员聊聊，可以点「找人工指导」。"
BTN_GUIDE_COURSES = "🔍 {occupation}课程"
BTN_COUNSELLOR = "🙋 找人工指导"
COUNSELLOR_SENT = "已通知就业指导员，他们会通过这里联系您（工作日一般 1 天内）。也可以拨打 12333。"
COUNSELLOR_NO_STAFF = "暂时没有在线的就业指导员，请拨打 12333 或到所在区县的公共就业服务窗口咨询。"
COUNSELLOR_ALREADY = "您已经提交过人工指导申请，请耐心等待联系。"
STAFF_COUNSELLOR_REQUEST = (
    "🙋 <b>人工职业指导申请 #{id}</b>\n"
    "用户：{name}（ID {user_id}）\n身份：{group} · 区县：{district}\n学历：{education} · 工龄：{work_years}\n"
    "上份工作：{last_occupation}\n想做：{wanted}\n限制：{constraints}\n\n"
    "回复：/answer {id} 您的回复内容\n结案：/close {id}"
)
STAFF_ANSWER_USAGE = "用法：/answer 申请编号 回复内容"
STAFF_CLOSE_USAGE = "用法：/close 申请编号"
STAFF_NO_SUCH_REQUEST = "没有这个申请，或已结案。"
STAFF_ANSWER_SENT = "已转给用户。"
STAFF_CLOSED = "申请 #{id} 已结案，该用户的职业指导已记为完成。"
COUNSELLOR_REPLY = "💬 <b>就业指导员回复：</b>\n{text}"
COUNSELLOR_CLOSED = "就业指导员已完成对您的职业指导。祝您找到满意的工作！"

# 1131 step 3: job recommendations
JOB_CARD = (
    "<b>岗位推荐（第{n}个）· {title}</b>\n"
    "🏢 {employer}\n📍 {district} {address}{distance}\n💰 月薪 {salary_min}–{salary_max} 元{part_time}\n"
    "📋 要求：{requirements}\n⏳ 招聘截止：{valid_until}\n推荐理由：{reasons}"
)
JOB_PART_TIME = " · 兼职"
JOB_REASONS = {
    "occupation": "和您想做的工作对口",
    "last_occupation": "和您以前的工作相近",
    "same_district": "就在您所在的区县",
    "neighbour_district": "在邻近区县",
    "nearby": "离您较近",
    "part_time": "可以兼职",
    "fallback": "暂无完全对口的岗位，这个岗位条件比较合适",
}
BTN_JOB_YES = "👍 感兴趣"
BTN_JOB_NO = "👎 不合适"
BTN_JOB_MORE = "➡️ 再推荐一个"
JOB_INTERESTED = "好的！请直接拨打 {contact} 联系「{employer}」，说明是人社“1131”服务推荐的。已为您记录。"
JOB_WHY_NOT = "请告诉我们哪里不合适，下次推荐会更准："
JOB_NOT_REASONS = ("工资太低", "离家太远", "不对口", "时间不合适", "其他")
JOB_NOTED = "已记录，谢谢反馈。"
JOBS_NONE_LEFT = "暂时没有更多适合您的岗位了。新的岗位发布后，工作人员会再推荐给您；也可以拨打 12333。"
JOBS_STEP_DONE = "您已对 3 个对口岗位给出反馈，3次岗位推荐已完成 ✅ 还可以继续点「再推荐一个」。"
JOB_NOT_COUNTED = (
    "\n<i>暂时没有和您想做的工作对口的岗位，这个岗位仅供参考，不计入3次岗位推荐。"
    "可以在「✏️ 修改我的信息」里调整想做的工作。</i>"
)

# 1131 step 4: skills training
TRAINING_INTRO = "<b>技能培训</b>：下面是和您意向相符的补贴培训班。点「详情」查看能否享受补贴，点「我要报名」即可报名。"
TRAINING_PENDING = "报名已登记，等待培训机构确认。确认后，1131服务的“1次技能培训”即记为完成，我们会通知您。"

# Staff exports
LEDGER_HEADERS = (
    "时间", "用户ID", "昵称", "身份类别", "区县", "服务环节", "事项", "详情", "办理人", "实名核验", "核验日期"
)
LEDGER_SHEET = "1131服务台账"
CASES_SHEET = "服务对象进度"
CASES_HEADERS = (
    "用户ID",
    "昵称",
    "身份类别",
    "区县",
    "登记时间",
    "政策宣介",
    "职业指导",
    "岗位推荐",
    "技能培训",
    "全部完成",
    "实名核验",
    "核验日期",
)
LEDGER_STEPS = {
    "intake": "信息登记",
    "policy": "政策宣介",
    "guidance": "职业指导",
    "jobs": "岗位推荐",
    "training": "技能培训",
    "case": "1131服务",
    "identity": "实名核验",
}
LEDGER_ACTIONS = {
    "completed": "完成",
    "updated": "修改信息",
    "shown": "已展示",
    "acknowledged": "已阅知",
    "suggested": "推荐职业",
    "counsellor_requested": "申请人工指导",
    "counsellor_answered": "指导员回复",
    "counsellor_closed": "人工指导结案",
    "recommended": "推荐岗位",
    "interested": "感兴趣",
    "unsuitable": "不合适",
    "none_left": "暂无合适岗位",
    "proposed": "推荐课程",
    "enrolled": "报名（待确认）",
    "cancelled": "取消报名",
    "class_cancelled": "所报班级被取消",
    "all_skipped": "自测题全部跳过（未完成）",
    "confirmed": "报名经工作人员确认",
    "rejected": "报名被工作人员退回",
    "undone": "撤销完成",
    "verified": "标记已实名核验",
    "unverified": "撤销实名核验",
}
EXPORT_DONE = "已导出 {rows} 条台账记录、{cases} 个服务对象到 {file}"
JOBS_IMPORT_OK = "岗位导入成功：新增 {added} 个，更新 {updated} 个。"

# Staff: enrolment confirmation (ADMIN_IDS until staff roles exist)
STAFF_PENDING_EMPTY = "没有待确认的报名。"
STAFF_PENDING_HEADER = "<b>待确认的报名</b>（/confirm 编号 确认，/reject 编号 取消）"
STAFF_PENDING_LINE = "#{id} {title}（{code}）· {name}（ID {user_id}）· {at}"
STAFF_ENROLMENT_USAGE = "用法：/{command} 报名编号"
STAFF_ENROLMENT_NOT_PENDING = "报名 #{id} 不存在或不是待确认状态。"
STAFF_CONFIRMED = "已确认报名 #{id}，已通知学员。"
STAFF_REJECTED = "已取消报名 #{id}，已通知学员。"
ENROLMENT_CONFIRMED = "✅ 您报名的「{title}」已由培训机构确认，{start}开班，请按时参加。"
ENROLMENT_REJECTED = (
    "很抱歉，您报名的「{title}」未能确认（可能名额或条件不符）。可以拨打 {contact} 咨询，或报名其他班次。"
)

# Reminders and course notices (scheduler)
REMINDER_DAY_BEFORE = (
    "⏰ 明天开课提醒：「{title}」\n时间：{start} {time}\n地点：{district} {address}\n咨询：{contact}\n"
    "请带好身份证，按时参加。"
)
REMINDER_2H = "⏰ 「{title}」还有约2小时开课（{time}），地点：{district} {address}。"
COURSE_RESCHEDULED = (
    "📢 课程变更：「{title}」现为 {start}—{end}，上课地点：{district} {address}。"
    "开课提醒已按最新安排。有疑问请拨打 {contact}。"
)
COURSE_CANCELLED = "📢 很抱歉，「{title}」已取消开班。可以直接输入技能名称查找其他班次，或拨打 {contact} 咨询。"
# A pending (not yet confirmed) enrolment ends with its class; written when the class is cancelled.
COURSE_CANCELLED_PENDING = (
    "📢 很抱歉，您报名（待确认）的「{title}」已取消开班，这次报名随之结束。"
    "可以直接输入技能名称查找其他班次，或拨打 {contact} 咨询。"
)
# A cancelled class is offered again: people whose enrolment ended with it may enrol again (nothing is automatic).
COURSE_REOPENED = (
    "📢「{title}」恢复开班了：{start}—{end}，上课地点：{district} {address}。\n"
    "您之前的报名在停班时已结束，不会自动恢复；如仍想参加，请点下方按钮打开本班重新报名"
    "（也可以发送「{search}」找到本班）。"
    "有疑问请拨打 {contact}。"
)

# Follow-up surveys: bot/texts/survey.py

# /settings
SETTINGS = "<b>提醒设置</b>\n开课提醒和回访：{state}\n关闭后不会再收到提醒，但您的报名和记录都会保留。"
SETTINGS_ON = "✅ 开启"
SETTINGS_OFF = "🔕 已关闭"
BTN_MUTE = "🔕 关闭提醒"
BTN_UNMUTE = "🔔 开启提醒"

# Privacy: /mydata and /forget
MYDATA = (
    "<b>我们保存的关于您的信息</b>\n"
    "昵称：{name}\n身份类别：{group}\n所在区县：{district}\n同意时间：{consent}\n提醒：{reminders}\n"
    "手机号：{phone}\n1131 登记：{intake}\n报名记录：{enrolments}\n岗位推荐：{recommendations}\n"
    "服务台账：{records} 条\n回访答卷：{surveys} 份（含您的全部回答）\n\n"
    "发送 /forget 可以删除以上全部信息。"
)
MYDATA_NONE = "无"
MYDATA_RECOMMENDATIONS = "{n} 条"  # followed by marks.MYDATA_SAMPLE_JOBS when some were demo data
FORGET_ASK = (
    "确定要删除我们保存的您的全部信息吗？包括身份、1131登记信息和手机号、报名记录、服务记录、回访答卷、新课订阅和实名核验标记，删除后无法恢复。"
    "（就业统计只保留不含任何个人信息的匿名数字。）"
)
BTN_FORGET_CONFIRM = "确认删除"
BTN_FORGET_KEEP = "保留我的信息，不删除"
FORGET_DONE = "已删除您的全部信息。如需再次使用，发送 /start 即可。"
FORGET_KEPT = "好的，信息保留不变。"

# /settings (added)
SETTINGS_SAVED = "已保存"

# Staff roles (admins only)
STAFF_ROLES_USAGE = (
    "用法：\n/staff —— 查看工作人员\n/staff 添加 用户ID [区县 …] —— 授权（不写区县即全市）\n"
    "/staff 取消 用户ID —— 取消授权"
)
STAFF_ROLES_HEADER = "<b>工作人员</b>（管理员由 ADMIN_IDS 设置，不在此列）"
STAFF_ROLES_LINE = "ID {user_id} · {scope}"
STAFF_ROLES_EMPTY = "还没有授权的工作人员。用 /staff 添加 用户ID [区县] 授权。"
STAFF_ROLE_GRANTED = "已授权 ID {id} 为工作人员，范围：{scope}。"
STAFF_ROLE_REVOKED = "已取消 ID {id} 的工作人员权限。"
STAFF_ROLE_NOT_STAFF = "ID {id} 不是工作人员。"
STAFF_ROLE_UNKNOWN_DISTRICT = "不认识这些区县：{names}。请用区县全称或常用简称，如 海州区、东海。"

# Flood guard
SLOW_DOWN = "消息发得太快了，请稍等几秒再发。刚才的部分消息没有处理。"
FAR_FROM_CITY = (
    "您的位置离{city}约 {km} 公里。这里只有{city}的补贴培训课程，下面按距离列出；"
    "在其他城市参加培训，请咨询当地人社部门或拨打 12333。"
)

# Staff: the list of what staff can do (sent by /staffhelp, only to staff)
STAFF_HELP = (
    "<b>工作人员功能</b>\n"
    "<b>发布班次</b>\n"
    "• 直接发送 .xlsx / .csv 课程表：与命令行导入同样校验，有错整表不入库（说明“全量”仅管理员，下架表中没有的班次）\n"
    "• /newclass 逐项填写新增班次　• /class 编号 查看、改日期、改地址、取消班次\n"
    "• /qr 编号 生成海报二维码　• /announce 把新班次通知订阅者\n"
    "<b>报名与咨询</b>\n"
    "• /pending 待确认报名　• /confirm 编号　• /reject 编号\n"
    "• /answer 编号 内容 回复职业指导申请　• /close 编号 结案\n"
    "• /verify 用户ID 备注 标记已实名核验（现场或平台核对后）　• /unverify 用户ID 撤销\n"
    "<b>群发与统计</b>\n"
    "• /broadcast 按区县、人群、意向工种或所报课程群发（先预览、可暂停）\n"
    "• /stats 图表与就业率　• /export [起 止] 导出报名、1131台账、回访表\n"
    "<b>管理员</b>\n"
    "• /staff 查看、添加（可限定区县）或取消工作人员"
)
