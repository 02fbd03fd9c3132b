"""County outlines over HTTP, as the portal's maps fetch them."""

from __future__ import annotations

import pytest

from tests.client import ApiClient

LU_AN = ["341502", "341503", "341504", "341522", "341523", "341524", "341525"]


async def test_a_prefecture_map_is_its_counties_small_and_cacheable(api: ApiClient) -> None:
    # when the portal asks for the counties under Lu'an
    response = await api.http.get("/maps/regions.geojson", params={"within": "341500"})

    # then it gets the seven counties, named, each with a point inside, in a few KB
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert [f["id"] for f in collection["features"]] == LU_AN
    huoqiu = collection["features"][3]["properties"]
    assert (huoqiu["name"], round(huoqiu["latitude"]), round(huoqiu["longitude"])) == (
        "霍邱县",
        32,
        116,
    )
    assert len(response.content) < 25_000

    # and asking again with its tag is answered "not modified", with no body
    again = await api.http.get(
        "/maps/regions.geojson",
        params={"within": "341500"},
        headers={"if-none-match": response.headers["etag"]},
    )
    assert (again.status_code, again.content) == (304, b"")


async def test_codes_and_several_regions_may_be_named(api: ApiClient) -> None:
    response = await api.http.get(
        "/maps/regions.geojson", params={"codes": "341522,110101", "within": "341500"}
    )
    ids = [f["id"] for f in response.json()["features"]]
    assert ids == ["110101", *LU_AN]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "codes"),
        ({"codes": "999999"}, "codes"),
        ({"codes": "abc"}, "codes"),
        ({"within": "999999"}, "within"),
        ({"within": "340000,440000,510000"}, "codes"),  # over 300 counties
    ],
)
async def test_bad_requests_are_named_400s(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    response = await api.http.get("/maps/regions.geojson", params=params)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == [field]
