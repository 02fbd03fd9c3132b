"""assignments: a volunteer's part in an accepted allocation, and the hours served

Adds the assignments table: one row per volunteer and allocation (unique), from a
volunteer's own accepted offer or an organization's deployment, with its window, its
check-in and check-out (times, optional positions), the minutes served and confirmed.

Existing data: no assignments; nothing else changes.

Revision ID: 0018
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0019"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

STATUS = sa.Enum(
    "PLANNED",
    "CHECKED_IN",
    "CHECKED_OUT",
    "CONFIRMED",
    "CANCELLED",
    name="assignmentstatus",
    native_enum=False,
    length=40,
)
INDEXED = (
    "volunteer_id",
    "allocation_id",
    "need_id",
    "incident_id",
    "organization_id",
    "office_id",
    "region_code",
    "starts_at",
    "ends_at",
    "status",
    "created_at",
)


def _reference(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_assignments_{column}_{table}")
    )


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("volunteer_id", sa.Uuid(), nullable=False),
        sa.Column("allocation_id", sa.Uuid(), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_in_latitude", sa.Float(), nullable=True),
        sa.Column("check_in_longitude", sa.Float(), nullable=True),
        sa.Column("check_out_latitude", sa.Float(), nullable=True),
        sa.Column("check_out_longitude", sa.Float(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("minutes_confirmed", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "minutes_confirmed IS NULL OR minutes_confirmed >= 0",
            name=op.f("ck_assignments_minutes_confirmed"),
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_assignments_window")),
        _reference("volunteer_id", "volunteers"),
        _reference("allocation_id", "allocations"),
        _reference("need_id", "needs"),
        _reference("incident_id", "incidents"),
        _reference("organization_id", "organizations"),
        _reference("office_id", "offices"),
        _reference("confirmed_by_id", "accounts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
        sa.UniqueConstraint(
            "volunteer_id", "allocation_id", name="uq_assignments_volunteer_allocation"
        ),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        for column in INDEXED:
            batch_op.create_index(batch_op.f(f"ix_assignments_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        for column in reversed(INDEXED):
            batch_op.drop_index(batch_op.f(f"ix_assignments_{column}"))
    op.drop_table("assignments")
