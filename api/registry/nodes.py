"""node(id) of the registry's types: each resolves only what the viewer may see."""

from __future__ import annotations

from api.kernel.nodes import Resolver, node_resolver
from api.registry.types import (
    AccountType,
    ApiTokenType,
    AuditEntryType,
    OfficeType,
    OrganizationType,
    VolunteerType,
)
from domain.kernel import audit, policy
from domain.kernel.audit import AuditEntry
from domain.registry import organizations, volunteers
from domain.registry.model import Account, ApiToken, Office, Organization, Volunteer

REGISTRY_NODES: dict[str, Resolver] = {
    "Office": node_resolver(Office, OfficeType.of),
    "Organization": node_resolver(
        Organization, OrganizationType.of, scope=organizations.visible_organizations
    ),
    "Volunteer": node_resolver(Volunteer, VolunteerType.of, scope=volunteers.visible_volunteers),
    "Account": node_resolver(
        Account,
        AccountType.of,
        may_see=lambda principal, row: principal.is_admin or principal.account_id == row.id,
    ),
    "ApiToken": node_resolver(ApiToken, ApiTokenType.of, may_see=policy.owns),
    "AuditEntry": node_resolver(AuditEntry, AuditEntryType.of, scope=audit.visible_entries),
}
