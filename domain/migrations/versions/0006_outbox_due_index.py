"""outbox: a partial index of the events still to relay

The relay's due scan (`relayed_at IS NULL AND available_at <= now ORDER BY available_at`)
walked the plain available_at index through every event ever relayed; this index holds only
the ones waiting, so each pass reads what it takes.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

WAITING = sa.text("relayed_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_outbox_events_due",
        "outbox_events",
        ["available_at"],
        unique=False,
        postgresql_where=WAITING,
        sqlite_where=WAITING,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_events_due", table_name="outbox_events")
