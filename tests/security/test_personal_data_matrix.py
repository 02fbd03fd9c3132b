"""Every personal-data field read as every role: in full, masked, or not shown, as the
policy says. The fields come from the schema: a new personal field without a row fails."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from graphql import GraphQLObjectType

from api.schema import build_schema
from tests.security.read_policy import ReadRow, read_rows
from tests.security.report_tables import write_table
from tests.security.world import ALL_SCOPES, PARTNER_ROLES, READ_ROLES, World

# Field names that carry a person's contact or identity; a schema field matching them
# is personal data until the policy says otherwise.
PERSONAL = re.compile(
    r"phone|email|contact|displayName|idNumber|address|requesterName|forWhom", re.IGNORECASE
)
# Fields that identify a person of the register without matching the names above.
REGISTER = {
    "Person.name",
    "Person.guardianName",
    "Person.notes",
    "Volunteer.birthDate",
    "Volunteer.guardianName",
}
# A need's point, which leads to the door of the special groups it names; a volunteer's
# base, where a person stays; where a volunteer checked in to an assignment.
LOCATIONS = {"Need.location", "Offer.baseLocation", "Assignment.checkInPosition"}
# What a row reads of an object-valued field: its value in full is this subfield's.
SELECTION = {
    "Need.location": "location { latitude }",
    "Offer.baseLocation": "baseLocation { latitude }",
    "Assignment.checkInPosition": "checkInPosition { latitude }",
}
POLICY = read_rows()
RESULTS: dict[str, dict[str, dict[str, str]]] = {}


def personal_fields() -> set[str]:
    """ "Type.field" of every object type's field that looks like personal data."""
    schema = build_schema()._schema
    found = set()
    for name, kind in schema.type_map.items():
        if not isinstance(kind, GraphQLObjectType) or name.startswith("__"):
            continue
        if name in ("Query", "Mutation", "Subscription") or name.endswith("Payload"):
            continue
        found |= {f"{name}.{field}" for field in kind.fields if PERSONAL.search(field)}
    return found | REGISTER | LOCATIONS


def test_every_personal_field_of_the_schema_has_a_policy_row() -> None:
    # given the schema's personal-data fields and the policy's rows
    in_policy = {f"{row.type_name}.{row.field}" for row in POLICY}
    # then each has the other
    assert personal_fields() - in_policy == set(), "personal fields without a read_policy row"
    assert in_policy - personal_fields() == set(), "policy rows for fields the schema lacks"


def _target(world: World, row: ReadRow) -> tuple[str, str]:
    """(global id, the value in full) of the row's target."""
    return {
        "Organization.contactPhone": (world.ids["ORG_OWN"], "13812345678"),
        "Organization.contactEmail": (world.ids["ORG_OWN"], world.emails["CONTACT_OWN"]),
        "Organization.contactName": (world.ids["ORG_OWN"], "王队长"),
        "Volunteer.phone": (world.ids["VOLUNTEER"], "13900001111"),
        "Volunteer.email": (world.ids["VOLUNTEER"], world.emails["VOLUNTEER"]),
        "Volunteer.displayName": (world.ids["VOLUNTEER"], "小李"),
        "Volunteer.birthDate": (world.ids["VOLUNTEER"], "1990-05-01"),
        "Volunteer.guardianName": (world.ids["VOLUNTEER"], "李父"),
        "Volunteer.guardianPhone": (world.ids["VOLUNTEER"], "13800138000"),
        "Account.email": (world.ids["ACCOUNT_ORG_MEMBER_OWN"], world.emails["ORG_MEMBER_OWN"]),
        "Account.displayName": (world.ids["ACCOUNT_ORG_MEMBER_OWN"], "成员"),
        "Account.phone": (world.ids["ACCOUNT_ORG_MEMBER_OWN"], "13700009999"),
        **{
            f"Person.{field}": (world.ids["PERSON"], world.values[f"PERSON_{key}"])
            for field, key in PERSON_FIELDS.items()
        },
        "HelpRequest.requesterName": (world.ids["HELP_REQUEST"], "张大爷"),
        "HelpRequest.phone": (world.ids["HELP_REQUEST"], "13912345678"),
        "HelpRequest.forWhom": (world.ids["HELP_REQUEST"], "本人"),
        "HelpRequest.address": (world.ids["HELP_REQUEST"], "独山镇新桥村"),
        "Assignment.contactPhone": (world.ids["ASSIGNMENT"], "13900001111"),
        "Assignment.contactEmail": (world.ids["ASSIGNMENT"], world.emails["VOLUNTEER"]),
        "Assignment.checkInPosition": (world.ids["ASSIGNMENT"], "31.75"),
        "Need.location": (world.ids["ELDERS_NEED"], world.values["ELDERS_NEED_LATITUDE"]),
        "Offer.baseLocation": (
            world.ids["VOLUNTEER_OFFER"],
            world.values["VOLUNTEER_BASE_LATITUDE"],
        ),
    }[f"{row.type_name}.{row.field}"]


# Each field of a Person and the input field holding its value in full.
PERSON_FIELDS = {
    "name": "name",
    "idNumber": "idNumber",
    "idNumberInFull": "idNumber",
    "phone": "phone",
    "phoneInFull": "phone",
    "address": "address",
    "guardianName": "guardianName",
    "guardianPhone": "guardianPhone",
    "guardianPhoneInFull": "guardianPhone",
    "notes": "notes",
}


def _shown(node: dict[str, Any] | None, full: str) -> str:
    if node is None:
        return "HIDDEN"
    value = node["value"]
    if isinstance(value, dict):
        value = str(value["latitude"])
    if value is None:
        return "NULL"
    if full.isdigit():
        # Phones come back in E.164 (+86...): in full means every digit is there.
        return "FULL" if re.sub(r"\D", "", value).endswith(full) else "MASKED"
    return "FULL" if value == full else "MASKED"


async def _token(world: World, row: ReadRow, role: str) -> str | None:
    if role == "ANONYMOUS":
        return None
    if role in PARTNER_ROLES:
        scoped = role == "PARTNER_SCOPED"
        scopes = frozenset({"PERSONAL_DATA"}) if scoped else ALL_SCOPES - {"PERSONAL_DATA"}
        return await world.partner(row.actor, scopes)
    return world.tokens[role]


@pytest.mark.parametrize("row", POLICY, ids=[f"{r.type_name}.{r.field}" for r in POLICY])
async def test_personal_field_as_every_role(world: World, row: ReadRow) -> None:
    # given the row's target, and its value in full
    node_id, full = _target(world, row)
    query = (
        f"query Q($id: ID!) {{ node(id: $id) {{ ... on {row.type_name} "
        f"{{ value: {SELECTION.get(f'{row.type_name}.{row.field}', row.field)} }} }} }}"
    )
    shown: dict[str, str] = {}
    for role in READ_ROLES:
        # when each role reads it
        data = await world.api.gql(query, {"id": node_id}, await _token(world, row, role))
        shown[role] = _shown(data["node"], full)
    RESULTS.setdefault(world.database, {})[f"{row.type_name}.{row.field}"] = shown
    _report()
    # then it is shown as the policy says
    assert shown == row.expected


def _report() -> None:
    table = []
    for database, by_field in sorted(RESULTS.items()):
        counts = Counter(v for shown in by_field.values() for v in shown.values())
        mismatches = sum(
            shown != row.expected
            for row in POLICY
            for shown in [by_field.get(f"{row.type_name}.{row.field}")]
            if shown is not None
        )
        table.append(
            [
                database,
                len(by_field),
                len(READ_ROLES),
                sum(counts.values()),
                counts["FULL"],
                counts["MASKED"],
                counts["NULL"],
                counts["HIDDEN"],
                mismatches,
            ]
        )
    write_table(
        "personal_data_matrix",
        "Personal-data read matrix (fields x roles)",
        [
            "database",
            "fields",
            "roles",
            "cells",
            "full",
            "masked",
            "null",
            "hidden",
            "rows failing",
        ],
        table,
    )
