"""The hotline's queue over GraphQL: every open request ranked on the server, most urgent
first, the untriaged after the triaged, then the longest waiting, paged in that order; and
a request found by its reference code. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.client import ApiClient
from tests.integration.documents import PEOPLE
from tests.steps.help_requests import done, hotline, submitted, triaged

QUEUE = PEOPLE["HelpRequestQueue"]


async def _queue(api: ApiClient, token: str, first: int) -> tuple[list[str], int]:
    """Every page of the queue, `first` at a time: the references in order, the total."""
    found: list[str] = []
    after = None
    while True:
        page = (await api.gql(QUEUE, {"first": first, "after": after}, token))["helpRequestQueue"]
        found += [node["reference"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


async def test_the_queue_ranks_every_open_request_by_urgency_then_waiting_time(
    api: ApiClient,
) -> None:
    # given five calls taken one after the other: triaged LOW, untriaged, CRITICAL, LOW,
    # and one answered and closed
    scene = await hotline(api)
    taken = [await submitted(api, scene.operator, requesterName=f"来电{i}") for i in range(5)]
    ref = [t["reference"] for t in taken]
    for index, urgency in ((0, "LOW"), (2, "CRITICAL"), (3, "LOW"), (4, "HIGH")):
        await triaged(api, scene.operator, taken[index]["id"], urgency)
    closing = {"helpRequestId": taken[4]["id"], "note": "已答复"}
    await done(api, "answerHelpRequest", closing, scene.operator)
    await done(api, "closeHelpRequest", closing, scene.operator)

    # when the operator reads the queue two at a time
    order, total = await _queue(api, scene.operator, first=2)

    # then the open four come most urgent first, the earlier LOW before the later one,
    # the untriaged last, and the closed one not at all
    assert order == [ref[2], ref[0], ref[3], ref[1]]
    assert total == 4
    # and read in one page the order is the same
    assert (await _queue(api, scene.operator, first=10))[0] == order


async def test_a_request_is_found_by_its_reference_and_a_bad_cursor_is_refused(
    api: ApiClient,
) -> None:
    # given two calls taken
    scene = await hotline(api)
    first = await submitted(api, scene.operator)
    await submitted(api, scene.operator, requesterName="张大爷的女儿")

    # when the list is filtered by the first one's reference, written in lower case
    filter = {"reference": f" {first['reference'].lower()} "}
    found = await api.gql(PEOPLE["HelpRequests"], {"filter": filter}, scene.operator)

    # then only that request is found
    nodes = [edge["node"]["id"] for edge in found["helpRequests"]["edges"]]
    assert nodes == [first["id"]]

    # when the queue is asked from a cursor that is not one of its own
    variables = {"first": 2, "after": "bm90LWEtY3Vyc29y"}
    response = await api.post(QUEUE, variables, scene.operator)

    # then it is refused as a GraphQL error, not a server error
    body: Any = response.json()
    assert response.status_code == 200 and body["data"] is None
    assert "Not a cursor of this list." in body["errors"][0]["message"]
