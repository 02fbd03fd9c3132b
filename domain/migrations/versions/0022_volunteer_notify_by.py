"""volunteers: the channels each is told by, beside the inbox

Adds notify_by, a JSON list of EMAIL and SMS; volunteers already registered keep being
told by both, as they were.

Revision ID: 0022
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0018"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("notify_by", sa.JSON(), nullable=False, server_default='["EMAIL", "SMS"]')
        )


def downgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_column("notify_by")
