"""A visitor of the register identifies the persons it is to visit, and of everyone else
reads the counts by category and region only: the world's volunteer visits the read
matrix's person of Yu'an; VISITOR_OTHER visits a person of Huoqiu."""

from __future__ import annotations

from tests.integration.documents import PEOPLE
from tests.security.people_targets import ELSEWHERE
from tests.security.world import HOME, World


async def _listed(world: World, role: str) -> set[str]:
    """The ids of the persons the role's people list shows, across the jurisdiction."""
    data = await world.api.gql(
        PEOPLE["People"], {"filter": {"regionCode": "341500"}, "first": 100}, world.tokens[role]
    )
    return {edge["node"]["id"] for edge in data["people"]["edges"]}


async def _counts(world: World, role: str, region_code: str) -> dict[str, int]:
    data = await world.api.gql(
        PEOPLE["PeopleCounts"], {"regionCode": region_code}, world.tokens[role]
    )
    return {row["category"]: row["count"] for row in data["peopleCounts"]}


async def test_a_visitor_not_assigned_to_a_person_reads_counts_not_who_they_are(
    world: World,
) -> None:
    # given the read matrix's person of Yu'an, visited by the world's volunteer, and the
    # other visitor's person of Huoqiu
    person, theirs = world.ids["PERSON"], world.ids["OTHER_PERSON"]
    record = "query Q($id: ID!) { node(id: $id) { ... on Person { name } } }"

    # when the other visitor lists the register, opens the person, and reads the counts
    listed = await _listed(world, "VISITOR_OTHER")
    opened = await world.api.gql(record, {"id": person}, world.tokens["VISITOR_OTHER"])
    counted = await _counts(world, "VISITOR_OTHER", HOME)

    # then it identifies its own person only: the person of Yu'an is not shown to it
    assert listed == {theirs}
    assert opened["node"] is None
    # but it reads how many persons of each category Yu'an has, as the office does
    office = await _counts(world, "OFFICE_STAFF_IN", HOME)
    assert counted == office and counted.get("LEFT_BEHIND_ELDERLY", 0) >= 1
    # and the world's volunteer, the person's visitor, identifies that person, not the
    # other visitor's
    assert person in await _listed(world, "VOLUNTEER")
    assert theirs not in await _listed(world, "VOLUNTEER")
    assert (await _counts(world, "VISITOR_OTHER", ELSEWHERE)) == {"LEFT_BEHIND_ELDERLY": 1}
