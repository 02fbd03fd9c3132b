"""What the read matrix looks for in full of the world's volunteer beyond their sign-up:
the consent times as they read them of themselves, their home's latitude, and their
account's id."""

from __future__ import annotations

from tests.security.world import HOME_POINT, World


async def world_volunteer_values(world: World) -> None:
    read = await world.api.gql(
        "query Q($id: ID!) { viewer { id } node(id: $id) { ... on Volunteer { "
        "consentedAt guardianConsentedAt } } }",
        {"id": world.ids["VOLUNTEER"]},
        world.tokens["VOLUNTEER"],
    )
    world.ids["ACCOUNT_VOLUNTEER"] = read["viewer"]["id"]
    world.values["VOLUNTEER_CONSENTED_AT"] = read["node"]["consentedAt"]
    world.values["VOLUNTEER_GUARDIAN_CONSENTED_AT"] = read["node"]["guardianConsentedAt"]
    world.values["VOLUNTEER_HOME_LATITUDE"] = str(HOME_POINT["latitude"])
    assert all(world.values.values()), world.values
