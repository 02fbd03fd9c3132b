"""Every table, imported in one place for Alembic and the tests."""

from domain.db.categories import Category
from domain.db.registry import Account, ApiToken, AuditEntry, Office, Organization, Volunteer

__all__ = ["Account", "ApiToken", "AuditEntry", "Category", "Office", "Organization", "Volunteer"]
