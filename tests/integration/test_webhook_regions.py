"""Webhook subscriptions by region: a subscription naming regions hears only of objects in
or under them; a code that is no region is refused."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.loop import send
from tests.steps.partners import heard, subscribe_webhook
from tests.steps.registry import office_with_staff, verified_organization
from tests.steps.relief import SOON, WINDOW, flood_incident, published_need
from tests.support.receivers import HttpReceiver
from workers.embedded import EmbeddedWorkers

TENTS = {"categoryCode": "TENTS", "neededBy": SOON, "confirmDuplicate": True}


async def test_a_subscription_naming_regions_hears_only_of_objects_in_or_under_them(
    api: ApiClient, workers: EmbeddedWorkers, http_receiver: HttpReceiver
) -> None:
    # given an incident over two counties, and partners each naming one region
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503", "341522"])
    charity = await verified_organization(api, office.token, 22, "341502", kind="CHARITY")
    wanted = ["NEED_PUBLISHED", "OFFER_POSTED"]
    url = http_receiver.url
    await subscribe_webhook(api, admin, url + "/yuan", wanted, ["341503"])
    await subscribe_webhook(api, admin, url + "/huoqiu", wanted, ["341522"])
    await subscribe_webhook(api, admin, url + "/luan", wanted, ["341500"])
    await subscribe_webhook(api, admin, url + "/all", wanted)

    # when a need is published in each county, and an offer serving Huoqiu alone
    yuan = await published_need(api, office.token, incident, regionCode="341503", **TENTS)
    huoqiu = await published_need(api, office.token, incident, regionCode="341522", **TENTS)
    posted = await send(
        api,
        "PostOffer",
        {"categoryCode": "TENTS", "quantity": 5, "serviceRegionCodes": ["341522"], **WINDOW},
        charity.token,
    )
    await workers.drain()

    # then each county's partner heard only of its own county, the prefecture's of both
    def ids(path: str) -> set[str]:
        return {e["data"]["id"] for e in heard(http_receiver, path)}

    offer = posted["offer"]["id"]
    assert ids("/yuan") == {yuan}
    assert ids("/huoqiu") == {huoqiu, offer}
    assert ids("/luan") == ids("/all") == {yuan, huoqiu, offer}


async def test_a_subscription_naming_an_unknown_region_is_refused(api: ApiClient) -> None:
    # given a partner
    admin = await api.admin_token()
    # when it names a code that is not a GB/T 2260 region
    values = {"url": "https://partner.example.org/hooks", "events": ["NEED_PUBLISHED"]}
    created = await api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {**values, "regionCodes": ["341503", "999999"]},
        admin,
    )
    # then it is refused on that code, and nothing is subscribed
    assert [(e["field"], e["code"]) for e in created["userErrors"]] == [
        (["regionCodes", "1"], "UNKNOWN_REGION")
    ]
    assert created["webhookSubscription"] is None
    # and a known one is kept as given
    created = await api.mutate(
        "createWebhookSubscription",
        DISPATCH["CreateWebhookSubscription"],
        {**values, "regionCodes": ["341503"]},
        admin,
    )
    assert created["webhookSubscription"]["regionCodes"] == ["341503"]
