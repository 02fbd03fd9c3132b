"""The audit log: who did what, on which entity, when."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, Select, String, Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel import policy
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import Entity
from domain.kernel.errors import DomainError, ErrorCode


class AuditEntry(Entity):
    __tablename__ = "audit_entries"

    actor_account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    # The region the entity lives in, so offices read the log of their jurisdiction.
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


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


async def created(
    session: AsyncSession,
    principal: Principal,
    action: str,
    entity: Entity,
    *,
    region_code: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """A new entity joins the unit of work, flushed so that it has its id, and its entry
    is recorded with it."""
    session.add(entity)
    await session.flush()
    record(session, principal, action, entity, region_code=region_code, details=details)


def visible_entries(principal: Principal) -> Select[AuditEntry]:
    """ADMIN reads everything; an office reads its jurisdiction; nobody else reads it."""
    if principal.is_admin or (principal.is_office and principal.office_region_code):
        return policy.visible(principal, select(AuditEntry), region=AuditEntry.region_code)
    raise DomainError.single(
        None, ErrorCode.FORBIDDEN, "Only ADMIN and offices read the audit log."
    )
