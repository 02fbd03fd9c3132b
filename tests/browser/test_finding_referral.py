"""A finding's referral closed in the portal: the office records the department's answer
on the round's page, and the referral no longer counts as open."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in
from tests.browser.test_patrol_visits import STAFF, _round_planned
from tests.steps.people import PEOPLE, checks

pytestmark = pytest.mark.e2e


def _referred_to_health(server: Server, staff: str) -> None:
    """The staff member records the visit (health AT_RISK); the office refers it."""
    mine = server.gql(PEOPLE["MyVisits"], {"first": 5}, staff)["myVisits"]["edges"]
    visit = mine[0]["node"]["id"]
    recorded = {
        "visitId": visit,
        "clientId": "browser-referral-1",
        "outcome": "VISITED",
        "checks": checks(HEALTH="AT_RISK"),
    }
    done = server.gql(PEOPLE["RecordVisit"], {"input": recorded}, staff)
    assert done["recordVisit"]["userErrors"] == [], done
    refer = {"visitId": visit, "item": "HEALTH", "department": "卫健委"}
    referred = server.gql(PEOPLE["ReferFinding"], {"input": refer}, staff)
    assert referred["referFinding"]["userErrors"] == [], referred


def test_the_office_closes_a_findings_referral_with_the_departments_answer(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a visit whose health finding the office referred to the health commission
    incident, staff = _round_planned(portal_server)
    _referred_to_health(portal_server, staff)

    # when the office opens the round's page: one referral open
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.goto(f"{portal_server.url}/#/office/incidents/{incident}/visits")
    figures = page.get_by_test_id("visit-coverage")
    figures.wait_for(timeout=WAIT)
    assert "未办结的转介1" in figures.inner_text().replace("\n", "").replace("\t", "")
    finding = page.get_by_test_id("finding").filter(has_text="卫健委的答复")
    finding.get_by_label("卫健委的答复").fill("乡医已上门，血压平稳")
    shoot_both(page, screenshot, "visits-referral-01-open")
    finding.get_by_role("button", name="记录答复并办结转介").click()

    # then the referral is closed, and the round counts none open
    page.get_by_text("转介已办结。").wait_for(timeout=WAIT)
    page.reload()
    page.get_by_text("乡医已上门，血压平稳").wait_for(timeout=WAIT)
    text = page.get_by_test_id("visit-coverage").inner_text().replace("\n", "").replace("\t", "")
    assert "未办结的转介0" in text
    shoot_both(page, screenshot, "visits-referral-02-closed")
    assert page.errors == []
