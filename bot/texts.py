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
    ("help", "使用帮助"),
)

WELCOME = (
    "您好{name}！这里是<b>连云港市补贴性职业技能培训</b>服务助手。\n"
    "我可以帮您：找政府补贴的培训课程、查附近的培训班、办理“1131”就业服务、提醒开课。\n\n"
    "🔒 <i>个人信息说明：我们只保存您的 Telegram 昵称、您主动填写的身份类别和所在区县，"
    "以及您的报名记录，仅用于为您推荐课程和就业服务；手机号只在您主动分享时保存，"
    "不收集身份证号。继续使用即表示同意。</i>\n\n"
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
    "• /profile 填写身份类别和区县，推荐更准确。\n"
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
