"""The office reviews the volunteers of its jurisdiction as it reviews organizations:
approve, reject with a reason, suspend with a reason, reinstate; each decision in the
history. A suspended or rejected volunteer posts no offers, and their proposals lapse."""

from __future__ import annotations

from typing import Any

from domain.kernel.db.base import utcnow
from domain.kernel.global_ids import from_global_id
from domain.matching.snapshot import take_snapshot
from tests.client import ApiClient
from tests.integration.documents import LOOP, MATCHING, REGISTRY
from tests.steps.registry import codes, office_staff, register_volunteer, row_counts
from tests.steps.relief import WINDOW, lu_an_flood, published_need

HISTORY = """query History($filter: AuditLogFilter) { auditLog(filter: $filter, first: 20) {
  nodes { details } } }"""
VOLUNTEER = """query Volunteer($id: ID!) { node(id: $id) { ... on Volunteer {
  status reviewReason reviewedAt } } }"""
PENDING = """query Pending($filter: VolunteerFilter) { volunteers(filter: $filter) {
  nodes { id status } } }"""
ALLOCATION = """query Allocation($id: ID!) { node(id: $id) { ... on Allocation { status } } }"""


async def _review(api: ApiClient, token: str, volunteer: str, decision: str, **reason: str) -> Any:
    values = {"volunteerId": volunteer, "decision": decision, **reason}
    return await api.mutate("reviewVolunteer", REGISTRY["ReviewVolunteer"], values, token)


async def _post(api: ApiClient, token: str) -> Any:
    values = {"categoryCode": "DRINKING_WATER", "quantity": 40, "serviceRegionCodes": ["341500"]}
    return await api.mutate("postOffer", MATCHING["PostOffer"], values | WINDOW, token)


async def test_an_office_takes_a_volunteer_through_every_decision_with_its_history(
    api: ApiClient,
) -> None:
    # given a volunteer of Yu'an, PENDING, in the Lu'an office's list to review
    admin = await api.admin_token()
    office = await office_staff(api, admin, "341500")
    volunteer, volunteer_token = await register_volunteer(api)
    listed = await api.gql(PENDING, {"filter": {"status": "PENDING"}}, office)
    assert {"id": volunteer, "status": "PENDING"} in listed["volunteers"]["nodes"]

    # when the office rejects without a reason / then it is refused on the reason, unwritten
    before = await row_counts(api)
    refused = await _review(api, office, volunteer, "REJECT")
    assert codes(refused) == [(["reason"], "REQUIRED")]
    assert await row_counts(api) == before

    # when it rejects with one, approves, suspends with one, and reinstates
    steps = [
        ("REJECT", {"reason": "身份信息不符"}, "REJECTED"),
        ("APPROVE", {}, "VERIFIED"),
        ("SUSPEND", {"reason": "多次未按约到岗"}, "SUSPENDED"),
        ("REINSTATE", {}, "VERIFIED"),
    ]
    for decision, reason, status in steps:
        reviewed = await _review(api, office, volunteer, decision, **reason)
        # then each moves the volunteer as the decision says, keeping the reason
        assert reviewed["userErrors"] == [], reviewed
        assert reviewed["volunteer"]["status"] == status
        assert reviewed["volunteer"]["reviewReason"] == reason.get("reason")

    # and a decision that does not fit the status is refused on the decision
    wrong = await _review(api, office, volunteer, "REINSTATE")
    assert codes(wrong) == [(["decision"], "INVALID_TRANSITION")]
    # and the history tells every decision, with its reasons, newest first
    filter_ = {"entityId": volunteer, "action": "volunteer.reviewed"}
    history = (await api.gql(HISTORY, {"filter": filter_}, office))["auditLog"]["nodes"]
    told = [(e["details"]["from"], e["details"]["to"], e["details"]["reason"]) for e in history]
    assert sorted(told) == sorted(
        [
            ("PENDING", "REJECTED", "身份信息不符"),
            ("REJECTED", "VERIFIED", None),
            ("VERIFIED", "SUSPENDED", "多次未按约到岗"),
            ("SUSPENDED", "VERIFIED", None),
        ]
    )
    # and the volunteer reads where they stand
    mine = (await api.gql(VOLUNTEER, {"id": volunteer}, volunteer_token))["node"]
    assert mine["status"] == "VERIFIED" and mine["reviewedAt"] is not None


async def test_an_office_outside_the_volunteers_home_region_may_not_review_them(
    api: ApiClient,
) -> None:
    # given a volunteer of Yu'an and the Hefei office
    admin = await api.admin_token()
    hefei = await office_staff(api, admin, "340100")
    volunteer, _ = await register_volunteer(api)
    # when Hefei approves them / then it is refused as outside its jurisdiction
    refused = await _review(api, hefei, volunteer, "APPROVE")
    assert codes(refused) == [(["volunteerId"], "OUT_OF_JURISDICTION")]


async def test_a_suspended_volunteer_posts_nothing_and_their_proposals_lapse(
    api: ApiClient,
) -> None:
    # given a verified volunteer's water offer, assigned by the office to a need of Yu'an
    _, office, incident = await lu_an_flood(api)
    volunteer, volunteer_token = await register_volunteer(api)
    assert (await _review(api, office.token, volunteer, "APPROVE"))["userErrors"] == []
    offer = (await _post(api, volunteer_token))["offer"]["id"]
    need = await published_need(api, office.token, incident)
    assigned = await api.mutate(
        "assignOffer",
        LOOP["AssignOffer"],
        {"offerId": offer, "needId": need, "quantity": 10},
        office.token,
    )
    assert assigned["userErrors"] == [], assigned
    allocation = assigned["allocation"]["id"]

    # when the office suspends the volunteer
    suspended = await _review(api, office.token, volunteer, "SUSPEND", reason="资质存疑")
    assert suspended["userErrors"] == []

    # then the proposal lapsed, and the volunteer may post no more offers
    status = (await api.gql(ALLOCATION, {"id": allocation}, office.token))["node"]["status"]
    assert status == "EXPIRED"
    refused = await _post(api, volunteer_token)
    assert codes(refused) == [(None, "FORBIDDEN")]

    # when the office reinstates them / then they offer again
    assert (await _review(api, office.token, volunteer, "REINSTATE"))["userErrors"] == []
    assert (await _post(api, volunteer_token))["userErrors"] == []


async def _offered_ids(api: ApiClient, incident: str) -> set[str]:
    found = from_global_id(incident)
    assert found is not None
    async with api.db.session() as session:
        snapshot = await take_snapshot(session, found[1], utcnow())
    return {str(offer.id) for offer in [*snapshot.offers, *snapshot.spent]}


async def test_a_suspended_volunteers_standing_offer_is_neither_proposed_nor_pledged(
    api: ApiClient,
) -> None:
    # given a verified volunteer's water offer, posted before any doubt, and a need of Yu'an
    _, office, incident = await lu_an_flood(api)
    volunteer, volunteer_token = await register_volunteer(api)
    assert (await _review(api, office.token, volunteer, "APPROVE"))["userErrors"] == []
    offer = (await _post(api, volunteer_token))["offer"]["id"]
    offer_uuid = str(from_global_id(offer)[1])  # type: ignore[index]
    need = await published_need(api, office.token, incident)
    assert offer_uuid in await _offered_ids(api, incident)

    # when the office suspends the volunteer
    assert (await _review(api, office.token, volunteer, "SUSPEND", reason="资质存疑"))[
        "userErrors"
    ] == []

    # then a round no longer sees the offer
    assert offer_uuid not in await _offered_ids(api, incident)
    # and neither the volunteer's pledge nor the office's assignment may use it, unwritten
    before = await row_counts(api)
    pledge = {"offerId": offer, "needId": need, "quantity": 10}
    pledged = await api.mutate("pledgeOffer", MATCHING["PledgeOffer"], pledge, volunteer_token)
    assert codes(pledged) == [(None, "FORBIDDEN")]
    assigned = await api.mutate("assignOffer", LOOP["AssignOffer"], pledge, office.token)
    assert codes(assigned) == [(["offerId"], "PROVIDER_NOT_VERIFIED")]
    assert await row_counts(api) == before

    # when the office reinstates them / then rounds see the offer again
    assert (await _review(api, office.token, volunteer, "REINSTATE"))["userErrors"] == []
    assert offer_uuid in await _offered_ids(api, incident)
