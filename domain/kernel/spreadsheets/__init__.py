"""Spreadsheets as offices keep them: files read as Excel and WPS save them, headers in
Chinese or English, cells written the way people write dates, places and choices.

Any import of rows (needs, and registers to come) builds on three parts:

- `files`: a CSV (UTF-8 with or without BOM, or GB18030) or XLSX file as rows of
  header -> cell;
- `headers`: `Columns`, which maps the headers a file may use onto the import's fields,
  and gives each row as a `Row` that reports its errors under the field's name and tells
  the column as the file spelled it;
- `cells`: the readers of one cell (whole numbers, dates and times, choices with their
  Chinese words, regions by code or name), each reporting on the `Row`.
"""

from domain.kernel.spreadsheets.cells import (
    choice,
    choices,
    integer,
    keyword,
    lookup,
    moment,
    number,
    region,
    text,
)
from domain.kernel.spreadsheets.files import decode_text, read_rows
from domain.kernel.spreadsheets.headers import Columns, Row, header_key

__all__ = [
    "Columns",
    "Row",
    "choice",
    "choices",
    "decode_text",
    "header_key",
    "integer",
    "keyword",
    "lookup",
    "moment",
    "number",
    "read_rows",
    "region",
    "text",
]
