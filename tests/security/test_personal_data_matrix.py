"""Every personal-data field read as every role: in full, masked, or not shown, as the
policy says. The fields come from the schema: a new personal field without a row fails."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

from api.schema import build_schema
from tests.security.assignment_targets import CHECK_OUT_LATITUDE
from tests.security.read_policy import ReadRow, read_rows
from tests.security.report_tables import write_table
from tests.security.world import ALL_SCOPES, PARTNER_ROLES, READ_ROLES, World

# Field names that carry a person's contact or identity; a schema field matching them
# is personal data until the policy says otherwise.
PERSONAL = re.compile(
    r"phone|email|contact|displayName|idNumber|address|requesterName|forWhom", re.IGNORECASE
)
# Fields that identify a person of the register without matching the names above, and
# the consents a volunteer gave (with their guardian's, the sign of a minor).
REGISTER = {
    "Person.name",
    "Person.guardianName",
    "Person.notes",
    "Volunteer.birthDate",
    "Volunteer.guardianName",
    "Volunteer.consentedAt",
    "Volunteer.guardianConsentedAt",
}
# A need's point, which leads to the door of the special groups it names; a volunteer's
# base and home, where a person stays; where a volunteer checked in and out.
LOCATIONS = {
    "Need.location",
    "Offer.baseLocation",
    "Volunteer.homeLocation",
    "Assignment.checkInPosition",
    "Assignment.checkOutPosition",
}
# The person behind a row of work: the volunteer's masked name of an hours row, and what
# the roster says of a member beside the volunteer (found by type, below).
PEOPLE = {"VolunteerHours.maskedName", "RosterMember.hours", "RosterMember.nextAssignment"}
# Types whose every field leading to them leads to a person.
PERSON_TYPES = {"Volunteer"}
# What a row reads of an object-valued field: its value in full is this subfield's.
SELECTION = {
    "Need.location": "location { latitude }",
    "Offer.baseLocation": "baseLocation { latitude }",
    "Volunteer.homeLocation": "homeLocation { latitude }",
    "Assignment.checkInPosition": "checkInPosition { latitude }",
    "Assignment.checkOutPosition": "checkOutPosition { latitude }",
    "Assignment.volunteer": "volunteer { displayName }",
    "VolunteerHours.volunteer": "volunteer { displayName }",
    "RosterMember.volunteer": "volunteer { displayName }",
    "RosterMember.hours": "hours { pendingMinutes }",
    "RosterMember.nextAssignment": "nextAssignment { id }",
    "Account.volunteer": "volunteer { displayName }",
}
# Types that are no nodes, read as the first item of a list of the own organization's:
# (the query, with %s for the row's selection; the list's path in the data).
LISTED = {
    "VolunteerHours": (
        "query Q($id: ID!) { list: volunteerHours(filter: { organizationId: $id }, first: 5) "
        "{ nodes { value: %s } } }",
        ("list", "nodes"),
    ),
    "RosterMember": (
        "query Q($id: ID!) { list: roster(organizationId: $id) { value: %s } }",
        ("list",),
    ),
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
        if name in ("Query", "Mutation", "Subscription") or name.endswith(
            ("Payload", "Connection", "Edge")
        ):
            continue
        for field, definition in kind.fields.items():
            leads_to_person = get_named_type(definition.type).name in PERSON_TYPES
            if PERSONAL.search(field) or leads_to_person:
                found.add(f"{name}.{field}")
    return found | REGISTER | LOCATIONS | PEOPLE


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
        "Assignment.checkOutPosition": (world.ids["ASSIGNMENT_DONE"], str(CHECK_OUT_LATITUDE)),
        "Assignment.volunteer": (world.ids["ASSIGNMENT"], "小李"),
        "Volunteer.homeLocation": (world.ids["VOLUNTEER"], world.values["VOLUNTEER_HOME_LATITUDE"]),
        "Volunteer.consentedAt": (world.ids["VOLUNTEER"], world.values["VOLUNTEER_CONSENTED_AT"]),
        "Volunteer.guardianConsentedAt": (
            world.ids["VOLUNTEER"],
            world.values["VOLUNTEER_GUARDIAN_CONSENTED_AT"],
        ),
        "VolunteerHours.volunteer": (world.ids["ORG_OWN"], "小李"),
        "VolunteerHours.maskedName": (world.ids["ORG_OWN"], "小李"),
        "RosterMember.volunteer": (world.ids["ORG_OWN"], "小李"),
        # Checked out at once: no minutes served yet.
        "RosterMember.hours": (world.ids["ORG_OWN"], "0"),
        "RosterMember.nextAssignment": (world.ids["ORG_OWN"], world.ids["ASSIGNMENT"]),
        "Account.volunteer": (world.ids["ACCOUNT_VOLUNTEER"], "小李"),
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
        (value,) = value.values()  # the one subfield SELECTION reads
    if value is None:
        return "NULL"
    value = str(value)
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
    selection = SELECTION.get(f"{row.type_name}.{row.field}", row.field)
    shown: dict[str, str] = {}
    for role in READ_ROLES:
        # when each role reads it
        found = await _read(
            world, row.type_name, selection, node_id, await _token(world, row, role)
        )
        shown[role] = _shown(found, full)
    RESULTS.setdefault(world.database, {})[f"{row.type_name}.{row.field}"] = shown
    _report()
    # then it is shown as the policy says
    assert shown == row.expected


async def _read(
    world: World, type_name: str, selection: str, node_id: str, token: str | None
) -> dict[str, Any] | None:
    """What `token` reads of the target: its node, or the first item of its list; None
    when it is not shown (or the list is refused)."""
    if type_name not in LISTED:
        query = (
            f"query Q($id: ID!) {{ node(id: $id) {{ ... on {type_name} "
            f"{{ value: {selection} }} }} }}"
        )
        return (await world.api.gql(query, {"id": node_id}, token))["node"]  # type: ignore[no-any-return]
    document, path = LISTED[type_name]
    body = (await world.api.post(document % selection, {"id": node_id}, token)).json()
    if body.get("errors"):
        return None
    found: Any = body["data"]
    for key in path:
        found = found[key]
    return found[0] if found else None


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
