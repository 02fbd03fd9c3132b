"""sms receipts: the gateway's delivery receipt on a text, and an account's time zone

Adds to notifications the receipt's status and time, and an index on (address, sent_at)
that the per-phone SMS pace reads; to accounts an optional IANA time zone that messages
tell times in (none: Asia/Shanghai).

Existing data: nothing to move; every new column is null.

Revision ID: 0012
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0013"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as table:
        table.add_column(sa.Column("receipt_status", sa.String(20), nullable=True))
        table.add_column(sa.Column("receipt_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_notifications_address_sent_at", "notifications", ["address", "sent_at"])
    with op.batch_alter_table("accounts") as table:
        table.add_column(sa.Column("time_zone", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as table:
        table.drop_column("time_zone")
    op.drop_index("ix_notifications_address_sent_at", table_name="notifications")
    with op.batch_alter_table("notifications") as table:
        table.drop_column("receipt_at")
        table.drop_column("receipt_status")
