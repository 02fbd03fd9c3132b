"""A CSV or XLSX file's bytes as rows of header -> cell.

Offices save CSV from Excel (UTF-8 with a byte-order mark, or GB18030 on a Chinese
Windows), from WPS, or from scripts (UTF-8 without one). Decoding is strict: UTF-8 is
tried first because GB18030 would also accept many UTF-8 byte sequences as the wrong
characters; text that is neither is refused rather than read as mojibake.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from domain.kernel.errors import DomainError, ErrorCode, UserError

ENCODINGS = ("utf-8-sig", "gb18030")


def _refuse(field: str, code: ErrorCode, message: str) -> DomainError:
    return DomainError([UserError((field,), message, code)])


def decode_text(data: bytes, *, field: str = "contentBase64") -> str:
    """The text of a CSV file in UTF-8 (BOM or not) or GB18030, else a refusal on `field`."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A NUL is no spreadsheet's text: a binary file that happened to decode.
        if "\x00" not in text:
            return text
    raise _refuse(
        field,
        ErrorCode.INVALID,
        "The CSV is neither UTF-8 nor GB18030 text; save it again as "
        "'CSV UTF-8' (or 'CSV' on a Chinese Windows).",
    )


def _csv_rows(data: bytes, field: str) -> list[dict[str, Any]]:
    text = decode_text(data, field=field)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        lines = list(reader)
    except csv.Error:
        raise _refuse(field, ErrorCode.INVALID, "Not a readable CSV file.") from None
    return _as_dicts(lines)


def _as_dicts(lines: list[Any]) -> list[dict[str, Any]]:
    """Rows keyed by the header row; columns without a header are left out."""
    if not lines:
        return []
    headers = [str(cell if cell is not None else "").strip() for cell in lines[0]]
    return [
        {header: value for header, value in zip(headers, line, strict=False) if header}
        for line in lines[1:]
    ]


def _xlsx_rows(data: bytes, field: str) -> list[dict[str, Any]]:
    import openpyxl  # imported here: only an import needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _refuse(field, ErrorCode.INVALID, "Not a readable XLSX file.") from None
    try:
        return _as_dicts(list(book.worksheets[0].iter_rows(values_only=True)))
    finally:
        book.close()


def read_rows(
    file_name: str,
    data: bytes,
    *,
    name_field: str = "fileName",
    content_field: str = "contentBase64",
) -> list[dict[str, Any]]:
    """The data rows (the first row holds the headers); the extension decides the kind."""
    name = file_name.strip().lower()
    if name.endswith(".csv"):
        return _csv_rows(data, content_field)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data, content_field)
    raise _refuse(name_field, ErrorCode.INVALID, "Give a .csv or .xlsx file.")
