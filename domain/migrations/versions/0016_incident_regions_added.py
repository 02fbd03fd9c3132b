"""incidents: when each region was added

An office adds counties to an incident as a flood spreads. A county added on the fifth
day must not be a blind spot at once for having had no need since the first: its clock
starts when it was added, kept here per region code.

Revision ID: 0016
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        # Regions named at the start have no entry: their clock is the incident's start.
        batch_op.add_column(
            sa.Column("region_added_at", sa.JSON(), nullable=False, server_default="{}")
        )


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("region_added_at")
