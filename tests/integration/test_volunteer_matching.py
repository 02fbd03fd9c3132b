"""Matching that knows volunteers: their profile's skills, their own availability, one
person in one assignment at a time, and reasons that say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, MATCHING, VOLUNTEERS
from tests.steps.assignments import ALLOCATIONS, member
from tests.steps.loop import matched, run_waiting, standing
from tests.steps.registry import codes, register_volunteer, verified_organization
from tests.steps.relief import WINDOW, lu_an_flood, pledged, published_need

COUNSELLING = {
    "categoryCode": "PSYCHOLOGICAL_SUPPORT",
    "requiredSkills": ["PSYCHOLOGICAL_COUNSELING"],
    "quantity": 2,
    "urgency": "HIGH",
}
EXPLANATIONS = """query Explained($incidentId: ID!) {
  allocations(first: 50, filter: { incidentId: $incidentId, status: PROPOSED }) {
    nodes { need { id } offer { id } en: explanation(language: EN)
            zh: explanation(language: ZH_CN) } } }"""


def _in(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def _volunteer(
    api: ApiClient, ranges: list[dict[str, str]], **signup: Any
) -> tuple[str, str]:
    """(offer id, token) of a volunteer of Yu'an free in `ranges`, offering counselling
    for Lu'an with no skill on the offer itself (their profile has it)."""
    _, token = await register_volunteer(api, "341503", **signup)
    done = await api.mutate(
        "setAvailability", VOLUNTEERS["SetAvailability"], {"ranges": ranges}, token
    )
    assert done["userErrors"] == [], done
    values = {
        "categoryCode": "PSYCHOLOGICAL_SUPPORT",
        "quantity": 4,
        "serviceRegionCodes": ["341500"],
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW, token)
    assert posted["userErrors"] == [], posted
    return str(posted["offer"]["id"]), token


async def test_a_volunteer_is_proposed_once_by_their_profile_and_availability(
    api: ApiClient,
) -> None:
    # given a flood over Yu'an and Huoqiu, and two counselling needs due in two days
    _, office, incident = await lu_an_flood(api)
    first = await published_need(api, office.token, incident, **COUNSELLING, neededBy=_in(2))
    second = await published_need(
        api, office.token, incident, **COUNSELLING, regionCode="341522", neededBy=_in(2)
    )
    # and a certified counsellor free these three days, and one free only next month
    free, counsellor = await _volunteer(
        api, [{"from": _in(-0.1), "until": _in(3)}], skills=["PSYCHOLOGICAL_COUNSELING"]
    )
    await api.mutate(
        "updateVolunteerProfile",
        VOLUNTEERS["UpdateVolunteerProfile"],
        {"certificates": [{"skill": "PSYCHOLOGICAL_COUNSELING", "certificate": "心理咨询师"}]},
        counsellor,
    )
    away, away_token = await _volunteer(
        api, [{"from": _in(30), "until": _in(31)}], skills=["PSYCHOLOGICAL_COUNSELING"]
    )

    # when the rounds run
    proposals = await matched(api, incident, office.token)

    # then the free counsellor is proposed for one need only, the other away
    assert [(p["offer"]["id"]) for p in proposals] == [free]
    taken = proposals[0]["need"]["id"]
    other = second if taken == first else first
    # and the reasons say it is a volunteer's, available, certified, measured from centres
    (explained,) = (await api.gql(EXPLANATIONS, {"incidentId": incident}, office.token))[
        "allocations"
    ]["nodes"]
    assert "the volunteer is available in that window" in explained["en"]
    assert "certified in psychological counseling" in explained["en"]
    assert "no overlapping assignment" in explained["en"]
    assert "distance from the county's centre" in explained["en"]
    assert "自县区中心起算" in explained["zh"] and "持心理咨询证书" in explained["zh"]
    # and the other need says the counsellor is busy and the other one unavailable
    reasons = dict(await standing(api, other))
    assert "VOLUNTEER_BUSY" in reasons and "OUTSIDE_AVAILABILITY" in reasons

    # when a new round runs while the proposal waits for an answer
    again = await api.mutate(
        "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
    )
    assert again["userErrors"] == [], again
    await run_waiting(api, incident)
    # then the counsellor is still not proposed for the overlapping need
    assert dict(await standing(api, other)).keys() >= {"VOLUNTEER_BUSY"}

    # and the volunteer away cannot pledge to it either: their availability misses it
    pledge = {"offerId": away, "needId": other, "quantity": 1}
    refused = await api.mutate("pledgeOffer", MATCHING["PledgeOffer"], pledge, away_token)
    assert codes(refused) == [(["needId"], "OUTSIDE_AVAILABILITY")]


async def test_a_volunteer_deployed_by_their_organization_is_busy_for_a_round(
    api: ApiClient,
) -> None:
    # given a counselling need the counselling organization takes whole, and its member
    # deployed on it from three to four days from now
    _, office, incident = await lu_an_flood(api)
    taken = await published_need(api, office.token, incident, **COUNSELLING, neededBy=_in(6))
    organization = await verified_organization(
        api, office.token, 51, name="六安心理援助志愿者协会", kind="VOLUNTEER_SERVICE_ORGANIZATION"
    )
    counsellor, token = await member(api, organization, "王芳", ["PSYCHOLOGICAL_COUNSELING"])
    offered = {"quantity": 2, "skills": ["PSYCHOLOGICAL_COUNSELING"]}
    whole = await pledged(api, organization.token, taken, "PSYCHOLOGICAL_SUPPORT", 2, **offered)
    found = await api.gql(ALLOCATIONS, {"filter": {"offerId": whole}}, organization.token)
    allocation = found["allocations"]["edges"][0]["node"]["id"]
    window = {"startsAt": _in(3), "endsAt": _in(4)}
    deployed = await api.mutate(
        "deployVolunteers",
        ASSIGNMENTS["DeployVolunteers"],
        {"allocationId": allocation, "volunteerIds": [counsellor]} | window,
        organization.token,
    )
    assert deployed["userErrors"] == [], deployed
    # and her own standing offer of counselling, free the whole ten days
    values = {
        "categoryCode": "PSYCHOLOGICAL_SUPPORT",
        "quantity": 1,
        "serviceRegionCodes": ["341500"],
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW, token)
    assert posted["userErrors"] == [], posted
    own = posted["offer"]["id"]

    # when a need due in five days (its span meets the deployment) is matched
    overlapping = await published_need(
        api, office.token, incident, **COUNSELLING, neededBy=_in(5), confirmDuplicate=True
    )
    proposals = await matched(api, incident, office.token)

    # then her own offer is not proposed for it, and the need says she is busy
    assert [p for p in proposals if p["offer"]["id"] == own] == []
    assert "VOLUNTEER_BUSY" in dict(await standing(api, overlapping))

    # when a need due in two days (over before the deployment starts) is matched
    apart = await published_need(
        api, office.token, incident, **COUNSELLING, neededBy=_in(2), confirmDuplicate=True
    )
    proposals = await matched(api, incident, office.token)

    # then her own offer is proposed for that one only
    assert [p["need"]["id"] for p in proposals if p["offer"]["id"] == own] == [apart]
