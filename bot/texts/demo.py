"""Marks for shipped demo data and for classes that have already started."""

SAMPLE_MARK = "【示例】"
SAMPLE_NOTE = "【示例】这是随程序附带的示例数据，不是真实开班信息，请勿据此报名或求职。"
STARTED_NO_LATE_JOIN = "⏳ 本班已于{start}开课，不接受插班报名。"
STARTED_LATE_JOIN = "⏳ 本班已于{start}开课，培训机构接受插班。"
