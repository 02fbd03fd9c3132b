"""volunteers: the office's verification, as organizations have it

Adds to volunteers a status (PENDING, VERIFIED, REJECTED, SUSPENDED), the reason given
with the last decision and its time. Volunteers already registered start PENDING, as a
new one does: their offices review them.

Revision ID: 0021
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=40), nullable=False, server_default="PENDING")
        )
        batch_op.add_column(sa.Column("review_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_volunteers_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteers_status"))
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("review_reason")
        batch_op.drop_column("status")
