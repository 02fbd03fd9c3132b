"""One definition of a gap, everywhere: for the same need at the same moment, the office's
page, the public page, GraphQL, the CSV/HXL downloads and the 3W give the same shortfall."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from tests.client import ApiClient
from tests.integration.documents import DISPATCH, LOOP
from tests.steps.registry import row_counts
from tests.steps.relief import dispatch_scene, pledged, published_need

STATIC = Path(__file__).resolve().parents[2] / "api" / "portal" / "static" / "js"
INCIDENT_OF = """query IncidentOf($id: ID!) { node(id: $id) { ... on Need { incidentId } } }"""
THREE_W = """query ThreeW($id: ID!) { node(id: $id) { ... on Incident {
  threeW { gaps { regionCode categoryCode unit shortfall } } } } }"""


def portal_document(module: str, name: str) -> str:
    """The GraphQL document the portal's module sends as `name`, read from its source."""
    source = (STATIC / module).read_text(encoding="utf-8")
    found = re.search(rf"const {name} = `([^`]*)`", source)
    assert found, (module, name)
    return found.group(1)


async def csv_rows(api: ApiClient, incident: str, report: str, token: str) -> list[dict[str, str]]:
    response = await api.http.get(
        f"/exports/incidents/{incident}/{report}.csv", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def by_id(nodes: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(n for n in nodes if n["id"] == ident)


def gap_of(nodes: list[dict[str, Any]], ident: str) -> int:
    """The need's shortfall in a list of gaps: absent from it, it has none."""
    return next((n["shortfall"] for n in nodes if n["id"] == ident), 0)


async def every_shortfall(api: ApiClient, token: str, incident: str, need: str) -> dict[str, int]:
    """The need's shortfall as each place an office or the public reads shows it."""
    office_page = await api.gql(
        portal_document("coverage.js", "GAPS"), {"id": incident, "first": 100}, token
    )
    public_page = await api.gql(
        portal_document("pages/public.js", "NEEDS"),
        {"filter": {"incidentId": incident}, "first": 100},
    )
    gaps = await api.gql(LOOP["IncidentGaps"], {"id": incident, "first": 100})
    standing = await api.gql(LOOP["NeedStanding"], {"id": need})
    needs_csv = await csv_rows(api, incident, "needs", token)
    coverage_csv = await csv_rows(api, incident, "coverage", token)
    three_w = (await api.gql(THREE_W, {"id": incident}, token))["node"]["threeW"]["gaps"]
    here = ("341503", "TENTS")
    tents_341503 = [g for g in three_w if (g["regionCode"], g["categoryCode"]) == here]
    cell = [r for r in coverage_csv if (r["县代码"], r["类别代码"]) == here]
    return {
        "office page": gap_of(office_page["node"]["coverage"]["gaps"]["nodes"], need),
        "public page": by_id(public_page["needs"]["nodes"], need)["shortfall"],
        "gaps": gap_of([e["node"] for e in gaps["node"]["coverage"]["gaps"]["edges"]], need),
        "need": standing["node"]["shortfall"],
        "needs csv": int(next(r for r in needs_csv if r["需求编号"] == need)["缺口"]),
        "coverage csv": int(cell[0]["缺口"]) if cell else 0,
        "3w": tents_341503[0]["shortfall"] if tents_341503 else 0,
    }


async def test_every_page_and_export_gives_the_same_shortfall_at_every_step(
    api: ApiClient,
) -> None:
    # given 40 tents needed in Yu'an and dispatched, and another need of water there
    s = await dispatch_scene(api)
    incident = (await api.gql(INCIDENT_OF, {"id": s.need_id}))["node"]["incidentId"]
    await published_need(api, s.office.token, incident, urgency="CRITICAL", quantity=300)

    async def expect(shortfall: int) -> None:
        found = await every_shortfall(api, s.office.token, incident, s.need_id)
        assert set(found.values()) == {shortfall}, found

    # then while the 40 are on their way nothing is short, anywhere
    await expect(0)

    # when the charity sets out and delivers 25, unconfirmed: all places say 25 short
    for status in ("ACKNOWLEDGED", "EN_ROUTE"):
        await api.mutate(
            "updateDispatchStatus",
            DISPATCH["UpdateDispatchStatus"],
            {"dispatchId": s.dispatch_id, "status": status},
            s.charity.token,
        )
    delivered = await api.mutate(
        "recordDelivery",
        LOOP["RecordDelivery"],
        {"dispatchId": s.dispatch_id, "quantity": 25},
        s.charity.token,
    )
    assert delivered["userErrors"] == []
    await expect(25)

    # when the office confirms 20 of them, 5 lost on the road: 5 short
    before = await row_counts(api)
    confirmed = await api.mutate(
        "confirmReceipt",
        LOOP["ConfirmReceipt"],
        {"dispatchId": s.dispatch_id, "quantityReceived": 20, "note": "5 顶被水冲走"},
        s.office.token,
    )
    assert confirmed["userErrors"] == [] and (await row_counts(api))["receipts"] == (
        before["receipts"] + 1
    )
    await expect(5)

    # when the charity completes without the 15 it never delivered: 20 short
    await api.gql(
        LOOP["CompleteDispatch"],
        {"dispatchId": s.dispatch_id, "capacityGone": False},
        s.charity.token,
    )
    await expect(20)


async def test_gaps_list_every_short_need_most_urgent_first_with_shares_per_unit(
    api: ApiClient,
) -> None:
    # given a critical need of 300 litres 95 % pledged, tents 50 % pledged (HIGH),
    # counseling fully pledged (MEDIUM) and 10 sets of bedding nobody pledged (LOW)
    s = await dispatch_scene(api, pledge=20)  # 40 tents, HIGH, 20 pledged
    incident = (await api.gql(INCIDENT_OF, {"id": s.need_id}))["node"]["incidentId"]
    office = s.office.token
    water = await published_need(api, office, incident, urgency="CRITICAL", quantity=300)
    talk = await published_need(
        api, office, incident, categoryCode="PSYCHOLOGICAL_SUPPORT", quantity=6, urgency="MEDIUM"
    )
    low = await published_need(
        api, office, incident, categoryCode="BEDDING", quantity=10, urgency="LOW"
    )
    await pledged(api, s.other.token, water, "DRINKING_WATER", 285, quantity=300)
    await pledged(api, s.other.token, talk, "PSYCHOLOGICAL_SUPPORT", 6, quantity=6)

    # when anyone reads the gaps two at a time
    first = (await api.gql(LOOP["IncidentGaps"], {"id": incident, "first": 2}))["node"]
    gaps = first["coverage"]["gaps"]
    after = gaps["pageInfo"]["endCursor"]
    second = (await api.gql(LOOP["IncidentGaps"], {"id": incident, "first": 2, "after": after}))[
        "node"
    ]["coverage"]["gaps"]

    # then every short need is listed, partly covered ones too: critical first though
    # only 5 % short, then HIGH, then LOW; the fully pledged counseling is no gap
    listed = [(e["node"]["id"], e["node"]["shortfall"]) for e in gaps["edges"] + second["edges"]]
    assert listed == [(water, 15), (s.need_id, 20), (low, 10)]
    assert gaps["totalCount"] == 3 and second["pageInfo"]["hasNextPage"] is False
    # and each category keeps its own unit; across them, only shares
    coverage = first["coverage"]
    assert {
        (c["categoryCode"], c["unit"], c["needed"], c["allocated"], c["shortfall"])
        for c in coverage["byCategory"]
    } == {
        ("DRINKING_WATER", "litres", 300, 285, 15),
        ("TENTS", "pieces", 40, 20, 20),
        ("BEDDING", "sets", 10, 0, 10),
        ("PSYCHOLOGICAL_SUPPORT", "counselor-days", 6, 6, 0),
    }
    assert coverage["fullyCoveredShare"] == 0.25
    # CRITICAL 8 × 95 % + HIGH 4 × 50 % + MEDIUM 2 × 100 % + LOW 1 × 0 %, over 15
    assert abs(coverage["weightedCoveredShare"] - (8 * 0.95 + 4 * 0.5 + 2) / 15) < 1e-9

    # when a cursor is not one of this list / then it is an INVALID error on after
    broken = await api.post(LOOP["IncidentGaps"], {"id": incident, "after": "nonsense"})
    assert broken.json()["errors"][0]["extensions"]["code"] == "INVALID"
