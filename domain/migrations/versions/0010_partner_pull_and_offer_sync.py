"""partner pull and offer sync: lists in change order, offers keyed by a provider's id

Adds an index on (updated_at, id) to the lists partners pull by change (needs, offers,
allocations, dispatches, organizations), and on offers the provider's own external id,
unique per organization and per volunteer.

Existing data: no offer has an external id; nothing else changes.

Revision ID: 0010
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0011"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

PULLED = ("needs", "offers", "allocations", "dispatches", "organizations", "help_requests")


def upgrade() -> None:
    for table in PULLED:
        op.create_index(f"ix_{table}_updated_at_id", table, ["updated_at", "id"], unique=False)
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(
            "uq_offers_organization_external_id", ["organization_id", "external_id"]
        )
        batch_op.create_unique_constraint(
            "uq_offers_volunteer_external_id", ["volunteer_id", "external_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_offers_volunteer_external_id", type_="unique")
        batch_op.drop_constraint("uq_offers_organization_external_id", type_="unique")
        batch_op.drop_column("external_id")
    for table in PULLED:
        op.drop_index(f"ix_{table}_updated_at_id", table_name=table)
