"""Reassigning a visit in a real browser: the office gives a planned visit to a volunteer
offering CARE_VISITS from the round's page; the volunteer finds it among their visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in, signed_up_volunteer
from tests.browser.test_patrol_visits import STAFF, _round_planned
from tests.integration.documents import MATCHING, REGISTRY
from tests.steps.registry import volunteer_input

pytestmark = pytest.mark.e2e

VISITOR = "carer@example.org"


def _volunteer_offering_visits(server: Server) -> None:
    """A volunteer of Yu'an offering CARE_VISITS there this fortnight."""
    values = volunteer_input(email=VISITOR, displayName="王芳", skills=["CARE_VISITS"])
    signed_up_volunteer(server, server.command("admin-token").strip(), values)
    login = {"email": VISITOR, "password": values["password"]}
    signed = server.gql(REGISTRY["SignIn"], {"input": login})
    now = datetime.now(UTC)
    offer = {
        "categoryCode": "CARE_VISITS",
        "quantity": 10,
        "serviceRegionCodes": ["341503"],
        "skills": ["CARE_VISITS"],
        "availableFrom": now.isoformat(),
        "availableUntil": (now + timedelta(days=14)).isoformat(),
    }
    posted = server.gql(MATCHING["PostOffer"], {"input": offer}, signed["signIn"]["token"])
    assert posted["postOffer"]["userErrors"] == [], posted


def test_the_office_gives_a_planned_visit_to_a_volunteer_from_the_rounds_page(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a round whose one visit is the staff member's, and a volunteer offering visits
    incident, _ = _round_planned(portal_server)
    _volunteer_offering_visits(portal_server)

    # when the office opens the round's page and gives the visit to the volunteer
    office = new_page(browser, portal_server)
    sign_in(office, STAFF)
    office.goto(f"{portal_server.url}/#/office/incidents/{incident}/visits")
    item = office.get_by_test_id("unvisited-visit").filter(has_text="张奶奶")
    item.get_by_role("combobox", name="探访人").select_option(label="王芳（志愿者）")
    shoot_both(office, screenshot, "visits-reassign-01-round")
    item.get_by_role("button", name="改派").click()

    # then it is done, and the volunteer finds the visit among theirs
    item.get_by_text("已改派，新的探访人会收到通知。").wait_for(timeout=WAIT)
    carer = new_page(browser, portal_server)
    sign_in(carer, VISITOR)
    carer.goto(f"{portal_server.url}/#/visits")
    carer.get_by_test_id("my-visit").get_by_text("张奶奶").wait_for(timeout=WAIT)
    shoot_both(carer, screenshot, "visits-reassign-02-volunteer")
    # and the staff member's list no longer holds it
    office.goto(f"{portal_server.url}/#/visits")
    office.get_by_role("heading").first.wait_for(timeout=WAIT)
    office.wait_for_timeout(500)
    assert office.get_by_test_id("my-visit").count() == 0
    assert office.errors == [] and carer.errors == []
