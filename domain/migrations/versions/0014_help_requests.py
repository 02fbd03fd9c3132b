"""help requests: calls for help (求助) and their outcomes

Adds the help_requests table (who asked, for whom, where, what, how urgent, who works
it, and the times measured), help_request_outcomes (a need, a referral, an answer,
a duplicate) and hotline_times (an office's own time limits). Accounts may now hold
the role HOTLINE_OPERATOR; roles are plain text, so that needs no change here.

Revision ID: 0014
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0015"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _moment(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _keys() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        _moment("created_at", nullable=False),
        _moment("updated_at", nullable=False),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("requester_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("for_whom", sa.String(length=200), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("people_count", sa.Integer(), nullable=False),
        sa.Column("special_groups", sa.JSON(), nullable=False),
        sa.Column("category_codes", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("urgency", sa.String(length=40), nullable=True),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("incident_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_by_account_id", sa.Uuid(), nullable=True),
        sa.Column("claimed_by_account_id", sa.Uuid(), nullable=True),
        _moment("claimed_at"),
        _moment("received_at", nullable=False),
        _moment("first_response_at"),
        _moment("outcome_at"),
        _moment("closed_at"),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("triage_note", sa.Text(), nullable=True),
        _moment("triage_alerted_at"),
        _moment("triage_escalated_at"),
        _moment("call_down_due_at"),
        _moment("last_call_down_at"),
        *_keys(),
        sa.CheckConstraint("people_count > 0", name=op.f("ck_help_requests_people_count_positive")),
        _fk("help_requests", "office_id", "offices"),
        _fk("help_requests", "incident_id", "incidents"),
        _fk("help_requests", "submitted_by_account_id", "accounts"),
        _fk("help_requests", "claimed_by_account_id", "accounts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_help_requests_reference")),
    )
    with op.batch_alter_table("help_requests", schema=None) as batch_op:
        for column in (
            "status",
            "phone",
            "region_code",
            "urgency",
            "office_id",
            "incident_id",
            "submitted_by_account_id",
            "claimed_by_account_id",
            "received_at",
            "closed_at",
            "triage_alerted_at",
            "call_down_due_at",
            "created_at",
        ):
            batch_op.create_index(batch_op.f(f"ix_help_requests_{column}"), [column], unique=False)

    op.create_table(
        "help_request_outcomes",
        sa.Column("help_request_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column("department", sa.String(length=40), nullable=True),
        sa.Column("duplicate_of_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        *_keys(),
        _fk("help_request_outcomes", "help_request_id", "help_requests"),
        _fk("help_request_outcomes", "need_id", "needs"),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["help_requests.id"],
            name=op.f("fk_help_request_outcomes_duplicate_of_id_help_requests"),
        ),
        _fk("help_request_outcomes", "account_id", "accounts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_request_outcomes")),
    )
    with op.batch_alter_table("help_request_outcomes", schema=None) as batch_op:
        for column in ("help_request_id", "need_id", "created_at"):
            batch_op.create_index(
                batch_op.f(f"ix_help_request_outcomes_{column}"), [column], unique=False
            )

    op.create_table(
        "hotline_times",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("triage_minutes", sa.Integer(), nullable=False),
        sa.Column("call_down_hours", sa.Integer(), nullable=False),
        *_keys(),
        sa.CheckConstraint(
            "triage_minutes > 0", name=op.f("ck_hotline_times_triage_minutes_positive")
        ),
        sa.CheckConstraint(
            "call_down_hours > 0", name=op.f("ck_hotline_times_call_down_hours_positive")
        ),
        _fk("hotline_times", "office_id", "offices"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotline_times")),
        sa.UniqueConstraint("office_id", name=op.f("uq_hotline_times_office_id")),
    )
    with op.batch_alter_table("hotline_times", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hotline_times_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("hotline_times")
    op.drop_table("help_request_outcomes")
    op.drop_table("help_requests")
