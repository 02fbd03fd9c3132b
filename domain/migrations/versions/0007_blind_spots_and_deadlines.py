"""blind spots and deadlines

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:30:00.000000

Region assessments (an office found nothing needed in a region of an incident), the
daily blind-spot alert's mark on incidents, escalated needs, and the marks of late
dispatches. The new need status OVERDUE needs no DDL: enum columns are VARCHAR(40)
without a CHECK (enum_column), so the value fits as it is.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "region_assessments",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_region_assessments_incident_id_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_region_assessments_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_assessments")),
    )
    with op.batch_alter_table("region_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_region_assessments_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_region_assessments_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_region_assessments_region_code"), ["region_code"], unique=False
        )

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("blind_spots_alerted_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("escalated_to_office_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_needs_escalated_at"), ["escalated_at"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_needs_escalated_to_office_id_offices"),
            "offices",
            ["escalated_to_office_id"],
            ["id"],
        )

    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("late_reminded_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("late_escalated_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.drop_column("late_escalated_at")
        batch_op.drop_column("late_reminded_at")

    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_needs_escalated_to_office_id_offices"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_needs_escalated_at"))
        batch_op.drop_column("escalated_to_office_id")
        batch_op.drop_column("escalated_at")

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("blind_spots_alerted_at")

    with op.batch_alter_table("region_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_assessments_region_code"))
        batch_op.drop_index(batch_op.f("ix_region_assessments_incident_id"))
        batch_op.drop_index(batch_op.f("ix_region_assessments_created_at"))
    op.drop_table("region_assessments")
