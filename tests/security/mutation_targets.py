"""For each mutation, a fresh target and the input that acts on it (the matrix's "given").

Every arrangement goes through the public API as the party that would own the target
(the "own" organization, Lu'an's office), except inbox and delivery rows, which only
the background workers write: those are inserted as the workers would write them.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.kernel.enums import Channel, NotificationStatus
from domain.kernel.global_ids import to_global_id
from domain.matching.round_runner import execute_round
from domain.notify.model import Notification
from tests.security.assignment_targets import ASSIGNMENT_TARGETS
from tests.security.console_targets import CONSOLE_TARGETS
from tests.security.help_request_targets import HELP_REQUEST_TARGETS
from tests.security.people_targets import PEOPLE_TARGETS
from tests.security.world import (
    HOME,
    PASSWORD,
    World,
    incident,
    matrix_email,
    matrix_organization,
    matrix_volunteer,
    raw_id,
    serial,
)
from tests.steps.volunteers import unique_phone, with_code

Arrange = Callable[[World], Awaitable[dict[str, Any] | None]]
SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()
LATER = (datetime.now(UTC) + timedelta(days=30)).isoformat()


def _need_input(world: World, incident_id: str | None = None, **extra: Any) -> dict[str, Any]:
    values = {
        "incidentId": incident_id or world.ids["INCIDENT"],
        "regionCode": HOME,
        "categoryCode": "DRINKING_WATER",
        "quantity": 500,
        "urgency": "HIGH",
        "neededBy": SOON,
        "confirmDuplicate": True,
    }
    values.update(extra)
    return values


async def need(world: World, incident_id: str | None = None, **extra: Any) -> str:
    made = await world.ok(
        "publishNeed",
        _need_input(world, incident_id, **extra),
        world.tokens["OFFICE_STAFF_IN"],
        "need { id }",
    )
    return str(made["need"]["id"])


def _offer_input(category: str = "DRINKING_WATER", quantity: int = 50) -> dict[str, Any]:
    return {
        "categoryCode": category,
        "quantity": quantity,
        "availableFrom": datetime.now(UTC).isoformat(),
        "availableUntil": LATER,
        "serviceRegionCodes": [HOME],
    }


async def offer(world: World, category: str = "DRINKING_WATER", quantity: int = 50) -> str:
    """An offer of the "own" organization."""
    made = await world.ok(
        "postOffer",
        _offer_input(category, quantity),
        world.tokens["ORG_MEMBER_OWN"],
        "offer { id }",
    )
    return str(made["offer"]["id"])


async def dispatch(world: World) -> str:
    """An ISSUED dispatch: the own organization pledged to a need of Lu'an."""
    pledged = await world.ok(
        "pledgeOffer",
        {"offerId": await offer(world), "needId": await need(world), "quantity": 5},
        world.tokens["ORG_MEMBER_OWN"],
        "dispatch { id }",
    )
    return str(pledged["dispatch"]["id"])


async def en_route(world: World, delivered: int = 0) -> str:
    """An own dispatch on its way, with `delivered` units already delivered."""
    dispatch_id = await dispatch(world)
    provider = world.tokens["ORG_MEMBER_OWN"]
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        moving = {"dispatchId": dispatch_id, "status": status}
        await world.ok("updateDispatchStatus", moving, provider, "dispatch { id }")
    if delivered:
        delivery = {"dispatchId": dispatch_id, "quantity": delivered}
        await world.ok("recordDelivery", delivery, provider, "dispatch { id }")
    return dispatch_id


async def proposal(world: World) -> dict[str, Any]:
    """A PROPOSED allocation of the own organization's offer, from a finished round."""
    incident_id = await incident(world)
    await need(world, incident_id, categoryCode="GENERATORS", quantity=5)
    await offer(world, "GENERATORS", 5)
    started = await world.ok(
        "runMatching",
        {"incidentId": incident_id},
        world.tokens["OFFICE_STAFF_IN"],
        "round { id }",
    )
    # The workers would run it; the matrix runs the same domain function itself.
    await execute_round(world.api.db, raw_id(started["round"]["id"]))
    found = await world.api.gql(
        "query R($id: ID!) { node(id: $id) { ... on MatchingRound { allocations(first: 5) "
        "{ edges { node { id status } } } } } }",
        {"id": started["round"]["id"]},
        world.tokens["OFFICE_STAFF_IN"],
    )
    edges = found["node"]["allocations"]["edges"]
    assert edges and edges[0]["node"]["status"] == "PROPOSED", found
    return {"allocationId": edges[0]["node"]["id"]}


async def _with_reason(world: World) -> dict[str, Any]:
    """A fresh proposal, and why it is turned down (a decline or a veto says why)."""
    return {**await proposal(world), "reason": "矩阵：车辆不足"}


async def _declined(world: World) -> dict[str, Any]:
    """A proposal the own organization declined."""
    target = await _with_reason(world)
    await world.ok("declineAllocation", target, world.tokens["ORG_MEMBER_OWN"])
    return {"allocationId": target["allocationId"]}


async def notification(world: World, status: NotificationStatus, channel: Channel) -> str:
    """A message to the own organization's admin, as the fan-out writes it."""
    account = await world.api.gql("query { viewer { id } }", None, world.tokens["ORG_ADMIN_OWN"])
    async with world.api.db.transaction() as session:
        row = Notification(
            topic="dispatch.issued",
            channel=channel,
            recipient_key=f"matrix-{serial()}",
            account_id=raw_id(account["viewer"]["id"]),
            address=None if channel is Channel.INBOX else world.emails["ORG_ADMIN_OWN"],
            subject="调度单",
            body="请查收",
            template="dispatch_issued",
            parameters={},
            locale="zh-CN",
            status=status,
            attempts=8 if status is NotificationStatus.DEAD else 1,
        )
        session.add(row)
        await session.flush()
        notification_id = row.id
    return to_global_id("Notification", notification_id)


async def _csv(world: World) -> dict[str, Any]:
    text = f"regionCode,categoryCode,quantity,urgency,neededBy\n{HOME},FOOD,40,HIGH,{SOON}\n"
    return {
        # A fresh incident: the same need twice in one incident is refused as a duplicate.
        "incidentId": await incident(world),
        "fileName": "needs.csv",
        "contentBase64": base64.b64encode(text.encode()).decode(),
    }


async def _sync(world: World) -> dict[str, Any]:
    row = {"regionCode": HOME, "categoryCode": "FOOD", "quantity": 40, "urgency": "HIGH"}
    return {
        "incidentId": await incident(world),
        "needs": [{**row, "externalId": f"MATRIX-{serial()}", "neededBy": SOON}],
    }


async def _api_token(world: World) -> dict[str, Any]:
    made = await world.ok(
        "createApiToken",
        {"name": f"spare {serial()}", "scopes": ["NEEDS"]},
        world.tokens["ORG_ADMIN_OWN"],
        "apiToken { id }",
    )
    return {"apiTokenId": made["apiToken"]["id"]}


async def _webhook(world: World) -> dict[str, Any]:
    made = await world.ok(
        "createWebhookSubscription",
        {"url": "https://partner.example.org/hook", "events": ["DISPATCH_ISSUED"]},
        world.tokens["ORG_ADMIN_OWN"],
        "webhookSubscription { id }",
    )
    return {"webhookSubscriptionId": made["webhookSubscription"]["id"]}


async def _pending_organization(world: World) -> dict[str, Any]:
    made = await world.ok(
        "registerOrganization", matrix_organization(), None, "organization { id }"
    )
    return {"organizationId": made["organization"]["id"], "decision": "APPROVE"}


async def _applicant(world: World) -> dict[str, Any]:
    applicant = await with_code(world.api, matrix_volunteer(world.ids["ORG_OWN"]))
    made = await world.ok("registerVolunteer", applicant, None, "volunteer { id }")
    return {"volunteerId": made["volunteer"]["id"], "decision": "APPROVE"}


async def _pending_volunteer(world: World) -> dict[str, Any]:
    signup = await with_code(world.api, matrix_volunteer())
    made = await world.ok("registerVolunteer", signup, None, "volunteer { id }")
    return {"volunteerId": made["volunteer"]["id"], "decision": "APPROVE"}


async def _signup(world: World) -> dict[str, Any]:
    return await with_code(world.api, matrix_volunteer())


async def _incident_input(world: World) -> dict[str, Any]:
    return {
        "name": f"六安洪涝 {serial()}",
        "hazard": "FLOOD",
        "responseLevel": "LEVEL_II",
        "regionCodes": [HOME],
        "startedAt": "2020-07-19T08:00:00+08:00",
        "officeId": world.ids["OFFICE_IN"],
    }


async def _pledge(world: World) -> dict[str, Any]:
    return {"offerId": await offer(world), "needId": await need(world), "quantity": 5}


async def _with(made: Awaitable[str], shape: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    return shape(await made)


async def _phase(world: World) -> dict[str, Any]:
    return {"incidentId": await incident(world), "phase": "TRANSITIONAL_RESETTLEMENT"}


async def _rename(world: World) -> dict[str, Any]:
    return {"incidentId": await incident(world), "name": "更名后的事件"}


async def _rename_shared(world: World) -> dict[str, Any]:
    shared = await _shared_incident(world)
    return {"incidentId": shared["incidentId"], "name": "更名后的事件"}


async def province_office(world: World) -> str:
    """Anhui's province office, above Lu'an and Hefei: made once, by ADMIN."""
    if "OFFICE_PROVINCE" not in world.ids:
        made = await world.ok(
            "createOffice",
            {"name": "安徽省民政厅", "regionCode": "340000"},
            world.tokens["ADMIN"],
            "office { id }",
        )
        world.ids["OFFICE_PROVINCE"] = made["office"]["id"]
    return world.ids["OFFICE_PROVINCE"]


async def _shared_incident(world: World) -> dict[str, Any]:
    """An incident reaching into both Lu'an and Hefei, opened by ADMIN for the province."""
    made = await world.ok(
        "createIncident",
        {
            **await _incident_input(world),
            "regionCodes": [HOME, "340102"],
            "officeId": await province_office(world),
        },
        world.tokens["ADMIN"],
        "incident { id }",
    )
    return {"incidentId": made["incident"]["id"], "phase": "CLOSED"}


async def _escalation(world: World) -> dict[str, Any]:
    await province_office(world)
    return {"needId": await need(world), "note": "矩阵"}


def given(build: Callable[[World], dict[str, Any] | None]) -> Arrange:
    """An arrangement that only builds an input, afresh each time."""

    async def arrange(world: World) -> dict[str, Any] | None:
        return build(world)

    return arrange


# The input each policy row sends, made afresh on each call: a new target, where the
# mutation acts on one, owned by the own organization or inside Lu'an's jurisdiction.
TARGETS: dict[str, Arrange] = {
    "updateViewer": given(lambda w: {"displayName": f"矩阵 {serial()}"}),
    "createOffice": given(lambda w: {"name": f"民政局 {serial()}", "regionCode": "341522"}),
    "createAccount": given(
        lambda w: {
            "email": matrix_email("staff"),
            "password": PASSWORD,
            "role": "OFFICE_STAFF",
            "officeId": w.ids["OFFICE_IN"],
        }
    ),
    "signIn": given(lambda w: {"email": w.emails["VOLUNTEER"], "password": PASSWORD}),
    "signOut": given(lambda _: None),
    "createApiToken": given(lambda w: {"name": f"t {serial()}", "scopes": ["NEEDS"]}),
    "revokeApiToken": _api_token,
    "registerTrustedDocuments": given(
        lambda w: {"documents": [f"query Matrix{serial()} {{ __typename }}"]}
    ),
    "registerOrganization": given(lambda w: matrix_organization()),
    "reviewOrganization": _pending_organization,
    "addOrganizationMember": given(
        lambda w: {
            "organizationId": w.ids["ORG_OWN"],
            "email": matrix_email("member"),
            "password": PASSWORD,
            "role": "ORG_MEMBER",
        }
    ),
    "registerVolunteer": _signup,
    "reviewVolunteerMembership": _applicant,
    "reviewVolunteer": _pending_volunteer,
    "requestPhoneCode": given(lambda w: {"phone": unique_phone()}),
    "updateVolunteerProfile": given(lambda w: {"languages": ["zh", "en"]}),
    # The world's volunteer pledges later on: free all along, so nothing else is refused.
    "setAvailability": given(
        lambda w: {
            "ranges": [
                {
                    "from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
                    "until": (datetime.now(UTC) + timedelta(days=300)).isoformat(),
                }
            ]
        }
    ),
    "createIncident": _incident_input,
    "updateIncidentPhase": _phase,
    "updateIncidentPhase:SHARED": _shared_incident,
    "updateIncident": _rename,
    "updateIncident:SHARED": _rename_shared,
    "markRegionAssessed": lambda w: _with(
        incident(w), lambda i: {"incidentId": i, "regionCode": HOME, "note": "矩阵"}
    ),
    "addCategory": given(
        lambda w: {
            "code": f"MATRIX_{serial()}",
            "group": "RELIEF_SUPPLIES",
            "unit": "boxes",
            "nameEn": "Boxes",
            "nameZh": "箱",
        }
    ),
    "publishNeed": given(_need_input),
    "updateNeed": lambda w: _with(need(w), lambda n: {"needId": n, "quantity": 600}),
    "cancelNeed": lambda w: _with(need(w), lambda n: {"needId": n, "reason": "矩阵"}),
    "extendNeed": lambda w: _with(need(w), lambda n: {"needId": n, "neededBy": LATER}),
    "escalateNeed": _escalation,
    "importNeeds": _csv,
    "syncNeeds": _sync,
    "postOffer": given(lambda w: _offer_input("CLOTHING")),
    "syncOffers": given(
        lambda w: {"offers": [_offer_input("CLOTHING") | {"externalId": uuid.uuid4().hex}]}
    ),
    "updateOffer": lambda w: _with(offer(w), lambda o: {"offerId": o, "quantity": 60}),
    "withdrawOffer": lambda w: _with(offer(w), lambda o: {"offerId": o}),
    "pledgeOffer": _pledge,
    "runMatching": lambda w: _with(incident(w), lambda i: {"incidentId": i}),
    "acceptAllocation": proposal,
    "declineAllocation": _with_reason,
    "reconsiderAllocation": _declined,
    "vetoAllocation": _with_reason,
    "assignOffer": _pledge,
    "updateDispatchStatus": lambda w: _with(
        dispatch(w), lambda d: {"dispatchId": d, "status": "ACKNOWLEDGED"}
    ),
    "updateDispatchStatus:CANCELLED": lambda w: _with(
        dispatch(w), lambda d: {"dispatchId": d, "status": "CANCELLED"}
    ),
    "recordDelivery": lambda w: _with(en_route(w), lambda d: {"dispatchId": d, "quantity": 1}),
    "confirmReceipt": lambda w: _with(
        en_route(w, delivered=2), lambda d: {"dispatchId": d, "quantityReceived": 2}
    ),
    "nameReceiver": lambda w: _with(dispatch(w), lambda d: {"dispatchId": d, "accountId": None}),
    "markNotificationRead": lambda w: _with(
        notification(w, NotificationStatus.SENT, Channel.INBOX), lambda n: {"notificationId": n}
    ),
    "redeliverNotification": lambda w: _with(
        notification(w, NotificationStatus.DEAD, Channel.EMAIL), lambda n: {"notificationId": n}
    ),
    "createWebhookSubscription": given(
        lambda _: {"url": "https://partner.example.org/hook", "events": ["NEED_PUBLISHED"]}
    ),
    "deactivateWebhookSubscription": _webhook,
    **PEOPLE_TARGETS,
    **HELP_REQUEST_TARGETS,
    **CONSOLE_TARGETS,
    **ASSIGNMENT_TARGETS,
}
