"""Reading the register files offices already keep: CSV (UTF-8 or GB18030) or XLSX, with
Chinese or English headers, into rows keyed by the register's field names.

Kept inside the register on purpose, small: the need import reads its own files; the two
may share one reader later."""

from __future__ import annotations

import base64
import binascii
import csv
import io
import re
import zipfile
from typing import Any

from domain.kernel.errors import DomainError, ErrorCode

MAX_FILE_BYTES = 2 * 1024 * 1024

# Each field, under the names offices' sheets give it (compared without spaces,
# underscores, dashes or case).
HEADERS: dict[str, tuple[str, ...]] = {
    "regionCode": (
        "regionCode",
        "region",
        "区划代码",
        "行政区划代码",
        "地区代码",
        "县区代码",
        "县区",
        "区县",
        "所在县区",
        "地区",
        "所在地区",
        "所在地",
    ),
    "category": ("category", "类别", "人员类别", "群体类别", "特殊群体类别", "特殊群体"),
    "name": ("name", "姓名"),
    "idNumber": ("idNumber", "身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "phone": ("phone", "电话", "联系电话", "手机", "手机号", "手机号码"),
    "address": ("address", "地址", "住址", "家庭住址", "居住地址"),
    "guardianName": ("guardianName", "监护人", "联系人", "监护人姓名", "监护人或联系人"),
    "guardianPhone": ("guardianPhone", "监护人电话", "联系人电话", "监护人联系电话"),
    "notes": ("notes", "备注", "家庭情况", "家庭情况备注", "household notes"),
}
# Categories as the sheets write them in Chinese.
CATEGORY_NAMES = {
    "分散供养特困人员": "SCATTERED_DESTITUTE",
    "特困人员": "SCATTERED_DESTITUTE",
    "散居孤儿": "SCATTERED_ORPHAN",
    "困境儿童": "CHILD_IN_DIFFICULTY",
    "残疾人": "DISABLED",
    "留守老人": "LEFT_BEHIND_ELDERLY",
    "留守儿童": "LEFT_BEHIND_CHILD",
}


def _key(header: Any) -> str:
    return re.sub(r"[\s_\-]", "", str(header or "")).lower()


FIELD_OF = {_key(name): field for field, names in HEADERS.items() for name in names}


def _refuse(field: str, code: ErrorCode, message: str) -> DomainError:
    return DomainError.single(field, code, message)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030, the encoding Excel in China saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _refuse(
            "content_base64", ErrorCode.INVALID, "Save the CSV as UTF-8 or GB18030."
        ) from None


def _csv_rows(data: bytes) -> list[dict[str, Any]]:
    try:
        return [dict(row) for row in csv.DictReader(io.StringIO(decode_text(data)))]
    except csv.Error:
        raise _refuse("content_base64", ErrorCode.INVALID, "Not a readable CSV file.") from None


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    import openpyxl  # imported here: only an import needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise _refuse("content_base64", ErrorCode.INVALID, "Not a readable XLSX file.") from None
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        headers = [str(cell or "").strip() for cell in next(lines, ())]
        return [dict(zip(headers, line, strict=False)) for line in lines]
    finally:
        book.close()


def normalise(row: dict[str, Any]) -> dict[str, Any]:
    """A row keyed by field names; unknown headers are dropped, cells stripped, a Chinese
    category name turned into its code."""
    cells: dict[str, Any] = {}
    for header, value in row.items():
        field = FIELD_OF.get(_key(header))
        if field is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        cells[field] = CATEGORY_NAMES.get(text, text) if field == "category" else text
    return cells


def read_rows(file_name: str, data: bytes) -> list[dict[str, Any]]:
    """The data rows of a .csv or .xlsx file, normalised."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse("content_base64", ErrorCode.TOO_LONG, "The file is larger than 2 MiB.")
    name = file_name.strip().lower()
    if name.endswith(".csv"):
        rows = _csv_rows(data)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise _refuse("file_name", ErrorCode.INVALID, "Give a .csv or .xlsx file.")
    return [normalise(row) for row in rows]


def decode_base64(content_base64: str) -> bytes:
    """The file's bytes, refusing what is not base64 or too large."""
    if len(content_base64) > (MAX_FILE_BYTES * 4) // 3 + 4:
        raise _refuse("content_base64", ErrorCode.TOO_LONG, "The file is larger than 2 MiB.")
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse("content_base64", ErrorCode.INVALID, "Not base64.") from None
