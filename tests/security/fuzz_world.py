"""What the fuzzer needs to go deep: real objects on the server, and their ids put into
generated documents in place of random ones (which would stop at NOT_FOUND)."""

from __future__ import annotations

import json
import random
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from graphql import GraphQLError, StringValueNode, parse, print_ast
from graphql.language import ArgumentNode, ObjectFieldNode, Visitor, visit

from domain.kernel.outbox import PHONE_CODE_REQUESTED
from tests.security.world import PASSWORD, matrix_organization, matrix_volunteer


@dataclass
class Seeded:
    ids: list[str] = field(default_factory=list)
    provider_token: str = ""


class _Client:
    def __init__(self, url: str) -> None:
        self.url = url

    def mutate(self, name: str, input: dict[str, Any], token: str | None, selection: str) -> Any:
        input_type = name[0].upper() + name[1:] + "Input"
        document = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} userErrors {{ code field }} }} }}"
        )
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": document, "variables": {"input": input}},
            headers={"authorization": f"Bearer {token}"} if token else {},
            timeout=30,
        )
        body = response.json()
        assert body.get("data"), (name, body)
        payload = body["data"][name]
        assert payload["userErrors"] == [], (name, payload)
        return payload


def _sent_code(database: Path, phone: str) -> str:
    """The code the SMS channel was asked to send, read from the server's database."""
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT payload FROM outbox_events WHERE topic = ? ORDER BY created_at DESC",
            (PHONE_CODE_REQUESTED,),
        ).fetchall()
    codes = [json.loads(r[0]) for r in rows]
    return next(str(c["code"]) for c in codes if c["phone"] == f"+86{phone}")


def seed(url: str, admin: str, database: Path) -> Seeded:
    """An office, an incident with a need, a verified organization with an offer pledged
    to it (an allocation and a dispatch), a volunteer, a round and a webhook."""
    client, seeded = _Client(url), Seeded()
    soon = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    office = client.mutate(
        "createOffice", {"name": "六安市民政局", "regionCode": "341500"}, admin, "office { id }"
    )["office"]["id"]
    incident = client.mutate(
        "createIncident",
        {
            "name": "六安洪涝",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_II",
            "regionCodes": ["341503"],
            "startedAt": "2020-07-19T08:00:00+08:00",
            "officeId": office,
        },
        admin,
        "incident { id }",
    )["incident"]["id"]
    need = client.mutate(
        "publishNeed",
        {
            "incidentId": incident,
            "regionCode": "341503",
            "categoryCode": "DRINKING_WATER",
            "quantity": 500,
            "urgency": "HIGH",
            "neededBy": soon,
        },
        admin,
        "need { id }",
    )["need"]["id"]
    values = matrix_organization()
    organization = client.mutate("registerOrganization", values, None, "organization { id }")
    organization_id = organization["organization"]["id"]
    client.mutate(
        "reviewOrganization", {"organizationId": organization_id, "decision": "APPROVE"}, admin, ""
    )
    seeded.provider_token = client.mutate(
        "signIn", {"email": values["adminEmail"], "password": PASSWORD}, None, "token"
    )["token"]
    offer = client.mutate(
        "postOffer",
        {
            "categoryCode": "DRINKING_WATER",
            "quantity": 100,
            "availableFrom": datetime.now(UTC).isoformat(),
            "availableUntil": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
            "serviceRegionCodes": ["341503"],
        },
        seeded.provider_token,
        "offer { id }",
    )["offer"]["id"]
    pledged = client.mutate(
        "pledgeOffer",
        {"offerId": offer, "needId": need, "quantity": 5},
        seeded.provider_token,
        "allocation { id } dispatch { id }",
    )
    signup = matrix_volunteer(organization_id)
    client.mutate("requestPhoneCode", {"phone": signup["phone"]}, None, "sent")
    signup["phoneCode"] = _sent_code(database, signup["phone"])
    volunteer = client.mutate("registerVolunteer", signup, None, "volunteer { id }")["volunteer"][
        "id"
    ]
    matching_round = client.mutate("runMatching", {"incidentId": incident}, admin, "round { id }")[
        "round"
    ]["id"]
    webhook = client.mutate(
        "createWebhookSubscription",
        {"url": "https://partner.example.org/hook", "events": ["DISPATCH_ISSUED"]},
        admin,
        "webhookSubscription { id }",
    )["webhookSubscription"]["id"]
    seeded.ids = [
        office,
        incident,
        need,
        organization_id,
        offer,
        pledged["allocation"]["id"],
        pledged["dispatch"]["id"],
        volunteer,
        matching_round,
        webhook,
    ]
    return seeded


# Codes a generated string would almost never hit; with them, writes get past validation.
KNOWN = {
    "regionCode": ["341503", "341500", "340100", "341522"],
    "categoryCode": ["DRINKING_WATER", "TENTS", "FOOD", "SHELTER"],
    "email": ["fuzz@example.org"],
    "password": [PASSWORD],
}


class _RealIds(Visitor):
    def __init__(self, ids: list[str], chance: random.Random) -> None:
        super().__init__()
        self.ids = ids
        self.chance = chance

    def _swap(self, node: ArgumentNode | ObjectFieldNode) -> Any:
        name = node.name.value
        choices = self.ids if name == "id" or name.endswith("Id") else KNOWN.get(name, [])
        if not choices or not isinstance(node.value, StringValueNode):
            return None
        if self.chance.random() < 0.25:
            return None  # keep some generated values: those must be refused cleanly too
        value = StringValueNode(value=self.chance.choice(choices))
        return node.__class__(name=node.name, value=value)

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        return self._swap(node)

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> Any:
        return self._swap(node)


def with_real_ids(document: str, ids: list[str]) -> str:
    """The document with most ids replaced by real objects' ids, and codes by real codes."""
    try:
        tree = parse(document)
    except GraphQLError:
        return document  # not a document: sent as generated
    # Seeded by the document itself: the same generated case always becomes the same.
    return print_ast(visit(tree, _RealIds(ids, random.Random(document))))
