"""Help requests: taken by the hotline, the public page or a partner, and read back by the
office of jurisdiction; the requester checks progress with the reference and the phone."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories import services as categories
from domain.helprequests.changes import change_of
from domain.helprequests.model import (
    HelpRequest,
    HelpRequestChannel,
    HelpRequestOutcome,
    HelpRequestStatus,
)
from domain.incidents.model import Incident
from domain.kernel import audit, policy, regions, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import IncidentPhase, SpecialGroup, WebhookEvent
from domain.kernel.errors import ErrorCode, Errors
from domain.kernel.outbox import HELP_REQUEST_RECEIVED, emit
from domain.matching.model import Urgency
from domain.registry.model import Office

# No 0/O, 1/I/L: references are read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_PEOPLE = 10_000


@dataclass(frozen=True, slots=True)
class SubmitHelpRequest:
    requester_name: str
    phone: str
    region_code: str
    for_whom: str | None = None
    address: str | None = None
    people_count: int = 1
    special_groups: list[SpecialGroup] = field(default_factory=list)
    category_codes: list[str] = field(default_factory=list)
    description: str | None = None
    urgency: Urgency | None = None


def new_reference() -> str:
    """QZ- and eight characters: too many to guess, with the phone asked beside it."""
    return "QZ-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def channel_of(principal: Principal, region_code: str) -> HelpRequestChannel:
    if principal.scopes is not None and not principal.is_anonymous:
        return HelpRequestChannel.PARTNER
    if principal.answers_calls_for(region_code):
        return HelpRequestChannel.HOTLINE
    return HelpRequestChannel.PUBLIC


async def office_of_jurisdiction(session: AsyncSession, region_code: str) -> Office | None:
    """The nearest office whose jurisdiction holds the region: the county's, else the
    prefecture's, else the province's."""
    codes = [r.code for r in regions.path(region_code)]
    offices = (
        await session.scalars(
            select(Office).where(Office.region_code.in_(codes)).order_by(Office.created_at)
        )
    ).all()
    depth = {code: index for index, code in enumerate(codes)}
    return max(offices, key=lambda o: depth[o.region_code], default=None)


async def incident_for(session: AsyncSession, region_code: str) -> Incident | None:
    """The latest incident not CLOSED whose regions hold this one."""
    open_incidents = (
        await session.scalars(
            select(Incident)
            .where(Incident.phase != IncidentPhase.CLOSED)
            .order_by(Incident.created_at.desc())
        )
    ).all()
    for incident in open_incidents:
        if any(regions.covers(code, region_code) for code in incident.region_codes):
            return incident
    return None


async def _check(session: AsyncSession, errors: Errors, command: SubmitHelpRequest) -> str | None:
    validation.text(errors, "requester_name", command.requester_name, max_length=100)
    phone = validation.phone(errors, "phone", command.phone)
    region = validation.region(errors, "region_code", command.region_code)
    if region is not None and regions.children(region.code):
        errors.add("region_code", ErrorCode.INVALID, "Give the county (区/县) the caller is in.")
    validation.text(errors, "for_whom", command.for_whom, max_length=200, required=False)
    validation.text(errors, "address", command.address, max_length=300, required=False)
    validation.text(errors, "description", command.description, max_length=2000, required=False)
    if not 0 < command.people_count <= MAX_PEOPLE:
        errors.add("people_count", ErrorCode.INVALID, f"From 1 to {MAX_PEOPLE} people.")
    for index, code in enumerate(command.category_codes):
        if await categories.by_code(session, code) is None:
            errors.add(
                ("category_codes", str(index)), ErrorCode.UNKNOWN_CATEGORY, "No such category."
            )
    if not command.category_codes and not (command.description or "").strip():
        errors.add("description", ErrorCode.REQUIRED, "Say what is needed, or pick categories.")
    return phone


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


async def submit_help_request(
    session: AsyncSession, principal: Principal, command: SubmitHelpRequest
) -> HelpRequest:
    """Anyone may ask: the public with no account, an operator on the phone, a partner.
    An operator taking a call of their own jurisdiction holds it at once: they are on it."""
    errors = Errors()
    phone = await _check(session, errors, command)
    errors.raise_if_any()
    assert phone is not None
    reference = new_reference()
    while await session.scalar(select(HelpRequest.id).where(HelpRequest.reference == reference)):
        reference = new_reference()
    now = utcnow()
    office = await office_of_jurisdiction(session, command.region_code)
    incident = await incident_for(session, command.region_code)
    channel = channel_of(principal, command.region_code)
    taker = principal.account_id if channel is HelpRequestChannel.HOTLINE else None
    request = HelpRequest(
        reference=reference,
        status=HelpRequestStatus.RECEIVED,
        channel=channel,
        requester_name=command.requester_name.strip(),
        phone=phone,
        for_whom=_text(command.for_whom),
        region_code=command.region_code,
        address=_text(command.address),
        people_count=command.people_count,
        special_groups=sorted({g.value for g in command.special_groups}),
        category_codes=sorted(set(command.category_codes)),
        description=_text(command.description),
        urgency=command.urgency,
        office_id=office.id if office else None,
        incident_id=incident.id if incident else None,
        submitted_by_account_id=principal.account_id,
        claimed_by_account_id=taker,
        claimed_at=now if taker else None,
        received_at=now,
    )
    await audit.created(
        session,
        principal,
        "help_request.received",
        request,
        region_code=request.region_code,
        details={"channel": channel.value, "reference": reference},
    )
    told = await change_of(session, request, WebhookEvent.HELP_REQUEST_RECEIVED)
    emit(session, HELP_REQUEST_RECEIVED, {"helpRequestId": str(request.id), **told})
    return request


async def progress(session: AsyncSession, reference: str, phone: str) -> HelpRequest | None:
    """The request with this reference, if the phone is the one it was given with; the
    same None whether the reference is unknown or the phone wrong."""
    number = validation.phone(Errors(), "phone", phone)
    if number is None:
        return None
    found = await session.scalar(
        select(HelpRequest).where(HelpRequest.reference == (reference or "").strip().upper())
    )
    if found is None or not secrets.compare_digest(found.phone, number):
        return None
    return found


def visible_help_requests(principal: Principal) -> Select[HelpRequest]:
    """ADMIN all; an office and its hotline operators their jurisdiction; a partner or
    account what it submitted itself. Anonymous callers are refused."""
    principal.require_signed_in()
    stmt = select(HelpRequest)
    if principal.is_admin:
        return stmt
    conditions = [HelpRequest.submitted_by_account_id == principal.account_id]
    if (principal.is_office or principal.is_hotline_operator) and principal.office_region_code:
        conditions.append(policy.within(HelpRequest.region_code, principal.office_region_code))
    return stmt.where(or_(false(), *conditions))


async def outcomes_of(
    session: AsyncSession, help_request_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[HelpRequestOutcome]]:
    rows = (
        await session.scalars(
            select(HelpRequestOutcome)
            .where(HelpRequestOutcome.help_request_id.in_(help_request_ids))
            .order_by(HelpRequestOutcome.created_at, HelpRequestOutcome.id)
        )
    ).all()
    found: dict[uuid.UUID, list[HelpRequestOutcome]] = {i: [] for i in help_request_ids}
    for row in rows:
        found[row.help_request_id].append(row)
    return found


def visible_outcomes(principal: Principal) -> Select[HelpRequestOutcome]:
    """The outcomes of the requests the principal sees."""
    seen = visible_help_requests(principal).with_only_columns(HelpRequest.id)
    return select(HelpRequestOutcome).where(HelpRequestOutcome.help_request_id.in_(seen))
