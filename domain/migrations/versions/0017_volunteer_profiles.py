"""volunteers: phone codes, profile, consents, availability

A volunteer proves their phone with a one-time code (only its salted hash is kept),
consents to the use of their personal data (and a guardian, under 18), and says what
they can do, where and when, so matching can judge their offers by it.

Revision ID: 0017
Revises: 0010
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0021"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# (name, type, server default): a column with a default is NOT NULL.
_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any], str | None], ...] = (
    ("birth_date", sa.Date(), None),
    ("languages", sa.JSON(), "[]"),
    ("certificates", sa.JSON(), "{}"),
    ("service_region_codes", sa.JSON(), "[]"),
    ("service_radius_km", sa.Float(), None),
    ("home_latitude", sa.Float(), None),
    ("home_longitude", sa.Float(), None),
    ("consented_at", sa.DateTime(timezone=True), None),
    ("guardian_name", sa.String(length=100), None),
    ("guardian_phone", sa.String(length=32), None),
    ("guardian_consented_at", sa.DateTime(timezone=True), None),
    ("availability", sa.JSON(), None),
)


def upgrade() -> None:
    op.create_table(
        "volunteer_phone_codes",
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_phone_codes")),
    )
    for column in ("phone", "created_at"):
        op.create_index(
            op.f(f"ix_volunteer_phone_codes_{column}"), "volunteer_phone_codes", [column]
        )
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        for name, kind, default in _COLUMNS:
            batch_op.add_column(
                sa.Column(name, kind, nullable=default is None, server_default=default)
            )


def downgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        for name, _, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
    for column in ("created_at", "phone"):
        op.drop_index(
            op.f(f"ix_volunteer_phone_codes_{column}"), table_name="volunteer_phone_codes"
        )
    op.drop_table("volunteer_phone_codes")
