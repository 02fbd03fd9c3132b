"""Recipients read messages in the language their account prefers."""

from __future__ import annotations

from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.delivery import quick_retries
from tests.steps.relief import dispatch_scene
from workers.embedded import EmbeddedWorkers

__all__ = ["quick_retries"]
UPDATE_VIEWER = """mutation UpdateViewer($input: UpdateViewerInput!) {
  updateViewer(input: $input) { account { id locale } userErrors { field code } } }"""


async def subjects(api: ApiClient, token: str) -> list[str]:
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 50}, token)
    return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]


async def test_an_english_speaking_admin_reads_english_and_the_office_reads_chinese(
    quick_retries: tuple[ApiClient, EmbeddedWorkers],
) -> None:
    api, workers = quick_retries
    # given a dispatch issued to a charity whose admin then switches to English
    s = await dispatch_scene(api)
    switched = await api.mutate("updateViewer", UPDATE_VIEWER, {"locale": "EN"}, s.charity.token)
    assert switched["account"]["locale"] == "EN"

    # when the charity acknowledges the dispatch and the workers run
    moved = await api.mutate(
        "updateDispatchStatus",
        DISPATCH["UpdateDispatchStatus"],
        {"dispatchId": s.dispatch_id, "status": "ACKNOWLEDGED"},
        s.charity.token,
    )
    assert moved["userErrors"] == []
    await workers.drain()

    # then the admin's message about it is in English, the office's in Chinese
    assert "Dispatch RH-" in " ".join(await subjects(api, s.charity.token))
    assert any(
        t.startswith("调度单") and "ACKNOWLEDGED" in t for t in await subjects(api, s.office.token)
    )
