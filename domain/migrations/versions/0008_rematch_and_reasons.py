"""needs: shortfall reasons; allocations: veto reason, reconsidered pairs

A matching round stores on each need it leaves short why it is short (a JSON list of
reasons, with when they were found). An allocation keeps the reason of an office's veto
and when its provider asked for a declined pair to be proposed again.

The new allocation status VETOED and source OFFICE need no change here: enum columns are
VARCHAR(40) without a CHECK of their members (enum_column does not create one).

Revision ID: 0008
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        # Needs published before this revision have no reasons yet: an empty list.
        batch_op.add_column(
            sa.Column("shortfall_reasons", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("shortfall_reasons_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("veto_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reconsidered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_column("reconsidered_at")
        batch_op.drop_column("veto_reason")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("shortfall_reasons_at")
        batch_op.drop_column("shortfall_reasons")
