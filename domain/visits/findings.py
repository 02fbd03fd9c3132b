"""From a finding to help: an item found AT_RISK or NOT_OK becomes a need, pre-filled from
the person and the visit, or a referral to a department. Visit, person and need stay
linked through the FindingReferral."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import require_office_role
from domain.kernel import audit, policy, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Scope, SpecialGroup
from domain.kernel.errors import DomainError, ErrorCode, Errors
from domain.matching.model import Urgency
from domain.needs import services as needs
from domain.needs.model import Need
from domain.people.model import Person
from domain.visits.model import (
    CheckItem,
    CheckStatus,
    FindingReferral,
    ReferralKind,
    Visit,
    VisitStatus,
)

# The category a finding asks for unless the office names another.
CATEGORY_OF = {
    CheckItem.HOUSING: "HOUSE_REPAIR",
    CheckItem.DRINKING_WATER: "DRINKING_WATER",
    CheckItem.ELECTRICITY: "GENERATORS",
    CheckItem.LIVING: "FOOD",
    CheckItem.HEALTH: "MEDICAL_CARE",
}
# The register's categories as a need's special groups.
GROUP_OF = {
    "SCATTERED_DESTITUTE": SpecialGroup.SCATTERED_DESTITUTE,
    "SCATTERED_ORPHAN": SpecialGroup.SCATTERED_ORPHAN,
    "CHILD_IN_DIFFICULTY": SpecialGroup.CHILD_IN_DIFFICULTY,
    "DISABLED": SpecialGroup.DISABLED,
    "LEFT_BEHIND_ELDERLY": SpecialGroup.LEFT_BEHIND_ELDERLY,
    "LEFT_BEHIND_CHILD": SpecialGroup.LEFT_BEHIND_CHILDREN,
}
URGENCY_OF = {CheckStatus.NOT_OK.value: Urgency.HIGH, CheckStatus.AT_RISK.value: Urgency.MEDIUM}
NEEDED_WITHIN = timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class ReferFinding:
    """A need when `department` is left out (category from the item unless given, quantity
    1 unless given); a referral to the department otherwise."""

    visit_id: uuid.UUID
    item: CheckItem
    category_code: str | None = None
    quantity: int | None = None
    department: str | None = None
    note: str | None = None


async def refer_finding(
    session: AsyncSession, principal: Principal, command: ReferFinding
) -> tuple[Need | None, FindingReferral]:
    """The office of jurisdiction acts on a finding, once per item of a visit. Audited."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    visit = await session.get(Visit, command.visit_id, with_for_update=True)
    if visit is None or not principal.covers_region(visit.region_code):
        raise DomainError.single("visit_id", ErrorCode.NOT_FOUND, "No such visit.")
    errors = Errors()
    found = next((c for c in visit.checks if c["item"] == command.item.value), None)
    if visit.status is not VisitStatus.VISITED:
        errors.add("visit_id", ErrorCode.INVALID_TRANSITION, "The visit is not recorded yet.")
    elif found is None or found["status"] == CheckStatus.OK.value:
        errors.add("item", ErrorCode.INVALID, "This item was found OK: nothing to refer.")
    department = validation.text(
        errors, "department", command.department, max_length=100, required=False
    )
    validation.quantity(errors, "quantity", command.quantity)
    errors.raise_if_any()
    if await _referred(session, visit.id, command.item):
        raise DomainError.single("item", ErrorCode.DUPLICATE, "This finding was referred.")
    person = await session.get(Person, visit.person_id)
    assert person is not None and found is not None
    need = None
    if department is None:
        need = await _need(session, principal, command, visit, person, found)
    referral = FindingReferral(
        visit_id=visit.id,
        person_id=person.id,
        incident_id=visit.incident_id,
        region_code=visit.region_code,
        item=command.item,
        kind=ReferralKind.DEPARTMENT if department else ReferralKind.NEED,
        need_id=need.id if need else None,
        department=department,
        note=(command.note or "").strip() or None,
    )
    await audit.created(
        session,
        principal,
        "finding.referred",
        referral,
        region_code=visit.region_code,
        details={"item": command.item.value, "kind": referral.kind.value},
    )
    return need, referral


async def _referred(session: AsyncSession, visit_id: uuid.UUID, item: CheckItem) -> bool:
    stmt = select(FindingReferral.id).where(
        FindingReferral.visit_id == visit_id, FindingReferral.item == item
    )
    return await session.scalar(stmt.limit(1)) is not None


async def _need(
    session: AsyncSession,
    principal: Principal,
    command: ReferFinding,
    visit: Visit,
    person: Person,
    found: dict[str, str],
) -> Need:
    """The need, published through the one publishing use case: the person's county, one
    beneficiary of the person's special group, errors named as this input's."""
    group = GROUP_OF.get(person.category)
    note = found.get("note") or ""
    fields = needs.NeedFields(
        quantity=command.quantity or 1,
        urgency=URGENCY_OF[found["status"]],
        needed_by=utcnow() + NEEDED_WITHIN,
        description=f"巡查探访发现 {command.item.value} {found['status']}: {note}".strip(),
        beneficiary_count=1,
        special_groups=[group] if group else [],
    )
    publish = needs.PublishNeed(
        incident_id=visit.incident_id,
        region_code=visit.region_code,
        category_code=command.category_code or CATEGORY_OF[command.item],
        fields=fields,
        # Two persons of one village may need the same repair: each finding is its own need.
        confirm_duplicate=True,
    )
    need, _ = await needs.publish_need(session, principal, publish)
    return need


def visible_referrals(principal: Principal) -> Select[Any]:
    """Referrals of the office's jurisdiction (ADMIN: all)."""
    return policy.visible(principal, select(FindingReferral), region=FindingReferral.region_code)


@dataclass(frozen=True, slots=True)
class CloseFindingReferral:
    finding_referral_id: uuid.UUID
    answer: str


async def close_finding_referral(
    session: AsyncSession, principal: Principal, command: CloseFindingReferral
) -> FindingReferral:
    """The department answered a finding's referral: the office of jurisdiction records
    the answer and the referral is no longer open. A need's referral closes with its need,
    not by hand. Audited."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    referral = await session.get(FindingReferral, command.finding_referral_id, with_for_update=True)
    if referral is None or not principal.covers_region(referral.region_code):
        raise DomainError.single("finding_referral_id", ErrorCode.NOT_FOUND, "No such referral.")
    errors = Errors()
    answer = validation.text(errors, "answer", command.answer, max_length=2000)
    if referral.kind is ReferralKind.NEED:
        errors.add("finding_referral_id", ErrorCode.INVALID, "It closes when its need is met.")
    elif referral.closed_at is not None:
        errors.add("finding_referral_id", ErrorCode.INVALID_TRANSITION, "This referral is closed.")
    errors.raise_if_any()
    referral.answer = answer
    referral.closed_at = utcnow()
    referral.closed_by_id = principal.account_id
    audit.record(
        session,
        principal,
        "finding.referral_closed",
        referral,
        region_code=referral.region_code,
        details={"item": referral.item.value, "department": referral.department},
    )
    return referral
