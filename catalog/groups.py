"""Groups eligible for subsidised training (补贴对象), as the policy texts name them."""

from __future__ import annotations

GROUPS: tuple[str, ...] = (
    "失业人员",
    "高校毕业生",
    "农村转移劳动力",
    "退役军人",
    "脱贫劳动力",
    "残疾人",
    "企业职工",
    "其他",
)

# How people refer to themselves in a question -> the group it means.
GROUP_ALIASES: dict[str, str] = {
    "失业": "失业人员",
    "失业人员": "失业人员",
    "下岗": "失业人员",
    "待业": "失业人员",
    "没工作": "失业人员",
    "毕业生": "高校毕业生",
    "大学生": "高校毕业生",
    "应届生": "高校毕业生",
    "高校毕业生": "高校毕业生",
    "农民工": "农村转移劳动力",
    "农村": "农村转移劳动力",
    "进城务工": "农村转移劳动力",
    "农村转移劳动力": "农村转移劳动力",
    "退役军人": "退役军人",
    "退伍": "退役军人",
    "退伍军人": "退役军人",
    "脱贫": "脱贫劳动力",
    "脱贫户": "脱贫劳动力",
    "脱贫劳动力": "脱贫劳动力",
    "残疾人": "残疾人",
    "残疾": "残疾人",
    "职工": "企业职工",
    "在职": "企业职工",
    "企业职工": "企业职工",
    # everyday names: "贫困户可以的", "上班族能上的", "当过兵的"
    "贫困户": "脱贫劳动力",
    "建档立卡": "脱贫劳动力",
    "上班族": "企业职工",
    "退役": "退役军人",
    "当过兵": "退役军人",
    "残障": "残疾人",
    "待业的": "失业人员",
    # mothers at home with small children belong to no named group of their own: the courses open to anyone
    # (其他) are the ones sure to take them ("适合宝妈的", "全职妈妈能上的")
    "宝妈": "其他",
    "全职妈妈": "其他",
    "全职宝妈": "其他",
    "家庭主妇": "其他",
    "带娃的": "其他",
}


def canonical_group(text: str) -> str | None:
    return GROUP_ALIASES.get(text.strip())
