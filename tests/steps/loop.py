"""Loop steps: the incident's waiting rounds run, proposals read, a need's standing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.kernel.enums import RoundStatus
from domain.kernel.global_ids import from_global_id
from domain.matching.records import MatchingRound
from domain.matching.round_runner import execute_round
from tests.client import ApiClient
from tests.integration.documents import LOOP, MATCHING

DOCUMENTS = {**MATCHING, **LOOP}
PROPOSALS = """query Proposals($incidentId: ID!) {
  allocations(first: 50, filter: { incidentId: $incidentId, status: PROPOSED }) {
    nodes { id quantity source need { id } offer { id } } } }"""
ROUNDS = """query Rounds($incidentId: ID!) {
  matchingRounds(incidentId: $incidentId) { nodes { status trigger } } }"""


def _raw(global_id: str) -> Any:
    decoded = from_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[1]


async def waiting(api: ApiClient, incident: str, token: str) -> list[str]:
    """The triggers of the incident's rounds still PENDING, as its office reads them."""
    rounds = await api.gql(ROUNDS, {"incidentId": incident}, token)
    return [r["trigger"] for r in rounds["matchingRounds"]["nodes"] if r["status"] == "PENDING"]


async def run_waiting(api: ApiClient, incident: str, *, shared: bool = False) -> None:
    """Run the incident's PENDING rounds now, as the workers do once the debounce is over.
    `shared`: a running server's own workers may take a round first (None), as they would."""
    async with api.db.transaction() as session:
        ids = (
            await session.scalars(
                select(MatchingRound.id).where(
                    MatchingRound.incident_id == _raw(incident),
                    MatchingRound.status == RoundStatus.PENDING,
                )
            )
        ).all()
    for round_id in ids:
        ran = await execute_round(api.db, round_id)
        assert ran is RoundStatus.FINISHED or (shared and ran is None), ran


async def proposals(api: ApiClient, incident: str, token: str) -> list[dict[str, Any]]:
    """The incident's PROPOSED allocations `token` may see."""
    found = await api.gql(PROPOSALS, {"incidentId": incident}, token)
    return list(found["allocations"]["nodes"])


async def matched(api: ApiClient, incident: str, token: str) -> list[dict[str, Any]]:
    """Every waiting round run; then the proposals the office sees."""
    await run_waiting(api, incident)
    return await proposals(api, incident, token)


async def standing(api: ApiClient, need: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, message) of the need's shortfall reasons, read by anyone."""
    document = DOCUMENTS["NeedStanding"]
    if language:
        document = document.replace(
            "shortfallReasons {", f"shortfallReasons(language: {language}) {{"
        )
    node = (await api.gql(document, {"id": need}))["node"]
    return [(r["code"], r["message"]) for r in node["shortfallReasons"]]


async def send(api: ApiClient, name: str, values: dict[str, Any], token: str) -> dict[str, Any]:
    """The payload of the documented operation `name` (its field is the payload's)."""
    document = DOCUMENTS[name]
    field = document.split("{", 2)[1].split("(")[0].strip()
    return await api.mutate(field, document, values, token)
