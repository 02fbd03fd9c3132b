"""Headers as offices write them, mapped onto an import's fields.

A header is compared by its key: Unicode-normalised (full-width letters and digits as
ASCII), without a unit or note in brackets ("数量（份）"), without the asterisk that marks
a required column, without spaces, underscores and hyphens, in lower case. So
"Region code", "region_code", "regionCode" and "区划代码 *" each find their field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from domain.kernel.errors import ErrorCode, Errors

_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_IGNORED = re.compile(r"[\s_\-*]")


def normalised(value: Any) -> str:
    """A cell's or header's text in NFKC (full-width forms as ASCII), trimmed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


@lru_cache(maxsize=4096)  # a sheet repeats its headers and its choices on every row
def header_key(header: Any) -> str:
    """What two spellings of one header have in common."""
    text = normalised("" if header is None else header)
    return _IGNORED.sub("", _BRACKETED.sub("", text)).lower()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Row:
    """One sheet row's cells under field names, collecting the errors of its cells.

    `number` is the sheet's row number (headers are row 1). An error is reported under
    the field's name and its message names the column as the file spelled it, so the
    person who fixes the file finds the cell.
    """

    number: int
    cells: dict[str, Any]
    headers: dict[str, str]
    errors: Errors = field(default_factory=Errors)

    def value(self, name: str) -> Any:
        value = self.cells.get(name)
        return None if is_blank(value) else value

    def refuse(self, name: str, code: ErrorCode, message: str) -> None:
        header = self.headers.get(name)
        where = f'Row {self.number}, column "{header}": ' if header else f"Row {self.number}: "
        self.errors.add(name, code, where + message)


class Columns:
    """The fields of an import and the headers that may stand for each."""

    def __init__(self, aliases: Mapping[str, Iterable[str]]) -> None:
        self.fields = tuple(aliases)
        self.by_key: dict[str, str] = {}
        for name, spellings in aliases.items():
            for spelling in (name, *spellings):
                key = header_key(spelling)
                if self.by_key.setdefault(key, name) != name:
                    raise ValueError(f"{spelling!r} stands for two fields")

    def field_of(self, header: Any) -> str | None:
        return self.by_key.get(header_key(header))

    def row(self, number: int, raw: Mapping[str, Any]) -> Row:
        """The row's cells by field; when two columns stand for one field (区划代码 and
        地区), the first that is filled in counts. Unknown columns are left out."""
        cells: dict[str, Any] = {}
        headers: dict[str, str] = {}
        for header, value in raw.items():
            name = self.field_of(header)
            if name is None or not is_blank(cells.get(name)):
                continue
            cells[name] = value
            headers[name] = str(header).strip()
        return Row(number, cells, headers)
