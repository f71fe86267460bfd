"""Generate catalog/data/sample_courses.csv: an invented but realistic Lianyungang course catalogue.

Deterministic (seeded); run from the repository root:  python benchmarks/make_sample_courses.py
Providers, streets and phone numbers are made up; occupations and course types follow the policy
texts (Lianyungang 2025-2027 skills plan and similar documents). Data tables live in this script.
"""
# The Chinese data tables are kept one entry per line; ruff counts CJK characters as double width.
# ruff: noqa: E501

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.districts import DISTRICTS, district  # noqa: E402
from catalog.groups import GROUPS  # noqa: E402
from catalog.importer import read_courses, write_courses_csv  # noqa: E402
from catalog.model import Course  # noqa: E402

OUT = ROOT / "catalog" / "data" / "sample_courses.csv"
SEED = 20261123
FIRST_START, LAST_START = date(2026, 9, 1), date(2027, 9, 30)
# No classes over the National Day week or the 2027 Spring Festival.
BLACKOUTS = ((date(2026, 9, 28), date(2026, 10, 8)), (date(2027, 1, 28), date(2027, 2, 17)))

G_UNEMP, G_GRAD, G_RURAL, G_VET, G_POOR, G_DISAB, G_STAFF, G_OTHER = GROUPS
WIDE = (G_UNEMP, G_GRAD, G_RURAL, G_VET, G_POOR, G_DISAB, G_OTHER)
YOUNG = (G_GRAD, G_UNEMP, G_VET, G_RURAL, G_OTHER)
HOME = (G_RURAL, G_POOR, G_DISAB, G_UNEMP, G_OTHER)
INDUSTRY = (G_UNEMP, G_RURAL, G_VET, G_GRAD, G_POOR)

P, S, L1, L2, L3, L4 = "培训合格", "专项职业能力", "初级工", "中级工", "高级工", "技师"


@dataclass(frozen=True)
class Program:
    occupation: str
    title: str  # "{lv}" becomes the level in brackets, e.g. "养老护理员{lv}培训班"
    levels: tuple[str, ...]
    groups: tuple[str, ...]
    keywords: tuple[str, ...]
    learn: str  # first sentence of the description
    upgrade: bool = False  # also offered to employees as 岗位技能提升培训 / 新型学徒制
    startup: bool = False  # 创业培训
    hours: tuple[int, ...] = ()  # overrides the per-level hours


PROGRAMS: dict[str, Program] = {
    "live": Program("直播销售员", "电商直播带货（直播销售员）{lv}培训班", (L1, L2, S), (*YOUNG, G_POOR),
                    ("电商", "直播带货", "直播销售", "网店"),
                    "学习直播间搭建、选品、话术和流量运营，边学边在实训直播间开播"),
    "video": Program("全媒体运营师", "短视频拍摄与剪辑{lv}培训班", (S, L1), YOUNG,
                     ("短视频", "剪辑", "拍摄", "自媒体", "新媒体"),
                     "从手机拍摄、脚本策划讲到剪辑调色和账号运营，结业时完成一条完整作品"),
    "shop": Program("电子商务师", "网店运营与电子商务{lv}培训班", (L1, L2), YOUNG,
                    ("电商", "网店", "运营", "客服"), "系统学习网店开设、商品上架、推广和售后客服流程"),
    "drone": Program("无人机驾驶员", "无人机驾驶员{lv}培训班", (L1, L2), YOUNG,
                     ("无人机", "航拍", "飞手", "植保"),
                     "学习多旋翼无人机的飞行原理、模拟飞行和外场实飞，兼顾航拍与植保作业", upgrade=True),
    "drone_farm": Program("农业技术员", "农业植保无人机操作{lv}培训", (S,), (G_RURAL, G_POOR, G_VET, G_OTHER),
                          ("无人机", "植保", "农业", "飞防"), "围绕小麦水稻飞防作业，练习航线规划、药剂配比和安全操作"),
    "elder": Program("养老护理员", "养老护理员{lv}培训班", (L1, L2, L3), WIDE,
                     ("养老", "护理", "照护", "老人", "护工"),
                     "学习老年人生活照料、基础护理、康复活动和失智照护，安排在养老机构实习", upgrade=True),
    "medcare": Program("医疗护理员", "医疗护理员培训班", (P,), WIDE,
                       ("医院", "护工", "陪护", "护理"), "讲授住院病人的生活照护、安全防护和感染防控，在合作医院病区见习",
                       hours=(120, 150, 160)),
    "health": Program("健康照护师", "健康照护师{lv}培训班", (L1, L2), WIDE,
                      ("照护", "康养", "健康", "护理"), "面向居家和机构康养岗位，学习健康照护、用药协助和应急处置"),
    "infant": Program("育婴员", "育婴员{lv}培训班", (L1, L2, L3), (*HOME, G_GRAD),
                      ("育婴", "带娃", "婴幼儿", "早教"), "学习0至3岁婴幼儿喂养、生活照料、保健护理和早期发展指导"),
    "matern": Program("家政服务员", "母婴护理（月嫂）{lv}培训", (S,), HOME,
                      ("月嫂", "母婴护理", "产妇", "新生儿"), "围绕产妇护理和新生儿照护进行实操训练，结业后推荐家政公司上岗"),
    "nursery": Program("保育师", "保育师{lv}培训班", (L1, L2), (*HOME, G_GRAD),
                       ("托育", "保育", "幼儿园", "托班"), "学习托育机构和幼儿园的保育工作、卫生消毒与安全照护"),
    "house": Program("家政服务员", "家政服务员{lv}培训班", (L1, L2), WIDE,
                     ("家政", "保洁", "保姆", "家务"), "学习家庭保洁、衣物洗护、家庭餐制作和老人儿童看护等实用技能"),
    "tidy": Program("整理收纳师", "家庭整理收纳{lv}培训", (S,), HOME,
                    ("收纳", "整理", "家政", "上门服务"), "学习衣橱和居室整理收纳方法，练习上门服务流程和报价沟通"),
    "cook": Program("中式烹调师", "中式烹调师{lv}培训班", (L1, L2, L3), WIDE,
                    ("厨师", "烹饪", "炒菜", "海鲜", "餐饮"), "学习刀工、火候和本地海鲜菜的烹制，在实训厨房每天动手操作",
                    upgrade=True),
    "dough": Program("中式面点师", "中式面点师{lv}培训班", (L1, L2), WIDE,
                     ("面点", "包子", "馒头", "早点", "小吃"), "学习发面、包子饺子和花式面点制作，适合开早餐店或进酒店面点间"),
    "bake": Program("西式面点师", "西式面点师（烘焙）{lv}培训班", (L1, L2), (*WIDE, G_GRAD),
                    ("烘焙", "蛋糕", "面包", "甜点"), "学习面包、蛋糕和西点的配方与烘烤，含裱花和门店出品练习"),
    "tea": Program("茶艺师", "茶艺师{lv}培训班", (L1, L2), WIDE,
                   ("茶艺", "泡茶", "云雾茶", "茶馆"), "学习茶叶知识、冲泡技艺和茶席布置，结合本地云雾茶开展品鉴实训"),
    "beauty": Program("美容师", "美容师{lv}培训班", (L1, L2), (*HOME, G_GRAD),
                      ("美容", "护肤", "美容院"), "学习皮肤护理、面部护理和化妆基础，在实训美容室轮流上手操作"),
    "hair": Program("美发师", "美发师{lv}培训班", (L1, L2), WIDE,
                    ("美发", "理发", "剪发", "烫染"), "学习洗剪吹、基础造型和烫染技术，结业后可推荐到美发店就业"),
    "nails": Program("美甲师", "穿戴甲制作{lv}培训", (S,), HOME,
                     ("穿戴甲", "美甲", "手工", "居家就业"), "学习穿戴甲设计、上色和包装，可在家接单灵活就业"),
    "electric": Program("电工", "电工{lv}培训班", (L1, L2, L3, L4), INDUSTRY,
                        ("电工", "电工证", "低压电工", "电气"), "学习电工基础、照明和动力线路安装、电机控制与安全用电",
                        upgrade=True),
    "weld": Program("焊工", "焊工{lv}培训班", (L1, L2, L3), INDUSTRY,
                    ("电焊", "焊工", "二保焊", "氩弧焊"), "在焊接实训车间练习手工电弧焊、二氧化碳保护焊和氩弧焊", upgrade=True),
    "forklift": Program("叉车司机", "叉车司机{lv}培训班", (L1,), INDUSTRY,
                        ("叉车", "仓储", "物流", "特种设备"), "学习叉车构造、场地驾驶和货物堆垛，辅导参加特种设备作业考试"),
    "car": Program("汽车维修工", "汽车维修工{lv}培训班", (L1, L2, L3), INDUSTRY,
                   ("汽修", "汽车维修", "新能源汽车", "保养"), "学习汽车保养、底盘和电气检修，增加新能源汽车高压安全内容",
                   upgrade=True),
    "chem": Program("化工总控工", "化工总控工{lv}培训班", (L1, L2, L3, L4), (G_UNEMP, G_GRAD, G_VET, G_RURAL),
                    ("化工", "石化", "DCS", "总控", "操作工"), "学习化工单元操作、DCS仿真控制和安全生产规程，对接园区企业招聘",
                    upgrade=True),
    "instrument": Program("仪器仪表维修工", "仪器仪表维修工{lv}培训班", (L2, L3), (G_GRAD, G_UNEMP, G_VET),
                          ("仪表", "维修", "化工", "自动化"), "学习压力、流量和液位仪表的校验维修与控制回路调试", upgrade=True),
    "pharma": Program("药物制剂工", "药物制剂工{lv}培训班", (L1, L2), (G_GRAD, G_UNEMP, G_RURAL),
                      ("医药", "制药", "GMP", "药厂"), "讲授片剂和注射剂生产工艺与GMP规范，安排在医药企业车间跟岗", upgrade=True),
    "crane": Program("起重装卸机械操作工", "港口门座起重机司机{lv}培训班", (L1, L2), (G_UNEMP, G_VET, G_RURAL, G_GRAD),
                     ("港口", "门机", "起重机", "装卸"), "学习门座起重机结构、模拟器操作和港口装卸安全规程，考核合格推荐港区就业",
                     upgrade=True),
    "bridge": Program("起重装卸机械操作工", "集装箱桥吊操作{lv}培训班", (L2, L3), (G_UNEMP, G_VET),
                      ("港口", "桥吊", "集装箱", "起重机"), "在模拟器和实机上练习集装箱桥吊作业，适合有一定机械基础的人员",
                      upgrade=True),
    "ai": Program("人工智能训练师", "人工智能训练师{lv}培训班", (L1, L2), YOUNG,
                  ("人工智能", "AI", "数据标注", "大模型"), "学习数据采集清洗、标注规范和智能模型测试，在实训平台完成标注项目",
                  upgrade=True),
    "label": Program("人工智能训练师", "数据标注员{lv}实操培训", (L1,), (G_GRAD, G_UNEMP, G_DISAB, G_RURAL),
                     ("数据标注", "人工智能", "在家办公", "数字技能"), "练习图片、语音和文本数据标注，熟练后可在线接单或进入标注基地"),
    "python": Program("计算机程序设计员", "Python编程{lv}培训班", (L1, L2), (G_GRAD, G_UNEMP, G_VET),
                      ("Python", "编程", "数字技能", "数据分析"), "学习Python语法、数据处理和办公自动化脚本，按等级要求完成实训项目",
                      upgrade=True),
    "office": Program("计算机操作员", "计算机办公应用{lv}培训", (S, L1), WIDE,
                      ("电脑", "办公软件", "Word", "Excel", "计算机"), "学习电脑基础、文字处理、电子表格和网上办事，零基础也能跟上"),
    "robot": Program("工业机器人系统运维员", "工业机器人运维{lv}培训班", (L2, L3), (G_GRAD, G_UNEMP, G_VET),
                     ("工业机器人", "智能制造", "编程", "维护"), "学习工业机器人示教编程、离线仿真和日常维护保养", upgrade=True),
    "lathe": Program("车工", "数控车工{lv}培训班", (L1, L2, L3), INDUSTRY,
                     ("数控", "车床", "机加工", "编程"), "学习数控车床编程、刀具选用和零件加工，实训车间上机操作", upgrade=True),
    "sew": Program("缝纫工", "服装缝纫工{lv}培训班", (L1,), HOME,
                   ("缝纫", "服装", "车工", "家门口就业"), "学习平缝机操作、裁剪和成衣缝制，结业后对接附近服装加工厂"),
    "crochet": Program("手工编织工", "手工钩织工艺品{lv}培训", (S,), HOME,
                       ("钩织", "编织", "毛线", "手工", "工艺品"), "学习玩偶、包袋和装饰品的钩织技法，作品可由合作企业回收销售"),
    "crystal": Program("宝石琢磨工", "水晶饰品加工{lv}培训班", (L1, L2), (*HOME, G_GRAD),
                       ("水晶", "饰品", "雕刻", "珠宝"), "学习水晶原料识别、切磨抛光和饰品设计，结合东海水晶产业就业", upgrade=True),
    "veg": Program("蔬菜园艺工", "设施蔬菜种植技术{lv}培训", (S, L1), (G_RURAL, G_POOR, G_OTHER),
                   ("大棚", "蔬菜", "种植", "农业"), "讲授大棚建造、育苗、水肥一体化和病虫害绿色防控，在示范基地现场教学"),
    "fruit": Program("果树园艺工", "果树栽培与修剪技术{lv}培训", (S, L1), (G_RURAL, G_POOR, G_OTHER),
                     ("果树", "修剪", "葡萄", "种植"), "学习果树整形修剪、花果管理和病虫害防治，在果园现场实操"),
    "fish": Program("水生动物饲养工", "海水养殖技术{lv}培训", (S, L1), (G_RURAL, G_POOR, G_VET, G_OTHER),
                    ("水产", "养殖", "对虾", "贝类"), "讲授对虾和贝类的池塘养殖、水质调控与病害防治"),
    "laver": Program("水生植物栽培工", "紫菜养殖与加工技术{lv}培训", (S,), (G_RURAL, G_POOR, G_OTHER),
                     ("紫菜", "海藻", "养殖", "海产品加工"), "讲授紫菜育苗、海上筏式养殖和采收加工，安排到养殖海区现场学习"),
    "fungus": Program("食用菌生产工", "食用菌生产技术{lv}培训", (S, L1), (G_RURAL, G_POOR, G_DISAB, G_OTHER),
                      ("食用菌", "蘑菇", "金针菇", "种植"), "学习菌种制作、菌棒生产和出菇管理，参观本县食用菌龙头企业"),
    "agrifood": Program("农产品食品检验员", "农产品初加工与包装{lv}培训", (S,), (G_RURAL, G_POOR, G_OTHER),
                        ("农产品", "加工", "包装", "土特产"), "学习农产品分拣、初加工、包装设计和品质检验，配合电商销售"),
    "homestay": Program("民宿管家", "民宿管家{lv}培训班", (L1,), WIDE,
                        ("民宿", "旅游", "接待", "客房"), "结合海滨旅游，学习民宿接待、客房服务和线上预订平台运营"),
    "security": Program("保安员", "保安员{lv}培训班", (L1,), (G_VET, G_UNEMP, G_RURAL, G_OTHER),
                        ("保安", "安保", "物业", "门卫"), "学习安全防范、消防器材使用和应急处置，考核合格办理保安员证"),
    "property": Program("物业管理员", "物业服务{lv}培训班", (L1,), WIDE,
                        ("物业", "小区", "客服", "维修"), "学习物业客服、设施巡检和小区秩序维护等物业服务岗位技能"),
    "courier": Program("快递员", "快递员{lv}培训班", (L1,), (G_UNEMP, G_RURAL, G_VET, G_OTHER),
                       ("快递", "物流", "派件", "分拣"), "学习快件收寄、分拣派送和客户服务规范，对接本地快递网点招聘"),
    "rider": Program("网约配送员", "网约配送员{lv}培训班", (L1,), (G_UNEMP, G_RURAL, G_VET, G_GRAD, G_OTHER),
                     ("外卖", "骑手", "配送", "即时配送"), "讲授配送平台使用、交通安全和劳动权益，结业后推荐到配送站点"),
    "syb": Program("创业培训", "SYB创办你的企业创业培训班", (P,), (G_GRAD, G_UNEMP, G_VET, G_RURAL, G_DISAB),
                   ("创业", "SYB", "开店", "创业补贴"), "按创业计划书一步步完成市场评估、资金测算和开业准备，结业可申请创业担保贷款",
                   startup=True, hours=(80,)),
    "gyb": Program("创业培训", "GYB产生你的企业想法培训班", (P,), (G_GRAD, G_UNEMP, G_RURAL, G_OTHER),
                   ("创业", "GYB", "创业想法"), "帮助有创业意愿的人梳理自身条件，找到适合自己的创业项目",
                   startup=True, hours=(40,)),
    "netstart": Program("创业培训", "网络创业培训班", (P,), (G_GRAD, G_UNEMP, G_RURAL, G_POOR, G_DISAB),
                        ("网络创业", "网店", "电商", "创业"), "学习开设网店、社交平台营销和物流发货，结业后可入驻创业孵化基地",
                        startup=True, hours=(60, 80)),
}


@dataclass(frozen=True)
class Provider:
    name: str
    address: str
    programs: tuple[str, ...]
    located: bool = True  # False: staff left the coordinates blank (search falls back to the district)


def _p(name: str, address: str, programs: str, located: bool = True) -> Provider:
    return Provider(name, address, tuple(programs.split()), located)


# district -> (code prefix, number of courses, providers); all names and addresses are invented.
PROVIDERS: dict[str, tuple[str, int, tuple[Provider, ...]]] = {
    "海州区": ("HZQ", 34, (
        _p("连云港市海州区启航职业培训学校", "连云港市海州区朝阳中路168号启航大厦4楼", "live video shop office python ai"),
        _p("连云港市海州区颐康养老护理培训中心", "连云港市海州区通灌北路52号", "elder elder medcare health"),
        _p("连云港市海州区巧手家政职业培训学校", "连云港市海州区解放中路215号3楼", "house infant matern nursery tidy"),
        _p("连云港市海州区味之源烹饪职业培训学校", "连云港市海州区海连中路88号", "cook dough bake"),
        _p("连云港市海州区雅韵美业技能培训中心", "连云港市海州区苍梧路19号", "tea beauty hair nails"),
        _p("连云港市海州区青创创业培训学校", "连云港市海州区建设东路106号创业园B座", "syb gyb netstart"),
        _p("连云港市海州区安达技能培训学校", "连云港市海州区新浦路301号", "security courier rider forklift property"),
    )),
    "连云区": ("LYQ", 22, (
        _p("连云港市连云区港航技能培训中心", "连云港市连云区中华西路76号", "crane crane bridge forklift weld electric"),
        _p("连云港市连云区海滨职业培训学校", "连云港市连云区海棠北路128号", "homestay cook tea house elder live"),
        _p("连云港市连云区海之源水产技术培训中心", "连云港市连云区高公岛街道渔港路8号", "laver fish"),
        _p("连云港市连云区创业指导培训中心", "连云港市连云区墟沟中山西路45号", "syb netstart", located=False),
    )),
    "赣榆区": ("GYQ", 26, (
        _p("连云港市赣榆区海头电商直播实训基地", "连云港市赣榆区海头镇海州湾路66号", "live live video shop agrifood"),
        _p("连云港市赣榆区金海职业培训学校", "连云港市赣榆区青口镇黄海路230号", "electric weld car lathe"),
        _p("连云港市赣榆区惠民家政养老培训中心", "连云港市赣榆区青口镇沙河路17号", "elder house infant matern"),
        _p("连云港市赣榆区渔业技术推广培训中心", "连云港市赣榆区海头镇渔港大道9号", "laver fish"),
        _p("连云港市赣榆区启点创业培训学校", "连云港市赣榆区青口镇金海路52号", "syb gyb sew"),
    )),
    "东海县": ("DHX", 24, (
        _p("东海县晶都职业培训学校", "连云港市东海县牛山街道晶都大道199号", "crystal live video office"),
        _p("东海县温泉康养职业培训学校", "连云港市东海县牛山街道和平东路81号", "elder medcare health tea cook"),
        _p("东海县农业技术培训中心", "连云港市东海县牛山街道青湖路20号", "veg fruit drone_farm agrifood"),
        _p("东海县巧艺手工编织培训中心", "连云港市东海县牛山街道西双湖路33号", "crochet nails sew"),
        _p("东海县青年创业培训学校", "连云港市东海县牛山街道东海大道118号", "syb netstart drone"),
    )),
    "灌云县": ("GYX", 22, (
        _p("灌云县伊山职业培训学校", "连云港市灌云县伊山镇胜利路99号", "electric weld car security"),
        _p("灌云县惠农种养技术培训中心", "连云港市灌云县伊山镇振兴路12号", "veg fruit drone_farm fish"),
        _p("灌云县锦绣服装技能培训中心", "连云港市灌云县伊山镇人民西路58号", "sew crochet nails", located=False),
        _p("灌云县康乐养老家政培训学校", "连云港市灌云县伊山镇南京路36号", "elder house infant dough"),
        _p("灌云县创业培训中心", "连云港市灌云县伊山镇中大街21号", "syb gyb live"),
    )),
    "灌南县": ("GNX", 20, (
        _p("灌南县新安职业技能培训学校", "连云港市灌南县新安镇人民中路160号", "electric weld chem chem forklift car"),
        _p("灌南县食用菌产业技术培训中心", "连云港市灌南县新安镇长江西路8号", "fungus veg agrifood"),
        _p("灌南县家政养老服务培训中心", "连云港市灌南县新安镇振兴路45号", "elder house nursery cook"),
        _p("灌南县电商创业培训学校", "连云港市灌南县新安镇海西路27号", "live syb netstart sew"),
    )),
    "经济技术开发区": ("KFQ", 20, (
        _p("连云港经济技术开发区智造技能培训中心", "连云港经济技术开发区花果山大道17号", "robot lathe electric weld instrument"),
        _p("连云港经济技术开发区医药产业技能培训学校", "连云港经济技术开发区珠江路6号", "pharma pharma chem"),
        _p("连云港经济技术开发区数字技能实训中心", "连云港经济技术开发区昆仑山路8号科创大厦", "python ai label office video"),
        _p("连云港经济技术开发区社区职业培训学校", "连云港经济技术开发区黄河路33号", "elder house rider courier property"),
    )),
    "徐圩新区": ("XWX", 12, (
        _p("连云港徐圩新区石化产业技能培训中心", "连云港徐圩新区港前大道399号", "chem chem instrument weld electric"),
        _p("连云港徐圩新区港城安全技能培训学校", "连云港徐圩新区徐圩大道88号", "forklift security crane property",
           located=False),
    )),
}

# (district, program) -> (title template, extra keywords) for local specialities.
LOCAL: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("赣榆区", "live"): ("海鲜电商直播带货（直播销售员）{lv}培训班", ("海鲜", "海头")),
    ("东海县", "live"): ("水晶电商直播（直播销售员）{lv}培训班", ("水晶",)),
    ("灌南县", "live"): ("食用菌电商直播带货{lv}培训班", ("食用菌",)),
    ("赣榆区", "agrifood"): ("海产品初加工与包装{lv}培训", ("海产品", "海鲜")),
    ("连云区", "homestay"): ("海滨民宿管家{lv}培训班", ("海滨", "连岛")),
    ("连云区", "cook"): ("海鲜菜烹调（中式烹调师）{lv}培训班", ("海鲜",)),
}

LEVEL_WEIGHT = {P: 3, S: 3, L1: 4, L2: 3.5, L3: 2, L4: 1}
LEVEL_HOURS = {P: (40, 60, 80), S: (40, 48, 56, 64, 80), L1: (80, 90, 100), L2: (120, 128, 140),
               L3: (150, 160), L4: (160,)}
LEVEL_SUBSIDY = {P: (600, 900), S: (700, 1000), L1: (1000, 1500), L2: (1500, 2000), L3: (2000, 2600),
                 L4: (2600, 3000)}
LEVEL_TAG = {P: "", S: "专项能力", L1: "（初级）", L2: "（中级）", L3: "（高级）", L4: "（技师）"}
CERTIFICATE = {
    P: "结业考核合格颁发培训合格证书。",
    S: "考核合格可取得专项职业能力证书。",
}
FARM = {"veg", "fruit", "fish", "laver", "fungus", "drone_farm"}
HOMEWORK = {"sew", "crochet", "nails"}
CAPACITIES = (20, 25, 30, 30, 35, 40, 40, 45, 50, 60)


def _start(rng: random.Random, weekday: int) -> date:
    """A random start on the given weekday (0 = Monday), outside the holiday blackouts."""
    span = (LAST_START - FIRST_START).days
    day = FIRST_START + timedelta(days=rng.randint(0, span))
    while True:
        day += timedelta(days=(weekday - day.weekday()) % 7)
        blocked = next((end for begin, end in BLACKOUTS if begin <= day <= end), None)
        if blocked is None:
            break
        day = blocked + timedelta(days=1)
    while day > LAST_START:
        day -= timedelta(days=7)
    return day


def _end(start: date, hours: int, per_day: int, days: frozenset[int]) -> date:
    """Last class day when `per_day` hours are taught on the given weekdays; no classes over holidays."""
    remaining, day = math.ceil(hours / per_day), start
    while True:
        if day.weekday() in days and not any(begin <= day <= end for begin, end in BLACKOUTS):
            remaining -= 1
            if remaining == 0:
                return day
        day += timedelta(days=1)


def _groups(rng: random.Random, pool: tuple[str, ...]) -> tuple[str, ...]:
    picked = set(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
    return tuple(g for g in GROUPS if g in picked)


def _course(rng: random.Random, name: str, provider: Provider, key: str, point: tuple[float, float]) -> dict:
    program = PROGRAMS[key]
    level = rng.choices(program.levels, weights=[LEVEL_WEIGHT[lv] for lv in program.levels])[0]
    template, extra = LOCAL.get((name, key), (program.title, ()))
    title = template.format(lv=LEVEL_TAG[level])
    hours = rng.choice(program.hours or LEVEL_HOURS[level])
    low, high = LEVEL_SUBSIDY[level]
    subsidy = round(rng.randint(low, high), -2)
    if level == P and hours >= 100:  # long certificate-only courses such as 医疗护理员
        subsidy = round(hours * rng.uniform(9, 11), -2)
    groups, fee, schedule = _groups(rng, program.groups), 0, "day"
    category, second = "就业技能培训", CERTIFICATE.get(level, f"考核合格可取得{level}职业技能等级证书。")
    senior = level in (L2, L3, L4)
    roll = rng.random()
    if program.startup:
        category = "创业培训"
        subsidy = round(rng.randint(800, 1500), -2) if hours >= 60 else 600
        second = "结业后可享受创业指导、项目推介和创业担保贷款等后续服务。"
    elif program.upgrade and senior and roll < 0.15:
        # An apprenticeship lasts about a year: work in the company, one day a week at the training school.
        category, hours, subsidy, groups, schedule = "新型学徒制", 400, 3000, (G_STAFF,), "apprentice"
        title = title.replace("培训班", "企业新型学徒制培训班")
        second = "由企业与培训机构联合培养，学徒在岗位上边干边学，每周一天到培训机构学习，培训期约一年。"
    elif program.upgrade and senior and roll < 0.55:
        category, groups = "岗位技能提升培训", (G_STAFF,)
        title = title.replace("培训班", "技能提升班")
        if rng.random() < 0.45:
            fee = rng.choice((200, 300, 400, 500, 600, 800))
            second = f"政府补贴之外，个人需缴纳{fee}元，部分企业可报销。"
        if rng.random() < 0.35:
            schedule = "evening"
    if schedule == "day" and key not in FARM and level in (P, S, L1) and rng.random() < 0.12:
        schedule = "weekend"
    if schedule == "weekend":
        title += "（周末班）"
        second = "本期利用双休日上课，适合平时要上班或带孩子的学员。"
        start = _start(rng, 5)
        end = _end(start, hours, 8, frozenset({5, 6}))
    elif schedule == "apprentice":
        start = _start(rng, 2)
        end = _end(start, hours, 8, frozenset({2}))
    elif schedule == "evening":
        title += "（晚间班）"
        second = "每周一至周五晚上授课，不耽误白天上班。"
        start = _start(rng, 0)
        end = _end(start, hours, 3, frozenset(range(5)))
    else:
        start = _start(rng, 0)
        end = _end(start, hours, 8, frozenset(range(5)))
    keywords = list(dict.fromkeys((*program.keywords, *extra, *(("周末班",) if schedule == "weekend" else ()))))
    lat, lon = point if provider.located else (None, None)
    return dict(
        title=title, occupation=program.occupation, level=level, category=category, provider=provider.name,
        district=name, address=provider.address, lat=lat, lon=lon, start_date=start, end_date=end, hours=hours,
        capacity=rng.choice(CAPACITIES), subsidy_yuan=subsidy, fee_yuan=fee, eligible_groups=groups,
        keywords=tuple(keywords), description=f"{program.learn}。{second}",
    )


def build() -> list[Course]:
    rng = random.Random(SEED)
    courses: list[Course] = []
    for name, (prefix, count, providers) in PROVIDERS.items():
        centre = district(name)
        points, phones = {}, {}
        for provider in providers:
            # A few kilometres around the district centroid (1° lat ≈ 111 km, 1° lon ≈ 92 km here).
            points[provider.name] = (round(centre.lat + rng.uniform(-0.03, 0.03), 6),
                                     round(centre.lon + rng.uniform(-0.035, 0.035), 6))
            phones[provider.name] = f"0518-8{rng.randint(0, 9_999_999):07d}"
        # Every programme a provider lists runs at least once; the remaining cohorts are drawn at random
        # (a programme listed twice is twice as likely).
        pairs = list(dict.fromkeys((p, key) for p in providers for key in p.programs))
        assert len(pairs) <= count, (name, len(pairs))
        while len(pairs) < count:
            provider = rng.choice(providers)
            pairs.append((provider, rng.choice(provider.programs)))
        rows = [_course(rng, name, provider, key, points[provider.name]) for provider, key in pairs]
        rows.sort(key=lambda row: (row["start_date"], row["provider"], row["title"]))
        cohorts: Counter[tuple[str, str]] = Counter()
        for number, row in enumerate(rows, start=1):
            cohorts[(row["provider"], row["title"])] += 1
            if (seen := cohorts[(row["provider"], row["title"])]) > 1:
                row["title"] += f"（第{seen}期）"
            courses.append(Course(code=f"LYG-{prefix}-{number:03d}", contact=phones[row["provider"]], **row))
    return courses


def main() -> None:
    courses = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_courses_csv(courses, OUT, bom=False)
    result = read_courses(OUT)
    assert result.ok and result.courses == tuple(courses), result.errors[:5]
    print(f"{len(courses)} courses -> {OUT.relative_to(ROOT)}")
    for name in (d.name for d in DISTRICTS):
        print(f"  {name}: {sum(c.district == name for c in courses)}")


if __name__ == "__main__":
    main()
