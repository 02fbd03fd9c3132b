"""allocations: each viewer sees the allocations that are theirs to see, reasons in language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident
from workers.embedded import EmbeddedWorkers

PROPOSALS = """query Proposals($language: Locale) {
  allocations(first: 20, filter: {status: PROPOSED}) {
    totalCount nodes { quantity explanation(language: $language) } } }"""


async def test_providers_see_their_own_offices_their_jurisdiction_others_nothing(
    api: ApiClient,
    workers: EmbeddedWorkers,
) -> None:
    # given a round that proposed water from one charity, a second charity, a Hefei office
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await api.mutate(
        "publishNeed",
        MATCHING["PublishNeed"],
        {
            "incidentId": incident,
            "regionCode": "341503",
            "categoryCode": "DRINKING_WATER",
            "quantity": 400,
            "urgency": "CRITICAL",
            "neededBy": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
        },
        office.token,
    )
    giver = await verified_organization(
        api, office.token, 61, "341503", name="蓝天", kind="CHARITY"
    )
    bystander = await verified_organization(
        api, office.token, 62, "341503", name="旁观", kind="CHARITY"
    )
    await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {
            "categoryCode": "DRINKING_WATER",
            "quantity": 300,
            "serviceRegionCodes": ["341500"],
            "availableFrom": datetime.now(UTC).isoformat(),
            "availableUntil": (datetime.now(UTC) + timedelta(days=5)).isoformat(),
        },
        giver.token,
    )
    await api.mutate("runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token)
    await workers.drain()

    # when each of them lists the proposed allocations
    async def count(token: str | None) -> int:
        return int((await api.gql(PROPOSALS, {}, token))["allocations"]["totalCount"])

    # then the giver and the Lu'an office see the one proposal; the others none
    assert await count(giver.token) == 1
    assert await count(office.token) == 1
    assert await count(admin) == 1
    assert await count(bystander.token) == 0
    assert await count(hefei.token) == 0
    assert await count(None) == 0

    # and the reasons read in the language asked for
    chinese = await api.gql(PROPOSALS, {"language": "ZH_CN"}, giver.token)
    assert "特急需求的 300/400 升" in chinese["allocations"]["nodes"][0]["explanation"]
    english = await api.gql(PROPOSALS, {"language": "EN"}, giver.token)
    assert english["allocations"]["nodes"][0]["explanation"].startswith("Covers 300 of 400")
