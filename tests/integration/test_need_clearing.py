"""updateNeed empties a need's optional fields when asked by name: null leaves a field as
it is, so an office clears a location, a description or a beneficiary count with
`clear`."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.steps.registry import codes, row_counts
from tests.steps.relief import lu_an_flood, published_need

UPDATE = """mutation UpdateNeed($input: UpdateNeedInput!) { updateNeed(input: $input) {
  need { id description location { latitude } beneficiaries { count specialGroups } }
  userErrors { field code } } }"""
READ = """query Need($id: ID!) { node(id: $id) { ... on Need {
  description location { latitude longitude } beneficiaries { count } } } }"""
DUSHAN = {"latitude": 31.6512, "longitude": 116.3817}


async def _scene(api: ApiClient) -> tuple[str, str]:
    """(the office's token, a need with a point, a description and a beneficiary count)."""
    _, office, incident = await lu_an_flood(api)
    need = await published_need(
        api,
        office.token,
        incident,
        location=DUSHAN,
        description="独山镇安置点",
        beneficiaries={"count": 120},
    )
    return office.token, need


async def _update(api: ApiClient, token: str, values: dict[str, Any]) -> dict[str, Any]:
    return await api.mutate("updateNeed", UPDATE, values, token)


async def test_null_leaves_the_fields_and_clear_empties_them(api: ApiClient) -> None:
    # given a need with a point, a description and a beneficiary count
    token, need = await _scene(api)

    # when the office saves it with those fields null / then they stay
    kept = await _update(
        api, token, {"needId": need, "location": None, "description": None, "quantity": 600}
    )
    assert kept["userErrors"] == [], kept
    assert kept["need"]["location"] == {"latitude": DUSHAN["latitude"]}
    assert kept["need"]["description"] == "独山镇安置点"

    # when it asks to clear all three
    cleared = await _update(
        api, token, {"needId": need, "clear": ["LOCATION", "DESCRIPTION", "BENEFICIARY_COUNT"]}
    )

    # then the need has no point (its county's centre), no description and no count
    assert cleared["userErrors"] == [], cleared
    read = (await api.gql(READ, {"id": need}, token))["node"]
    assert read == {"description": None, "location": None, "beneficiaries": {"count": None}}


async def test_an_empty_description_clears_it_too(api: ApiClient) -> None:
    token, need = await _scene(api)
    # when the office sends an empty description / then it is gone, the rest stays
    payload = await _update(api, token, {"needId": need, "description": ""})
    assert payload["userErrors"] == [], payload
    assert payload["need"]["description"] is None
    assert payload["need"]["beneficiaries"]["count"] == 120


async def test_a_field_both_set_and_cleared_is_refused_and_nothing_is_written(
    api: ApiClient,
) -> None:
    # given the need
    token, need = await _scene(api)
    before = await row_counts(api)

    # when an update both moves the point and clears it
    payload = await _update(
        api,
        token,
        {"needId": need, "location": {"latitude": 31.7, "longitude": 116.4}, "clear": ["LOCATION"]},
    )

    # then it is refused on `clear`, and the need keeps its point
    assert codes(payload) == [(["clear"], "INVALID")]
    assert payload["need"] is None
    assert await row_counts(api) == before
    read = (await api.gql(READ, {"id": need}, token))["node"]
    assert read["location"] == DUSHAN
