"""importNeeds: a CSV or XLSX file, one need per row, parsed here and published by the domain."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import zipfile
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.ids import expect_id
from api.mutations.base import run_use_case
from api.types.common import UserErrorType
from api.types.relief import NeedType
from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.needs import imports as need_import
from domain.needs.model import Need

MAX_FILE_BYTES = 2 * 1024 * 1024


@strawberry.input
class ImportNeedsInput:
    incident_id: strawberry.ID
    file_name: str = strawberry.field(description="Its extension decides: .csv or .xlsx.")
    content_base64: str = strawberry.field(description="The file's bytes, base64; 2 MiB at most.")


@strawberry.type
class ImportNeedsPayload:
    needs: list[NeedType] | None
    user_errors: list[UserErrorType]


def _refuse(field: str, code: ErrorCode, message: str) -> DomainError:
    return DomainError([UserError((field,), message, code)])


def decode(content_base64: str) -> bytes:
    """The file's bytes, refusing what is not base64 or too large."""
    if len(content_base64) > (MAX_FILE_BYTES * 4) // 3 + 4:
        raise _refuse("contentBase64", ErrorCode.TOO_LONG, "The file is larger than 2 MiB.")
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse("contentBase64", ErrorCode.INVALID, "Not base64.") from None


def _csv_rows(data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("contentBase64", ErrorCode.INVALID, "Save the CSV as UTF-8.") from None
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    import openpyxl  # imported here: only an import needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _refuse("contentBase64", ErrorCode.INVALID, "Not a readable XLSX file.") from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        headers = [str(cell or "").strip() for cell in next(lines, ())]
        return [
            {header: value for header, value in zip(headers, line, strict=False) if header}
            for line in lines
        ]
    finally:
        book.close()


def parse_file(file_name: str, data: bytes) -> list[dict[str, Any]]:
    """The data rows as dicts keyed by the header row."""
    name = file_name.strip().lower()
    if name.endswith(".csv"):
        return _csv_rows(data)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    raise _refuse("fileName", ErrorCode.INVALID, "Give a .csv or .xlsx file.")


@strawberry.type
class NeedImportMutations:
    @strawberry.mutation(description="Office staff publish many needs from a CSV or XLSX file.")
    async def import_needs(self, info: Info, input: ImportNeedsInput) -> ImportNeedsPayload:
        async def use_case(session: AsyncSession) -> list[Need]:
            incident_id = expect_id(input.incident_id, "Incident", "incidentId")
            rows = parse_file(input.file_name, decode(input.content_base64))
            return await need_import.import_needs(
                session, info.context.principal, incident_id, rows
            )

        published, errors = await run_use_case(info, use_case)
        return ImportNeedsPayload(
            needs=[NeedType.of(row) for row in published] if published is not None else None,
            user_errors=errors,
        )
