"""The demo's people, loaded through the domain's use cases as the people involved act.

The two county registers (霍邱县 by its own office, 裕安区 by the prefecture's), a visit
round the prefecture's office planned and its visitors half recorded, with the findings
acted on; and the hotline's calls of the first days, each worked as far as its stage
says. Runs in the demo's first transaction, so a second run finds it there."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.helprequests import claims, outcomes
from domain.helprequests import services as helprequests
from domain.helprequests.model import HelpRequest, HelpRequestStatus
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.enums import Role
from domain.kernel.secrets_box import SecretBox
from domain.people import services as register
from domain.people.model import Person
from domain.registry import accounts
from domain.registry.model import Account, Volunteer
from domain.visits import findings, records, rounds
from domain.visits.model import CheckItem, CheckStatus, Visit, VisitStatus
from reliefhub import demo_data as data
from reliefhub import demo_people_data as people
from reliefhub.demo_loop import sign_in_as

NEEDED_WITHIN = timedelta(days=2)


async def load_people(
    session: AsyncSession, admin: Principal, incident_id: uuid.UUID, box: SecretBox
) -> None:
    prefecture, _ = await sign_in_as(session, data.OFFICES[0].email)
    operator = accounts.CreateAccount(
        people.HOTLINE_EMAIL,
        data.PASSWORD,
        Role.HOTLINE_OPERATOR,
        prefecture.office_id,
        "六安市12345热线接线员",
    )
    await accounts.create_account(session, admin, operator)
    await _register(session, prefecture, box)
    await _visit_round(session, prefecture, incident_id)
    hotline, _ = await sign_in_as(session, people.HOTLINE_EMAIL)
    await _calls(session, hotline, prefecture, incident_id)


async def _register(session: AsyncSession, prefecture: Principal, box: SecretBox) -> None:
    county, _ = await sign_in_as(session, data.OFFICES[1].email)
    for person in people.PEOPLE:
        office = county if person.region_code == data.OFFICES[1].region_code else prefecture
        fields = register.PersonFields(
            category=person.category,
            name=person.name,
            id_number=person.id_number,
            phone=person.phone,
            address=person.address,
            guardian_name=person.guardian_name,
            guardian_phone=person.guardian_phone,
            notes=person.notes,
        )
        await register.register_person(
            session, office, register.RegisterPerson(person.region_code, fields), box=box
        )
    await session.flush()


async def _visitor(session: AsyncSession, visit: Visit, known: dict[str, Principal]) -> Principal:
    """Who records the visit: the account it was given to, else the organization's
    administrator or the volunteer it was given to."""
    stmt = select(Account.email)
    if visit.visitor_account_id is not None:
        stmt = stmt.where(Account.id == visit.visitor_account_id)
    elif visit.organization_id is not None:
        stmt = stmt.where(
            Account.organization_id == visit.organization_id, Account.role == Role.ORG_ADMIN
        )
    else:
        stmt = stmt.join(Volunteer, Volunteer.account_id == Account.id).where(
            Volunteer.id == visit.volunteer_id
        )
    email = await session.scalar(stmt.order_by(Account.created_at).limit(1))
    assert email is not None, "a demo visit with no visitor"
    if email not in known:
        known[email] = (await sign_in_as(session, email))[0]
    return known[email]


async def _visit_round(session: AsyncSession, office: Principal, incident_id: uuid.UUID) -> None:
    planned = await rounds.plan_visit_round(
        session, office, rounds.PlanVisitRound(incident_id, within_hours=72)
    )
    visits = (
        await session.scalars(
            select(Visit).where(Visit.round_id == planned.id).order_by(Visit.created_at)
        )
    ).all()
    known: dict[str, Principal] = {}
    now = utcnow()
    recorded: dict[int, Visit] = {}
    for number, visit in enumerate(visits[: people.VISITS_RECORDED]):
        visitor = await _visitor(session, visit, known)
        found = people.FINDINGS_AT.get(number, {})
        checks = [
            records.Check(
                item,
                CheckStatus(found[item.value][0]) if item.value in found else CheckStatus.OK,
                found[item.value][1] if item.value in found else None,
            )
            for item in CheckItem
        ]
        reason = people.NOT_FOUND_AT.get(number)
        command = records.RecordVisit(
            visit_id=visit.id,
            client_id=f"demo-visit-{number:03d}",
            outcome=VisitStatus.NOT_FOUND if reason else VisitStatus.VISITED,
            checks=[] if reason else checks,
            actions="已告知救助热线和村委会联系人" if found else None,
            not_found_reason=reason,
            visited_at=now - timedelta(hours=20) + timedelta(minutes=30 * number),
        )
        recorded[number] = await records.record_visit(session, visitor, command)
    await session.flush()
    number, item = people.REFERRED_TO_NEED
    refer = findings.ReferFinding(recorded[number].id, CheckItem(item), note="请尽快安排修缮")
    await findings.refer_finding(session, office, refer)
    number, item, department, note = people.REFERRED_TO_DEPARTMENT
    refer = findings.ReferFinding(
        recorded[number].id, CheckItem(item), department=department, note=note
    )
    await findings.refer_finding(session, office, refer)


async def _calls(
    session: AsyncSession, hotline: Principal, staff: Principal, incident_id: uuid.UUID
) -> None:
    """The operator takes every call; the need is the office's to publish, so the operator
    hands that one over once triaged."""
    taken: dict[str, HelpRequest] = {}
    for call in people.CALLS:
        request = await helprequests.submit_help_request(
            session,
            hotline,
            helprequests.SubmitHelpRequest(
                requester_name=call.name,
                phone=call.phone,
                region_code=call.region_code,
                address=call.address,
                people_count=call.people,
                category_codes=list(call.categories),
                description=call.description,
            ),
        )
        await session.flush()
        first = taken.setdefault(call.phone, request)
        if call.stage == "received":
            continue
        triage = outcomes.TriageHelpRequest(request.id, call.urgency, incident_id=incident_id)
        await outcomes.triage_help_request(session, hotline, triage)
        if call.stage == "triaged":
            continue
        if call.stage == "need":
            await claims.release_help_request(
                session, hotline, claims.ReleaseHelpRequest(request.id)
            )
            convert = outcomes.ConvertHelpRequestToNeed(
                request.id, incident_id, call.categories[0], call.people * 10,
                utcnow() + NEEDED_WITHIN,
            )  # fmt: skip
            await outcomes.convert_to_need(session, staff, convert)
            continue
        if call.outcome == "referral":
            assert call.department is not None
            refer = outcomes.ReferHelpRequest(request.id, call.department, "已转乡镇民政办评估")
            await outcomes.refer_help_request(session, hotline, refer)
        elif call.outcome == "answered":
            answer = outcomes.AnswerHelpRequest(request.id, "已告知就近安置点和物资发放点")
            await outcomes.answer_help_request(session, hotline, answer)
        elif call.outcome == "duplicate":
            same = outcomes.MarkHelpRequestDuplicate(request.id, first.id, "同一户再次来电")
            await outcomes.mark_duplicate(session, hotline, same)
        if call.stage == "closed":
            back = outcomes.CloseHelpRequest(request.id, "已回访：求助人确认已知悉处理结果")
            await outcomes.close_help_request(session, hotline, back)


async def people_highlights(session: AsyncSession, incident_id: uuid.UUID) -> list[str]:
    """What the demo shows of people, for the terminal."""
    registered = await session.scalar(select(func.count(Person.id)))
    if not registered:
        return []
    visits = dict(
        (status, count)
        for status, count in await session.execute(
            select(Visit.status, func.count(Visit.id))
            .where(Visit.incident_id == incident_id)
            .group_by(Visit.status)
        )
    )
    requests = dict(
        (status, count)
        for status, count in await session.execute(
            select(HelpRequest.status, func.count(HelpRequest.id)).group_by(HelpRequest.status)
        )
    )
    done = visits.get(VisitStatus.VISITED, 0) + visits.get(VisitStatus.NOT_FOUND, 0)
    return [
        f"  the special-groups register: {registered} people in 霍邱县 and 裕安区 "
        "(#/office/people)",
        f"  a visit round: {done} of {sum(visits.values())} visits recorded, findings AT_RISK "
        "and NOT_OK, one a HOUSE_REPAIR need (the incident's visits page)",
        "  the hotline: "
        + ", ".join(
            f"{count} {status.value}"
            for status, count in sorted(
                requests.items(), key=lambda row: list(HelpRequestStatus).index(row[0])
            )
        )
        + f" help requests (#/hotline/queue, signed in as {people.HOTLINE_EMAIL})",
    ]
