"""Allocation reasons read in the viewer's language."""

from __future__ import annotations

from domain.matching.explanations import shortfall_message, summary

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


def test_an_office_assignment_says_so_in_chinese() -> None:
    # given the reasons of a pair the office assigned / when read in Chinese
    text = summary({**REASONS, "kind": "OFFICE"}, "zh-CN")
    # then it says the office assigned it, then why the pair fits
    assert text.startswith("由民政部门指派。") and "300/400 升" in text


def test_a_shortfall_reason_reads_in_either_language_with_its_figures() -> None:
    # given a reason the engine stored: two offers out of reach, the nearest 71.4 km away
    reason = {"code": "OUTSIDE_SERVICE_AREA", "offers": 2, "distance_km": 71.4, "skills": []}
    # when read in English and in Chinese / then both say how many and how far
    english = shortfall_message(reason, "en")
    chinese = shortfall_message(reason, "zh-CN")
    assert english.startswith("2 offer(s)") and "71 km away" in english
    assert "2 条" in chinese and "约 71 公里" in chinese


def test_missing_skills_are_named_in_the_readers_words() -> None:
    # given offers lacking two skills / when read / then both skills are named
    reason = {"code": "SKILLS_MISSING", "offers": 1, "skills": ["DRIVING", "MEDICAL"]}
    assert "driving, medical" in shortfall_message(reason, "en")
    assert "驾驶、医疗" in shortfall_message(reason, "zh-CN")
