"""An allocation's reasons, told in the reader's language (the engine stores them as data)."""

from __future__ import annotations

from typing import Any

from domain.kernel import regions

_TIERS_ZH = {"FIRST_QUARTER": "前25%", "SECOND_QUARTER": "25–50%", "SECOND_HALF": "后50%"}
# The starting taxonomy's units; a unit added later reads as written.
_UNITS_ZH = {
    "portions": "份",
    "litres": "升",
    "pieces": "件",
    "sets": "套",
    "kits": "包",
    "counselor-days": "人·天",
    "worker-days": "人·天",
    "medic-days": "人·天",
    "visits": "次",
    "team-days": "队·天",
    "vehicle-days": "车·天",
    "places": "个床位",
    "crew-days": "班组·天",
    "houses": "户",
}
_URGENCY_ZH = {"CRITICAL": "特急", "HIGH": "紧急", "MEDIUM": "一般", "LOW": "较低"}


def _place(code: str | None) -> str:
    region = regions.get(code or "")
    return f"{region.name}（{code}）" if region else str(code)


def summary(reasons: dict[str, Any], locale: str) -> str:
    """One sentence for a coordinator; English as the engine wrote it, or Chinese."""
    english = str(reasons.get("summary", ""))
    if locale != "zh-CN":
        return english
    if reasons.get("kind") == "PLEDGE":
        return "由提供方直接认捐。"
    if "tiers" not in reasons:
        return english
    prefix = "由民政部门指派。" if reasons.get("kind") == "OFFICE" else ""
    tiers = "、".join(_TIERS_ZH.get(t, t) for t in reasons["tiers"])
    parts = [
        f"覆盖{_URGENCY_ZH.get(reasons['urgency'], reasons['urgency'])}需求的"
        f" {reasons['quantity']}/{reasons['need_quantity']} "
        f"{_UNITS_ZH.get(reasons.get('unit', ''), reasons.get('unit', ''))}"
        f"（{tiers}档）"
    ]
    if reasons.get("served_via") == "SERVICE_AREA":
        parts.append(
            f"供给的服务区域{_place(reasons.get('service_region_code'))}"
            f"包含{_place(reasons.get('need_region_code'))}"
        )
    else:
        parts.append(f"需求地点在供给 {reasons.get('max_travel_km')} 公里服务半径内")
    distance = reasons.get("distance_km")
    centre = "（自县区中心起算）" if reasons.get("distance_from_centre") else ""
    parts.append("距离未知" if distance is None else f"相距约 {distance:.0f} 公里{centre}")
    slack = float(reasons.get("slack_hours", 0))
    parts.append(
        f"可在需要时间前 {slack:.0f} 小时到位"
        if slack >= 0
        else f"已过需要时间 {-slack:.0f} 小时，可立即提供"
    )
    parts += _volunteer_zh(reasons)
    return prefix + "；".join(parts) + "。"


def _volunteer_zh(reasons: dict[str, Any]) -> list[str]:
    if not reasons.get("volunteer"):
        return []
    parts = []
    if reasons.get("availability_checked"):
        parts.append("志愿者在该时段可服务")
    required = reasons.get("required_skills") or []
    if required:
        held = "、".join(_SKILLS_ZH.get(k, k) for k in required)
        certified = "、".join(_SKILLS_ZH.get(k, k) for k in reasons.get("certified_skills") or [])
        parts.append(f"具备所需技能（{held}）" + (f"，持{certified}证书" if certified else ""))
    parts.append("此人未被提议重叠时段的其他任务")
    return parts


_SKILLS_ZH = {
    "PSYCHOLOGICAL_COUNSELING": "心理咨询",
    "SOCIAL_WORK": "社会工作",
    "MEDICAL": "医疗",
    "RESCUE": "救援",
    "CONSTRUCTION": "建筑施工",
    "DRIVING": "驾驶",
    "LOGISTICS": "物流",
    "CARE_VISITS": "探访关爱",
}

_SHORTFALL: dict[str, dict[str, str]] = {
    "NO_OFFER_IN_CATEGORY": {
        "en": "No offer of this category has free capacity: ask providers for offers of it.",
        "zh-CN": "该类别暂无有余量的供给：请向提供方征集该类别的供给。",
    },
    "OUTSIDE_SERVICE_AREA": {
        "en": "{offers} offer(s) of this category do not reach the need's region{nearest}: "
        "ask them to widen their service area or travel radius.",
        "zh-CN": "{offers} 条该类别供给的服务范围未覆盖需求所在地{nearest}："
        "可请其扩大服务区域或服务半径。",
    },
    "OUTSIDE_TIME_WINDOW": {
        "en": "{offers} offer(s) are not available before the needed-by time (the earliest "
        "{hours} h late): extend the needed-by time or ask them to come earlier.",
        "zh-CN": "{offers} 条供给在需要时间前无法到位（最早的晚 {hours} 小时）："
        "可延后需要时间或请其提前。",
    },
    "SKILLS_MISSING": {
        "en": "{offers} offer(s) lack the required skills ({skills}): ask for offers with "
        "them, or relax the requirement.",
        "zh-CN": "{offers} 条供给缺少所需技能（{skills}）：请征集具备这些技能的供给，或放宽要求。",
    },
    "OUTSIDE_AVAILABILITY": {
        "en": "{offers} volunteer(s) are not available (by their weekly slots and date "
        "ranges) before the needed-by time: extend it or ask them to widen their availability.",
        "zh-CN": "{offers} 名志愿者在需要时间前没有可服务时段（按其每周时段与日期范围）："
        "可延后需要时间或请其增加可服务时段。",
    },
    "CAPACITY_TAKEN_BY_MORE_URGENT": {
        "en": "The capacity of {offers} suitable offer(s) went to more urgent needs: ask for "
        "more offers of this category.",
        "zh-CN": "{offers} 条可用供给的余量已分配给更紧急的需求：请征集更多该类别的供给。",
    },
    "CAPACITY_SHARED_WITH_OTHER_NEEDS": {
        "en": "The capacity of {offers} suitable offer(s) is shared with other needs, "
        "each covered in part first: ask for more offers of this category.",
        "zh-CN": "{offers} 条可用供给的余量由其他需求分担，各先覆盖一部分："
        "请征集更多该类别的供给。",
    },
    "NOT_ENOUGH_CAPACITY": {
        "en": "The {offers} suitable offer(s) together hold less than the need lacks: ask "
        "for more offers of this category.",
        "zh-CN": "{offers} 条可用供给的余量合计不足以覆盖缺口：请征集更多该类别的供给。",
    },
    "PROVIDER_DECLINED": {
        "en": "The providers of {offers} suitable offer(s) declined this need; they may ask "
        "for it again.",
        "zh-CN": "{offers} 条可用供给的提供方已拒绝该需求；其可申请重新匹配。",
    },
    "OFFICE_VETOED": {
        "en": "The office vetoed {offers} suitable offer(s) for this need; assign one "
        "directly to use it after all.",
        "zh-CN": "民政部门已否决 {offers} 条可用供给用于该需求；如需使用可直接指派。",
    },
    "VOLUNTEER_BUSY": {
        "en": "{offers} suitable volunteer(s) are proposed for or serve another assignment "
        "at an overlapping time: one person is never in two places at once.",
        "zh-CN": "{offers} 名合适的志愿者在重叠时段已有其他任务（已提议或已接受）："
        "同一人不会同时承担两项任务。",
    },
    "PAST_NEEDED_BY": {
        "en": "Its needed-by time has passed, so rounds leave its {units} unit(s) out: "
        "extend it to have it matched again, or escalate it.",
        "zh-CN": "已过需求时间，匹配不再纳入其 {units} 个单位：请延期以重新匹配，或上报上级。",
    },
    "AWAITING_MATCHING": {
        "en": "{units} unit(s) await a matching round, which follows any change within a "
        "minute (or run one now).",
        "zh-CN": "{units} 个单位等待匹配；有变动后一分钟内会自动匹配（也可立即开始匹配）。",
    },
    "AWAITING_PROVIDER": {
        "en": "{units} unit(s) are proposed and await the provider's answer.",
        "zh-CN": "已提议 {units} 个单位，等待提供方答复。",
    },
    "AWAITING_RECEIPT": {
        "en": "{units} unit(s) were delivered and await the receiving side's confirmation.",
        "zh-CN": "已送达 {units} 个单位，等待接收方确认签收。",
    },
}


def shortfall_message(reason: dict[str, Any], locale: str) -> str:
    """One sentence saying why a need is short and what to do, in the locale (English
    unless zh-CN)."""
    texts = _SHORTFALL.get(str(reason.get("code")))
    if texts is None:
        return str(reason.get("code", ""))
    zh = locale == "zh-CN"
    distance = reason.get("distance_km")
    nearest = ""
    if distance is not None:
        nearest = (
            f"（最近的相距约 {distance:.0f} 公里）"
            if zh
            else f" (the nearest {distance:.0f} km away)"
        )
    hours = reason.get("hours_late")
    skills = reason.get("skills") or []
    return texts["zh-CN" if zh else "en"].format(
        offers=reason.get("offers", 0),
        units=reason.get("units", 0),
        nearest=nearest,
        hours=f"{hours:.0f}" if hours is not None else "?",
        skills="、".join(_SKILLS_ZH.get(k, k) for k in skills)
        if zh
        else ", ".join(k.lower().replace("_", " ") for k in skills),
    )
