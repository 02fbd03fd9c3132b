"""Who reads which personal-data field in full: the policy, written as data.

Cells, in the order of the columns line: FULL, MAS (masked: recognisable, not usable),
NUL (null), HID (the object itself is not shown). The target of each type: the "own"
organization (VERIFIED, Yu'an district, inside Lu'an's jurisdiction); the world's
volunteer (an APPROVED member of the own organization, living in Yu'an); the account of
the own organization's ORG_MEMBER. The partner columns hold a partner token of the row's
actor, with the PERSONAL_DATA scope and with every scope but it.

A volunteer's phone, email, birth date and guardian are read by the person, the
organization they serve with and ADMIN; not by the offices covering their home, which
read a volunteer's contacts on an assignment of their incident while it is active.

Organization.contactName is the organization's published contact person, shown to all
(as the portal lists it); its phone and email are the personal data.

The assignment read is the world's volunteer's, deployed by the own organization and
checked in at a position: still active, so the office of jurisdiction reads the
volunteer's contacts and position; once it ends, only the volunteer and the
organization's admins do (tests/integration/test_volunteer_hours.py).

Need.location is the point of a need naming special groups (elders living alone): ADMIN,
the office of its county and its hotline operators, and verified providers (both
VERIFIED organizations, and the world's volunteer, an approved member of one) read it;
the offices elsewhere, anonymous callers and tokens without PERSONAL_DATA read the county
only (a PENDING organization and a self-registered volunteer too:
tests/integration/test_special_group_locations.py). Offer.baseLocation is the base of an offer of the world's volunteer: read as
their phone is.

Volunteer.displayName is the person's name: wherever the volunteer is shown, a partner
token without PERSONAL_DATA reads it masked (张**), as it reads counts of hours, not people.
The volunteer behind an assignment or an hours row (Assignment.volunteer,
VolunteerHours.volunteer) is null for that token; an hours row's maskedName is masked for
everyone. Account.volunteer is the world's volunteer's own account's, read by ADMIN and
themselves. Assignment.checkOutPosition is read of a second assignment of theirs, checked
in and out, so over: the office of jurisdiction no longer reads where they were.

VolunteerHours and RosterMember are no nodes: their rows read the first row of the own
organization's volunteerHours (empty: HID) and roster (refused: HID), whose only member
is the world's volunteer. Its hours and next assignment are counts and times, read by
every account that reads the roster; its volunteer is read as Volunteer.displayName.

The person read is of Yu'an in Lu'an's register, to be visited by the world's volunteer
("vol"). "vis-x" is another volunteer, a visitor too, whose visits are all to a person of
Huoqiu: a visitor reads the persons it is to visit, and of everyone else the counts by
category and region only (tests/security/test_register_visitors.py), never who they are.

The help request read is one the world's volunteer submitted from the public page for
Yu'an: its submitter reads it back, but only the office of jurisdiction (and its hotline
operators) reads who asked, for whom, where and the phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.security.world import READ_ROLES, parse_policy

CELLS = {"FULL": "FULL", "MAS": "MASKED", "NUL": "NULL", "HID": "HIDDEN"}

# fmt: off
POLICY = """
# type.field                 actor            | anon  admin  oa-in  os-in  op-in  oa-out  os-out  oa-own  om-own  oa-oth  om-oth  vol   vis-x p+   p-
Organization.contactPhone    ORG_ADMIN_OWN    | MAS   FULL   FULL   FULL   MAS    MAS     MAS     FULL    MAS     MAS     MAS     MAS   MAS   FULL MAS
Organization.contactEmail    ORG_ADMIN_OWN    | MAS   FULL   FULL   FULL   MAS    MAS     MAS     FULL    MAS     MAS     MAS     MAS   MAS   FULL MAS
Organization.contactName     ORG_ADMIN_OWN    | FULL  FULL   FULL   FULL   FULL   FULL    FULL    FULL    FULL    FULL    FULL    FULL  FULL  FULL FULL
Volunteer.phone              ORG_ADMIN_OWN    | HID   FULL   MAS    MAS    HID    HID     HID     FULL    MAS     HID     HID     FULL  HID   FULL MAS
Volunteer.email              ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.displayName        OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     FULL    FULL    HID     HID     FULL  HID   FULL MAS
Volunteer.birthDate          ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.guardianName       ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.guardianPhone      ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.guardianConsentedAt ORG_ADMIN_OWN   | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.consentedAt        ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Volunteer.homeLocation       ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Account.email                ADMIN            | HID   FULL   HID    HID    HID    HID     HID     HID     FULL    HID     HID     HID   HID   FULL MAS
Account.phone                ADMIN            | HID   FULL   HID    HID    HID    HID     HID     HID     FULL    HID     HID     HID   HID   FULL MAS
Account.displayName          ADMIN            | HID   FULL   HID    HID    HID    HID     HID     HID     FULL    HID     HID     HID   HID   FULL FULL
HelpRequest.requesterName    OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   FULL   HID     HID     HID     HID     HID     HID     NUL   HID   FULL NUL
HelpRequest.phone            OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   FULL   HID     HID     HID     HID     HID     HID     MAS   HID   FULL MAS
HelpRequest.forWhom          OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   FULL   HID     HID     HID     HID     HID     HID     NUL   HID   FULL NUL
HelpRequest.address          OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   FULL   HID     HID     HID     HID     HID     HID     NUL   HID   FULL NUL
Person.name                  OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Person.idNumber              OFFICE_STAFF_IN  | HID   MAS    MAS    MAS    HID    HID     HID     HID     HID     HID     HID     MAS   HID   MAS  HID
Person.idNumberInFull        OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     NUL   HID   FULL HID
Person.phone                 OFFICE_STAFF_IN  | HID   MAS    MAS    MAS    HID    HID     HID     HID     HID     HID     HID     MAS   HID   MAS  HID
Person.phoneInFull           OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Person.address               OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Person.guardianName          OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Person.guardianPhone         OFFICE_STAFF_IN  | HID   MAS    MAS    MAS    HID    HID     HID     HID     HID     HID     HID     MAS   HID   MAS  HID
Person.guardianPhoneInFull   OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Person.notes                 OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL HID
Assignment.contactPhone      OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     FULL    MAS     HID     HID     FULL  HID   FULL MAS
Assignment.contactEmail      OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Assignment.checkInPosition   OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Assignment.checkOutPosition  ORG_ADMIN_OWN    | HID   FULL   NUL    NUL    HID    HID     HID     FULL    NUL     HID     HID     FULL  HID   FULL NUL
Assignment.volunteer         OFFICE_STAFF_IN  | HID   FULL   FULL   FULL   HID    HID     HID     FULL    FULL    HID     HID     FULL  HID   FULL NUL
VolunteerHours.volunteer     ORG_ADMIN_OWN    | HID   FULL   FULL   FULL   HID    HID     HID     FULL    FULL    HID     HID     FULL  HID   FULL NUL
VolunteerHours.maskedName    ORG_ADMIN_OWN    | HID   MAS    MAS    MAS    HID    HID     HID     MAS     MAS     HID     HID     MAS   HID   MAS  MAS
RosterMember.volunteer       ORG_ADMIN_OWN    | HID   FULL   HID    HID    HID    HID     HID     FULL    FULL    HID     HID     HID   HID   FULL MAS
RosterMember.hours           ORG_ADMIN_OWN    | HID   FULL   HID    HID    HID    HID     HID     FULL    FULL    HID     HID     HID   HID   FULL FULL
RosterMember.nextAssignment  ORG_ADMIN_OWN    | HID   FULL   HID    HID    HID    HID     HID     FULL    FULL    HID     HID     HID   HID   FULL FULL
Account.volunteer            ADMIN            | HID   FULL   HID    HID    HID    HID     HID     HID     HID     HID     HID     FULL  HID   FULL MAS
Need.location                OFFICE_STAFF_IN  | NUL   FULL   FULL   FULL   FULL   NUL     NUL     FULL    FULL    FULL    FULL    FULL  FULL  FULL NUL
Offer.baseLocation           ORG_ADMIN_OWN    | NUL   FULL   NUL    NUL    NUL    NUL     NUL     FULL    NUL     NUL     NUL     FULL  NUL   FULL NUL"""
# fmt: on


@dataclass(frozen=True)
class ReadRow:
    type_name: str
    field: str
    actor: str
    expected: dict[str, str]


def read_rows() -> list[ReadRow]:
    """The policy table, parsed."""
    rows = []
    for (key, actor), expected in parse_policy(POLICY, CELLS, READ_ROLES):
        type_name, _, field = key.partition(".")
        rows.append(ReadRow(type_name, field, actor, expected))
    return rows


# Rows that belong to an account, read through node(id): SHW (the node is returned) or HID
# (null). The partner columns hold a partner token of the row's actor, as above.
OWNED_CELLS = {"SHW": "SHOWN", "HID": "HIDDEN"}

# fmt: off
OWNED_POLICY = """
# type.row                   actor            | anon  admin  oa-in  os-in  op-in  oa-out  os-out  oa-own  om-own  oa-oth  om-oth  vol   p+   p-
Notification.inbox           ORG_ADMIN_OWN    | HID   SHW    HID    HID    HID    HID     HID     SHW     HID     HID     HID     HID   SHW  SHW
Notification.noAccount       ORG_ADMIN_OWN    | HID   SHW    HID    HID    HID    HID     HID     HID     HID     HID     HID     HID   HID  HID"""
# fmt: on


def owned_rows() -> list[tuple[str, str, dict[str, str]]]:
    """(type.row, actor, role -> outcome) of each line of the owned-rows table."""
    return [
        (head[0], head[1], expected) for head, expected in parse_policy(OWNED_POLICY, OWNED_CELLS)
    ]
