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


INCIDENTS_IN = """
query IncidentsIn($regionCode: String!) {
  incidents(filter: {regionCode: $regionCode}) { totalCount nodes { id } }
}
"""


async def test_incidents_touching_a_region_are_those_over_it_under_it_or_beside_it_inside(
    api: ApiClient,
) -> None:
    # given incidents over the whole province, over Lu'an, over Yu'an district, and over
    # districts of Hefei and Lu'an together
    admin = await api.admin_token()
    anhui = await office_with_staff(api, admin, "340000", "安徽省民政厅")
    province, lu_an, yu_an, both = [
        await flood_incident(api, anhui, codes)
        for codes in (["340000"], ["341500"], ["341503"], ["340102", "341502"])
    ]
    expected = {
        "341503": {province, lu_an, yu_an},
        "341500": {province, lu_an, yu_an, both},
        "340100": {province, both},
        "341502": {province, lu_an, both},
        "340000": {province, lu_an, yu_an, both},
        "420000": set(),
    }
    for code, incidents in expected.items():
        # when anyone lists the incidents touching the region
        listed = (await api.gql(INCIDENTS_IN, {"regionCode": code}))["incidents"]
        # then they are the ones whose regions lie in its subtree or hold it
        assert {node["id"] for node in listed["nodes"]} == incidents, code
        assert listed["totalCount"] == len(incidents), code
    # and an unknown region is refused on the filter's field
    refused = (await api.post(INCIDENTS_IN, {"regionCode": "999999"})).json()["errors"][0]
    assert refused["extensions"] == {"code": "UNKNOWN_REGION", "field": ["regionCode"]}
