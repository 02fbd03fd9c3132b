"""Registry documents the tests send beyond the partner contract's walk-through.

Partner operations come from docs/partners/operations (tests.integration.documents).
"""

ORGANIZATION_CONTACTS = """
query OrganizationContacts($id: ID!) {
  node(id: $id) { ... on Organization { id status contactPhone contactEmail } }
}
"""

VOLUNTEER_CONTACTS = """
query VolunteerContacts($id: ID!) {
  node(id: $id) { ... on Volunteer { id membershipStatus phone email } }
}
"""

VOLUNTEERS = """
query Volunteers($first: Int, $filter: VolunteerFilter) {
  volunteers(first: $first, filter: $filter) {
    totalCount
    edges { node { id displayName membershipStatus phone email } }
  }
}
"""

ADD_MEMBER = """
mutation AddOrganizationMember($input: AddOrganizationMemberInput!) {
  addOrganizationMember(input: $input) {
    account { id email role organization { id } }
    userErrors { field message code }
  }
}
"""

REVIEW_MEMBERSHIP = """
mutation ReviewVolunteerMembership($input: ReviewVolunteerMembershipInput!) {
  reviewVolunteerMembership(input: $input) {
    volunteer { id membershipStatus }
    userErrors { field message code }
  }
}
"""

SIGN_OUT = """
mutation SignOut { signOut { ok userErrors { field message code } } }
"""

REVOKE_API_TOKEN = """
mutation RevokeApiToken($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) {
    apiToken { id revokedAt }
    userErrors { field message code }
  }
}
"""

API_TOKENS = """
query ApiTokens {
  apiTokens(first: 100) { totalCount edges { node { id name kind scopes revokedAt } } }
}
"""

AUDIT_LOG = """
query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action entityType entityId actorId regionCode details createdAt } }
  }
}
"""
