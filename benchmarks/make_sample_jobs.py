"""Generate catalog/data/sample_jobs.csv: invented but realistic job postings across Lianyungang.

Deterministic (seeded); run from the repository root:  python benchmarks/make_sample_jobs.py
Employers, addresses and phone numbers are made up; occupations follow the sample course catalogue and the
industries the Lianyungang plan names (chemicals, port logistics, e-commerce, elderly care, housekeeping,
car repair ...). Salaries are yuan per month. A few postings are already expired on 2026-11-23.
"""
# The Chinese data tables are kept one entry per line; ruff counts CJK characters as double width.
# ruff: noqa: E501

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog.districts import DISTRICTS, district  # noqa: E402
from catalog.jobs import JobPosting, write_jobs_csv  # noqa: E402
from catalog.jobs_importer import read_jobs  # noqa: E402

OUT = ROOT / "catalog" / "data" / "sample_jobs.csv"
SEED = 20261123
REFERENCE_DAY = date(2026, 11, 23)
FIRST_VALID, LAST_VALID = date(2026, 12, 1), date(2027, 12, 31)
EXPIRED_SHARE = 0.05


@dataclass(frozen=True)
class Role:
    occupation: str
    titles: tuple[str, ...]
    salary: tuple[int, int]  # lowest minimum, highest maximum
    keywords: tuple[str, ...]
    needs: tuple[str, ...]  # occupation-specific requirements; one or two are used
    part_time: float = 0.0  # share of postings that are part-time


ROLES: dict[str, Role] = {
    "elder": Role("养老护理员", ("养老护理员", "护理员（养老院）", "居家养老护理员"), (4000, 6500), ("养老", "护理", "护工", "照顾老人"),
                  ("持养老护理员证书优先，无证可先上岗再参加补贴培训", "有爱心和耐心，能照料失能老人", "能适应轮班，提供食宿"), 0.15),
    "medcare": Role("医疗护理员", ("医院护工", "医疗护理员"), (4000, 6000), ("陪护", "护工", "医院", "护理"),
                    ("有医院陪护经验优先", "服从病区排班，能上夜班")),
    "health": Role("健康照护师", ("康养照护员", "健康照护师"), (4500, 6500), ("康养", "照护", "健康"),
                   ("中专及以上学历，护理或康复相关专业优先", "持健康照护师证书优先")),
    "infant": Role("育婴员", ("育婴师", "住家育儿嫂"), (5000, 9000), ("育婴", "带娃", "育儿嫂", "早教"),
                   ("持育婴员证书，有带0至3岁婴幼儿经验", "身体健康，能提供健康证")),
    "matern": Role("家政服务员", ("月嫂（母婴护理）", "金牌月嫂"), (7000, 12000), ("月嫂", "母婴护理", "产妇", "新生儿"),
                   ("有母婴护理证书，服务过3户以上家庭优先", "能住家服务26天")),
    "house": Role("家政服务员", ("家政服务员", "钟点工（保洁）", "住家保姆"), (3500, 6000), ("家政", "保洁", "保姆", "钟点工"),
                  ("会做家常菜，懂基本家电使用", "做事细心，无不良记录"), 0.5),
    "nursery": Role("保育师", ("托育园保育员", "保育师"), (3500, 5000), ("托育", "保育", "幼儿园"),
                    ("持保育师证或育婴员证优先", "喜欢孩子，普通话标准")),
    "cook": Role("中式烹调师", ("厨师", "炒锅厨师", "食堂厨师"), (4500, 8000), ("厨师", "炒菜", "餐饮", "海鲜"),
                 ("有两年以上厨房工作经验", "会做本地家常菜和海鲜菜", "持健康证"), 0.15),
    "dough": Role("中式面点师", ("面点师", "早点面点师傅"), (4000, 6500), ("面点", "包子", "馒头", "早点"),
                  ("会发面和包子饺子制作", "能早起，凌晨4点到岗"), 0.3),
    "electric": Role("电工", ("电工", "维修电工", "物业电工"), (5000, 8000), ("电工", "电工证", "维修", "水电"),
                     ("持低压电工作业证", "熟悉配电柜和电机控制线路")),
    "weld": Role("焊工", ("电焊工", "二保焊工", "氩弧焊工"), (6000, 10000), ("电焊", "焊工", "二保焊", "氩弧焊"),
                 ("持熔化焊接与热切割作业证", "能看懂简单图纸，会二保焊或氩弧焊")),
    "forklift": Role("叉车司机", ("叉车司机", "仓库叉车工"), (4500, 7000), ("叉车", "仓储", "物流", "装卸"),
                     ("持叉车作业证（N1）", "有仓库或港区作业经验优先", "能适应两班倒")),
    "car": Role("汽车维修工", ("汽车维修工", "汽修学徒", "新能源汽车维修技师"), (4000, 8500), ("汽修", "汽车维修", "修车", "新能源汽车"),
                ("有汽修经验优先，学徒可带薪学习", "熟悉汽车保养和底盘电气检修")),
    "chem": Role("化工总控工", ("化工操作工", "DCS内操", "外操巡检员"), (6000, 11000), ("化工", "石化", "DCS", "操作工"),
                 ("化工类中专及以上学历", "持化工总控工证书优先", "能适应四班三倒")),
    "instrument": Role("仪器仪表维修工", ("仪表工", "仪表维修工"), (6500, 10000), ("仪表", "维修", "自动化", "化工"),
                       ("自动化或仪表相关专业", "熟悉压力、流量、液位仪表校验")),
    "crane": Role("起重装卸机械操作工", ("门座起重机司机", "门机司机", "集装箱桥吊司机"), (6500, 12000), ("港口", "门机", "起重机", "吊车", "装卸"),
                  ("持起重机械作业证", "视力良好，能适应港区倒班", "无证人员可先培训后上岗")),
    "live": Role("直播销售员", ("带货主播", "电商主播", "直播助理"), (4000, 10000), ("直播", "带货", "主播", "电商"),
                 ("普通话流利，表达能力强", "有直播带货经验优先，新人有带教"), 0.4),
    "shop": Role("电子商务师", ("网店运营", "电商客服"), (3500, 6500), ("电商", "网店", "客服", "运营"),
                 ("会用电脑，打字熟练", "有淘宝或抖店运营经验优先"), 0.3),
    "video": Role("全媒体运营师", ("短视频剪辑", "新媒体运营"), (4000, 8000), ("短视频", "剪辑", "新媒体", "抖音"),
                  ("会用剪映等剪辑软件", "有账号运营作品优先")),
    "ai": Role("人工智能训练师", ("数据标注员", "人工智能训练师"), (4000, 7000), ("数据标注", "人工智能", "标注"),
               ("高中及以上学历，会用电脑", "细心有耐心，能接受计件考核"), 0.4),
    "courier": Role("快递员", ("快递员", "快递分拣员"), (5000, 8000), ("快递", "派件", "分拣", "物流"),
                    ("会骑电动车，熟悉本地道路", "能吃苦，服从站点安排"), 0.3),
    "rider": Role("网约配送员", ("外卖骑手", "同城配送员"), (5000, 9000), ("外卖", "骑手", "配送", "送外卖"),
                  ("自备电动车，会用智能手机导航", "遵守交通规则"), 0.6),
    "security": Role("保安员", ("保安", "门岗保安", "巡逻保安"), (3200, 4800), ("保安", "门卫", "安保"),
                     ("持保安员证优先，退役军人优先", "身体健康，能上夜班")),
    "sew": Role("缝纫工", ("平车工", "缝纫工（计件）"), (4000, 7500), ("缝纫", "服装", "车工", "计件"),
                ("会平缝机操作，新手可带教", "计件工资，多劳多得"), 0.4),
    "property": Role("物业管理员", ("物业客服", "物业管家"), (3500, 5000), ("物业", "小区", "客服"),
                     ("会用电脑办公软件", "服务意识强，沟通能力好")),
    "pharma": Role("药物制剂工", ("制剂操作工", "药厂车间操作工"), (4500, 7500), ("制药", "医药", "GMP", "药厂"),
                   ("中专及以上学历，药学或化工专业优先", "能适应洁净车间工作")),
    "lathe": Role("车工", ("数控车工", "CNC操作工"), (5500, 9000), ("数控", "车床", "机加工", "CNC"),
                  ("会看机械图纸", "有数控车床编程经验优先")),
    "robot": Role("工业机器人系统运维员", ("工业机器人运维员", "机器人操作员"), (6000, 11000), ("工业机器人", "智能制造", "维护"),
                  ("机电一体化相关专业", "会工业机器人示教编程优先")),
    "crystal": Role("宝石琢磨工", ("水晶加工工", "水晶雕刻师"), (4000, 8000), ("水晶", "饰品", "雕刻", "珠宝"),
                    ("有水晶切磨或雕刻经验优先", "手巧细心，可招学徒")),
    "tea": Role("茶艺师", ("茶艺师", "茶馆服务员"), (3500, 5500), ("茶艺", "泡茶", "茶馆"),
                ("持茶艺师证书优先", "形象端正，懂云雾茶冲泡"), 0.5),
    "homestay": Role("民宿管家", ("民宿管家", "民宿前台"), (3500, 5500), ("民宿", "旅游", "接待", "客房"),
                     ("会用线上订房平台", "旺季能加班"), 0.4),
    "fish": Role("水生动物饲养工", ("水产养殖工", "对虾养殖技术员"), (4500, 7500), ("水产", "养殖", "对虾", "养虾"),
                 ("有池塘或工厂化养殖经验优先", "能住在养殖场")),
    "fungus": Role("食用菌生产工", ("食用菌生产工", "菌棒车间工人"), (3500, 5500), ("食用菌", "蘑菇", "种植"),
                   ("身体健康，能适应冷库环境", "无经验可培训")),
    "office": Role("计算机操作员", ("办公室文员", "数据录入员"), (3200, 4800), ("文员", "电脑", "办公软件", "录入"),
                   ("熟练使用Word和Excel", "高中及以上学历"), 0.3),
    "hair": Role("美发师", ("美发师", "发型助理"), (4000, 9000), ("美发", "理发", "剪发"),
                 ("有美发店工作经验", "助理岗可零基础带教")),
}


@dataclass(frozen=True)
class Employer:
    name: str
    address: str
    roles: tuple[str, ...]
    located: bool = True  # False: no coordinates given (matching falls back to the district centroid)


def _e(name: str, address: str, roles: str, located: bool = True) -> Employer:
    return Employer(name, address, tuple(roles.split()), located)


# district -> (code prefix, number of postings, employers); every name and address is invented.
EMPLOYERS: dict[str, tuple[str, int, tuple[Employer, ...]]] = {
    "海州区": ("HZQ", 30, (
        _e("连云港康颐养老服务中心", "连云港市海州区通灌北路66号", "elder health medcare"),
        _e("连云港巧姐家政服务有限公司", "连云港市海州区解放中路188号", "house matern infant nursery"),
        _e("连云港苏海餐饮管理有限公司", "连云港市海州区海连中路120号", "cook dough"),
        _e("连云港迅通快递服务有限公司", "连云港市海州区新浦路288号", "courier"),
        _e("连云港同城即送配送服务有限公司", "连云港市海州区朝阳中路36号", "rider", located=False),
        _e("连云港金盾保安服务有限公司", "连云港市海州区建设东路72号", "security"),
        _e("连云港万家物业管理有限公司", "连云港市海州区苍梧路58号", "property electric"),
        _e("连云港车之家汽车服务有限公司", "连云港市海州区瀛洲南路99号", "car"),
        _e("连云港云创电商产业园运营有限公司", "连云港市海州区花果山大道209号电商产业园", "live shop video"),
        _e("连云港智标数据科技有限公司", "连云港市海州区郁洲南路15号", "ai office"),
        _e("连云港丽人美发有限公司", "连云港市海州区陇海步行街8号", "hair"),
    )),
    "连云区": ("LYQ", 18, (
        _e("连云港海港装卸服务有限公司", "连云港市连云区中华西路18号", "crane forklift"),
        _e("连云港东港集装箱码头服务有限公司", "连云港市连云区港口四路6号", "crane electric"),
        _e("连云港港通物流仓储有限公司", "连云港市连云区墟沟北固山路23号", "forklift courier"),
        _e("连云港连岛海滨民宿管理有限公司", "连云港市连云区连岛镇环岛路12号", "homestay cook"),
        _e("连云港高公岛海水养殖专业合作社", "连云港市连云区高公岛街道渔港路16号", "fish", located=False),
        _e("连云港市连云区颐养院", "连云港市连云区海棠北路201号", "elder"),
    )),
    "赣榆区": ("GYQ", 18, (
        _e("连云港海头海鲜电商产业园有限公司", "连云港市赣榆区海头镇海州湾路88号", "live shop video"),
        _e("连云港锦程服饰有限公司", "连云港市赣榆区青口镇黄海路316号", "sew"),
        _e("连云港赣榆金海机械制造有限公司", "连云港市赣榆区经济开发区金海路9号", "weld lathe electric"),
        _e("连云港赣榆福康养老院", "连云港市赣榆区青口镇沙河路41号", "elder"),
        _e("连云港赣榆海润水产养殖有限公司", "连云港市赣榆区海头镇渔港大道27号", "fish"),
        _e("连云港赣榆顺风汽车维修有限公司", "连云港市赣榆区青口镇华中路130号", "car"),
    )),
    "东海县": ("DHX", 15, (
        _e("东海县晶艺水晶制品有限公司", "连云港市东海县牛山街道晶都大道266号", "crystal"),
        _e("东海水晶城电商直播基地", "连云港市东海县牛山街道和平东路12号", "live video"),
        _e("东海县温泉康养中心", "连云港市东海县温泉镇温泉大道8号", "elder health tea"),
        _e("东海县牛山家政服务有限公司", "连云港市东海县牛山街道西双湖路55号", "house infant", located=False),
        _e("东海县鑫源机械有限公司", "连云港市东海县经济开发区青松路7号", "weld electric"),
    )),
    "灌云县": ("GYX", 14, (
        _e("灌云县伊山服装有限公司", "连云港市灌云县伊山镇人民西路86号", "sew"),
        _e("灌云县安心养老服务中心", "连云港市灌云县伊山镇南京路60号", "elder house"),
        _e("灌云县通达汽车修理厂", "连云港市灌云县伊山镇胜利路210号", "car"),
        _e("连云港灌云临港化工有限公司", "连云港市灌云县临港产业区纬一路5号", "chem instrument"),
        _e("灌云县顺捷快递服务有限公司", "连云港市灌云县伊山镇振兴路33号", "courier rider"),
    )),
    "灌南县": ("GNX", 12, (
        _e("灌南县绿源食用菌科技有限公司", "连云港市灌南县新安镇长江西路29号", "fungus"),
        _e("灌南县堆沟港化工有限公司", "连云港市灌南县堆沟港镇化工园区经三路11号", "chem weld"),
        _e("灌南县好邻居家政养老服务有限公司", "连云港市灌南县新安镇振兴路77号", "house elder"),
        _e("灌南县电商产业园运营有限公司", "连云港市灌南县新安镇海西路50号", "live shop", located=False),
    )),
    "经济技术开发区": ("KFQ", 18, (
        _e("连云港康泽制药有限公司", "连云港经济技术开发区珠江路18号", "pharma"),
        _e("连云港智能装备制造有限公司", "连云港经济技术开发区花果山大道66号", "robot lathe electric weld"),
        _e("连云港开发区物流园运营有限公司", "连云港经济技术开发区黄河路128号", "forklift courier"),
        _e("连云港数智科技有限公司", "连云港经济技术开发区昆仑山路8号科创大厦", "ai office video"),
        _e("连云港经济技术开发区社区养老服务中心", "连云港经济技术开发区中云街道云山路20号", "elder"),
        _e("连云港开发区职工食堂管理有限公司", "连云港经济技术开发区长江路3号", "cook"),
    )),
    "徐圩新区": ("XWX", 13, (
        _e("连云港盛华石化有限公司", "连云港徐圩新区港前大道588号", "chem instrument electric"),
        _e("连云港徐圩港口物流有限公司", "连云港徐圩新区港口大道16号", "crane forklift"),
        _e("连云港恒昌化工新材料有限公司", "连云港徐圩新区江苏大道99号", "chem weld"),
        _e("连云港徐圩安保服务有限公司", "连云港徐圩新区徐圩大道120号", "security", located=False),
        _e("连云港徐圩园区餐饮服务有限公司", "连云港徐圩新区方洋路6号", "cook"),
    )),
}

GENERAL = ("18至50周岁，身体健康", "无经验可带薪培训", "缴纳五险，包工作餐", "表现优秀可转正晋升", "初中及以上学历", "就业困难人员优先录用")
PART_TIME_NOTE = "可兼职，工作时间灵活"


def _salary(rng: random.Random, role: Role, part_time: bool) -> tuple[int, int]:
    """(minimum, maximum) in steps of 500 from the role's range; part-time work pays less."""
    low, high = (3000, max(4500, role.salary[0])) if part_time else role.salary
    minimum = rng.randrange(low, (low + high) // 2 + 1, 500)
    return minimum, min(high, minimum + rng.choice((1000, 1500, 2000, 2500, 3000)))


JUNIOR = ("学徒", "助理")  # a learner's pay stays below the role's midpoint ...
SENIOR = ("技师", "技术员")  # ... and a technician's starts above it


def _by_seniority(title: str, role: Role, low: int, high: int) -> tuple[int, int]:
    """Shift a drawn pay range so that an apprentice never earns more than a technician of the same trade."""
    mid = (role.salary[0] + role.salary[1]) // 2 // 500 * 500
    if any(word in title for word in JUNIOR):
        top = min(high, mid)
        return min(low, top - 1000), top
    if any(word in title for word in SENIOR):
        bottom = min(max(low, mid), role.salary[1] - 1000)
        return bottom, max(high, bottom + 1000)
    return low, high


def _valid_until(rng: random.Random) -> date:
    if rng.random() < EXPIRED_SHARE:
        return REFERENCE_DAY - timedelta(days=rng.randint(1, 40))
    return FIRST_VALID + timedelta(days=rng.randint(0, (LAST_VALID - FIRST_VALID).days))


def _posting(rng: random.Random, employer: Employer, key: str, point: tuple[float, float] | None) -> dict:
    role = ROLES[key]
    part_time = rng.random() < role.part_time
    title = ("兼职" if part_time else "") + rng.choice(role.titles)
    low, high = _by_seniority(title, role, *_salary(rng, role, part_time))
    needs = rng.sample(role.needs, k=min(len(role.needs), rng.randint(1, 2)))
    extra = rng.sample(GENERAL, k=rng.randint(1, 2))
    requirements = "；".join((*needs, *extra, *((PART_TIME_NOTE,) if part_time else ()))) + "。"
    lat, lon = point or (None, None)
    return dict(
        title=title, employer=employer.name, occupation=role.occupation, address=employer.address, lat=lat,
        lon=lon, salary_min=low, salary_max=high, requirements=requirements, valid_until=_valid_until(rng),
        part_time=part_time, keywords=role.keywords,
    )


def build() -> list[JobPosting]:
    rng = random.Random(SEED)
    jobs: list[JobPosting] = []
    for name, (prefix, count, employers) in EMPLOYERS.items():
        centre = district(name)
        points: dict[str, tuple[float, float] | None] = {}
        phones: dict[str, str] = {}
        for employer in employers:
            # A few kilometres around the district centroid (1° lat ≈ 111 km, 1° lon ≈ 92 km here).
            spot = (round(centre.lat + rng.uniform(-0.04, 0.04), 6), round(centre.lon + rng.uniform(-0.045, 0.045), 6))
            points[employer.name] = spot if employer.located else None
            phones[employer.name] = f"0518-8{rng.randint(0, 9_999_999):07d}"
        # Every role an employer lists is posted at least once; the rest are drawn at random.
        pairs = [(e, key) for e in employers for key in e.roles]
        assert len(pairs) <= count, (name, len(pairs))
        while len(pairs) < count:
            employer = rng.choice(employers)
            pairs.append((employer, rng.choice(employer.roles)))
        rows = [_posting(rng, e, key, points[e.name]) for e, key in pairs]
        rows.sort(key=lambda row: (row["employer"], row["title"], row["valid_until"]))
        for number, row in enumerate(rows, start=1):
            jobs.append(JobPosting(code=f"JOB-{prefix}-{number:03d}", district=name, contact=phones[row["employer"]], **row))
    return jobs


def main() -> None:
    jobs = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_jobs_csv(jobs, OUT, bom=False)
    result = read_jobs(OUT)
    assert result.ok and result.jobs == tuple(jobs), result.errors[:5]
    expired = sum(not job.is_open(REFERENCE_DAY) for job in jobs)
    part_time = sum(job.part_time for job in jobs)
    print(f"{len(jobs)} postings -> {OUT.relative_to(ROOT)} ({expired} expired on {REFERENCE_DAY}, {part_time} part-time)")
    for name in (d.name for d in DISTRICTS):
        print(f"  {name}: {sum(job.district == name for job in jobs)}")


if __name__ == "__main__":
    main()
