"""Moving a planned visit to another visitor: one of the office's staff, or a provider of
CARE_VISITS (an organization or a volunteer with such an offer able to reach the person's
county by the visit's deadline, as the matching engine judges reach). The new visitor is
told as a round's visitors are; the old one no longer sees the visit nor the person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import require_office_role
from domain.kernel import audit, regions
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import OFFICE_ROLES, OfferStatus, OrganizationStatus, Scope
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.kernel.outbox import VISITS_ASSIGNED, emit
from domain.matching.compatibility import is_compatible
from domain.matching.model import NeedSpec, Urgency
from domain.matching.specs import whole_offer_spec
from domain.offers.model import Offer
from domain.registry.model import Account, Office, Organization, Volunteer
from domain.visits.model import Visit, VisitRound, VisitStatus
from domain.visits.rounds import CARE_VISITS, CHINA


@dataclass(frozen=True, slots=True)
class ReassignVisit:
    """Exactly one of the three: who visits from now on."""

    visit_id: uuid.UUID
    account_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None


def visit_spec(visit: Visit, now: datetime) -> NeedSpec:
    """The visit as the engine sees a need: one unit of CARE_VISITS in the person's county
    by the deadline (already past: by now, so a late visit is still placed)."""
    return NeedSpec(
        id=str(visit.id),
        category_code=CARE_VISITS,
        region_code=visit.region_code,
        quantity=1,
        urgency=Urgency.HIGH,
        needed_by=max(visit.due_at, now),
        required_skills=frozenset({CARE_VISITS}),
    )


async def provides_care_visits(
    session: AsyncSession,
    visit: Visit,
    now: datetime,
    *,
    organization_id: uuid.UUID | None = None,
    volunteer_id: uuid.UUID | None = None,
) -> bool:
    """The provider has an AVAILABLE CARE_VISITS offer that reaches the visit in time."""
    stmt = select(Offer).where(
        Offer.category_code == CARE_VISITS, Offer.status == OfferStatus.AVAILABLE
    )
    if organization_id is not None:
        stmt = stmt.where(Offer.organization_id == organization_id)
    else:
        stmt = stmt.where(Offer.volunteer_id == volunteer_id)
    need = visit_spec(visit, now)
    # The whole offer, not its free part: reach is judged, capacity is the provider's call.
    offers = (await session.scalars(stmt)).all()
    return any(is_compatible(need, whole_offer_spec(offer), now) for offer in offers)


async def _check_visitor(
    session: AsyncSession, errors: Errors, command: ReassignVisit, visit: Visit, now: datetime
) -> None:
    if command.account_id is not None:
        account = await session.get(Account, command.account_id)
        office_id = account.office_id if account else None
        office = await session.get(Office, office_id) if office_id else None
        if (
            account is None
            or account.role not in OFFICE_ROLES
            or office is None
            or not regions.covers(office.region_code, visit.region_code)
        ):
            errors.add("account_id", ErrorCode.NOT_FOUND, "No such staff member of the county.")
        elif account.id == visit.visitor_account_id:
            errors.add("account_id", ErrorCode.INVALID, "This visit is theirs already.")
        return
    if command.organization_id is not None:
        organization = await session.get(Organization, command.organization_id)
        if organization is None or organization.status is not OrganizationStatus.VERIFIED:
            errors.add("organization_id", ErrorCode.NOT_FOUND, "No such verified organization.")
        elif organization.id == visit.organization_id:
            errors.add("organization_id", ErrorCode.INVALID, "This visit is theirs already.")
        elif not await provides_care_visits(session, visit, now, organization_id=organization.id):
            errors.add(
                "organization_id",
                ErrorCode.INVALID,
                "It offers no CARE_VISITS reaching this county in time.",
            )
        return
    volunteer = await session.get(Volunteer, command.volunteer_id)
    if volunteer is None:
        errors.add("volunteer_id", ErrorCode.NOT_FOUND, "No such volunteer.")
    elif volunteer.id == visit.volunteer_id:
        errors.add("volunteer_id", ErrorCode.INVALID, "This visit is theirs already.")
    elif not await provides_care_visits(session, visit, now, volunteer_id=volunteer.id):
        errors.add(
            "volunteer_id", ErrorCode.INVALID, "They offer no CARE_VISITS reaching it in time."
        )


async def reassign_visit(
    session: AsyncSession, principal: Principal, command: ReassignVisit
) -> Visit:
    """The office of jurisdiction gives a PLANNED visit to another visitor. Audited."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    visit = await session.get(Visit, command.visit_id, with_for_update=True)
    if visit is None or not principal.covers_region(visit.region_code):
        raise DomainError.single("visit_id", ErrorCode.NOT_FOUND, "No such visit.")
    errors = Errors()
    given = [command.account_id, command.organization_id, command.volunteer_id]
    if sum(value is not None for value in given) != 1:
        raise DomainError.single(
            "account_id", ErrorCode.INVALID, "Name one visitor: a staff member, an "
            "organization or a volunteer.",
        )  # fmt: skip
    if visit.status is not VisitStatus.PLANNED:
        errors.add("visit_id", ErrorCode.INVALID_TRANSITION, "This visit is recorded already.")
    else:
        await _check_visitor(session, errors, command, visit, utcnow())
    errors.raise_if_any()
    before = {
        "accountId": str(visit.visitor_account_id) if visit.visitor_account_id else None,
        "organizationId": str(visit.organization_id) if visit.organization_id else None,
        "volunteerId": str(visit.volunteer_id) if visit.volunteer_id else None,
    }
    visit.visitor_account_id = command.account_id
    visit.organization_id = command.organization_id
    visit.volunteer_id = command.volunteer_id
    # The capacity a round drew on is the old visitor's: the new one visits on their own.
    visit.allocation_id = None
    audit.record(
        session,
        principal,
        "visit.reassigned",
        visit,
        region_code=visit.region_code,
        details={"from": before},
    )
    visit_round = await session.get(VisitRound, visit.round_id)
    assert visit_round is not None
    kind, ident = next(
        (k, i)
        for k, i in (
            ("accountId", command.account_id),
            ("organizationId", command.organization_id),
            ("volunteerId", command.volunteer_id),
        )
        if i is not None
    )
    emit(
        session,
        VISITS_ASSIGNED,
        {
            kind: str(ident),
            "count": 1,
            "roundId": str(visit_round.id),
            "incidentId": str(visit.incident_id),
            "dueAt": visit.due_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"),
        },
    )
    return visit


@dataclass(frozen=True, slots=True)
class VisitorChoice:
    kind: str  # ACCOUNT, ORGANIZATION or VOLUNTEER
    id: uuid.UUID
    label: str


async def visitor_choices(session: AsyncSession, principal: Principal) -> list[VisitorChoice]:
    """Whom the office may give a visit to: its own staff, then the providers with an
    AVAILABLE CARE_VISITS offer (whether one reaches a given visit is judged on moving it)."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    choices: list[VisitorChoice] = []
    if principal.office_id is not None:
        staff = await session.scalars(
            select(Account)
            .where(Account.office_id == principal.office_id, Account.role.in_(OFFICE_ROLES))
            .order_by(Account.created_at, Account.id)
        )
        choices += [VisitorChoice("ACCOUNT", a.id, a.display_name or a.email) for a in staff]
    offering = select(Offer).where(
        Offer.category_code == CARE_VISITS, Offer.status == OfferStatus.AVAILABLE
    )
    organizations = await session.scalars(
        select(Organization)
        .where(
            Organization.status == OrganizationStatus.VERIFIED,
            Organization.id.in_(offering.with_only_columns(Offer.organization_id)),
        )
        .order_by(Organization.name)
    )
    choices += [VisitorChoice("ORGANIZATION", o.id, o.name) for o in organizations]
    volunteers = await session.scalars(
        select(Volunteer)
        .where(Volunteer.id.in_(offering.with_only_columns(Offer.volunteer_id)))
        .order_by(Volunteer.display_name)
    )
    choices += [VisitorChoice("VOLUNTEER", v.id, v.display_name) for v in volunteers]
    return choices
