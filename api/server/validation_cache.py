"""Repeated documents are parsed and validated once: partners poll the same few queries.

Validation depends on the schema and the document text only (not on variables, nor on
the viewer), so a document found valid once is valid for everyone. Only valid documents
are remembered: error objects are rewritten per request (masking, suggestions hidden).
The per-request checks that do depend on variables or the caller (the query cost, the
rate limit) run in their own extensions, every time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

MAX_DOCUMENTS = 256  # bounded: distinct documents from a public endpoint must not grow memory


class ValidDocuments:
    """The texts of documents that passed validation, most recently used last."""

    def __init__(self, size: int = MAX_DOCUMENTS) -> None:
        self.size = size
        self.texts: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, text: str) -> bool:
        if text in self.texts:
            self.texts.move_to_end(text)
            return True
        return False

    def add(self, text: str) -> None:
        self.texts[text] = None
        if len(self.texts) > self.size:
            self.texts.popitem(last=False)


class ValidationCache(SchemaExtension):
    """Skips validation of a document this schema already found valid."""

    def __init__(self, valid: ValidDocuments) -> None:
        self.valid = valid

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        text = ctx.query
        # Another extension may have refused the operation already (its cost): keep that.
        cached = text is not None and ctx.pre_execution_errors is None and text in self.valid
        if cached:
            ctx.pre_execution_errors = []  # strawberry skips validation when errors are set
        yield
        if text is not None and not cached and ctx.pre_execution_errors == []:
            self.valid.add(text)
