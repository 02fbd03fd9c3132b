"""Allocation reasons read in the viewer's language."""

from __future__ import annotations

from domain.matching.explanations import summary

REASONS = {
    "tiers": ["FIRST_QUARTER", "SECOND_QUARTER"],
    "urgency": "CRITICAL",
    "quantity": 300,
    "need_quantity": 400,
    "unit": "litres",
    "served_via": "SERVICE_AREA",
    "need_region_code": "341503",
    "service_region_code": "341500",
    "max_travel_km": None,
    "distance_km": 12.4,
    "slack_hours": 30.0,
    "summary": "Covers 300 of 400 litres ...",
}


def test_english_is_the_engines_own_sentence() -> None:
    # given stored reasons / when read in English / then the engine's sentence comes back
    assert summary(REASONS, "en") == "Covers 300 of 400 litres ..."


def test_chinese_names_tiers_urgency_units_places_distance_and_time() -> None:
    # given stored reasons / when read in Chinese
    text = summary(REASONS, "zh-CN")
    # then every reason is there, in Chinese
    for part in (
        "特急",
        "300/400 升",
        "前25%",
        "25–50%",
        "六安市（341500）",
        "裕安区（341503）",
        "约 12 公里",
        "30 小时",
    ):
        assert part in text, (part, text)


def test_a_pledge_reads_as_a_pledge() -> None:
    # given a direct pledge's explanation / when read in each language / then it says so
    pledge = {"kind": "PLEDGE", "summary": "Pledged directly by the provider."}
    assert summary(pledge, "en") == "Pledged directly by the provider."
    assert summary(pledge, "zh-CN") == "由提供方直接认捐。"
