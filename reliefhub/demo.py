"""`reliefhub demo`: the Lu'an floods loaded through the domain's own use cases.

Everything is done as the people involved would do it: ADMIN creates the offices, the
offices review organizations, organizations post offers, offices publish needs (by the
partner sync, keyed by external ids), a matching round proposes allocations and the
charity accepts a few, so dispatches exist; one of them is delivered short
(reliefhub/demo_loop.py) and the periodic jobs run once. A second run finds the demo
there, finishes any round still pending and adds nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dispatch.model import Dispatch
from domain.incidents import services as incidents
from domain.incidents.model import Incident
from domain.kernel.auth.principal import ANONYMOUS, Principal
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.enums import (
    Hazard,
    MembershipDecision,
    ResponseLevel,
    ReviewDecision,
    Role,
    RoundStatus,
)
from domain.kernel.secrets_box import SecretBox
from domain.kernel.settings import Settings
from domain.matching.records import Allocation, MatchingRound
from domain.matching.round_runner import PROPOSAL_LIFETIME, execute_round
from domain.needs import services as needs
from domain.needs import sync as need_sync
from domain.needs.model import Need
from domain.offers import services as offers
from domain.offers.model import Offer
from domain.offers.reviews import review_provider
from domain.registry import accounts, offices, organizations, volunteers
from domain.registry.model import Account, Organization, Volunteer
from domain.volunteers import phone_codes
from reliefhub import demo_data as data
from reliefhub.demo_loop import accept_some, deliver_short, highlights, run_jobs, sign_in_as
from reliefhub.demo_people import load_people, people_highlights
from reliefhub.demo_people_data import HOTLINE_EMAIL
from reliefhub.demo_volunteering import deploy_some
from workers.jobs import Timings

OFFER_WINDOW = timedelta(days=21)


@dataclass
class DemoReport:
    loaded: bool  # False: the demo was there already
    counts: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # who -> a fresh bearer token
    highlights: list[str] = field(default_factory=list)  # what to look at


def _offer_fields(offer: data.DemoOffer, region_code: str, now: datetime) -> offers.OfferFields:
    seat = data.SEATS.get(region_code)
    radius = offer.radius_km is not None and seat is not None
    return offers.OfferFields(
        quantity=offer.quantity,
        available_from=now - timedelta(hours=1),
        available_until=now + OFFER_WINDOW,
        service_region_codes=list(offer.regions) or None,
        base_location=needs.Point(*seat) if radius and seat else None,
        max_travel_km=offer.radius_km if radius else None,
        skills=list(offer.skills),
        description=offer.description,
    )


async def _registry(session: AsyncSession, admin: Principal, now: datetime) -> Principal:
    """Offices, organizations, volunteers and offers; the prefecture's staff principal."""
    for office in data.OFFICES:
        created = await offices.create_office(
            session, admin, offices.CreateOffice(office.name, office.region_code)
        )
        cmd = accounts.CreateAccount(
            office.email, data.PASSWORD, Role.OFFICE_STAFF, created.id, f"{office.name}工作人员"
        )
        await accounts.create_account(session, admin, cmd)
    staff, _ = await sign_in_as(session, data.OFFICES[0].email)
    for number, org in enumerate(data.ORGANIZATIONS, start=1):
        registration = organizations.RegisterOrganization(
            name=org.name,
            kind=org.kind,
            uscc=data.uscc(number),
            region_code=org.region_code,
            contact_name=org.contact_name,
            contact_phone=org.phone,
            contact_email=org.email,
            admin_email=org.email,
            admin_password=data.PASSWORD,
        )
        organization, _ = await organizations.register_organization(
            session, ANONYMOUS, registration
        )
        if not org.verified:
            continue
        review = organizations.ReviewOrganization(
            organization_id=organization.id,
            decision=ReviewDecision.APPROVE,
            reason="演示：材料齐全",
        )
        await review_provider(session, staff, review)
        provider, _ = await sign_in_as(session, org.email)
        for offer in org.offers:
            fields = _offer_fields(offer, org.region_code, now)
            await offers.post_offer(
                session, provider, offers.PostOffer(offer.category_code, fields)
            )
    for person in data.VOLUNTEERS:
        organization_id = await session.scalar(
            select(Account.organization_id).where(Account.email == person.organization)
        )
        signup = volunteers.RegisterVolunteer(
            display_name=person.name,
            phone=person.phone,
            email=person.email,
            password=data.PASSWORD,
            region_code=person.region_code,
            skills=list(person.skills),
            organization_id=organization_id,
            # The demo's people consented and proved their phones when they joined.
            phone_code=await phone_codes.issue(session, f"+86{person.phone}"),
            consent_to_personal_data=True,
            birth_date=date(1988, 6, 1),
        )
        volunteer = await volunteers.register_volunteer(session, ANONYMOUS, signup)
        if person.organization:
            org_admin, _ = await sign_in_as(session, person.organization)
            await volunteers.review_membership(
                session,
                org_admin,
                volunteers.ReviewMembership(volunteer.id, MembershipDecision.APPROVE),
            )
        if person.offers:
            himself, _ = await sign_in_as(session, person.email)
            for offer in person.offers:
                fields = _offer_fields(offer, person.region_code, now)
                await offers.post_offer(
                    session, himself, offers.PostOffer(offer.category_code, fields)
                )
    return staff


async def _incident(session: AsyncSession, staff: Principal, now: datetime) -> None:
    incident = await incidents.create_incident(
        session,
        staff,
        incidents.CreateIncident(
            name=data.INCIDENT_NAME,
            hazard=Hazard.FLOOD,
            response_level=ResponseLevel.LEVEL_II,
            region_codes=data.AFFECTED,
            started_at=now - timedelta(days=3),
            description=data.INCIDENT_DESCRIPTION,
        ),
    )
    # Each office publishes the needs of its own jurisdiction, as a partner system would.
    county, _ = await sign_in_as(session, data.OFFICES[1].email)
    batches: dict[bool, list[need_sync.SyncedNeed]] = {True: [], False: []}
    for number, need in enumerate(data.NEEDS, start=1):
        fields = needs.NeedFields(
            quantity=need.quantity,
            urgency=need.urgency,
            needed_by=now + timedelta(days=need.days),
            description=need.description,
            location=needs.Point(*data.SEATS[need.region_code]),
            required_skills=list(need.skills),
            beneficiary_count=need.beneficiaries,
            special_groups=list(need.groups),
        )
        row = need_sync.SyncedNeed(
            f"{data.EXTERNAL_PREFIX}{number:03d}", need.region_code, need.category_code, fields
        )
        batches[need.region_code == data.OFFICES[1].region_code].append(row)
    await need_sync.sync_needs(session, county, need_sync.SyncNeeds(incident.id, batches[True]))
    await need_sync.sync_needs(session, staff, need_sync.SyncNeeds(incident.id, batches[False]))


async def _demo_incident(session: AsyncSession) -> uuid.UUID | None:
    return await session.scalar(select(Incident.id).where(Incident.name == data.INCIDENT_NAME))


async def _counts(session: AsyncSession, incident_id: uuid.UUID) -> dict[str, int]:
    async def count(statement: object) -> int:
        return int(await session.scalar(statement) or 0)  # type: ignore[call-overload]

    by_need = select(func.count(Allocation.id)).join(Need, Need.id == Allocation.need_id)
    return {
        "organizations": await count(select(func.count(Organization.id))),
        "volunteers": await count(select(func.count(Volunteer.id))),
        "offers": await count(select(func.count(Offer.id))),
        "needs": await count(select(func.count(Need.id)).where(Need.incident_id == incident_id)),
        "allocations": await count(by_need.where(Need.incident_id == incident_id)),
        "dispatches": await count(
            select(func.count(Dispatch.id))
            .join(Allocation, Allocation.id == Dispatch.allocation_id)
            .join(Need, Need.id == Allocation.need_id)
            .where(Need.incident_id == incident_id)
        ),
    }


async def _run_pending(db: Database, incident_id: uuid.UUID, lifetime: timedelta) -> None:
    """The embedded workers would run the incident's waiting rounds a little later; run
    them now, so the first look already shows proposals. A round the workers claim first
    is skipped here."""
    async with db.transaction() as session:
        pending = await session.scalars(
            select(MatchingRound.id)
            .where(
                MatchingRound.incident_id == incident_id,
                MatchingRound.status == RoundStatus.PENDING,
            )
            .order_by(MatchingRound.created_at)
        )
        round_ids = pending.all()
    for round_id in round_ids:
        await execute_round(db, round_id, lifetime=lifetime)


async def load_demo(
    db: Database,
    *,
    proposal_lifetime: timedelta = PROPOSAL_LIFETIME,
    timings: Timings | None = None,
    box: SecretBox | None = None,
) -> DemoReport:
    """Load the demo once; any later run only completes it and signs its accounts in."""
    now = utcnow()
    timings = timings or Timings()
    async with db.transaction() as session:
        incident_id = await _demo_incident(session)
        loaded = incident_id is None
        if loaded:
            admin = await accounts.authenticate(
                session, await accounts.bootstrap_admin_token(session)
            )
            assert admin is not None
            await _incident(session, await _registry(session, admin, now), now)
            incident_id = await _demo_incident(session)
            assert incident_id is not None
            # The register's numbers are sealed with the deployment's key.
            box = box or SecretBox.from_settings(Settings.from_env())
            await load_people(session, admin, incident_id, box)
    assert incident_id is not None
    await _run_pending(db, incident_id, proposal_lifetime)
    await accept_some(db, incident_id)
    await deploy_some(db, incident_id)
    await deliver_short(db, incident_id)
    # Completing short asked for a round: it runs now too, then the periodic jobs.
    await _run_pending(db, incident_id, proposal_lifetime)
    await run_jobs(db, timings)
    report = DemoReport(loaded)
    async with db.transaction() as session:
        report.counts = await _counts(session, incident_id)
        report.highlights = await highlights(session, incident_id, timings.blind_spot_after)
        report.highlights += await people_highlights(session, incident_id)
        report.tokens["ADMIN"] = await accounts.bootstrap_admin_token(session)
        for email in (data.OFFICES[0].email, data.ORGANIZATIONS[0].email):
            report.tokens[email] = (await sign_in_as(session, email))[1]
    return report


def describe(report: DemoReport) -> str:
    """What was loaded and how to sign in, for the terminal."""
    lines = [
        "Loaded the demo:" if report.loaded else "The demo is there already; nothing added:",
        "  " + ", ".join(f"{count} {what}" for what, count in report.counts.items()),
        "",
        f"Sign in (portal or signIn) with any of these; the password is {data.PASSWORD}",
    ]
    people = [(o.email, "OFFICE_STAFF", o.name) for o in data.OFFICES]
    people += [
        (o.email, "ORG_ADMIN", o.name + ("" if o.verified else " (PENDING review)"))
        for o in data.ORGANIZATIONS
    ]
    people += [(v.email, "VOLUNTEER", v.name) for v in data.VOLUNTEERS]
    people += [(HOTLINE_EMAIL, "HOTLINE_OPERATOR", "六安市民政局 求助热线")]
    lines += [f"  {email:32} {role:13} {name}" for email, role, name in people]
    if report.highlights:
        lines += ["", "What to look at in the incident (portal: sign in as the 六安市 office):"]
        lines += report.highlights
    lines += ["", "Bearer tokens for GraphiQL's Authorization header:"]
    lines += [f"  {who:32} {token}" for who, token in report.tokens.items()]
    return "\n".join(lines)
