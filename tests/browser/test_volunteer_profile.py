"""A volunteer keeps their profile in a real browser: every certificate on a row of its
own (added, removed, none lost on saving), the home point from the browser's position,
and a birth date that, once under 18, asks for the guardian's consent."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PHONE, WAIT, WIDE, new_page, shoot_both, sign_in, steps
from tests.client import ApiClient
from tests.integration.documents import VOLUNTEERS
from tests.steps.registry import register_volunteer
from tests.steps.registry import sign_in as sign_in_api

pytestmark = pytest.mark.e2e

EMAIL = "liuyang@volunteer.example.cn"
HOME = {"latitude": 31.73512, "longitude": 116.50833}  # Yu'an district


async def _with_two_certificates(api: ApiClient) -> None:
    """刘洋 counsels and treats, with a certificate for each, and drives without one."""
    await register_volunteer(
        api,
        displayName="刘洋",
        email=EMAIL,
        skills=["PSYCHOLOGICAL_COUNSELING", "MEDICAL", "DRIVING"],
        certificates=[
            {"skill": "PSYCHOLOGICAL_COUNSELING", "certificate": "心理咨询师三级"},
            {"skill": "MEDICAL", "certificate": "执业医师 No.1102"},
        ],
    )


async def _profile(api: ApiClient) -> dict[str, Any]:
    token = await sign_in_api(api, EMAIL)
    found = await api.gql(VOLUNTEERS["MyVolunteerProfile"], {}, token)
    return dict(found["viewer"]["volunteer"])


def test_a_volunteer_edits_every_certificate_the_home_point_and_the_guardian(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given a volunteer with two certificates, whose browser may tell where it is
    steps(portal_server, _with_two_certificates)
    page = new_page(browser, portal_server)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(HOME)
    page.set_viewport_size(PHONE)
    sign_in(page, EMAIL)

    # when they open their profile, then each certificate has a row of its own
    page.goto(f"{portal_server.url}/#/volunteer/profile")
    rows = page.get_by_test_id("certificate")
    rows.first.wait_for(timeout=WAIT)
    shown = sorted(r.get_by_label("证书", exact=True).input_value() for r in rows.all())
    assert shown == ["心理咨询师三级", "执业医师 No.1102"]

    # when they remove the counselling one, add their driving licence, take their
    # position as home, and give a birth date that makes them 16
    rows.filter(has=page.locator('input[value="心理咨询师三级"]')).get_by_role(
        "button", name="删除"
    ).click()
    page.get_by_role("button", name="添加证书").click()
    added = page.get_by_test_id("certificate").last
    added.get_by_label("证书对应技能").select_option("DRIVING")
    added.get_by_label("证书", exact=True).fill("C1 驾驶证")
    page.get_by_role("button", name="使用我的位置").click()
    page.get_by_text("已获取位置，保存资料后生效。").wait_for(timeout=WAIT)
    page.get_by_label("出生日期").fill("2010-03-01")
    page.get_by_role("button", name="保存资料").click()

    # then the guardian is asked for, and nothing is saved
    page.locator('[data-error-for="guardianName"]').filter(has_text="必填").wait_for(timeout=WAIT)
    assert steps(portal_server, _profile)["birthDate"] == "1990-05-01"

    # when they give their guardian and the consent, and save again
    page.get_by_label("监护人姓名").fill("刘建国")
    page.get_by_label("监护人电话").fill("13800138000")
    page.get_by_label("监护人同意我参加志愿服务").check()
    page.set_viewport_size(WIDE)
    shoot_both(page, screenshot, "volunteer-profile-details")
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="保存资料").click()
    page.get_by_text("资料已保存。").wait_for(timeout=WAIT)

    # then their profile holds both kept certificates, the home point and the guardian
    saved = steps(portal_server, _profile)
    assert sorted(saved["certificates"], key=lambda c: c["skill"]) == [
        {"skill": "DRIVING", "certificate": "C1 驾驶证"},
        {"skill": "MEDICAL", "certificate": "执业医师 No.1102"},
    ]
    assert saved["homeLocation"] == HOME
    assert saved["birthDate"] == "2010-03-01" and saved["guardianName"] == "刘建国"
    assert saved["guardianConsentedAt"]

    # and the page, opened again, shows what was saved
    page.reload()
    kept = page.get_by_test_id("certificate")
    kept.first.wait_for(timeout=WAIT)
    assert sorted(r.get_by_label("证书", exact=True).input_value() for r in kept.all()) == [
        "C1 驾驶证",
        "执业医师 No.1102",
    ]
    assert page.get_by_label("监护人同意我参加志愿服务").is_checked()
    assert page.errors == []
