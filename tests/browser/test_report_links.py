"""Downloads where the figures are shown, in a real browser: the coverage and dispatches
sections of an office's incident page link their own CSV and HXL, and a provider's
#/dispatches links each incident's dispatches file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import WAIT, new_page, shoot_both, sign_in, steps
from tests.steps.registry import organization_input
from tests.steps.relief import DispatchScene, dispatch_scene

pytestmark = pytest.mark.e2e

INCIDENT_OF = """query($id: ID!) { node(id: $id) { ... on Need { incidentId } } }"""
CODE = """query($id: ID!) { node(id: $id) { ... on Dispatch { code } } }"""


def _fetched(page: Any, link: Any) -> list[str]:
    """The lines of the file a click on `link` downloads."""
    with page.expect_download() as fetched:
        link.click()
    return Path(fetched.value.path()).read_text(encoding="utf-8-sig").splitlines()


def test_reports_are_linked_beside_the_sections_that_show_them(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a charity's dispatch of tents for a need of the Lu'an office's flood
    scene: DispatchScene = steps(portal_server, dispatch_scene)
    incident = portal_server.gql(INCIDENT_OF, {"id": scene.need_id})["node"]["incidentId"]
    code = portal_server.gql(CODE, {"id": scene.dispatch_id}, scene.charity.token)["node"]["code"]

    # when the office opens the incident
    office = new_page(browser, portal_server)
    sign_in(office, f"staff-341500-{scene.office.id[-6:]}@gov.example.cn")
    office.goto(f"{portal_server.url}/#/office/incidents/{incident}")

    # then the coverage section links its HXL, which is the coverage table with its tags
    coverage = office.get_by_test_id("download-coverage")
    coverage.wait_for(timeout=WAIT)
    _header, tags, *rows = _fetched(office, coverage.locator('[data-format="hxl"]'))
    assert "#output+num+gap" in tags and any("帐篷" in row for row in rows), rows
    # and the dispatches section links the dispatches CSV, which lists the charity's
    dispatches = office.get_by_test_id("download-dispatches")
    assert {a.get_attribute("data-format") for a in dispatches.locator("a").all()} == {
        "csv",
        "hxl",
    }
    assert any(code in row for row in _fetched(office, dispatches.locator('[data-format="csv"]')))
    shoot_both(office, screenshot, "downloads-01-office-sections")

    # when the charity opens its dispatches across incidents
    charity = new_page(browser, portal_server)
    sign_in(charity, organization_input(31)["adminEmail"])
    charity.goto(f"{portal_server.url}/#/dispatches")

    # then the incident's dispatches file is linked by the incident's name, and holds it
    line = charity.get_by_test_id("dispatch-downloads").get_by_test_id("download-dispatches")
    line.get_by_text("2020年7月六安洪涝的派单：").wait_for(timeout=WAIT)
    assert any(code in row for row in _fetched(charity, line.locator('[data-format="csv"]')))
    shoot_both(charity, screenshot, "downloads-02-dispatches-page")
    assert office.errors == [] and charity.errors == []
