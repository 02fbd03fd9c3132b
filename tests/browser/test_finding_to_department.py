"""A finding referred to a department from the visit round's page: the office names the
department and a note instead of publishing a need, and the referral counts as open."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in
from tests.browser.test_patrol_visits import STAFF, _round_planned
from tests.steps.people import PEOPLE, checks

pytestmark = pytest.mark.e2e

REFERRALS = """query Visits($filter: VisitFilter) { visits(filter: $filter, first: 5) {
  nodes { referrals { kind item department note need { id } } } } }"""
NEEDS = """query Needs($filter: NeedFilter) { needs(filter: $filter, first: 5) { totalCount } }"""


def _drinking_water_at_risk(server: Server, staff: str) -> None:
    """The staff member records the visit: drinking water NOT_OK."""
    visit = server.gql(PEOPLE["MyVisits"], {"first": 5}, staff)["myVisits"]["edges"][0]["node"]
    recorded = {
        "visitId": visit["id"],
        "clientId": "browser-department-1",
        "outcome": "VISITED",
        "checks": checks(DRINKING_WATER="NOT_OK"),
    }
    done = server.gql(PEOPLE["RecordVisit"], {"input": recorded}, staff)
    assert done["recordVisit"]["userErrors"] == [], done


def test_the_office_refers_a_finding_to_a_department_from_the_rounds_page(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a recorded visit whose drinking water is not safe
    incident, staff = _round_planned(portal_server)
    _drinking_water_at_risk(portal_server, staff)

    # when the office opens the round's page, no referral open yet
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.goto(f"{portal_server.url}/#/office/incidents/{incident}/visits")
    figures = page.get_by_test_id("visit-coverage")
    figures.wait_for(timeout=WAIT)
    assert "未办结的转介0" in figures.inner_text().replace("\n", "").replace("\t", "")
    finding = page.get_by_test_id("finding").filter(has_text="饮水安全")
    refer = finding.get_by_test_id("refer-finding")

    # and sends the referral without a department: it is asked for, nothing is sent
    refer.get_by_role("button", name="转介").click()
    refer.get_by_text("必填。").wait_for(timeout=WAIT)

    # when it names the water bureau (one of the usual departments offered) and a note
    offered = refer.locator("datalist option").evaluate_all("os => os.map(o => o.value)")
    assert "水务局" in offered
    refer.get_by_label("转介部门").fill("水务局")
    refer.get_by_label("转介说明").fill("井水浑浊，请检测水质")
    shoot_both(page, screenshot, "visits-department-01-refer")
    refer.get_by_role("button", name="转介").click()

    # then the finding is referred; after a reload it waits for the department's answer
    refer.get_by_text("已转介。").wait_for(timeout=WAIT)
    page.reload()
    finding = page.get_by_test_id("finding").filter(has_text="饮水安全")
    finding.get_by_label("水务局的答复").wait_for(timeout=WAIT)
    text = page.get_by_test_id("visit-coverage").inner_text().replace("\n", "").replace("\t", "")
    assert "未办结的转介1" in text
    shoot_both(page, screenshot, "visits-department-02-referred")

    # and the referral holds the department and the note, and no need was published
    visits = portal_server.gql(REFERRALS, {"filter": {"incidentId": incident}}, staff)["visits"]
    referrals = visits["nodes"][0]["referrals"]
    assert referrals == [
        {
            "kind": "DEPARTMENT",
            "item": "DRINKING_WATER",
            "department": "水务局",
            "note": "井水浑浊，请检测水质",
            "need": None,
        }
    ]
    needs = portal_server.gql(NEEDS, {"filter": {"incidentId": incident}})["needs"]
    assert needs["totalCount"] == 0
    assert page.errors == []
