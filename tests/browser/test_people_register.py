"""The special-groups register in a real browser: an office imports the file it keeps (a
bad row refuses the whole file, row by row), filters its register by county and category,
its own category among them, and edits one person's phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Server
from tests.browser.pages import PASSWORD, WAIT, new_page, pick_place, shoot_both, sign_in
from tests.integration.documents import REGISTRY
from tests.steps.people import PEOPLE, id_number, person_input

pytestmark = pytest.mark.e2e

STAFF = "register@luan.gov.cn"
HEADERS = "姓名,身份证号,类别,区划代码,联系电话,住址,监护人,备注"
FULL_PHONE = """query Phone($id: ID!) { node(id: $id) { ... on Person { phoneInFull } } }"""


def _office(server: Server) -> str:
    """Lu'an's office with one staff member, who registered one person of a category the
    office added itself. (the staff member's token)"""
    admin = server.command("admin-token").strip()
    office = server.gql(
        REGISTRY["CreateOffice"], {"input": {"name": "六安市民政局", "regionCode": "341500"}}, admin
    )["createOffice"]["office"]
    account = {"email": STAFF, "password": PASSWORD, "role": "OFFICE_STAFF"}
    server.gql(REGISTRY["CreateAccount"], {"input": {**account, "officeId": office["id"]}}, admin)
    signed = server.gql(REGISTRY["SignIn"], {"input": {"email": STAFF, "password": PASSWORD}})
    token = str(signed["signIn"]["token"])
    own = person_input(name="周转移", category="FLOOD_RELOCATED", idNumber=id_number("19700101"))
    registered = server.gql(PEOPLE["RegisterPerson"], {"input": own}, token)
    assert registered["registerPerson"]["userErrors"] == [], registered
    return token


def _sheet(*rows: str) -> dict[str, Any]:
    """A CSV as Excel in China saves it: GB18030, Chinese headers."""
    text = "\n".join((HEADERS, *rows)) + "\n"
    return {"name": "台账.csv", "mimeType": "text/csv", "buffer": text.encode("gb18030")}


def _listed(page: Any) -> list[str]:
    """The names the register's list shows once its count is in."""
    page.get_by_test_id("people-list").locator("p.count").wait_for(timeout=WAIT)
    return [a.inner_text() for a in page.get_by_test_id("person").locator("h3 a").all()]


def _count_is(page: Any, count: int) -> None:
    page.get_by_test_id("people-list").locator("p.count").filter(
        has_text=re.compile(f"共 {count} 条")
    ).wait_for(timeout=WAIT)


def test_an_office_imports_its_register_filters_it_and_edits_a_phone(
    browser: Any, portal_server: Server, screenshot: Any
) -> None:
    # given an office whose register holds one person of its own category
    token = _office(portal_server)
    page = new_page(browser, portal_server)
    sign_in(page, STAFF)
    page.goto(f"{portal_server.url}/#/office/people")
    _count_is(page, 1)
    upload = page.get_by_test_id("people-import")

    # when it imports a file whose second person has a wrong ID number
    elderly, child = id_number("19380305"), id_number("20150601", region="341502")
    bad = _sheet(
        f"王大爷,{elderly},留守老人,341503,13811112222,城南镇双河村,王小二,独居",
        "李小花,341502201506019999,留守儿童,金安区,,三十铺镇,李奶奶,父母在外",
    )
    upload.locator("input[type=file]").set_input_files(files=[bad])
    upload.get_by_role("button", name="导入").click()

    # then the row's error is shown, by row and field, and nobody was added
    errors = page.get_by_test_id("import-errors")
    errors.get_by_text("第 3 行，身份证号").wait_for(timeout=WAIT)
    assert "第 2 行" not in errors.inner_text()
    upload.get_by_text("未导入任何人员：有 1 处需要更正。").wait_for(timeout=WAIT)
    shoot_both(page, screenshot, "people-01-import-refused")
    page.reload()
    _count_is(page, 1)

    # when the corrected file is imported
    good = _sheet(
        f"王大爷,{elderly},留守老人,341503,13811112222,城南镇双河村,王小二,独居",
        f"李小花,{child},留守儿童,金安区,,三十铺镇,李奶奶,父母在外",
    )
    upload = page.get_by_test_id("people-import")
    upload.locator("input[type=file]").set_input_files(files=[good])
    upload.get_by_role("button", name="导入").click()

    # then both are listed beside the office's own
    upload.get_by_text("已导入 2 人。").wait_for(timeout=WAIT)
    _count_is(page, 3)
    assert sorted(_listed(page)) == sorted(["周转移", "王大爷", "李小花"])
    page.get_by_test_id("people-counts").get_by_text("留守儿童: 1").wait_for(timeout=WAIT)

    # when the list is filtered by county (typed by name): Jin'an's one child
    filters = page.get_by_test_id("people-filters")
    pick_place(page, "县区", "金安", "341502")
    _count_is(page, 1)
    assert _listed(page) == ["李小花"]
    # and then by the office's own category, the county cleared
    filters.get_by_role("combobox", name="县区", exact=True).fill("")
    _count_is(page, 3)
    options = filters.get_by_label("类别").locator("option").all_inner_texts()
    assert "FLOOD_RELOCATED" in options and "留守老人" in options
    filters.get_by_label("类别").select_option("FLOOD_RELOCATED")
    _count_is(page, 1)
    assert _listed(page) == ["周转移"]
    shoot_both(page, screenshot, "people-02-filtered")

    # when the office opens 王大爷 and changes his phone
    filters.get_by_label("类别").select_option("LEFT_BEHIND_ELDERLY")
    _count_is(page, 1)
    page.get_by_role("link", name="王大爷").click()
    edit = page.get_by_test_id("person-edit")
    phone = edit.get_by_label("联系电话")
    phone.wait_for(timeout=WAIT)
    assert phone.input_value() == "+8613811112222"
    assert "FLOOD_RELOCATED" in edit.get_by_label("类别").locator("option").all_inner_texts()
    phone.fill("13955556666")
    shoot_both(page, screenshot, "people-03-edit")
    edit.get_by_role("button", name="保存修改").click()

    # then it is saved, the page shows the new number masked, and the register holds it
    edit.get_by_text("已保存。").wait_for(timeout=WAIT)
    page.get_by_test_id("person-contact").get_by_text(re.compile("6666")).wait_for(timeout=WAIT)
    assert edit.get_by_label("联系电话").input_value() == "+8613955556666"
    person = page.url.rsplit("/", 1)[-1]
    held = portal_server.gql(FULL_PHONE, {"id": person}, token)["node"]["phoneInFull"]
    assert held == "+8613955556666"
    shoot_both(page, screenshot, "people-04-edited")

    # when the office registers someone by hand under a category code of its own, new
    page.get_by_role("link", name="返回台账").click()
    register = page.locator("form").filter(has=page.get_by_role("button", name="登记"))
    pick_place(page, "所在县区", "裕安", "341503")
    register.get_by_label("或新增类别代码").fill("TEMPORARY_SHELTER")
    register.get_by_label("姓名").fill("赵安置")
    register.get_by_label("身份证号").fill(id_number("19600101"))
    register.get_by_role("button", name="登记").click()
    register.get_by_text("已登记。").wait_for(timeout=WAIT)

    # then the register lists that category beside the known ones
    page.reload()
    filters = page.get_by_test_id("people-filters")
    filters.get_by_label("类别").locator("option", has_text="TEMPORARY_SHELTER").wait_for(
        state="attached", timeout=WAIT
    )
    assert page.errors == []
