"""An incident with work done, seen by its office, a stranger office and the providers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP
from tests.steps.registry import (
    Office,
    Provider,
    office_with_staff,
    register_volunteer,
    verified_organization,
)
from tests.steps.relief import SOON, flood_incident, pledged, published_need

ELDERS = "裕安区独居老人安置点，急需帐篷（防雨）"
LOCAL = "六安本地供给"


@dataclass(frozen=True)
class ReportScene:
    admin: str
    luan: Office
    hefei: Office
    red_cross: Provider
    rescue_team: Provider
    volunteer_token: str
    incident_id: str


async def deliver(
    api: ApiClient, provider: Provider, quantity: int, receiver: Office | None = None
) -> None:
    """The provider walks its only dispatch to DELIVERED with `quantity` delivered;
    the `receiver` office, when given, confirms that all of it arrived."""
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
    if receiver is not None:
        receipt = {"dispatchId": dispatch_id, "quantityReceived": quantity}
        confirmed = await api.mutate(
            "confirmReceipt", LOOP["ConfirmReceipt"], receipt, receiver.token
        )
        assert confirmed["userErrors"] == [], confirmed


async def report_scene(api: ApiClient) -> ReportScene:
    """Lu'an floods over Jin'an (341502) and Yu'an (341503) districts.

    Red Cross: 30 of 40 tents to Yu'an, 25 delivered and confirmed. Rescue team: 600 of 1000 litres
    of water to Jin'an. A volunteer: 4 of 10 counselor-days to Yu'an.
    """
    admin = await api.admin_token()
    luan = await office_with_staff(api, admin, "341500", "六安市民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    incident = await flood_incident(api, luan, ["341502", "341503"])
    tents = await published_need(
        api,
        luan.token,
        incident,
        neededBy=SOON,
        regionCode="341503",
        categoryCode="TENTS",
        quantity=40,
        description=ELDERS,
        beneficiaries={"count": 120},
    )
    water = await published_need(
        api,
        luan.token,
        incident,
        neededBy=SOON,
        regionCode="341502",
        categoryCode="DRINKING_WATER",
        quantity=1000,
        urgency="CRITICAL",
        beneficiaries={"count": 300},
    )
    counseling = await published_need(
        api,
        luan.token,
        incident,
        neededBy=SOON,
        regionCode="341503",
        categoryCode="PSYCHOLOGICAL_SUPPORT",
        quantity=10,
    )
    red_cross = await verified_organization(
        api, luan.token, 71, "341502", name="六安市红十字会", kind="CHARITY"
    )
    rescue = await verified_organization(
        api, luan.token, 72, "341503", name="裕安区蓝天救援队", kind="CHARITY"
    )
    _, volunteer = await register_volunteer(api, "341503")
    await pledged(api, red_cross.token, tents, "TENTS", 30, quantity=60, description=LOCAL)
    await deliver(api, red_cross, 25, receiver=luan)
    await pledged(api, rescue.token, water, "DRINKING_WATER", 600, quantity=1200, description=LOCAL)
    await pledged(
        api, volunteer, counseling, "PSYCHOLOGICAL_SUPPORT", 4, quantity=8, description=LOCAL
    )
    return ReportScene(admin, luan, hefei, red_cross, rescue, volunteer, incident)
