"""A volunteer serving from their own offer is their dispatch's provider: on a phone they
acknowledge it, set out and report what they delivered, and the office confirms it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PHONE, WAIT, new_page, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.steps.assignments import accepted_allocation, counselling_need
from tests.steps.registry import register_volunteer

pytestmark = pytest.mark.e2e

VOLUNTEER = "counsellor-li@example.org"


async def _accepted_own_offer(api: ApiClient) -> str:
    """Lu'an's office asks for counselling in Yu'an; a counsellor who belongs to no
    organization pledges two sessions from her own offer. The office staff's email."""
    scene = await counselling_need(api, quantity=3, confirmDuplicate=True)
    _, volunteer = await register_volunteer(
        api, email=VOLUNTEER, displayName="李心", skills=["PSYCHOLOGICAL_COUNSELING"]
    )
    await accepted_allocation(api, volunteer, scene.need, "PSYCHOLOGICAL_SUPPORT")
    return f"staff-341500-{scene.office.id[-6:]}@gov.example.cn"


def test_a_volunteer_moves_their_own_dispatch_on_and_the_office_confirms_it(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a volunteer whose own offer's pledge was accepted: a dispatch is issued to her
    office_email = steps(portal_server, _accepted_own_offer)

    # when she opens her dispatches on her phone and moves it on to delivered
    page = new_page(browser, portal_server)
    page.set_viewport_size(PHONE)
    sign_in(page, VOLUNTEER)
    page.get_by_role("link", name="派单").click()
    dispatch = page.get_by_test_id("dispatch")
    for step in ("确认接单", "已出发"):
        dispatch.get_by_role("button", name=step).click()
        dispatch.get_by_role("button", name=step).wait_for(state="detached", timeout=WAIT)
    dispatch.get_by_label("已送达数量").fill("2")
    dispatch.get_by_role("button", name="报告送达").click()

    # then her dispatch reads delivered
    dispatch.get_by_text("已送达", exact=True).wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "volunteer-dispatch-delivered")

    # and the office confirms that both sessions took place
    office = new_page(browser, portal_server)
    sign_in(office, office_email)
    office.get_by_role("link", name="派单").click()
    office.get_by_test_id("dispatch").get_by_role("button", name="确认签收").click()
    office.get_by_text("已确认签收。").wait_for(timeout=WAIT)
    assert page.errors == [] and office.errors == []
