"""The `importNeeds` mutation: its input, its payload and its use case."""

from __future__ import annotations

from typing import Any

import strawberry

from api.kernel.mutations import mutation
from api.needs.errors import NeedError
from api.needs.files import decode, parse_file
from api.needs.types import NeedType
from domain.needs import imports as need_import


@strawberry.input
class ImportNeedsInput:
    incident_id: strawberry.ID
    file_name: str = strawberry.field(description="Its extension decides: .csv or .xlsx.")
    content_base64: str = strawberry.field(description="The file's bytes, base64; 2 MiB at most.")

    def rows(self) -> list[dict[str, Any]]:
        """The spreadsheet's rows; a file that cannot be read is refused on its field."""
        return parse_file(self.file_name, decode(self.content_base64))


@strawberry.type
class ImportNeedsPayload:
    needs: list[NeedType] | None
    user_errors: list[NeedError]


@strawberry.type
class ImportNeeds:
    import_needs = mutation(
        ImportNeedsInput,
        ImportNeedsPayload,
        need_import.import_needs,
        description="Office staff publish many needs from a CSV or XLSX file.",
    )
