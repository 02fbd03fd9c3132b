"""One shared world for the permission matrices: every role, made through the public API.

Offices of Lu'an (341500, "inside" the jurisdiction of everything the matrices touch,
with a hotline operator) and of Hefei (340100, "outside"); two VERIFIED organizations
in Yu'an district (341503): the "own" one owns the offers, allocations and dispatches
under test, the "other" does not.
"""

from __future__ import annotations

import functools
import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from api.schema import build_schema
from domain.kernel.enums import Scope
from domain.kernel.global_ids import from_global_id
from tests.client import ApiClient
from tests.steps.registry import PASSWORD, organization_input, volunteer_input
from tests.steps.volunteers import with_code

INSIDE, OUTSIDE, HOME = "341500", "340100", "341503"
# Where the world's volunteer lives, in Yu'an.
HOME_POINT = {"latitude": 31.74, "longitude": 116.48}

SESSION_ROLES = (
    "ANONYMOUS",
    "ADMIN",
    "OFFICE_ADMIN_IN",
    "OFFICE_STAFF_IN",
    "HOTLINE_OPERATOR_IN",
    "OFFICE_ADMIN_OUT",
    "OFFICE_STAFF_OUT",
    "ORG_ADMIN_OWN",
    "ORG_MEMBER_OWN",
    "ORG_ADMIN_OTHER",
    "ORG_MEMBER_OTHER",
    "VOLUNTEER",
)
# A partner token of the row's actor: holding the needed scope, and holding every other one.
PARTNER_ROLES = ("PARTNER_SCOPED", "PARTNER_UNSCOPED")
ROLES = SESSION_ROLES + PARTNER_ROLES
# The read matrix also reads as a visitor of the register with visits of its own, none to
# the person under test (tests/security/people_targets.py: world_other_visitor).
READ_ROLES = (*SESSION_ROLES, "VISITOR_OTHER", *PARTNER_ROLES)

_serial = itertools.count(900_000)


def parse_policy(
    table: str, cells: dict[str, str], roles: tuple[str, ...] = ROLES
) -> list[tuple[list[str], dict[str, str]]]:
    """(the words left of "|", role -> outcome) of each line of a policy table."""
    parsed = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        head, _, row = line.partition("|")
        outcomes = row.split()
        assert len(outcomes) == len(roles), line
        parsed.append((head.split(), {r: cells[c] for r, c in zip(roles, outcomes, strict=True)}))
    return parsed


def serial() -> int:
    """A number no other row of this world uses (USCCs, emails, codes)."""
    return next(_serial)


def matrix_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@matrix.example.org"


def raw_id(global_id: str) -> uuid.UUID:
    decoded = from_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[1]


@functools.cache
def mutation_fields() -> dict[str, bool]:
    """Every mutation of the schema -> whether it takes an `input` argument."""
    mutation = build_schema()._schema.mutation_type
    assert mutation is not None
    return {name: "input" in f.args for name, f in mutation.fields.items()}


def document(name: str, selection: str = "") -> str:
    """A mutation document for `name` with its userErrors (and `selection` before them)."""
    if mutation_fields()[name]:
        input_type = name[0].upper() + name[1:] + "Input"
        return (
            f"mutation M($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} userErrors {{ field code message }} }} }}"
        )
    return f"mutation M {{ {name} {{ {selection} userErrors {{ field code message }} }} }}"


@dataclass
class World:
    api: ApiClient
    database: str = "sqlite"
    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    # Values written in full into the world's rows, for the read matrix to compare.
    values: dict[str, str] = field(default_factory=dict)
    _partners: dict[tuple[str, frozenset[str]], str] = field(default_factory=dict)

    async def run(
        self, name: str, input: dict[str, Any] | None, token: str | None, selection: str = ""
    ) -> dict[str, Any]:
        """The payload of mutation `name`; GraphQL errors fail the test."""
        variables = {"input": input} if input is not None else {}
        return (await self.api.gql(document(name, selection), variables, token))[name]  # type: ignore[no-any-return]

    async def ok(
        self, name: str, input: dict[str, Any] | None, token: str | None, selection: str = ""
    ) -> dict[str, Any]:
        """The payload of a mutation the arrangement needs to succeed."""
        payload = await self.run(name, input, token, selection)
        assert payload["userErrors"] == [], (name, payload)
        return payload

    async def sign_in(self, email: str) -> str:
        signed = await self.ok("signIn", {"email": email, "password": PASSWORD}, None, "token")
        return str(signed["token"])

    async def fresh_token(self, role: str) -> str:
        """A new session token of the role's account (for mutations that spend it)."""
        if role == "ADMIN":
            return await self.api.admin_token()
        return await self.sign_in(self.emails[role])

    async def partner(self, actor: str, scopes: frozenset[str], *, fresh: bool = False) -> str:
        """A partner (API) token of `actor`'s account narrowed to `scopes`."""
        key = (actor, scopes)
        if fresh or key not in self._partners:
            made = await self.ok(
                "createApiToken",
                {"name": f"partner {serial()}", "scopes": sorted(scopes)},
                self.tokens[actor],
                "token",
            )
            if fresh:
                return str(made["token"])
            self._partners[key] = str(made["token"])
        return self._partners[key]

    async def office(self, region_code: str, suffix: str) -> None:
        admin = self.tokens["ADMIN"]
        made = await self.ok(
            "createOffice",
            {"name": f"{region_code} 民政局", "regionCode": region_code},
            admin,
            "office { id }",
        )
        self.ids[f"OFFICE_{suffix}"] = made["office"]["id"]
        for role in ("OFFICE_ADMIN", "OFFICE_STAFF", "HOTLINE_OPERATOR"):
            email = matrix_email(role.lower())
            await self.ok(
                "createAccount",
                {
                    "email": email,
                    "password": PASSWORD,
                    "role": role,
                    "officeId": made["office"]["id"],
                },
                admin,
            )
            self.emails[f"{role}_{suffix}"] = email
            self.tokens[f"{role}_{suffix}"] = await self.sign_in(email)

    async def organization(self, suffix: str) -> None:
        values = matrix_organization()
        registered = await self.ok("registerOrganization", values, None, "organization { id }")
        organization_id = registered["organization"]["id"]
        self.ids[f"ORG_{suffix}"] = organization_id
        self.emails[f"ORG_ADMIN_{suffix}"] = values["adminEmail"]
        self.emails[f"CONTACT_{suffix}"] = values["contactEmail"]
        await self.ok(
            "reviewOrganization",
            {"organizationId": organization_id, "decision": "APPROVE"},
            self.tokens["ADMIN"],
        )
        self.tokens[f"ORG_ADMIN_{suffix}"] = await self.sign_in(self.emails[f"ORG_ADMIN_{suffix}"])
        email = matrix_email("member")
        await self.ok(
            "addOrganizationMember",
            {
                "organizationId": organization_id,
                "email": email,
                "password": PASSWORD,
                "role": "ORG_MEMBER",
                "displayName": "成员",
            },
            self.tokens[f"ORG_ADMIN_{suffix}"],
        )
        self.emails[f"ORG_MEMBER_{suffix}"] = email
        self.tokens[f"ORG_MEMBER_{suffix}"] = await self.sign_in(email)


def matrix_organization(region_code: str = HOME) -> dict[str, Any]:
    """A valid registerOrganization input, distinct each time."""
    seed = serial()
    return organization_input(
        seed,
        region_code,
        name=f"矩阵救援队 {seed}",
        contactEmail=f"team{seed}@matrix.example.org",
        adminEmail=matrix_email("captain"),
    )


def matrix_volunteer(organization_id: str | None = None) -> dict[str, Any]:
    """A valid registerVolunteer input of Yu'an, a member of the organization if given."""
    joining = {"organizationId": organization_id} if organization_id else {}
    return volunteer_input(HOME, email=matrix_email("volunteer"), **joining)


async def build_world(api: ApiClient, database: str) -> World:
    """Every role of the matrices, and an incident of Lu'an to publish needs into."""
    world = World(api, database)
    world.tokens["ADMIN"] = await api.admin_token()
    await world.office(INSIDE, "IN")
    await world.office(OUTSIDE, "OUT")
    await world.organization("OWN")
    await world.organization("OTHER")
    # The volunteer belongs to the own organization: its admins see them in full.
    # Their phone and guardian are what the read matrix looks for in full.
    volunteer = matrix_volunteer(world.ids["ORG_OWN"]) | {
        "phone": "13900001111",
        "guardianName": "李父",
        "guardianPhone": "13800138000",
        "guardianConsent": True,
        "homeLocation": HOME_POINT,
    }
    made = await world.ok(
        "registerVolunteer", await with_code(api, volunteer), None, "volunteer { id }"
    )
    world.ids["VOLUNTEER"] = made["volunteer"]["id"]
    await world.ok(
        "reviewVolunteerMembership",
        {"volunteerId": made["volunteer"]["id"], "decision": "APPROVE"},
        world.tokens["ORG_ADMIN_OWN"],
    )
    world.emails["VOLUNTEER"] = volunteer["email"]
    world.tokens["VOLUNTEER"] = await world.sign_in(volunteer["email"])
    world.ids["INCIDENT"] = await incident(world)
    world.ids["HELP_REQUEST"] = await help_request(world)
    # The member gives the phone it is told by SMS at: the read matrix looks for it.
    await world.ok("updateViewer", {"phone": "13700009999"}, world.tokens["ORG_MEMBER_OWN"])
    viewer = await api.gql("query { viewer { id } }", None, world.tokens["ORG_MEMBER_OWN"])
    world.ids["ACCOUNT_ORG_MEMBER_OWN"] = viewer["viewer"]["id"]
    return world


async def incident(world: World) -> str:
    """A fresh flood incident of Lu'an, opened by its staff."""
    made = await world.ok(
        "createIncident",
        {
            "name": f"六安洪涝 {serial()}",
            "hazard": "FLOOD",
            "responseLevel": "LEVEL_II",
            "regionCodes": [HOME, "341502"],
            "startedAt": "2020-07-19T08:00:00+08:00",
        },
        world.tokens["OFFICE_STAFF_IN"],
        "incident { id }",
    )
    return str(made["incident"]["id"])


def help_call() -> dict[str, Any]:
    """A call for help from Yu'an, as the public page sends it."""
    return {
        "requesterName": "张大爷",
        "phone": "13912345678",
        "forWhom": "本人",
        "regionCode": HOME,
        "address": "独山镇新桥村",
        "description": "缺饮用水",
    }


async def help_request(world: World) -> str:
    """A RECEIVED request the world's volunteer submitted from the public page."""
    made = await world.ok(
        "submitHelpRequest", help_call(), world.tokens["VOLUNTEER"], "helpRequest { id }"
    )
    return str(made["helpRequest"]["id"])


ALL_SCOPES = frozenset(s.value for s in Scope)
