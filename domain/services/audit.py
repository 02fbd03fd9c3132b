"""The audit log: who did what, on which entity, when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import regions
from domain.auth.principal import Principal
from domain.db.base import Entity
from domain.db.registry import AuditEntry
from domain.errors import DomainError, ErrorCode


def record(
    session: AsyncSession,
    principal: Principal,
    action: str,
    entity: Entity,
    *,
    region_code: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the caller's unit of work, so it commits with the change."""
    session.add(
        AuditEntry(
            actor_account_id=principal.account_id,
            action=action,
            entity_type=type(entity).__name__,
            entity_id=entity.id,
            region_code=region_code,
            details=details or {},
        )
    )


def visible_entries(principal: Principal) -> Select[AuditEntry]:
    """ADMIN reads everything; an office reads its jurisdiction; nobody else reads it."""
    stmt = select(AuditEntry)
    if principal.is_admin:
        return stmt
    if principal.is_office and principal.office_region_code:
        prefix = regions.subtree_prefix(principal.office_region_code)
        return stmt.where(AuditEntry.region_code.startswith(prefix, autoescape=True))
    raise DomainError.single(
        None, ErrorCode.FORBIDDEN, "Only ADMIN and offices read the audit log."
    )
