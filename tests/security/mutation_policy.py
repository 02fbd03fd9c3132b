"""Who may run which mutation: the policy, written as data, never read from the code.

One row per mutation (a `name:variant` row checks another input of the same mutation).
Cells, in the order of the columns line: `ok` (allowed), or the refusal's code:
UNA UNAUTHENTICATED, FBD FORBIDDEN, OOJ OUT_OF_JURISDICTION, NF NOT_FOUND (the target
is not the caller's: its existence is not confirmed). "in"/"out": the office whose
jurisdiction holds the target or not; "own"/"other": the organization owning the
target or another one. The partner columns hold a partner token of the row's actor.
updateIncidentPhase:SHARED acts on an incident over Yu'an (Lu'an's) and Yaohai (Hefei's)
opened for Anhui's province office: neither prefecture covers all of it, so neither
changes its phase (nor, updateIncident:SHARED, renames it). "op-in" is a hotline operator of the inside office: it works help
requests, and turns none into a need (that publishes one: office staff do it).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.security.world import parse_policy

CODES = {
    "ok": "ok",
    "UNA": "UNAUTHENTICATED",
    "FBD": "FORBIDDEN",
    "OOJ": "OUT_OF_JURISDICTION",
    "NF": "NOT_FOUND",
}

# fmt: off
POLICY = """
# mutation                      actor            scope     | anon  admin  oa-in  os-in  op-in  oa-out  os-out  oa-own  om-own  oa-oth  om-oth  vol   p+   p-
updateViewer                    ORG_MEMBER_OWN   -         | UNA   ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
createOffice                    ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
createAccount                   OFFICE_ADMIN_IN  REGISTRY  | UNA   ok     ok     FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateOffice                    ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
deactivateOffice                ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
inviteAccount                   OFFICE_ADMIN_IN  REGISTRY  | UNA   ok     ok     FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
acceptInvitation                VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
requestPasswordReset            VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
resetPassword                   VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
sendPasswordReset               ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
disableAccount                  ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
enableAccount                   ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
changeAccountRole               ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
signIn                          VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
signOut                         ORG_MEMBER_OWN   -         | UNA   ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
createApiToken                  ORG_ADMIN_OWN    NEEDS     | UNA   ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    FBD  FBD
revokeApiToken                  ORG_ADMIN_OWN    -         | UNA   ok     NF     NF     NF     NF      NF      ok      NF      NF      NF      NF    ok   ok
registerOrganization            VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
reviewOrganization              OFFICE_STAFF_IN  REGISTRY  | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
addOrganizationMember           ORG_ADMIN_OWN    REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     ok      FBD     FBD     FBD     FBD   ok   FBD
registerVolunteer               VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
reviewVolunteerMembership       ORG_ADMIN_OWN    REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     ok      FBD     FBD     FBD     FBD   ok   FBD
reviewVolunteer                 OFFICE_STAFF_IN  REGISTRY  | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
requestPhoneCode                VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
updateVolunteerProfile          VOLUNTEER        -         | UNA   FBD    FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     ok    ok   ok
setAvailability                 VOLUNTEER        -         | UNA   FBD    FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     ok    ok   ok
createIncident                  OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateIncidentPhase             OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateIncidentPhase:SHARED      OFFICE_STAFF_IN  NEEDS     | UNA   ok     OOJ    OOJ    FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   OOJ  FBD
updateIncident                  OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateIncident:SHARED           OFFICE_STAFF_IN  NEEDS     | UNA   ok     OOJ    OOJ    FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   OOJ  FBD
markRegionAssessed              OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
addCategory                     ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
renameCategory                  ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
retireCategory                  ADMIN            REGISTRY  | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
publishNeed                     OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateNeed                      OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
cancelNeed                      OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
extendNeed                      OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
escalateNeed                    OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
importNeeds                     OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
syncNeeds                       OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
postOffer                       ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      ok      ok      ok    ok   FBD
updateOffer                     ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      NF      NF      NF    ok   FBD
withdrawOffer                   ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      NF      NF      NF    ok   FBD
syncOffers                      ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      ok      ok      ok    ok   FBD
pledgeOffer                     ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      NF      NF      NF    ok   FBD
runMatching                     OFFICE_STAFF_IN  MATCHING  | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
acceptAllocation                ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      FBD     FBD     FBD   ok   FBD
declineAllocation               ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      FBD     FBD     FBD   ok   FBD
reconsiderAllocation            ORG_MEMBER_OWN   OFFERS    | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      FBD     FBD     FBD   ok   FBD
vetoAllocation                  OFFICE_STAFF_IN  MATCHING  | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
assignOffer                     OFFICE_STAFF_IN  MATCHING  | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updateDispatchStatus            ORG_MEMBER_OWN   DISPATCH  | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      FBD     FBD     FBD   ok   FBD
updateDispatchStatus:CANCELLED  OFFICE_STAFF_IN  DISPATCH  | UNA   ok     ok     ok     FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
recordDelivery                  ORG_MEMBER_OWN   DISPATCH  | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      ok      FBD     FBD     FBD   ok   FBD
confirmReceipt                  OFFICE_STAFF_IN  DISPATCH  | UNA   FBD    ok     ok     FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
nameReceiver                    OFFICE_STAFF_IN  DISPATCH  | UNA   FBD    ok     ok     FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
markNotificationRead            ORG_ADMIN_OWN    -         | UNA   NF     NF     NF     NF     NF      NF      ok      NF      NF      NF      NF    ok   ok
redeliverNotification           ADMIN            -         | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   ok
createWebhookSubscription       ORG_ADMIN_OWN    WEBHOOKS  | UNA   ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   FBD
deactivateWebhookSubscription   ORG_ADMIN_OWN    WEBHOOKS  | UNA   ok     NF     NF     NF     NF      NF      ok      NF      NF      NF      NF    ok   FBD
submitHelpRequest               VOLUNTEER        -         | ok    ok     ok     ok     ok     ok      ok      ok      ok      ok      ok      ok    ok   ok
claimHelpRequest                OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
releaseHelpRequest              OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
triageHelpRequest               OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
convertHelpRequestToNeed        OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
referHelpRequest                OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
answerHelpRequest               OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
markHelpRequestDuplicate        OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
closeHelpRequest                OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
answerHelpRequestReferral       OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     NF      NF      FBD     FBD     FBD     FBD     FBD   ok   FBD
recordCallDown                  OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     ok     OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
setHotlineTimes                 OFFICE_ADMIN_IN  NEEDS     | UNA   ok     ok     FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   FBD
registerTrustedDocuments        ADMIN            -         | UNA   ok     FBD    FBD    FBD    FBD     FBD     FBD     FBD     FBD     FBD     FBD   ok   ok
registerPerson                  OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
updatePerson                    OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    NF      NF      FBD     FBD     FBD     FBD     FBD   ok   FBD
importPeople                    OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
planVisitRound                  OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    OOJ     OOJ     FBD     FBD     FBD     FBD     FBD   ok   FBD
recordVisit                     VOLUNTEER        DISPATCH  | UNA   ok     ok     ok     NF     NF      NF      NF      NF      NF      NF      ok    ok   FBD
referFinding                    OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    NF      NF      FBD     FBD     FBD     FBD     FBD   ok   FBD
reassignVisit                   OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    NF      NF      FBD     FBD     FBD     FBD     FBD   ok   FBD
closeFindingReferral            OFFICE_STAFF_IN  NEEDS     | UNA   ok     ok     ok     FBD    NF      NF      FBD     FBD     FBD     FBD     FBD   ok   FBD
deployVolunteers                ORG_ADMIN_OWN    MATCHING  | UNA   FBD    FBD    FBD    FBD    FBD     FBD     ok      FBD     FBD     FBD     FBD   ok   FBD
checkIn                         VOLUNTEER        DISPATCH  | UNA   NF     NF     NF     NF     NF      NF      NF      NF      NF      NF      ok    ok   FBD
checkOut                        VOLUNTEER        DISPATCH  | UNA   NF     NF     NF     NF     NF      NF      NF      NF      NF      NF      ok    ok   FBD
confirmHours                    ORG_ADMIN_OWN    DISPATCH  | UNA   ok     ok     ok     FBD    FBD     FBD     ok      FBD     FBD     FBD     FBD   ok   FBD
"""
# fmt: on


@dataclass(frozen=True)
class Row:
    key: str  # the mutation, or "mutation:variant"
    actor: str  # whose partner tokens fill the partner columns
    scope: str | None  # the scope the partner needs; None: none needed
    expected: dict[str, str]  # role -> "ok" or the refusal's code

    @property
    def mutation(self) -> str:
        return self.key.partition(":")[0]


def rows() -> list[Row]:
    """The policy table, parsed."""
    return [
        Row(key, actor, None if scope == "-" else scope, expected)
        for (key, actor, scope), expected in parse_policy(POLICY, CODES)
    ]
