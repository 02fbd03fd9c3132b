"""Messages tell times in the recipient's time zone: the account's own, China's if none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.client import ApiClient
from tests.steps.delivery import quick_retries
from tests.steps.registry import add_member, codes, office_with_staff, verified_organization
from tests.steps.relief import flood_incident, pledged, published_need
from workers.embedded import EmbeddedWorkers

__all__ = ["quick_retries"]
UPDATE_VIEWER = """mutation UpdateViewer($input: UpdateViewerInput!) {
  updateViewer(input: $input) { account { id timeZone } userErrors { field code } } }"""
BODIES = "query { notifications(first: 50) { nodes { template: subject body } } }"


async def bodies(api: ApiClient, token: str) -> str:
    inbox = await api.gql(BODIES, {}, token)
    return "\n".join(n["body"] for n in inbox["notifications"]["nodes"])


async def test_a_dispatch_tells_its_deadline_in_each_members_time_zone(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given a need due at a whole UTC hour two days from now, and a charity whose admin
    # works in Urumqi (UTC+6) while a member has named no zone
    due = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    need = await published_need(
        api, office.token, incident, categoryCode="TENTS", quantity=40, neededBy=due.isoformat()
    )
    charity = await verified_organization(api, office.token, 41, "341502", kind="CHARITY")
    member = await add_member(api, charity.token, charity.id)
    zoned = await api.mutate(
        "updateViewer", UPDATE_VIEWER, {"timeZone": "Asia/Urumqi"}, charity.token
    )
    assert zoned["userErrors"] == [] and zoned["account"]["timeZone"] == "Asia/Urumqi"

    # when the charity pledges and the workers tell everyone
    await pledged(api, charity.token, need, "TENTS", 10, quantity=100)
    await workers.drain()

    # then the admin reads the deadline in Urumqi's time, the member in China's
    urumqi = f"{due + timedelta(hours=6):%Y-%m-%d %H:%M} UTC+06:00"
    shanghai = f"{due + timedelta(hours=8):%Y-%m-%d %H:%M} UTC+08:00"
    assert urumqi in await bodies(api, charity.token)
    assert shanghai in await bodies(api, member)


async def test_an_unknown_time_zone_is_refused_and_an_empty_one_goes_back_to_china(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, _ = quick_retries
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    # when a zone that does not exist, or a path, is given / then it is refused
    for bad in ("Mars/Olympus", "../../etc/passwd", "UTC+8"):
        refused = await api.mutate("updateViewer", UPDATE_VIEWER, {"timeZone": bad}, office.token)
        assert codes(refused) == [(["timeZone"], "INVALID")], bad
    # when a zone is set and then cleared / then the account has none (China's applies)
    await api.mutate("updateViewer", UPDATE_VIEWER, {"timeZone": "Asia/Hong_Kong"}, office.token)
    cleared = await api.mutate("updateViewer", UPDATE_VIEWER, {"timeZone": ""}, office.token)
    assert cleared["userErrors"] == [] and cleared["account"]["timeZone"] is None
