"""实名制 (凡补必进、不进不补, Lianyungang 2025 plan): staff mark people as verified.

The bot never asks for an ID number.
"""

from __future__ import annotations

VERIFY_USAGE = (
    "用法：/verify 用户ID 核验方式或平台业务编号（如 /verify 123456 窗口现场核验）\n"
    "撤销：/unverify 用户ID\n"
    "在窗口现场或实名制培训管理平台核对身份后再标记；请勿填写身份证号、手机号。"
)
UNVERIFY_USAGE = "用法：/unverify 用户ID（撤销该用户的实名核验标记）"
VERIFY_DONE = "已将 {name}（ID {id}）标记为<b>已实名核验</b>（{reference}），{date}。"
UNVERIFY_DONE = "已撤销 {name}（ID {id}）的实名核验标记。"
UNVERIFY_NONE = "{name}（ID {id}）目前没有实名核验标记。"
VERIFY_NOT_FOUND = "没有找到 ID 为 {id} 的用户，或该用户不在您负责的区县（{scope}）。"
VERIFY_BAD_REFERENCE = (
    "备注里不能有身份证号或手机号（我们不保存这些号码）。"
    "请写核验方式或平台业务编号，如“窗口现场核验”“平台已核验”。"
)
VERIFY_REFERENCE_TOO_LONG = "备注太长了（最多 {n} 个字），请写简短的核验方式或编号。"

# Flags for staff on subsidised enrolments of people not yet verified
PENDING_UNVERIFIED = " ⚠️未实名核验"
PENDING_UNVERIFIED_NOTE = (
    "\n⚠️ 标记的学员尚未实名核验（补贴按“凡补必进、不进不补”发放）。"
    "现场或在平台核对身份后发送 /verify 用户ID 备注。"
)
CONFIRM_UNVERIFIED = (
    "⚠️ 注意：该学员（ID {user_id}）报名的是补贴班，但尚未实名核验。"
    "核对身份后请发送 /verify {user_id} 核验方式。"
)

# /mydata
MYDATA_LINE = "实名核验：{state}"
MYDATA_VERIFIED = "已核验（{date}，由工作人员在窗口或平台核对；我们不保存身份证号）"
MYDATA_NOT_VERIFIED = "未核验"
