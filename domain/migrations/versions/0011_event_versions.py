"""event versions: a version on every row partners hear of; subscriptions by region

Adds `version` (1 for existing rows) to needs, offers, allocations, dispatches and help
requests, raised
by every write of the row, which webhook events carry so that receivers can drop stale
or repeated ones; and `region_codes` to webhook subscriptions (empty: every region).

Revision ID: 0011
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0014"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

VERSIONED = ("needs", "offers", "allocations", "dispatches", "help_requests")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    op.add_column(
        "webhook_subscriptions",
        sa.Column("region_codes", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.drop_column("region_codes")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
