"""An incident with work done, seen by its office, a stranger office and the providers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING
from tests.integration.registry_steps import register_volunteer
from tests.steps import Office, Provider, flood_incident, office_with_staff, verified_organization

SOON = (datetime.now(UTC) + timedelta(days=2)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}
ELDERS = "裕安区独居老人安置点，急需帐篷（防雨）"


@dataclass(frozen=True)
class ReportScene:
    admin: str
    luan: Office
    hefei: Office
    red_cross: Provider
    rescue_team: Provider
    volunteer_token: str
    incident_id: str


async def publish(api: ApiClient, office: Office, incident: str, **need: Any) -> str:
    values = {"incidentId": incident, "neededBy": SOON, "urgency": "HIGH", **need}
    published = await api.mutate("publishNeed", MATCHING["PublishNeed"], values, office.token)
    assert published["userErrors"] == [], published
    return str(published["need"]["id"])


async def pledge(api: ApiClient, token: str, need_id: str, category: str, quantity: int) -> None:
    """Post an offer of twice the quantity and pledge `quantity` of it to the need."""
    posted = await api.mutate(
        "postOffer",
        MATCHING["PostOffer"],
        {
            "categoryCode": category,
            "quantity": quantity * 2,
            "serviceRegionCodes": ["341500"],
            "description": "六安本地供给",
            **WINDOW,
        },
        token,
    )
    assert posted["userErrors"] == [], posted
    pledged = await api.mutate(
        "pledgeOffer",
        MATCHING["PledgeOffer"],
        {"offerId": posted["offer"]["id"], "needId": need_id, "quantity": quantity},
        token,
    )
    assert pledged["userErrors"] == [], pledged


async def deliver(api: ApiClient, provider: Provider, quantity: int) -> None:
    """The provider walks its only dispatch to DELIVERED with `quantity` delivered."""
    listed = await api.gql(DISPATCH["Dispatches"], {"first": 1}, provider.token)
    dispatch_id = listed["dispatches"]["edges"][0]["node"]["id"]
    for status in ("ACKNOWLEDGED", "EN_ROUTE", "DELIVERED"):
        payload: dict[str, Any] = {"dispatchId": dispatch_id, "status": status}
        if status == "DELIVERED":
            payload["deliveredQuantity"] = quantity
        moved = await api.mutate(
            "updateDispatchStatus", DISPATCH["UpdateDispatchStatus"], payload, provider.token
        )
        assert moved["userErrors"] == [], moved


async def report_scene(api: ApiClient) -> ReportScene:
    """Lu'an floods over Jin'an (341502) and Yu'an (341503) districts.

    Red Cross: 30 of 40 tents to Yu'an, 25 delivered. Rescue team: 600 of 1000 litres
    of water to Jin'an. A volunteer: 4 of 10 counselor-days to Yu'an.
    """
    admin = await api.admin_token()
    luan = await office_with_staff(api, admin, "341500", "六安市民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    incident = await flood_incident(api, luan, ["341502", "341503"])
    tents = await publish(
        api,
        luan,
        incident,
        regionCode="341503",
        categoryCode="TENTS",
        quantity=40,
        description=ELDERS,
        beneficiaries={"count": 120},
    )
    water = await publish(
        api,
        luan,
        incident,
        regionCode="341502",
        categoryCode="DRINKING_WATER",
        quantity=1000,
        urgency="CRITICAL",
        beneficiaries={"count": 300},
    )
    counseling = await publish(
        api, luan, incident, regionCode="341503", categoryCode="PSYCHOLOGICAL_SUPPORT", quantity=10
    )
    red_cross = await verified_organization(api, luan.token, "六安市红十字会", "341502", seed=71)
    rescue = await verified_organization(api, luan.token, "裕安区蓝天救援队", "341503", seed=72)
    _, volunteer = await register_volunteer(api, "341503")
    await pledge(api, red_cross.token, tents, "TENTS", 30)
    await deliver(api, red_cross, 25)
    await pledge(api, rescue.token, water, "DRINKING_WATER", 600)
    await pledge(api, volunteer, counseling, "PSYCHOLOGICAL_SUPPORT", 4)
    return ReportScene(admin, luan, hefei, red_cross, rescue, volunteer, incident)
