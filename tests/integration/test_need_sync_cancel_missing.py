"""syncNeeds with cancelMissing: the batch is the partner's whole list for one incident, and
only the partner's own synced needs of that incident are cancelled when it drops them."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import PARTNERS
from tests.steps.registry import codes, office_with_staff
from tests.steps.relief import flood_incident, published_need

SYNC = PARTNERS["SyncNeedsCancellingMissing"]


def _row(external_id: str, region: str = "341503") -> dict[str, Any]:
    return {
        "externalId": external_id,
        "regionCode": region,
        "categoryCode": "DRINKING_WATER",
        "quantity": 100,
        "urgency": "HIGH",
        "neededBy": "2020-07-25T18:00:00+08:00",
    }


async def _sync(api: ApiClient, token: str, incident: str, rows: list, **more: Any) -> Any:
    values = {"incidentId": incident, "needs": rows} | more
    return await api.mutate("syncNeeds", SYNC, values, token)


async def _statuses(api: ApiClient, incident: str) -> dict[str, str]:
    """Each need of the incident: its external id (or "by hand") and status."""
    data = await api.gql(
        "query($f: NeedFilter) { needs(filter: $f, first: 100) { nodes { externalId status } } }",
        {"f": {"incidentId": incident}},
    )
    return {(n["externalId"] or "by hand"): n["status"] for n in data["needs"]["nodes"]}


async def test_only_the_partners_own_needs_of_the_incident_are_cancelled(api: ApiClient) -> None:
    # given the prefecture's office with two incidents, synced needs in both and a need
    # published by hand; and a district office that synced its own need into the first
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    district = await office_with_staff(api, admin, "341503", "裕安区民政局")
    flood = await flood_incident(api, office, ["341503", "341522"])
    other = await flood_incident(api, office, ["341503"])
    assert (await _sync(api, office.token, flood, [_row("A"), _row("B"), _row("C")]))[
        "created"
    ] == 3
    assert (await _sync(api, office.token, other, [_row("B")]))["created"] == 1
    assert (await _sync(api, district.token, flood, [_row("D")]))["created"] == 1
    await published_need(api, office.token, flood, categoryCode="TENTS")

    # when the office's system sends its whole list for the flood, without B and C
    synced = await _sync(api, office.token, flood, [_row("A")], cancelMissing=True)

    # then B and C of that incident are cancelled, and nothing else is touched
    assert synced["userErrors"] == []
    assert (synced["unchanged"], synced["cancelled"]) == (1, 2)
    assert await _statuses(api, flood) == {
        "A": "OPEN",
        "B": "CANCELLED",
        "C": "CANCELLED",
        "D": "OPEN",
        "by hand": "OPEN",
    }
    assert await _statuses(api, other) == {"B": "OPEN"}
    # and sending the same list again cancels nothing more
    again = await _sync(api, office.token, flood, [_row("A")], cancelMissing=True)
    assert (again["unchanged"], again["cancelled"]) == (1, 0)


async def test_without_cancel_missing_a_shorter_list_cancels_nothing(api: ApiClient) -> None:
    # given two synced needs
    office = await office_with_staff(api, await api.admin_token(), "341500", "六安市民政局")
    flood = await flood_incident(api, office, ["341503"])
    await _sync(api, office.token, flood, [_row("A"), _row("B")])

    # when the system sends only one of them, as before
    synced = await _sync(api, office.token, flood, [_row("A")])

    # then both stay open
    assert synced["cancelled"] == 0
    assert await _statuses(api, flood) == {"A": "OPEN", "B": "OPEN"}


async def test_a_refused_batch_cancels_nothing(api: ApiClient) -> None:
    # given two synced needs
    office = await office_with_staff(api, await api.admin_token(), "341500", "六安市民政局")
    flood = await flood_incident(api, office, ["341503"])
    await _sync(api, office.token, flood, [_row("A"), _row("B")])

    # when the whole list holds a bad row
    bad = _row("A") | {"quantity": 0}
    refused = await _sync(api, office.token, flood, [bad], cancelMissing=True)

    # then the batch is refused and B is not cancelled
    assert codes(refused) == [(["needs", "0", "quantity"], "INVALID")]
    assert await _statuses(api, flood) == {"A": "OPEN", "B": "OPEN"}
