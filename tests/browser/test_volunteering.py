"""A volunteer's story in a real browser, on a phone: they sign up with the SMS code,
asking to join an association, whose admin approves them; they say when they can serve
and offer their time on the offers page, are told of a proposal of it for psychological
support, accept it, check in and out; the association confirms the hours, which then
show on the volunteer's page, their printable record and the office's incident page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import (
    PASSWORD,
    PHONE,
    WAIT,
    WIDE,
    code_in_admin_inbox,
    new_page,
    pick_place,
    shoot_both,
    sign_in,
    steps,
)
from tests.client import ApiClient
from tests.integration.documents import ASSIGNMENTS, MATCHING
from tests.steps.assignments import accepted_allocation, member
from tests.steps.loop import run_waiting
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import flood_incident, published_need

pytestmark = pytest.mark.e2e

VOLUNTEER = "wangfang@example.org"
PHONE_NUMBER = "13955507788"
ORG_ADMIN = "captain51@example.org"  # organization_input's admin of seed 51


def _shoot(page: Any, screenshot: Any, name: str) -> None:
    """The page at 1280 px and at 390 px; the story then goes on on the phone."""
    page.set_viewport_size(WIDE)
    shoot_both(page, screenshot, name)
    page.set_viewport_size(PHONE)


@dataclass
class Scene:
    office: str
    incident: str
    staff_email: str


async def _need_and_association(api: ApiClient) -> Scene:
    """Lu'an's office asks for counselling in Yu'an, and a counselling association is
    verified there: the association 王芳 will ask to join."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    await published_need(
        api,
        office.token,
        incident,
        categoryCode="PSYCHOLOGICAL_SUPPORT",
        quantity=2,
        requiredSkills=["PSYCHOLOGICAL_COUNSELING"],
        description="安置点心理疏导",
    )
    await verified_organization(
        api, office.token, 51, name="六安心理援助协会", kind="VOLUNTEER_SERVICE_ORGANIZATION"
    )
    return Scene(office.token, incident, f"staff-341500-{office.id[-6:]}@gov.example.cn")


def _matched(scene: Scene) -> Callable[[ApiClient], Awaitable[None]]:
    """The office runs a round for the incident."""

    async def run(api: ApiClient) -> None:
        started = await api.mutate(
            "runMatching", MATCHING["RunMatching"], {"incidentId": scene.incident}, scene.office
        )
        assert started["userErrors"] == [], started
        await run_waiting(api, scene.incident, shared=True)

    return run


def _offers_her_time(page: Any, server: Server, screenshot: Any) -> None:
    """王芳 offers her time for counselling in Yu'an on the offers page, on her phone."""
    page.get_by_role("link", name="服务供给", exact=True).click()
    page.get_by_role("heading", name="发布供给").wait_for(timeout=WAIT)
    page.get_by_label("类别", exact=True).select_option("PSYCHOLOGICAL_SUPPORT")
    page.get_by_label("数量", exact=True).fill("1")
    pick_place(page, "服务地区", "裕安", "341503")
    page.get_by_label("技能", exact=True).select_option(["PSYCHOLOGICAL_COUNSELING"])
    _shoot(page, screenshot, "volunteer-00b-offer")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("供给已发布。").wait_for(timeout=WAIT)
    page.get_by_role("heading", name="我的供给").wait_for(timeout=WAIT)
    page.get_by_test_id("offer").filter(has_text="心理").wait_for(timeout=WAIT)


def _signs_up_on_her_phone(page: Any, server: Server, screenshot: Any) -> None:
    """王芳 signs up with the code sent to her phone, asking to join the association,
    and says when she can serve."""
    admin = server.command("admin-token").strip()
    page.goto(f"{server.url}/#/volunteer/signup")
    page.get_by_label("电话").fill(PHONE_NUMBER)
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_text("验证码已发送到您的手机").wait_for(timeout=WAIT)
    page.get_by_label("短信验证码").fill(code_in_admin_inbox(server, admin, PHONE_NUMBER))
    page.get_by_label("真实姓名").fill("王芳")
    page.get_by_label("邮箱").fill(VOLUNTEER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_label("出生日期").fill("1990-05-12")
    pick_place(page, "常住地", "裕安", "341503")
    page.get_by_label("技能", exact=True).select_option(["PSYCHOLOGICAL_COUNSELING"])
    page.get_by_label("加入机构").select_option(label="六安心理援助协会")
    page.get_by_label("我同意平台为安排志愿服务使用我的个人信息").check()
    _shoot(page, screenshot, "volunteer-00-signup")
    page.get_by_role("button", name="注册", exact=True).click()
    page.get_by_role("heading", name="您好，王芳").wait_for(timeout=WAIT)
    # her availability: the coming ten days
    page.goto(f"{server.url}/#/volunteer/profile")
    page.get_by_role("button", name="添加日期范围").click()
    start = datetime.now(UTC).astimezone()
    row = page.get_by_test_id("date-range")
    row.get_by_label("开始").fill(start.strftime("%Y-%m-%dT00:00"))
    row.get_by_label("结束").fill((start + timedelta(days=10)).strftime("%Y-%m-%dT23:00"))
    page.get_by_role("button", name="保存可服务时间").click()
    page.get_by_text("可服务时间已保存。").wait_for(timeout=WAIT)


def _association_approves_her(org: Any, server: Server) -> None:
    sign_in(org, ORG_ADMIN)
    org.goto(f"{server.url}/#/org/roster")
    request = org.get_by_test_id("join-request").filter(has_text="王芳")
    request.get_by_role("button", name="批准", exact=True).click()
    org.get_by_test_id("roster-member").filter(has_text="王芳").wait_for(timeout=WAIT)


def test_a_volunteer_signs_up_accepts_checks_in_and_out_and_the_hours_are_confirmed(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a counselling need in Yu'an and a verified counselling association
    scene = steps(portal_server, _need_and_association)

    # when 王芳 signs up on her phone with the SMS code, asking to join the association,
    # and says when she can serve; and the association's admin approves her
    page = new_page(browser, portal_server)
    page.set_viewport_size(PHONE)
    _signs_up_on_her_phone(page, portal_server, screenshot)
    org = new_page(browser, portal_server)
    _association_approves_her(org, portal_server)

    # and she offers her time on the offers page, which the office's round proposes
    _offers_her_time(page, portal_server, screenshot)
    steps(portal_server, _matched(scene))

    # then her home shows the proposal waiting
    page.goto(f"{portal_server.url}/#/volunteer")
    proposal = page.get_by_test_id("volunteer-proposal")
    proposal.get_by_text("心理").first.wait_for(timeout=WAIT)
    _shoot(page, screenshot, "volunteer-01-proposal")

    # and accepts it: the assignment is hers, to check in to
    proposal.get_by_role("button", name="接受").click()
    assignment = page.get_by_test_id("assignment")
    assignment.get_by_role("button", name="签到").wait_for(timeout=WAIT)
    _shoot(page, screenshot, "volunteer-02-assignment")

    # when she checks in and out
    assignment.get_by_role("button", name="签到").click()
    assignment.get_by_role("button", name="签退").click()
    assignment.locator(".badge", has_text="已签退").wait_for(timeout=WAIT)

    # and her organization's admin confirms 45 minutes on the roster page
    org.goto(f"{portal_server.url}/#/org/roster")
    org.reload()
    deployment = org.get_by_test_id("deployment").filter(has_text="王芳")
    deployment.get_by_role("spinbutton").fill("45")
    _shoot(org, screenshot, "volunteer-03-roster")
    deployment.get_by_role("button", name="确认").click()
    org.get_by_test_id("deployment").filter(has_text="已确认 45 分钟").wait_for(timeout=WAIT)

    # then her hours page shows them, and her printable record too
    page.goto(f"{portal_server.url}/#/volunteer/hours")
    page.get_by_test_id("confirmed-hours").filter(has_text="0.75").wait_for(timeout=WAIT)
    _shoot(page, screenshot, "volunteer-04-my-hours")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="我的志愿服务记录证明（可打印）").click()
    record = opened.value
    record.get_by_text("累计确认服务时长：0.75 小时").wait_for(timeout=WAIT)
    _shoot(record, screenshot, "volunteer-05-record")

    # and the office's report on the incident's page counts her 45 minutes, with her
    # association's, and nothing awaits the office's confirmation
    office = new_page(browser, portal_server)
    sign_in(office, scene.staff_email)
    office.goto(f"{portal_server.url}/#/office/incidents/{scene.incident}")
    per_volunteer = office.get_by_test_id("hours-per-volunteer").locator("tbody tr")
    per_volunteer.first.wait_for(timeout=WAIT)
    assert per_volunteer.all_inner_texts() == ["王芳\t0.75\t0\t1"]
    per_organization = office.get_by_test_id("hours-per-organization").locator("tbody tr")
    assert per_organization.all_inner_texts() == ["六安心理援助协会\t0.75\t0"]
    assert office.get_by_test_id("awaiting-hours").count() == 0
    office.get_by_test_id("hours-total").scroll_into_view_if_needed()
    shoot_both(office, screenshot, "volunteer-06-office-report")
    # as the partners' query does
    hours = portal_server.gql(
        ASSIGNMENTS["VolunteerHours"], {"filter": {"incidentId": scene.incident}}, scene.office
    )["volunteerHours"]
    assert [e["node"]["confirmedMinutes"] for e in hours["edges"]] == [45]
    assert page.errors == [] and org.errors == [] and office.errors == []


async def _accepted(api: ApiClient) -> str:
    """A counselling association with an accepted allocation for psychological support in
    Yu'an, and two approved members: a counsellor and a driver."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(
        api,
        office.token,
        incident,
        categoryCode="PSYCHOLOGICAL_SUPPORT",
        quantity=3,
        requiredSkills=["PSYCHOLOGICAL_COUNSELING"],
        confirmDuplicate=True,
    )
    association = await verified_organization(
        api, office.token, 52, name="裕安心理援助队", kind="VOLUNTEER_SERVICE_ORGANIZATION"
    )
    await member(api, association, "赵磊", ["PSYCHOLOGICAL_COUNSELING"])
    await member(api, association, "冯军", ["DRIVING"])
    await accepted_allocation(api, association.token, need, "PSYCHOLOGICAL_SUPPORT")
    return association.token


def test_an_organization_deploys_only_members_who_may_go(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given an accepted allocation needing counselling, a counsellor and a driver
    token = steps(portal_server, _accepted)

    # when the organization's admin opens the roster on a phone and asks who can go
    page = new_page(browser, portal_server)
    page.set_viewport_size(PHONE)
    sign_in(page, "captain52@example.org")
    page.goto(f"{portal_server.url}/#/org/roster")
    page.get_by_role("button", name="查看可派人员").click()
    choices = page.get_by_test_id("deploy-choices")

    # then only the counsellor may be chosen; the driver lacks the skill
    counsellor, driver = choices.get_by_label("赵磊"), choices.get_by_label("冯军")
    counsellor.wait_for(timeout=WAIT)
    assert counsellor.is_enabled() and driver.is_disabled()
    counsellor.check()

    # when the admin sends her tomorrow from 9 to 17 only, not for the whole offer
    tomorrow = datetime.now(UTC).astimezone() + timedelta(days=1)
    choices.get_by_label("开始时间").fill(tomorrow.strftime("%Y-%m-%dT09:00"))
    choices.get_by_label("结束时间").fill(tomorrow.strftime("%Y-%m-%dT17:00"))
    _shoot(page, screenshot, "volunteer-07-deploy")
    choices.get_by_role("button", name="派出所选人员").click()

    # then she is among the deployments, PLANNED, for those eight hours
    deployed = page.get_by_test_id("deployment").filter(has_text="赵磊")
    deployed.locator(".badge", has_text="已安排").wait_for(timeout=WAIT)
    [planned] = portal_server.gql(ASSIGNMENTS["Assignments"], {"first": 5}, token)["assignments"][
        "edges"
    ]
    starts, ends = (datetime.fromisoformat(planned["node"][k]) for k in ("startsAt", "endsAt"))
    assert starts == tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
    assert ends - starts == timedelta(hours=8)
    assert page.errors == []
