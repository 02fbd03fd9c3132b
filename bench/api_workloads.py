"""bench-api's workloads, W1-W4, as each server speaks them: the documents, the variables
of each next request, and what makes an answer right."""

from __future__ import annotations

import random
from typing import Any

import aiohttp

from bench.api_load import Request
from bench.api_seed import Seeded
from domain.kernel.global_ids import to_global_id
from reliefhub.operations import partner_operations

NEEDS_DOCUMENT = partner_operations("matching")["Needs"]

NEED_FIELDS = "id quantity quantityAllocated quantityDelivered status urgency neededBy externalId"
W1_RH = f"""query W1($incident: ID!) {{ needs(first: 50, filter: {{incidentId: $incident}}) {{
  edges {{ node {{ {NEED_FIELDS} }} }} }} }}"""
W1_PG = f"""query W1($incident: UUID!) {{ allNeeds(first: 50, condition: {{incidentId: $incident}},
  orderBy: [CREATED_AT_ASC, ID_ASC]) {{ edges {{ node {{ {NEED_FIELDS} }} }} }} }}"""
# PostGraphile has no regions table (ReliefHub names regions in-process) and no volunteer
# visibility rule: it answers regionCode and every volunteer to anyone.
W2_PG = """query Needs($incident: UUID!) { allNeeds(first: 50, condition: {incidentId: $incident},
  orderBy: [CREATED_AT_ASC, ID_ASC]) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id quantity quantityAllocated quantityDelivered status urgency
    categoryCode regionCode
    allocationsByNeedId(first: 10, orderBy: [CREATED_AT_ASC, ID_ASC]) { edges { node {
      id quantity status
      offerByOfferId { id organizationByOrganizationId { id name }
        volunteerByVolunteerId { id displayName } } } } } } } } }"""
W3_RH = "query W3($id: ID!) { node(id: $id) { id ... on Need { quantity status urgency } } }"
W3_PG = (
    "query W3($id: ID!) { node(nodeId: $id) { nodeId ... on Need { quantity status urgency } } }"
)
W4_RH = f"""query W4($after: String) {{ needs(first: 100, after: $after) {{
  pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {NEED_FIELDS} updatedAt }} }} }} }}"""
W4_PG = f"""query W4($after: Cursor) {{ allNeeds(first: 100, after: $after,
  orderBy: [CREATED_AT_ASC, ID_ASC]) {{
  pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {NEED_FIELDS} updatedAt }} }} }} }}"""


def _errors(body: dict[str, Any]) -> str | None:
    return str(body["errors"])[:300] if body.get("errors") else None


class Lookup:
    """W1-W3: one document; each request a random incident or need."""

    def __init__(self, document: str, choices: list[Any], name: str) -> None:
        self.document, self.choices, self.name = document, choices, name
        self.rng = random.Random(8)

    def request(self, client: int) -> Request:
        return self.document, {self.name: self.rng.choice(self.choices)}

    def answer(self, client: int, body: dict[str, Any]) -> str | None:
        if _errors(body):
            return _errors(body)
        data = body.get("data") or {}
        return None if all(v is not None for v in data.values()) else f"empty: {body}"[:300]


class ContractNeeds(Lookup):
    """W2 as partners send it: the documented Needs operation, its own variables."""

    def request(self, client: int) -> Request:
        return self.document, {"filter": {"incidentId": self.rng.choice(self.choices)}, "first": 50}


class Sync:
    """W4: each client walks the needs from the start, 100 at a time, then starts over."""

    def __init__(self, document: str, root: str, pages: int) -> None:
        self.document, self.root, self.sync_pages = document, root, pages
        self.cursors: dict[int, str | None] = {}
        self.pages: dict[int, int] = {}

    def request(self, client: int) -> Request:
        return self.document, {"after": self.cursors.get(client)}

    def answer(self, client: int, body: dict[str, Any]) -> str | None:
        if _errors(body):
            return _errors(body)
        page = body["data"][self.root]
        if len(page["edges"]) != 100:
            return f"a page of {len(page['edges'])}"
        self.pages[client] = self.pages.get(client, 0) + 1
        done = self.pages[client] >= self.sync_pages or not page["pageInfo"]["hasNextPage"]
        self.cursors[client] = None if done else page["pageInfo"]["endCursor"]
        self.pages[client] = 0 if done else self.pages[client]
        return None


def workloads(seeded: Seeded, pg_node_ids: list[str]) -> dict[str, tuple[Any, Any]]:
    """Workload name -> (ReliefHub traffic, PostGraphile traffic)."""
    rh_incidents = [to_global_id("Incident", i) for i in seeded.incident_ids]
    pg_incidents = [str(i) for i in seeded.incident_ids]
    rh_needs = [to_global_id("Need", n) for n in seeded.need_ids]
    pages = len(seeded.need_ids) // 100
    return {
        "W1 needs(first: 50) scalars": (
            Lookup(W1_RH, rh_incidents, "incident"),
            Lookup(W1_PG, pg_incidents, "incident"),
        ),
        "W2 Needs→allocations→offer→provider": (
            ContractNeeds(NEEDS_DOCUMENT, rh_incidents, "incident"),
            Lookup(W2_PG, pg_incidents, "incident"),
        ),
        "W3 node(id) of a need": (Lookup(W3_RH, rh_needs, "id"), Lookup(W3_PG, pg_node_ids, "id")),
        f"W4 sync of {len(seeded.need_ids):,} needs by 100": (
            Sync(W4_RH, "needs", pages),
            Sync(W4_PG, "allNeeds", pages),
        ),
    }


async def postgraphile_node_ids(url: str) -> list[str]:
    """PostGraphile's own global ids of the needs (its nodeId encoding, asked not guessed)."""
    ids: list[str] = []
    after = None
    query = "query($after: Cursor) { allNeeds(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } nodes { nodeId } } }"  # noqa: E501
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.post(url, json={"query": query, "variables": {"after": after}}) as r:
                page = (await r.json())["data"]["allNeeds"]
            ids += [n["nodeId"] for n in page["nodes"]]
            if not page["pageInfo"]["hasNextPage"]:
                return ids
            after = page["pageInfo"]["endCursor"]
