"""Marks for shipped demo data (示例) and for classes that have already started, and the demo CLI's lines."""

SAMPLE_MARK = "【示例】"
SAMPLE_NOTE = "【示例】这是随程序附带的演示数据，不是真实的开班信息。"
# /mydata: how many of the job postings recommended to the person were demo data.
MYDATA_SAMPLE_JOBS = "（其中示例岗位 {n} 条）"


def mark_sample(text: str, sample: bool) -> str:
    """`text` (a title, a ledger detail) as shown everywhere: demo data carries SAMPLE_MARK in front."""
    return SAMPLE_MARK + text if sample else text
STARTED_NO_LATE_JOIN = "⏳ 本班已于{start}开课，不接受插班报名。"
STARTED_LATE_JOIN = "⏳ 本班已于{start}开课，培训机构接受插班。"
# Staff: /class CODE decides per class whether people may join after the start.
STAFF_LATE_JOIN_ON = "插班：开课后仍可报名"
STAFF_LATE_JOIN_OFF = "插班：开课后不再接受报名"
BTN_LATE_JOIN_ON = "🚪 允许插班"
BTN_LATE_JOIN_OFF = "🚪 不再允许插班"
LATE_JOIN_SAVED_ON = "已设为允许插班：开课后仍可报名，报名时会告知已开课。"
LATE_JOIN_SAVED_OFF = "已设为不允许插班：开课后不再接受报名。"
ENROL_STARTED = "「{title}」已于{start}开课，本班不接受插班报名。可以看看同类的其他班次。"
ENROL_LATE_ASK = "\n\n⏳ 本班已于{start}开课，培训机构接受插班；报名后请尽快联系机构（{contact}）补上已讲的内容。"

# `python -m bot demo load|remove` (printed for the operator).
DEMO_LOADED = (
    "示例数据已载入：课程 {courses} 个、岗位 {jobs} 个（新增或更新），每条都标注「示例」。"
    "用 python -m bot demo remove 下架。"
)
DEMO_REMOVED = "示例数据已下架：课程 {courses} 个、岗位 {jobs} 个。"

# /staffhelp when no class is published yet.
STAFF_EMPTY_CATALOGUE = (
    "\n\n⚠️ 课程目录还是空的。把课程表（.xlsx 或 .csv，表头如 项目编号、项目名称、职业、区县、开班日期…）"
    "直接发到这里即可导入，或在服务器上运行 python -m bot catalog import 文件名；也可以用 /newclass 逐个发布。"
)
