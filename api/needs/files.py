"""Reading an uploaded CSV or XLSX file of needs into rows."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.kernel.spreadsheets import read_rows

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


def parse_file(file_name: str, data: bytes) -> list[dict[str, Any]]:
    """The data rows as dicts keyed by the header row (UTF-8 or GB18030 for a CSV)."""
    return read_rows(file_name, data)
