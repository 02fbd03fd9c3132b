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
    parts.append("距离未知" if distance is None else f"相距约 {distance:.0f} 公里")
    slack = float(reasons.get("slack_hours", 0))
    parts.append(
        f"可在需要时间前 {slack:.0f} 小时到位"
        if slack >= 0
        else f"已过需要时间 {-slack:.0f} 小时，可立即提供"
    )
    return "；".join(parts) + "。"
