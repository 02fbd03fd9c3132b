"""An incident's visits start with it: when an office declares an incident, or adds a
county to one, the persons of the register there are given a visit round at once, due
within the default time, so nobody waits for someone to remember to plan one. Later
rounds are planned on demand (`rounds.plan_visit_round`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents import editing
from domain.incidents import services as incidents
from domain.incidents.blind_spots import incident_regions
from domain.incidents.model import Incident
from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.people.model import Person
from domain.visits import rounds


async def create_incident(
    session: AsyncSession, principal: Principal, command: incidents.CreateIncident
) -> Incident:
    """The office opens the incident; a round is planned if the register has persons in
    the counties it reaches."""
    incident = await incidents.create_incident(session, principal, command)
    await _plan_if_anyone(session, principal, incident, incident_regions(incident))
    return incident


async def update_incident(
    session: AsyncSession, principal: Principal, command: editing.UpdateIncident
) -> Incident:
    """The office edits the incident; the persons of the counties it now reaches for the
    first time are given a round."""
    incident = await editing.update_incident(session, principal, command)
    added = {
        county
        for code in command.add_region_codes or []
        if regions.get(code) is not None
        for county in regions.lowest_under(code)
    }
    counties = [code for code in incident_regions(incident) if code in added]
    await _plan_if_anyone(session, principal, incident, counties)
    return incident


async def _plan_if_anyone(
    session: AsyncSession, principal: Principal, incident: Incident, counties: list[str]
) -> None:
    """A round of the default time over the counties the office answers for, if the
    register has a person there not yet in a round of the incident."""
    counties = rounds.round_regions(principal, counties)
    if not counties:
        return
    waiting = await session.scalar(
        select(Person.id)
        .where(Person.region_code.in_(counties), rounds.not_in_a_round(incident.id))
        .limit(1)
    )
    if waiting is not None:
        await rounds.plan_visit_round(
            session,
            principal,
            rounds.PlanVisitRound(incident.id, rounds.DEFAULT_WITHIN_HOURS),
            counties=counties,
        )
