"""admin console: offices deactivated, accounts disabled, one-time account links

Adds `offices.deactivated_at` and `accounts.disabled_at` (set: nobody of that office, or
that account, signs in or acts), `categories.retired_at` (set: no new need or offer takes
that category), and `account_links`: invitations and password resets,
each a single-use, expiring link kept as a SHA-256 of its token.

Existing data: every office stays active, every account enabled, every category in use;
no link exists.

Revision ID: 0020
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0017"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "account_links",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "INVITATION", "PASSWORD_RESET", name="linkpurpose", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by_account_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_links_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_links_token_hash")),
    )
    with op.batch_alter_table("account_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_links_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_links_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("account_links")
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.drop_column("retired_at")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
