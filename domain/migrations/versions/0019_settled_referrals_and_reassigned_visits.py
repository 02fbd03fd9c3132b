"""referrals answered: a department's answer on a help request's referral and on a
visit finding's referral

A help request's referral stays open until the department answers; the answer, when and
by whom are kept on the outcome. A finding's referral to a department closes with the
department's answer the same way.

Revision ID: 0019
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0020"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("help_request_outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_by_account_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_help_request_outcomes_answered_by_account_id_accounts",
            "accounts",
            ["answered_by_account_id"],
            ["id"],
        )
    with op.batch_alter_table("finding_referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finding_referrals", schema=None) as batch_op:
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("answer")
    with op.batch_alter_table("help_request_outcomes", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_help_request_outcomes_answered_by_account_id_accounts", type_="foreignkey"
        )
        batch_op.drop_column("answered_by_account_id")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("answer")
