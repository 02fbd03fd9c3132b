"""Importing a register file: one person per row, all rows or none, every bad row named."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.services import require_office_role
from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.kernel.errors import DomainError, ErrorCode, UserError
from domain.kernel.secrets_box import SecretBox
from domain.people import sheets
from domain.people.model import Person
from domain.people.services import PersonFields, RegisterPerson, register_person

MAX_ROWS = 5000


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportPeople:
    """A register file as the office keeps it: .csv or .xlsx, base64."""

    file_name: str
    content_base64: str


def _region(principal: Principal, written: str) -> str:
    """The county a cell names, by code or by name (霍邱县, 六安市霍邱县); a name several
    counties share is settled by the office's jurisdiction, and refused if it is not."""
    written = written.strip()
    if not written or written.isdigit():
        return written
    mine = [r for r in regions.named(written) if principal.covers_region(r.code)]
    if len(mine) == 1:
        return mine[0].code
    if not mine:
        raise DomainError.single(
            "region_code",
            ErrorCode.UNKNOWN_REGION,
            f"No county of your jurisdiction is named {written}.",
        )
    names = "、".join(regions.full_name(r.code) for r in mine)
    raise DomainError.single(
        "region_code", ErrorCode.INVALID, f"{written} may mean {names}: write the code."
    )


def _command(principal: Principal, cells: Mapping[str, Any]) -> RegisterPerson:
    def cell(name: str) -> str | None:
        return cells.get(name) or None

    return RegisterPerson(
        region_code=_region(principal, str(cells.get("regionCode") or "")),
        fields=PersonFields(
            category=cell("category"),
            name=cell("name"),
            id_number=cell("idNumber"),
            phone=cell("phone"),
            address=cell("address"),
            guardian_name=cell("guardianName"),
            guardian_phone=cell("guardianPhone"),
            notes=cell("notes"),
        ),
    )


async def import_people(
    session: AsyncSession, principal: Principal, command: ImportPeople, *, box: SecretBox
) -> list[Person]:
    """Register one person per row in the caller's unit of work, or refuse them all.

    Errors name `["rows", "<row number>", "<field>"]`; blank rows are skipped; a person
    twice in the file is refused on the second row as DUPLICATE."""
    principal.require(Scope.NEEDS)
    require_office_role(principal)
    rows = sheets.read_rows(command.file_name, sheets.decode_base64(command.content_base64))
    if len(rows) > MAX_ROWS:
        raise DomainError.single("rows", ErrorCode.TOO_LONG, f"At most {MAX_ROWS} rows.")
    found: list[UserError] = []
    registered: list[Person] = []
    # Row 1 holds the headers: the first data row is the sheet's row 2.
    for number, row in enumerate(rows, start=2):
        if not any(str(value or "").strip() for value in row.values()):
            continue
        try:
            person = _command(principal, row)
            registered.append(await register_person(session, principal, person, box=box))
        except DomainError as refusal:
            found.extend(
                UserError(("rows", str(number), *error.field), error.message, error.code)
                for error in refusal.errors
            )
    if not registered and not found:
        found.append(UserError(("rows",), "The file holds no persons.", ErrorCode.REQUIRED))
    if found:
        raise DomainError(found)
    return registered
