"""ADMIN keeps the taxonomy from the console: categories renamed, and retired so that no
new need takes them while the needs that have them keep them."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import CONSOLE, MATCHING
from tests.steps.registry import office_with_staff
from tests.steps.relief import DOCUMENTS, flood_incident, need_input, published_need

BOXES = {"group": "RELIEF_SUPPLIES", "unit": "boxes", "nameEn": "Boxes", "nameZh": "箱"}


def why(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_retired_category_takes_no_new_need_and_the_old_keep_it(api: ApiClient) -> None:
    # given a category ADMIN added, and a need already published in it
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    added = await api.mutate(
        "addCategory", DOCUMENTS["AddCategory"], {"code": "CARTONS", **BOXES}, admin
    )
    assert added["userErrors"] == []
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(api, office.token, incident, categoryCode="CARTONS", quantity=9)

    # when ADMIN renames it, then retires it
    renamed = await api.mutate(
        "renameCategory", CONSOLE["RenameCategory"], {"code": "CARTONS", "nameZh": "纸箱"}, admin
    )
    retired = await api.mutate(
        "retireCategory", CONSOLE["RetireCategory"], {"code": "CARTONS"}, admin
    )

    # then it reads its new name (its unit unchanged) and says when it was retired
    assert renamed["category"] == {
        "code": "CARTONS",
        "nameEn": "Boxes",
        "nameZh": "纸箱",
        "unit": "boxes",
        "retiredAt": None,
    }
    assert retired["userErrors"] == [] and retired["category"]["retiredAt"]

    # and a new need in it is refused; the published one keeps it
    refused = await api.mutate(
        "publishNeed",
        MATCHING["PublishNeed"],
        need_input(incident, categoryCode="CARTONS", regionCode="341503"),
        office.token,
    )
    assert why(refused) == [(["categoryCode"], "UNKNOWN_CATEGORY")]
    listed = await api.gql(MATCHING["Needs"], {"filter": {"incidentId": incident}}, office.token)
    assert [n["node"]["id"] for n in listed["needs"]["edges"]] == [need]

    # and its code stays taken
    again = await api.mutate(
        "addCategory", DOCUMENTS["AddCategory"], {"code": "CARTONS", **BOXES}, admin
    )
    assert why(again) == [(["code"], "DUPLICATE")]


async def test_only_admin_renames_or_retires_and_only_what_exists(api: ApiClient) -> None:
    # given office staff, and a retired category
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    await api.mutate("addCategory", DOCUMENTS["AddCategory"], {"code": "CARTONS", **BOXES}, admin)
    await api.mutate("retireCategory", CONSOLE["RetireCategory"], {"code": "CARTONS"}, admin)

    # when staff, nobody and ADMIN try what they may not
    rename, retire = CONSOLE["RenameCategory"], CONSOLE["RetireCategory"]
    by_staff = await api.mutate(
        "renameCategory", rename, {"code": "FOOD", "nameZh": "x"}, office.token
    )
    by_nobody = await api.mutate("retireCategory", retire, {"code": "FOOD"})
    unknown = await api.mutate("retireCategory", retire, {"code": "NOTHING_LIKE_IT"}, admin)
    twice = await api.mutate("retireCategory", retire, {"code": "CARTONS"}, admin)
    too_long = await api.mutate(
        "renameCategory", rename, {"code": "FOOD", "nameEn": "x" * 101}, admin
    )

    # then each is refused, and FOOD keeps its name
    assert why(by_staff) == [(None, "FORBIDDEN")]
    assert why(by_nobody) == [(None, "UNAUTHENTICATED")]
    assert why(unknown) == [(["code"], "NOT_FOUND")]
    assert why(twice) == [(["code"], "INVALID_TRANSITION")]
    assert why(too_long) == [(["nameEn"], "TOO_LONG")]
    listed = (await api.gql(MATCHING["Categories"]))["categories"]
    assert "x" not in {c["name"] for c in listed}
