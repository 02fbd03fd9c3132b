"""The principal an account acts as, for its requests and for its webhooks alike."""

from __future__ import annotations

import uuid

from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Scope
from domain.registry.model import Account


def acting_as(
    account: Account,
    *,
    office_region_code: str | None,
    volunteer_id: uuid.UUID | None,
    scopes: frozenset[Scope] | None,
    token_id: uuid.UUID | None = None,
) -> Principal:
    """The account's role, office (with that office's region), organization and volunteer
    record, narrowed to `scopes` (None: every scope)."""
    return Principal(
        account_id=account.id,
        role=account.role,
        office_id=account.office_id,
        office_region_code=office_region_code,
        organization_id=account.organization_id,
        volunteer_id=volunteer_id,
        scopes=scopes,
        token_id=token_id,
    )
