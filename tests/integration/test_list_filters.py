"""Every list takes its narrowing as `filter:`; the older arguments still answer the same."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident

ROUNDS = """
query Rounds($filter: MatchingRoundFilter, $incidentId: ID) {
  byFilter: matchingRounds(filter: $filter) { totalCount edges { node { id status } } }
  byArgument: matchingRounds(incidentId: $incidentId) { totalCount edges { node { id } } }
}
"""


async def test_matching_rounds_are_narrowed_by_filter_as_by_the_older_argument(
    api: ApiClient,
) -> None:
    # given two incidents, a round asked for each
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    floods = [await flood_incident(api, office, [code]) for code in ("341503", "341502")]
    for incident in floods:
        asked = await api.mutate(
            "runMatching", MATCHING["RunMatching"], {"incidentId": incident}, office.token
        )
        assert asked["userErrors"] == [], asked
    # when the rounds of the first are read by filter and by the older argument
    read = await api.gql(ROUNDS, {"filter": {"incidentId": floods[0]}, "incidentId": floods[0]})
    # then both give the one round of that incident
    assert read["byFilter"]["totalCount"] == 1
    assert read["byFilter"]["edges"] == [
        {"node": {"id": read["byArgument"]["edges"][0]["node"]["id"], "status": "PENDING"}}
    ]


async def test_a_filter_with_a_wrong_id_names_its_field(api: ApiClient) -> None:
    # given an id of another type / when used as a matching round filter's incident
    response = await api.post(ROUNDS, {"filter": {"incidentId": "bm90LWFuLWlk"}})
    # then the list is refused with the field named, and nothing else breaks
    errors = response.json()["errors"]
    assert errors[0]["extensions"]["field"] == ["incidentId"]
