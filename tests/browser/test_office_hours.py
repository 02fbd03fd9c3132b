"""The office confirms the hours of a volunteer serving on their own, in a real browser:
no organization stands behind them, so the incident's page lists their checked-out
assignment, the office confirms the minutes there, and the incident's hours report (per
volunteer, per organization, in all) counts them, with the record CSV beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PHONE, WAIT, WIDE, new_page, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import MATCHING
from tests.steps.assignments import act, counselling_need, my_work
from tests.steps.loop import proposals, run_waiting
from tests.steps.registry import register_volunteer
from tests.steps.relief import WINDOW

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Scene:
    incident: str
    staff_email: str


async def _checked_out_on_her_own(api: ApiClient) -> Scene:
    """Lu'an's office asks for counselling in Yu'an; 周敏, in no organization, offers her
    time, accepts the round's proposal, checks in and out: her hours await confirmation."""
    scene = await counselling_need(api, description="安置点心理疏导")
    office, incident = scene.office, scene.incident
    _, volunteer = await register_volunteer(
        api, displayName="周敏", skills=["PSYCHOLOGICAL_COUNSELING"]
    )
    offer = {
        "categoryCode": "PSYCHOLOGICAL_SUPPORT",
        "quantity": 1,
        "serviceRegionCodes": ["341503"],
        "skills": ["PSYCHOLOGICAL_COUNSELING"],
    }
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], offer | WINDOW, volunteer)
    assert posted["userErrors"] == [], posted
    await run_waiting(api, incident, shared=True)
    [proposal] = await proposals(api, incident, office.token)
    accept = {"allocationId": proposal["id"]}
    accepted = await api.mutate("acceptAllocation", MATCHING["AcceptAllocation"], accept, volunteer)
    assert accepted["userErrors"] == [], accepted
    [assignment] = (await my_work(api, volunteer))["assignments"]["edges"]
    for step in ("checkIn", "checkOut"):
        done = await act(api, step, volunteer, assignmentId=assignment["node"]["id"])
        assert done["userErrors"] == [], done
    return Scene(incident, f"staff-341500-{office.id[-6:]}@gov.example.cn")


def test_the_office_confirms_the_hours_of_a_volunteer_on_their_own(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a volunteer in no organization who checked out of a counselling assignment
    scene = steps(portal_server, _checked_out_on_her_own)

    # when the office opens the incident
    page = new_page(browser, portal_server)
    sign_in(page, scene.staff_email)
    page.goto(f"{portal_server.url}/#/office/incidents/{scene.incident}")

    # then her assignment awaits the office's confirmation, shown as on her own
    waiting = page.get_by_test_id("awaiting-hours").filter(has_text="周敏")
    waiting.get_by_text("个人志愿者（无机构）").wait_for(timeout=WAIT)
    assert page.get_by_test_id("hours-total").inner_text() == "合计：已确认 0 小时，待确认 0 小时"
    waiting.scroll_into_view_if_needed()
    shoot_both(page, screenshot, "office-hours-00-awaiting")

    # when the office confirms 45 minutes, on a phone
    page.set_viewport_size(PHONE)
    waiting.get_by_role("spinbutton").fill("45")
    waiting.get_by_role("button", name="确认").click()
    waiting.get_by_text("时长已确认。").wait_for(timeout=WAIT)

    # then nothing awaits any more, and the report counts her 45 minutes, per volunteer,
    # per organization (on her own) and in all
    page.get_by_text("暂无待确认的时长。").wait_for(timeout=WAIT)
    total = page.get_by_test_id("hours-total")
    total.filter(has_text="已确认 0.75 小时").wait_for(timeout=WAIT)
    per_volunteer = page.get_by_test_id("hours-per-volunteer")
    assert per_volunteer.locator("tbody tr").all_inner_texts() == ["周敏\t0.75\t0\t1"]
    per_organization = page.get_by_test_id("hours-per-organization")
    assert per_organization.locator("tbody tr").all_inner_texts() == [
        "个人志愿者（无机构）\t0.75\t0"
    ]
    csv = page.get_by_role("link", name="下载志愿服务记录（CSV）")
    href = csv.get_attribute("href")
    assert href == f"/exports/volunteer-hours.csv?incidentId={scene.incident}"
    # and the CSV the link gives the office lists her hours, her name masked (no organization
    # of the office's own)
    rows = page.context.request.get(portal_server.url + href).text().splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["周*"] and rows[1].endswith(",0.75")
    page.set_viewport_size(WIDE)
    total.scroll_into_view_if_needed()
    shoot_both(page, screenshot, "office-hours-01-report")
    assert page.errors == []
