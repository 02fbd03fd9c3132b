"""The demo's people: a special-groups register in two flooded counties, the calls its
hotline took, as plain data. Names, villages and birth dates are made up in the shape
of the place; ID card numbers carry the check digit GB 11643 computes (python-stdnum)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from domain.helprequests.model import Department
from domain.matching.model import Urgency

HUOQIU, YUAN, JINAN = "341522", "341503", "341502"
HOTLINE_EMAIL = "hotline@luan.demo.example.cn"

# Villages of the flood-storage area and the flooded townships along the Pi river.
VILLAGES = {
    HUOQIU: ["城西湖乡沣西村", "临淮岗镇陈台村", "周集镇大岗村", "王截流乡王截流村", "冯井镇冯井村",
             "众兴集镇众兴村"],
    YUAN: ["固镇镇五塘村", "独山镇新桥村", "江家店镇宋店村", "丁集镇丁集村", "分路口镇赵家岗村",
           "罗集乡朱尖村"],
}  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = {
    "old": ["桂英", "秀兰", "德胜", "玉珍", "长林", "凤英", "守业", "兰芝", "本富", "翠华"],
    "young": ["子涵", "浩然", "梓萱", "宇轩", "欣怡", "俊杰", "诗琪", "一鸣", "雨桐", "思远"],
    "adult": ["建国", "红梅", "志强", "丽娟", "卫东", "春燕", "国平", "小兵", "海霞", "永胜"],
}
# The register's categories with the birth years of their people, in turn: half are
# left-behind elders, as in the villages the young leave for work.
CATEGORIES = [
    ("LEFT_BEHIND_ELDERLY", "old", (1936, 1958)),
    ("SCATTERED_DESTITUTE", "old", (1940, 1965)),
    ("LEFT_BEHIND_ELDERLY", "old", (1938, 1956)),
    ("LEFT_BEHIND_CHILD", "young", (2011, 2019)),
    ("DISABLED", "adult", (1962, 1995)),
    ("LEFT_BEHIND_ELDERLY", "old", (1935, 1955)),
    ("CHILD_IN_DIFFICULTY", "young", (2010, 2020)),
    ("SCATTERED_ORPHAN", "young", (2009, 2018)),
    ("LEFT_BEHIND_ELDERLY", "old", (1940, 1958)),
    ("DISABLED", "adult", (1955, 1990)),
]
PER_COUNTY = 30


@dataclass(frozen=True)
class DemoPerson:
    region_code: str
    category: str
    name: str
    id_number: str
    phone: str | None
    address: str
    guardian_name: str | None
    guardian_phone: str | None
    notes: str | None


def id_number(region_code: str, born: date, sequence: int) -> str:
    """A resident ID card number of the county, its check digit computed (odd sequence:
    a man, even: a woman)."""
    body = f"{region_code}{born:%Y%m%d}{sequence % 1000:03d}"
    # stdnum reads the first seventeen digits of a whole number; the last is a placeholder.
    return body + ric.calc_check_digit(body + "0")


def _person(region_code: str, number: int) -> DemoPerson:
    category, age, (first, last) = CATEGORIES[number % len(CATEGORIES)]
    county = 0 if region_code == HUOQIU else 1
    surname = SURNAMES[(number * 7 + county * 3) % len(SURNAMES)]
    given = GIVEN[age][(number // 10 + number * 3 + county * 5) % len(GIVEN[age])]
    born = date(first + (number * 3) % (last - first + 1), 1 + number % 12, 1 + (number * 5) % 28)
    village = VILLAGES[region_code][number % len(VILLAGES[region_code])]
    child = age == "young"
    guardian = f"{surname}{GIVEN['adult'][(number + 3) % 10]}" if child else None
    return DemoPerson(
        region_code=region_code,
        category=category,
        name=surname + given,
        id_number=id_number(region_code, born, 100 + number * 2 + county),
        phone=None if child else f"1395520{county}{number:03d}",
        address=f"{village}{1 + number % 9}组{10 + number}号",
        guardian_name=guardian,
        # A left-behind child's guardian is a grandparent at home, or a parent away.
        guardian_phone=f"1385640{county}{number:03d}" if child else None,
        notes="独居，行动不便" if category == "LEFT_BEHIND_ELDERLY" and number % 2 else None,
    )


PEOPLE = [_person(code, number) for code in (HUOQIU, YUAN) for number in range(PER_COUNTY)]

# Of the visit round, the first visits in the visit order are recorded: most found well,
# a few not found, a few with findings (item -> (status, note)).
VISITS_RECORDED = 30
NOT_FOUND_AT = {4: "家中无人，邻居说已随子女转移到县城", 17: "房屋已倒塌，人员去向待查"}
FINDINGS_AT = {
    2: {"HOUSING": ("NOT_OK", "后墙开裂，屋内进水半米")},
    7: {"DRINKING_WATER": ("AT_RISK", "水井被淹，靠邻居送水")},
    11: {"LIVING": ("AT_RISK", "存粮只够两天"), "HEALTH": ("AT_RISK", "高血压药快吃完")},
    23: {"ELECTRICITY": ("NOT_OK", "入户线泡水，已断电")},
}
# What the office did with two of them: a need for the broken house, a referral.
REFERRED_TO_NEED = (2, "HOUSING")
REFERRED_TO_DEPARTMENT = (11, "LIVING", "临时救助", "存粮不足，申请临时救助")


@dataclass(frozen=True)
class DemoCall:
    """A call to the hotline, and how far it was worked: "received", "triaged", an
    outcome ("need", "referral", "answered", "duplicate"), or "closed" after one."""

    name: str
    phone: str
    region_code: str
    address: str
    description: str
    categories: tuple[str, ...]
    stage: str
    outcome: str | None = None
    urgency: Urgency = Urgency.HIGH
    people: int = 1
    department: Department | None = None


H, M = Urgency.HIGH, Urgency.MEDIUM
CALLS = [
    DemoCall("张大爷", "13905641001", YUAN, "独山镇新桥村三组12号", "房子进水，缺饮用水和食物",
             ("DRINKING_WATER", "FOOD"), "received"),
    DemoCall("李阿姨", "13905641002", HUOQIU, "临淮岗镇陈台村", "家中老人需要降压药",
             ("MEDICINE",), "received"),
    DemoCall("王先生", "13905641003", JINAN, "三十铺镇", "小区地下室积水，问何时排水", (),
             "received"),
    DemoCall("赵女士", "13905641004", HUOQIU, "周集镇大岗村", "安置点被褥不够", ("BEDDING",),
             "triaged", urgency=M, people=6),
    DemoCall("孙大爷", "13905641005", YUAN, "固镇镇五塘村", "独居，屋顶漏雨", ("HOUSE_REPAIR",),
             "triaged"),
    DemoCall("周先生", "13905641006", HUOQIU, "城西湖乡沣西村转移安置点", "安置点二十户缺饮用水",
             ("DRINKING_WATER",), "need", people=60),
    DemoCall("吴女士", "13905641007", YUAN, "江家店镇宋店村", "丈夫残疾，家里断了收入",
             (), "referral", "referral", department=Department.TEMPORARY_ASSISTANCE),
    DemoCall("郑先生", "13905641008", JINAN, "城北街道", "问哪里可以领救灾物资", (), "answered",
             "answered", urgency=M),
    DemoCall("周先生", "13905641006", HUOQIU, "城西湖乡沣西村安置点", "再次来电：缺水", (),
             "duplicate", "duplicate"),
    DemoCall("钱阿姨", "13905641010", YUAN, "丁集镇丁集村", "想申请低保", (), "closed",
             "referral", urgency=M, department=Department.MINIMUM_LIVING_ALLOWANCE),
    DemoCall("冯先生", "13905641011", JINAN, "东市街道", "问转移安置点在哪", (), "closed",
             "answered", urgency=M),
    DemoCall("陈大姐", "13905641012", HUOQIU, "冯井镇冯井村", "孩子发烧，村里路断了",
             ("MEDICAL_CARE",), "closed", "answered"),
]  # fmt: skip
