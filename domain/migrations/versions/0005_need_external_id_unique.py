"""need external id unique

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 01:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    # A partner's external id names one need per incident and publishing office.
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_needs_external_id", ["incident_id", "office_id", "external_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_constraint("uq_needs_external_id", type_="unique")
