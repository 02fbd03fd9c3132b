"""The principal: an account (or nobody), narrowed by its token's scopes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.kernel import regions
from domain.kernel.enums import OFFICE_ROLES, ORG_ROLES, Role, Scope
from domain.kernel.errors import DomainError, ErrorCode


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: uuid.UUID | None = None
    role: Role | None = None
    office_id: uuid.UUID | None = None
    office_region_code: str | None = None
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None
    # None means every scope: a signed-in session; a partner token lists its own.
    scopes: frozenset[Scope] | None = None
    token_id: uuid.UUID | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.account_id is None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def is_hotline_operator(self) -> bool:
        return self.role is Role.HOTLINE_OPERATOR

    @property
    def is_org_member(self) -> bool:
        return self.role in ORG_ROLES

    def has_scope(self, scope: Scope) -> bool:
        return self.scopes is None or scope in self.scopes

    def covers_region(self, region_code: str) -> bool:
        """True for ADMIN, and for office roles whose jurisdiction holds the region."""
        if self.is_admin:
            return True
        return (
            self.is_office
            and self.office_region_code is not None
            and regions.covers(self.office_region_code, region_code)
        )

    def answers_calls_for(self, region_code: str) -> bool:
        """True for ADMIN, and for office roles and hotline operators whose office's
        jurisdiction holds the region: who works the help requests made there."""
        if self.is_admin:
            return True
        return (
            (self.is_office or self.is_hotline_operator)
            and self.office_region_code is not None
            and regions.covers(self.office_region_code, region_code)
        )

    def administers_organization(self, organization_id: uuid.UUID | None) -> bool:
        return self.role is Role.ORG_ADMIN and organization_id == self.organization_id

    def require_signed_in(self) -> None:
        if self.is_anonymous:
            raise DomainError.single(None, ErrorCode.UNAUTHENTICATED, "Sign in first.")

    def require_admin(self, refusal: str) -> None:
        """Refuse everyone but ADMIN, with `refusal` saying what only ADMIN does."""
        if not self.is_admin:
            raise DomainError.single(None, ErrorCode.FORBIDDEN, refusal)

    def require(self, scope: Scope) -> None:
        """Refuse anonymous callers and tokens lacking the scope."""
        self.require_signed_in()
        if not self.has_scope(scope):
            raise DomainError.single(
                None, ErrorCode.FORBIDDEN, f"This token lacks the {scope.value} scope."
            )


ANONYMOUS = Principal()
