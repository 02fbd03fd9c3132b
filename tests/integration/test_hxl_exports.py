"""HXL exports, read back with libhxl: tags, sums and place codes a coordinator can trust."""

from __future__ import annotations

import io
from typing import Any

import httpx
import hxl

from domain.kernel import regions
from tests.client import ApiClient
from tests.steps.reports import ELDERS, ReportScene, report_scene

THREE_W = """query ThreeW($id: ID!) { node(id: $id) { ... on Incident {
  coverage { needed allocated delivered }
  threeW { allocated delivered rows { uscc } } } } }"""


async def hxl_export(api: ApiClient, s: ReportScene, report: str, token: str, **params: str) -> Any:
    """The export as libhxl reads it (UTF-8 behind the BOM); the rows cached for reuse."""
    response: httpx.Response = await api.http.get(
        f"/exports/incidents/{s.incident_id}/{report}.csv",
        params={"format": "hxl", **params},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    assert ".hxl.csv" in response.headers["content-disposition"]
    options = hxl.InputOptions(encoding="utf-8-sig")
    return hxl.data(io.BytesIO(response.content), options).cache()


def total(dataset: Any, tag: str) -> int:
    return sum(int(row.get(tag) or 0) for row in dataset)


def tags(dataset: Any) -> list[str]:
    return [column.display_tag for column in dataset.columns]


async def test_the_hxl_3w_sums_to_the_graphql_report_with_nested_place_codes(
    api: ApiClient,
) -> None:
    # given the scene, and the 3W as GraphQL gives it to the Lu'an office
    s = await report_scene(api)
    report = (await api.gql(THREE_W, {"id": s.incident_id}, s.luan.token))["node"]

    # when the office downloads the HXL 3W
    dataset = await hxl_export(api, s, "3w", s.luan.token)

    # then the standard hashtags are there, under the Chinese header row
    assert {
        "#adm1+code",
        "#adm2+code",
        "#adm3+code",
        "#org+impl",
        "#org+impl+code",
        "#sector+code",
        "#subsector+code",
        "#output+num+allocated",
        "#output+num+delivered",
        "#targeted",
        "#reached",
        "#date+start",
    } <= set(tags(dataset))
    assert dataset.columns[0].header == "省代码"
    # and the quantities sum to what GraphQL says, the USCCs are the same
    assert total(dataset, "#output+num+allocated") == report["threeW"]["allocated"] == 634
    assert total(dataset, "#output+num+delivered") == report["threeW"]["delivered"] == 25
    assert (total(dataset, "#targeted"), total(dataset, "#reached")) == (420, 120)
    uscc = {row.get("#org+impl+code") for row in dataset} - {None, ""}
    assert uscc == {r["uscc"] for r in report["threeW"]["rows"]} - {None}
    # and each county code sits under its prefecture and province
    for row in dataset:
        county = row.get("#adm3+code")
        assert row.get("#adm2+code") == county[:4] + "00"
        assert row.get("#adm1+code") == county[:2] + "0000"
        assert row.get("#adm3+name") == regions.get(county).name  # type: ignore[union-attr]
    # and libhxl's default schema finds nothing wrong (numbers are numbers, dates dates)
    assert hxl.schema().validate(dataset)


async def test_needs_offers_and_dispatches_export_as_valid_hxl(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)

    # when the office downloads needs, offers, dispatches and coverage of Yu'an as HXL
    needs = await hxl_export(api, s, "needs", s.luan.token)
    offers = await hxl_export(api, s, "offers", s.luan.token, regionCode="341503")
    dispatches = await hxl_export(api, s, "dispatches", s.luan.token)
    coverage = await hxl_export(api, s, "coverage", s.luan.token, regionCode="341503")

    # then needs carry people in need, urgency, status and the Chinese description
    assert {"#inneed", "#severity", "#status", "#date+deadline", "#description"} <= set(tags(needs))
    assert total(needs, "#inneed") == 420
    assert ELDERS in {row.get("#description") for row in needs}
    # offers name their provider (the volunteer only as VOLUNTEER) and their capacity
    assert {row.get("#org+impl") for row in offers} == {"六安市红十字会", "VOLUNTEER"}
    assert total(offers, "#capacity+num+committed") == 34
    # dispatches carry their code, status and quantities
    assert {row.get("#status") for row in dispatches} == {"DELIVERED", "ISSUED"}
    assert all(row.get("#activity+code").startswith("RH-") for row in dispatches)
    assert total(dispatches, "#output+num+delivered") == 25
    # coverage of Yu'an: 40 tents and 10 counselor-days needed, 120 people in need
    assert total(coverage, "#output+num+needed") == 50
    assert total(coverage, "#output+num+gap") == 16
    assert total(coverage, "#inneed") == 120
    for dataset in (needs, offers, dispatches, coverage):
        assert hxl.schema().validate(dataset)


async def test_a_provider_exports_only_its_own_dispatches(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)

    # when the rescue team downloads the dispatches and the 3W
    dispatches = await hxl_export(api, s, "dispatches", s.rescue_team.token)
    three_w = await hxl_export(api, s, "3w", s.rescue_team.token)

    # then it sees its 600 litres of water and nobody else's work
    assert [row.get("#org+impl") for row in dispatches] == ["裕安区蓝天救援队"]
    assert total(dispatches, "#output+num+allocated") == 600
    assert [row.get("#subsector+code") for row in three_w] == ["DRINKING_WATER"]
