"""Assignment steps: an organization's roster, an accepted allocation, volunteers deployed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from domain.kernel.outbox import ASSIGNMENT_CANCELLED, OutboxEvent
from domain.notify import fanout
from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, DISPATCH
from tests.steps.registry import (
    Office,
    Provider,
    office_with_staff,
    register_volunteer,
    verified_organization,
)
from tests.steps.registry_documents import REVIEW_MEMBERSHIP
from tests.steps.relief import flood_incident, pledged, published_need

ALLOCATIONS = """query OwnAllocations($filter: AllocationFilter) {
  allocations(filter: $filter, first: 20) { edges { node { id status } } } }"""


@dataclass
class CounsellingNeed:
    """Lu'an's office, its flood over Yu'an, and the flood's counselling need."""

    admin: str
    office: Office
    incident: str
    need: str


async def counselling_need(api: ApiClient, quantity: int = 1, **need: Any) -> CounsellingNeed:
    """The Lu'an office publishes a PSYCHOLOGICAL_SUPPORT need of `quantity` in Yu'an,
    requiring counselling skills unless `need` says otherwise."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    values = {
        "categoryCode": "PSYCHOLOGICAL_SUPPORT",
        "quantity": quantity,
        "requiredSkills": ["PSYCHOLOGICAL_COUNSELING"],
    }
    published = await published_need(api, office.token, incident, **(values | need))
    return CounsellingNeed(admin, office, incident, published)


@dataclass
class Deployment:
    """An office's PSYCHOLOGICAL_SUPPORT need, an organization's accepted allocation for it,
    and the organization's approved members: (volunteer id, token) by name."""

    admin: str
    office: Office
    incident: str
    need: str
    organization: Provider
    allocation: str
    members: dict[str, tuple[str, str]]


async def member(
    api: ApiClient,
    organization: Provider,
    name: str,
    skills: list[str],
    approve: bool = True,
    **overrides: Any,
) -> tuple[str, str]:
    """A volunteer asking to join the organization, approved by its admin unless told."""
    volunteer, token = await register_volunteer(
        api, displayName=name, skills=skills, organizationId=organization.id, **overrides
    )
    if approve:
        reviewed = await api.mutate(
            "reviewVolunteerMembership",
            REVIEW_MEMBERSHIP,
            {"volunteerId": volunteer, "decision": "APPROVE"},
            organization.token,
        )
        assert reviewed["userErrors"] == [], reviewed
    return volunteer, token


async def accepted_allocation(api: ApiClient, provider: str, need: str, category: str) -> str:
    """The id of the ACCEPTED allocation `provider`'s pledge makes."""
    offer = await pledged(
        api,
        provider,
        need,
        category,
        2,
        serviceRegionCodes=["341503"],
        skills=["PSYCHOLOGICAL_COUNSELING"],
    )
    found = await api.gql(ALLOCATIONS, {"filter": {"offerId": offer}}, provider)
    return str(found["allocations"]["edges"][0]["node"]["id"])


async def deployment(api: ApiClient) -> Deployment:
    scene = await counselling_need(api, quantity=5)
    admin, office, incident, need = scene.admin, scene.office, scene.incident, scene.need
    organization = await verified_organization(
        api, office.token, 41, name="六安心理援助志愿者协会", kind="VOLUNTEER_SERVICE_ORGANIZATION"
    )
    members = {
        "王芳": await member(
            api, organization, "王芳", ["PSYCHOLOGICAL_COUNSELING"], phone="13900001111"
        ),
        "李强": await member(api, organization, "李强", ["DRIVING"], phone="13900002222"),
    }
    allocation = await accepted_allocation(api, organization.token, need, "PSYCHOLOGICAL_SUPPORT")
    return Deployment(admin, office, incident, need, organization, allocation, members)


async def deploy(api: ApiClient, token: str, allocation: str, *volunteers: str) -> dict[str, Any]:
    return await api.mutate(
        "deployVolunteers",
        ASSIGNMENTS["DeployVolunteers"],
        {"allocationId": allocation, "volunteerIds": list(volunteers)},
        token,
    )


ACTS = {
    "checkIn": ASSIGNMENTS["CheckIn"],
    "checkOut": ASSIGNMENTS["CheckOut"],
    "confirmHours": ASSIGNMENTS["ConfirmHours"],
}


async def act(api: ApiClient, name: str, token: str, **values: Any) -> dict[str, Any]:
    """checkIn, checkOut or confirmHours, as documented."""
    return await api.mutate(name, ACTS[name], values, token)


async def my_work(api: ApiClient, token: str) -> dict[str, Any]:
    """The volunteer's own page, read both ways, which must agree."""
    found = await api.gql(ASSIGNMENTS["MyVolunteerWork"], {}, token)
    viewer = await api.gql(ASSIGNMENTS["MyVolunteering"], {}, token)
    work, volunteer = found["myVolunteerWork"], viewer["viewer"]["volunteer"]
    assert volunteer["hours"] == work["hours"]
    assert [e["node"]["id"] for e in volunteer["assignments"]["edges"]] == [
        e["node"]["id"] for e in work["assignments"]["edges"]
    ]
    return dict(work)


async def dispatch_of(api: ApiClient, allocation: str, token: str) -> str:
    """The id of the dispatch of `allocation`, as `token` lists dispatches."""
    listed = await api.gql(DISPATCH["Dispatches"], {"first": 50}, token)
    (found,) = [
        e["node"]["id"]
        for e in listed["dispatches"]["edges"]
        if e["node"]["allocation"]["id"] == allocation
    ]
    return str(found)


async def told_of_cancellation(api: ApiClient, token: str) -> list[str]:
    """Every assignment cancellation fanned out as the workers do; then the bodies of the
    messages in `token`'s inbox that say an assignment was cancelled."""
    async with api.db.transaction() as session:
        events = await session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.topic == ASSIGNMENT_CANCELLED)
        )
        await fanout.fan_out(session, list(events.all()))
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
    return [
        e["node"]["body"]
        for e in inbox["notifications"]["edges"]
        if e["node"]["subject"] == "志愿服务已取消：心理疏导"
    ]
