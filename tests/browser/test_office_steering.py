"""The office's hand on the matching, in a real browser: it vetoes a round's proposal,
saying why, and assigns part of the same offer itself; the provider is asked again."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, shoot_both, sign_in
from tests.client import valid_uscc
from tests.integration.documents import MATCHING, REGISTRY

pytestmark = pytest.mark.e2e

STAFF = "steering@luan.gov.cn"
CAPTAIN = "captain@steering.org"
SOON = (datetime.now(UTC) + timedelta(days=3)).isoformat()
WINDOW = {
    "availableFrom": datetime.now(UTC).isoformat(),
    "availableUntil": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
}


def _token(server: Server, email: str) -> str:
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": email, "password": PASSWORD}})
    return str(signed["signIn"]["token"])


def _water_proposed(server: Server) -> tuple[str, str]:
    """A Lu'an office's incident with 400 litres of water needed in Yu'an, a verified
    charity's 300 litres, and a finished round proposing them. (incident, need) ids."""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    account = {"email": STAFF, "password": PASSWORD, "role": "OFFICE_STAFF"}
    server.gql(REGISTRY["CreateAccount"], {"input": {**account, "officeId": office["id"]}}, admin)
    staff = _token(server, STAFF)
    incident = server.gql(
        MATCHING["CreateIncident"],
        {
            "input": {
                "name": "裕安区洪涝",
                "hazard": "FLOOD",
                "responseLevel": "LEVEL_III",
                "regionCodes": ["341503"],
                "startedAt": datetime.now(UTC).isoformat(),
            }
        },
        staff,
    )["createIncident"]["incident"]["id"]
    need = server.gql(
        MATCHING["PublishNeed"],
        {
            "input": {
                "incidentId": incident,
                "regionCode": "341503",
                "categoryCode": "DRINKING_WATER",
                "quantity": 400,
                "urgency": "CRITICAL",
                "neededBy": SOON,
            }
        },
        staff,
    )["publishNeed"]["need"]["id"]
    charity = {
        "name": "蓝天救援队",
        "kind": "EMERGENCY_RESCUE_TEAM",
        "uscc": valid_uscc(31),
        "regionCode": "341503",
        "contactName": "王队长",
        "contactPhone": "13812345678",
        "contactEmail": "team@steering.org",
        "adminEmail": CAPTAIN,
        "adminPassword": PASSWORD,
    }
    registered = server.gql(REGISTRY["RegisterOrganization"], {"input": charity})
    approve = {"organizationId": registered["registerOrganization"]["organization"]["id"]}
    server.gql(REGISTRY["ReviewOrganization"], {"input": approve | {"decision": "APPROVE"}}, staff)
    offer = {"categoryCode": "DRINKING_WATER", "quantity": 300, "serviceRegionCodes": ["341503"]}
    server.gql(MATCHING["PostOffer"], {"input": offer | WINDOW}, _token(server, CAPTAIN))
    started = server.gql(MATCHING["RunMatching"], {"input": {"incidentId": incident}}, staff)
    round_id = started["runMatching"]["round"]["id"]
    deadline = time.monotonic() + 60
    while (
        server.gql(MATCHING["MatchingRound"], {"id": round_id}, staff)["node"]["status"]
        != "FINISHED"
    ):
        assert time.monotonic() < deadline, "the round did not finish"
        time.sleep(0.2)
    return incident, need


def test_the_office_vetoes_a_proposal_and_assigns_part_of_the_offer_itself(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a round that proposed the charity's 300 litres for the 400 needed
    incident, need = _water_proposed(portal_server)

    # when the office opens its incident page, it sees the proposal waiting
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.goto(f"{portal_server.url}/#/office/incidents/{incident}")
    waiting = page.get_by_test_id("pending-proposals")
    proposal = waiting.get_by_test_id("pending-proposal")
    proposal.get_by_text("蓝天救援队").wait_for(timeout=WAIT)
    screenshot(page, "steering-01-proposal-waiting")

    # when it vetoes it without a reason, it is told a reason is required
    proposal.get_by_role("button", name="否决").click()
    proposal.locator(".status.error").wait_for(timeout=WAIT)
    # and when it says why, the proposal is vetoed and leaves the list
    proposal.get_by_label("否决理由（必填）").fill("进村道路只容小型车辆，请少量分批")
    proposal.get_by_role("button", name="否决").click()
    waiting.get_by_text("没有等待答复的建议。").wait_for(timeout=WAIT)

    # when it assigns 100 litres of the same offer to the need itself
    assigning = page.get_by_test_id("assign-offer")
    assigning.get_by_label("需求").select_option(need)
    assigning.get_by_label("供给").locator("option").first.wait_for(state="attached")
    assigning.get_by_label("数量").fill("100")
    assigning.get_by_role("button", name="指派").click()
    assigning.get_by_text("已向提供方提出。").wait_for(timeout=WAIT)

    # then a proposal of 100 litres assigned by the office waits on the charity
    assigned = waiting.get_by_test_id("pending-proposal")
    assigned.get_by_text("民政部门指派", exact=True).wait_for(timeout=WAIT)
    assert "100" in assigned.inner_text()
    shoot_both(page, screenshot, "steering-02-assigned")
    assert page.errors == []
