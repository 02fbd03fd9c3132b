"""Bugs the fuzzer found, each kept found."""

from __future__ import annotations

from tests.client import ApiClient
from tests.steps.registry import office_with_staff
from tests.steps.relief import flood_incident

INCIDENTS_IN = """
query IncidentsIn($regionCode: String!, $first: Int) {
  incidents(first: $first, filter: {regionCode: $regionCode}) {
    totalCount
    nodes { name regions { code } }
  }
}
"""


async def test_incidents_filtered_by_region_are_listed(api: ApiClient) -> None:
    # given a flood in Lu'an's Yu'an district and another in Hefei
    admin = await api.admin_token()
    lu_an = await office_with_staff(api, admin, "341500", "六安市民政局")
    hefei = await office_with_staff(api, admin, "340100", "合肥市民政局")
    await flood_incident(api, lu_an, ["341503"])
    await flood_incident(api, hefei, ["340102"])
    # when anyone lists the incidents touching Lu'an (once crashed: a root resolver used `self`)
    listed = (await api.gql(INCIDENTS_IN, {"regionCode": "341500", "first": 0}))["incidents"]
    found = (await api.gql(INCIDENTS_IN, {"regionCode": "341500"}))["incidents"]
    # then the Lu'an flood is there and the Hefei one is not
    assert listed == {"totalCount": 1, "nodes": []}
    assert [[r["code"] for r in node["regions"]] for node in found["nodes"]] == [["341503"]]
