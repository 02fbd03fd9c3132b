"""trusted documents: the GraphQL documents partners and ADMIN register

Adds the trusted_documents table, one row per document in its canonical (printed) form,
keyed by the SHA-256 of that form, so every server process of a deployment shares them.

Revision ID: 0013
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0016"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trusted_documents",
        sa.Column("sha256_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("operation_names", sa.JSON(), nullable=False),
        sa.Column("registered_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_documents")),
        sa.UniqueConstraint("sha256_hash", name=op.f("uq_trusted_documents_sha256_hash")),
    )
    with op.batch_alter_table("trusted_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trusted_documents_created_at"), ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("trusted_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trusted_documents_created_at"))
    op.drop_table("trusted_documents")
