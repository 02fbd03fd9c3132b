"""Reading an uploaded CSV or XLSX file of needs into rows."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import zipfile
from typing import Any

from domain.kernel.errors import DomainError, ErrorCode, UserError

MAX_FILE_BYTES = 2 * 1024 * 1024


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
