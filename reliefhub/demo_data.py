"""The demonstration incident: the July 2020 floods in Lu'an, Anhui, as plain data.

After days of record rain the Huai river rose; on 20 July the Chengxi lake flood-storage
area in Huoqiu county was opened and its people moved to resettlement sites, while
landslides cut mountain villages in Jinzhai and Shucheng. The numbers below are of that
shape, not the official counts. Times are relative to the moment the demo is loaded, so
that windows are open and deadlines ahead when a newcomer looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stdnum.cn import uscc as stdnum_uscc

from domain.kernel.enums import OrganizationKind, Skill, SpecialGroup
from domain.matching.model import Urgency

PASSWORD = "flood-relief-2020"
INCIDENT_NAME = "六安市“7·19”洪涝灾害（演示）"
INCIDENT_DESCRIPTION = (
    "2020年7月，淮河水位超保证，霍邱县城西湖蓄洪区开闸蓄洪，群众转移安置；金寨、舒城山区"
    "发生山洪和滑坡。演示数据：按此情形编制，时间以加载时刻为准。"
)
PREFECTURE = "341500"  # 六安市
# 霍山县 is reached too, but no one has published a need for it or assessed it: the
# demo's blind spot (the incident began three days ago, past the set time).
AFFECTED = ["341502", "341503", "341504", "341522", "341523", "341524", "341525"]
BLIND_SPOT = "341525"
EXTERNAL_PREFIX = "LUAN-2020-"

# Approximate county seats, so that needs have points and radius offers reach them.
SEATS = {
    PREFECTURE: (31.735, 116.523),  # 六安市
    "341502": (31.750, 116.520),  # 金安区
    "341503": (31.738, 116.480),  # 裕安区
    "341504": (31.851, 115.913),  # 叶集区
    "341522": (32.353, 116.278),  # 霍邱县
    "341523": (31.462, 116.948),  # 舒城县
    "341524": (31.681, 115.934),  # 金寨县
}


def uscc(number: int) -> str:
    """The number-th demo organization's USCC: a social organization registered with civil
    affairs (51) in Lu'an, its check character computed as GB 32100 says."""
    body = f"51{PREFECTURE}MJ{number:07d}"
    return body + str(stdnum_uscc.calc_check_digit(body))


@dataclass(frozen=True)
class DemoOffice:
    name: str
    region_code: str
    email: str


@dataclass(frozen=True)
class DemoOffer:
    category_code: str
    quantity: int
    regions: tuple[str, ...] = (PREFECTURE,)
    skills: tuple[Skill, ...] = ()
    radius_km: float | None = None  # with the organization's seat as the base
    description: str | None = None


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    kind: OrganizationKind
    region_code: str
    email: str
    contact_name: str
    phone: str
    offers: tuple[DemoOffer, ...] = ()
    verified: bool = True


@dataclass(frozen=True)
class DemoVolunteer:
    name: str
    email: str
    phone: str
    region_code: str
    skills: tuple[Skill, ...]
    organization: str | None = None  # an organization's email: asks to join it
    offers: tuple[DemoOffer, ...] = ()


@dataclass(frozen=True)
class DemoNeed:
    region_code: str
    category_code: str
    quantity: int
    urgency: Urgency
    days: float  # needed within this many days (negative: the deadline has passed)
    description: str
    skills: tuple[Skill, ...] = ()
    beneficiaries: int | None = None
    groups: tuple[SpecialGroup, ...] = field(default=())


OFFICES = [
    DemoOffice("六安市民政局", PREFECTURE, "office@luan.demo.example.cn"),
    DemoOffice("霍邱县民政局", "341522", "office@huoqiu.demo.example.cn"),
]

S, U, G = Skill, Urgency, SpecialGroup
C, H, M, L = U.CRITICAL, U.HIGH, U.MEDIUM, U.LOW
ORGANIZATIONS = [
    DemoOrganization(
        "六安市慈善总会", OrganizationKind.CHARITY, PREFECTURE, "charity@demo.example.org",
        "周会长", "13955100001",
        (
            DemoOffer("DRINKING_WATER", 30000, description="瓶装水，仓库在金安区"),
            DemoOffer("FOOD", 16000, description="方便食品、米面"),
            DemoOffer("BEDDING", 1200),
            DemoOffer("HYGIENE_KITS", 1500),
            DemoOffer("CLOTHING", 600),
            DemoOffer("TENTS", 260),
            DemoOffer("SHELTER", 2500, ("341522", "341503"), description="学校、体育馆安置点"),
        ),
    ),
    DemoOrganization(
        "裕安区蓝天救援队", OrganizationKind.EMERGENCY_RESCUE_TEAM, "341503",
        "rescue@demo.example.org", "王队长", "13955100002",
        (
            DemoOffer("RESCUE_TEAM", 12, skills=(S.RESCUE,), description="冲锋舟4艘"),
            DemoOffer("TRANSPORT", 10, skills=(S.DRIVING,)),
        ),
    ),
    DemoOrganization(
        "金安区心语社会工作服务中心", OrganizationKind.SOCIAL_WORK_AGENCY, "341502",
        "social@demo.example.org", "李主任", "13955100003",
        (
            DemoOffer("PSYCHOLOGICAL_SUPPORT", 45, skills=(S.PSYCHOLOGICAL_COUNSELING,)),
            DemoOffer("SOCIAL_WORK", 30, skills=(S.SOCIAL_WORK,)),
            DemoOffer("CARE_VISITS", 250, skills=(S.CARE_VISITS,)),
        ),
    ),
    DemoOrganization(
        "六安市志愿者联合会", OrganizationKind.VOLUNTEER_SERVICE_ORGANIZATION, PREFECTURE,
        "volunteers@demo.example.org", "陈秘书长", "13955100004",
        (
            DemoOffer("CARE_VISITS", 200, ("341522", "341503", "341524"), (S.CARE_VISITS,)),
            DemoOffer("TRANSPORT", 8, skills=(S.DRIVING,)),
            DemoOffer("DEBRIS_CLEARING", 50, skills=(S.CONSTRUCTION,)),
        ),
    ),
    DemoOrganization(
        "皖西建设抢险志愿队", OrganizationKind.OTHER, "341523",
        "builders@demo.example.org", "刘工", "13955100005",
        (
            DemoOffer("HOUSE_REPAIR", 25, (), (S.CONSTRUCTION,), radius_km=120),
            DemoOffer("CONSTRUCTION_CREW", 20, (), (S.CONSTRUCTION,), radius_km=120),
            DemoOffer("DEBRIS_CLEARING", 40, (), (S.CONSTRUCTION,), radius_km=120),
        ),
    ),
    DemoOrganization(
        "六安市医疗志愿服务队", OrganizationKind.CHARITY, PREFECTURE,
        "medics@demo.example.org", "孙医生", "13955100006",
        (
            DemoOffer("MEDICAL_CARE", 35, skills=(S.MEDICAL,)),
            DemoOffer("MEDICINE", 300, description="常用药品包"),
        ),
    ),
    # Signed up but not yet reviewed: the office's review queue is not empty.
    DemoOrganization(
        "叶集区爱心义工协会", OrganizationKind.VOLUNTEER_SERVICE_ORGANIZATION, "341504",
        "yeji@demo.example.org", "赵会长", "13955100007", verified=False,
    ),
]  # fmt: skip

VOLUNTEERS = [
    DemoVolunteer("李敏", "limin@demo.example.org", "13955100011", "341502",
                  (S.PSYCHOLOGICAL_COUNSELING,), "social@demo.example.org"),
    DemoVolunteer("张伟", "zhangwei@demo.example.org", "13955100012", "341503",
                  (S.RESCUE, S.DRIVING), "rescue@demo.example.org"),
    DemoVolunteer("陈静", "chenjing@demo.example.org", "13955100013", "341500",
                  (S.MEDICAL,), "medics@demo.example.org"),
    DemoVolunteer("王芳", "wangfang@demo.example.org", "13955100014", "341503",
                  (S.CARE_VISITS, S.SOCIAL_WORK), None,
                  (DemoOffer("CARE_VISITS", 40, ("341503",), (S.CARE_VISITS,)),)),
    DemoVolunteer("刘洋", "liuyang@demo.example.org", "13955100015", "341523",
                  (S.CONSTRUCTION,), "builders@demo.example.org"),
    # The two rosters the demo deploys from: the social-work centre's and the rescue team's.
    DemoVolunteer("赵磊", "zhaolei@demo.example.org", "13955100016", "341502",
                  (S.PSYCHOLOGICAL_COUNSELING,), "social@demo.example.org"),
    DemoVolunteer("周婷", "zhouting@demo.example.org", "13955100017", "341503",
                  (S.PSYCHOLOGICAL_COUNSELING, S.SOCIAL_WORK), "social@demo.example.org"),
    DemoVolunteer("孙丽", "sunli@demo.example.org", "13955100018", "341502",
                  (S.SOCIAL_WORK, S.CARE_VISITS), "social@demo.example.org"),
    DemoVolunteer("吴昊", "wuhao@demo.example.org", "13955100019", "341500",
                  (S.PSYCHOLOGICAL_COUNSELING,), "social@demo.example.org"),
    DemoVolunteer("郑强", "zhengqiang@demo.example.org", "13955100020", "341503",
                  (S.RESCUE,), "rescue@demo.example.org"),
    DemoVolunteer("冯军", "fengjun@demo.example.org", "13955100021", "341503",
                  (S.RESCUE, S.DRIVING), "rescue@demo.example.org"),
    DemoVolunteer("何勇", "heyong@demo.example.org", "13955100022", "341522",
                  (S.DRIVING,), "rescue@demo.example.org"),
]  # fmt: skip

ELDERS, CHILDREN = (G.ELDERLY_ALONE, G.LEFT_BEHIND_ELDERLY), (G.LEFT_BEHIND_CHILDREN,)
NEEDS = [
    # 霍邱县: the flood-storage area's people in resettlement sites
    DemoNeed("341522", "DRINKING_WATER", 20000, C, 1, "蓄洪区转移群众饮用水", beneficiaries=8000),
    DemoNeed("341522", "FOOD", 12000, C, 1, "安置点三日口粮", beneficiaries=8000),
    DemoNeed("341522", "SHELTER", 2000, C, 1, "临淮岗、城西湖沿岸转移群众安置"),
    DemoNeed("341522", "TENTS", 300, C, 2, "安置点补充帐篷"),
    DemoNeed("341522", "BEDDING", 1500, H, 2, "被褥"),
    DemoNeed("341522", "HYGIENE_KITS", 1500, H, 3, "洗漱包、消毒用品"),
    DemoNeed("341522", "PSYCHOLOGICAL_SUPPORT", 40, H, 7, "安置点心理疏导",
             (S.PSYCHOLOGICAL_COUNSELING,), 600, CHILDREN),
    DemoNeed("341522", "CARE_VISITS", 300, H, 5, "探访独居老人、残疾人",
             (S.CARE_VISITS,), 300, (*ELDERS, G.DISABLED)),
    DemoNeed("341522", "MEDICAL_CARE", 30, H, 3, "慢性病患者巡诊", (S.MEDICAL,), 500,
             (G.CHRONICALLY_ILL,)),
    DemoNeed("341522", "TRANSPORT", 20, C, 1, "转移群众车辆", (S.DRIVING,)),
    # 裕安区
    DemoNeed("341503", "DRINKING_WATER", 8000, C, 1, "固镇镇受淹村庄饮用水"),
    DemoNeed("341503", "FOOD", 5000, H, 1, "受灾群众口粮"),
    DemoNeed("341503", "RESCUE_TEAM", 10, C, 1, "被困群众转移", (S.RESCUE,)),
    DemoNeed("341503", "CLOTHING", 800, M, 4, "换洗衣物"),
    DemoNeed("341503", "DEBRIS_CLEARING", 60, M, 10, "淤泥清理", (S.CONSTRUCTION,)),
    DemoNeed("341503", "CARE_VISITS", 150, H, 5, "留守老人探访", (S.CARE_VISITS,), 150, ELDERS),
    # 金安区
    DemoNeed("341502", "DRINKING_WATER", 5000, H, 2, "城区积水片区供水"),
    DemoNeed("341502", "MEDICINE", 400, H, 2, "常用药品"),
    DemoNeed("341502", "SOCIAL_WORK", 30, M, 7, "低保、特困家庭走访评估", (S.SOCIAL_WORK,),
             120, (G.LOW_INCOME,)),
    # Nobody offers generators, and the deadline passed half a day ago: OVERDUE.
    DemoNeed("341502", "GENERATORS", 15, H, -0.5, "停电安置点发电机"),
    # 叶集区
    DemoNeed("341504", "FOOD", 3000, H, 2, "口粮"),
    DemoNeed("341504", "BEDDING", 500, M, 3, "被褥"),
    DemoNeed("341504", "HOUSE_REPAIR", 40, M, 20, "受损民房修缮", (S.CONSTRUCTION,)),
    # 舒城县
    DemoNeed("341523", "DRINKING_WATER", 6000, C, 1, "山区断水村庄"),
    DemoNeed("341523", "TENTS", 120, H, 2, "临时安置帐篷"),
    DemoNeed("341523", "RESCUE_TEAM", 6, C, 1, "山洪被困群众搜救", (S.RESCUE,)),
    DemoNeed("341523", "PSYCHOLOGICAL_SUPPORT", 20, M, 10, "受灾学生心理辅导",
             (S.PSYCHOLOGICAL_COUNSELING,), 200, CHILDREN),
    DemoNeed("341523", "CONSTRUCTION_CREW", 30, L, 30, "倒损房屋重建", (S.CONSTRUCTION,)),
    # 金寨县: landslides in the mountains
    DemoNeed("341524", "FOOD", 2000, H, 2, "滑坡阻断村庄口粮"),
    # The only shelter offer serves 霍邱 and 裕安: places are left, but not within reach.
    DemoNeed("341524", "SHELTER", 400, H, 2, "滑坡转移群众安置"),
    DemoNeed("341524", "MEDICAL_CARE", 12, H, 3, "山区巡回医疗", (S.MEDICAL,)),
    DemoNeed("341524", "DEBRIS_CLEARING", 40, H, 5, "道路塌方清理", (S.CONSTRUCTION,)),
    DemoNeed("341524", "CARE_VISITS", 120, M, 7, "留守儿童探访", (S.CARE_VISITS,), 120,
             CHILDREN),
]  # fmt: skip
