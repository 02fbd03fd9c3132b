"""The 3W and coverage reports: GraphQL, CSV downloads, and who sees which rows."""

from __future__ import annotations

import csv
import io
import uuid

import httpx

from domain.kernel.global_ids import to_global_id
from tests.client import ApiClient
from tests.steps.registry import PASSWORD
from tests.steps.relief import flood_incident
from tests.steps.reports import ELDERS, report_scene

REPORT = """query Report($id: ID!, $region: String) { node(id: $id) { ... on Incident {
  coverage(regionCode: $region) { needed allocated delivered gaps { totalCount } }
  threeW(regionCode: $region) { allocated delivered gaps { categoryCode unit shortfall } rows {
    organizationName uscc providerKind categoryCode regionCode allocated delivered needCount
    peopleTargeted peopleReached } }
} } }"""
SIGN_IN = """mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }"""


def rows_of(report: dict) -> set[tuple]:
    """(who, what, where, allocated, delivered) of each 3W row."""
    return {
        (r["organizationName"], r["categoryCode"], r["regionCode"], r["allocated"], r["delivered"])
        for r in report["threeW"]["rows"]
    }


async def download(
    api: ApiClient, incident: str, report: str, token: str | None = None, **params: str
) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await api.http.get(
        f"/exports/incidents/{incident}/{report}.csv", params=params, headers=headers
    )


def parse_csv(response: httpx.Response) -> list[dict[str, str]]:
    """The rows of a downloaded CSV, read as Excel would: UTF-8 announced by its BOM."""
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_the_3w_names_who_does_what_where_and_agrees_with_coverage(api: ApiClient) -> None:
    # given tents, water and counseling given by a charity, a rescue team and a volunteer
    s = await report_scene(api)

    # when the Lu'an office reads the report for the whole incident and for Yu'an only
    whole = (await api.gql(REPORT, {"id": s.incident_id}, s.luan.token))["node"]
    yuan = (await api.gql(REPORT, {"id": s.incident_id, "region": "341503"}, s.luan.token))["node"]

    # then every provider has its row, the volunteer unnamed, and the sums match coverage
    assert rows_of(whole) == {
        ("六安市红十字会", "TENTS", "341503", 30, 25),
        ("裕安区蓝天救援队", "DRINKING_WATER", "341502", 600, 0),
        (None, "PSYCHOLOGICAL_SUPPORT", "341503", 4, 0),
    }
    volunteer = next(r for r in whole["threeW"]["rows"] if r["organizationName"] is None)
    assert (volunteer["providerKind"], volunteer["uscc"]) == ("VOLUNTEER", None)
    assert whole["threeW"]["allocated"] == whole["coverage"]["allocated"] == 634
    assert whole["threeW"]["delivered"] == whole["coverage"]["delivered"] == 25
    # and people: the 120 at the tents' site are reached, the 300 awaiting water targeted
    people = {
        r["categoryCode"]: (r["peopleTargeted"], r["peopleReached"])
        for r in whole["threeW"]["rows"]
    }
    assert people == {
        "TENTS": (120, 120),
        "DRINKING_WATER": (300, 0),
        "PSYCHOLOGICAL_SUPPORT": (0, 0),
    }
    # and the region keeps Yu'an's rows only, coverage and gaps alike
    assert rows_of(yuan) == {
        ("六安市红十字会", "TENTS", "341503", 30, 25),
        (None, "PSYCHOLOGICAL_SUPPORT", "341503", 4, 0),
    }
    assert yuan["coverage"]["needed"] == 50 and yuan["threeW"]["allocated"] == 34
    # and Yu'an's two needs are both still short: 10 tents never allocated, 6 counselor-days
    assert yuan["coverage"]["gaps"]["totalCount"] == 2
    assert {(g["categoryCode"], g["unit"], g["shortfall"]) for g in yuan["threeW"]["gaps"]} == {
        ("TENTS", "pieces", 10),
        ("PSYCHOLOGICAL_SUPPORT", "counselor-days", 6),
    }


async def test_each_viewer_sees_the_3w_rows_the_allocations_query_shows_them(
    api: ApiClient,
) -> None:
    # given the scene
    s = await report_scene(api)
    ident = {"id": s.incident_id}

    # when ADMIN, a stranger office, the Red Cross and an anonymous caller ask
    admin = (await api.gql(REPORT, ident, s.admin))["node"]
    hefei = (await api.gql(REPORT, ident, s.hefei.token))["node"]
    red_cross = (await api.gql(REPORT, ident, s.red_cross.token))["node"]
    anonymous = (await api.post(REPORT, ident)).json()

    # then ADMIN sees all, Hefei none (outside its jurisdiction), the Red Cross its own
    assert len(rows_of(admin)) == 3
    assert rows_of(hefei) == set() and hefei["threeW"]["allocated"] == 0
    assert rows_of(red_cross) == {("六安市红十字会", "TENTS", "341503", 30, 25)}
    # while coverage stays public, and the anonymous 3W is refused with a code
    assert hefei["coverage"]["allocated"] == 634
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert anonymous["data"]["node"]["threeW"] is None
    assert anonymous["data"]["node"]["coverage"]["allocated"] == 634


async def test_an_unknown_region_is_refused_naming_regionCode(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)

    # when the office asks for a region code GB/T 2260 does not have
    body = (await api.post(REPORT, {"id": s.incident_id, "region": "349999"}, s.luan.token)).json()
    csv_answer = await download(api, s.incident_id, "coverage", regionCode="349999")

    # then both answers name the field and the code; nothing is a server error
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNKNOWN_REGION"}
    assert body["errors"][0]["extensions"]["field"] == ["regionCode"]
    assert csv_answer.status_code == 400
    assert csv_answer.json()["errors"][0] == {
        "field": ["regionCode"],
        "message": "Unknown region 349999.",
        "code": "UNKNOWN_REGION",
    }


async def test_csv_downloads_keep_chinese_for_excel(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)

    # when the office downloads the 3W of Yu'an and the needs
    three_w = await download(api, s.incident_id, "3w", s.luan.token, regionCode="341503")
    needs = await download(api, s.incident_id, "needs", s.luan.token)

    # then they are attachments of UTF-8 CSV with a BOM, Chinese intact
    assert three_w.status_code == 200
    assert three_w.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = three_w.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "-3w-341503.csv" in disposition
    rows = parse_csv(three_w)
    assert {(r["提供方"], r["县"], r["已分配"], r["已送达"]) for r in rows} == {
        ("六安市红十字会", "裕安区", "30", "25"),
        ("VOLUNTEER", "裕安区", "4", "0"),
    }
    described = {r["类别代码"]: r["说明"] for r in parse_csv(needs)}
    assert described["TENTS"] == ELDERS
    # and a plain CSV has one header row: no HXL hashtags unless asked for
    assert not any(v.startswith("#") for v in rows[0].values())


async def test_anonymous_and_strangers_download_what_graphql_shows_them(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)

    # when nobody, a forged token and the Hefei office download
    anonymous_3w = await download(api, s.incident_id, "3w")
    anonymous_coverage = await download(api, s.incident_id, "coverage")
    forged = await download(api, s.incident_id, "3w", "rh_not-a-token")
    hefei = await download(api, s.incident_id, "dispatches", s.hefei.token)

    # then the 3W asks for a sign-in, coverage is public, a bad token is 401
    assert anonymous_3w.status_code == 401
    assert anonymous_3w.headers["www-authenticate"] == "Bearer"
    assert anonymous_3w.json()["errors"][0]["code"] == "UNAUTHENTICATED"
    assert anonymous_coverage.status_code == 200 and len(parse_csv(anonymous_coverage)) == 3
    assert forged.status_code == 401
    # and Hefei gets a file with headers but no dispatch of Lu'an's
    assert hefei.status_code == 200 and parse_csv(hefei) == []


async def test_bad_requests_get_a_4xx_naming_what_is_wrong(api: ApiClient) -> None:
    # given the scene
    s = await report_scene(api)
    stranger = to_global_id("Incident", uuid.uuid4())

    # when the id, the format or the report is wrong
    bad_id = await download(api, "not-an-id", "coverage")
    unknown = await download(api, stranger, "coverage")
    bad_format = await download(api, s.incident_id, "coverage", format="xlsx")
    no_report = await download(api, s.incident_id, "budget")

    # then each is refused with its status and the field at fault
    assert (bad_id.status_code, bad_id.json()["errors"][0]["field"]) == (400, ["incidentId"])
    assert (unknown.status_code, unknown.json()["errors"][0]["code"]) == (404, "NOT_FOUND")
    assert (bad_format.status_code, bad_format.json()["errors"][0]["field"]) == (400, ["format"])
    assert no_report.status_code == 404


async def test_the_portal_session_cookie_downloads_without_a_csrf_header(api: ApiClient) -> None:
    # given the Lu'an staff member signed in to the portal (a cookie session)
    s = await report_scene(api)
    email = f"staff-341500-{s.luan.id[-6:]}@gov.example.cn".lower()
    await api.http.get("/")
    signed = await api.http.post(
        "/graphql",
        json={
            "query": SIGN_IN,
            "variables": {"input": {"email": email, "password": PASSWORD, "cookie": True}},
        },
        headers={"x-csrf-token": api.http.cookies["rh_csrf"]},
    )
    assert signed.json()["data"]["signIn"] == {"token": None}

    # when the browser follows a plain download link (no header can be added to it)
    response = await api.http.get(f"/exports/incidents/{s.incident_id}/3w.csv")

    # then the session is the staff member's: all three rows of the jurisdiction
    assert response.status_code == 200 and len(parse_csv(response)) == 3


async def test_an_incident_without_needs_exports_empty_reports(api: ApiClient) -> None:
    # given an incident nobody has published a need for yet
    s = await report_scene(api)
    quiet = await flood_incident(api, s.luan, ["341522"])

    # when the office reads its 3W and downloads every report
    report = (await api.gql(REPORT, {"id": quiet}, s.luan.token))["node"]
    files = [
        await download(api, quiet, name, s.luan.token)
        for name in ("3w", "coverage", "needs", "offers", "dispatches")
    ]

    # then everything is zero or empty, and every file still has its header row
    assert report["threeW"] == {"allocated": 0, "delivered": 0, "gaps": [], "rows": []}
    assert report["coverage"]["needed"] == 0
    for response in files:
        assert response.status_code == 200 and parse_csv(response) == []
        assert response.text.count("\n") == 1
