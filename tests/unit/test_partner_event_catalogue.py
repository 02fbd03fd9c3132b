"""The partner docs' event catalogue names every webhook event, with an example each."""

from __future__ import annotations

import json
import re
from pathlib import Path

from domain.kernel.enums import WebhookEvent

README = Path(__file__).resolve().parents[2] / "docs" / "partners" / "README.md"
# Events about no one object: they carry no id, state or version.
WITHOUT_OBJECT = {WebhookEvent.MATCHING_ROUND_FINISHED, WebhookEvent.ORGANIZATION_REVIEWED}


def _catalogue() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### The event catalogue")
    return text[start : text.index("### Verifying the signature")]


def test_every_webhook_event_has_a_row_and_an_example_payload() -> None:
    # given the catalogue section of the partner docs
    catalogue = _catalogue()

    # when its table rows and its example payloads are read
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", catalogue, re.M))
    examples = {}
    for block in re.findall(r"```json\n(.*?)\n```", catalogue, re.S):
        body = json.loads(block)
        examples[body["type"]] = body

    # then each event has both, and each example names its object, state and version
    events = {e.value for e in WebhookEvent}
    assert rows == events
    assert set(examples) == events
    for event in WebhookEvent:
        data = examples[event.value]["data"]
        if event not in WITHOUT_OBJECT:
            assert {"id", "version", "status"} <= set(data), event
            assert isinstance(data["version"], int), event
