"""deliveries and receipts: a dispatch's deliveries as facts, confirmed by the receiving side

Adds the deliveries and receipts tables; on dispatches what was received, reported
missing and handed back at completion, the receiver an office may name, and the
completion time; on needs the units delivered but awaiting receipt.

Existing data: a dispatch's single delivered quantity becomes one delivery, counted as
received (it already counted towards its need). A dispatch COMPLETED below what it
carried hands the undelivered rest back to its need and its offer, as completing one
does from now on.

Revision ID: 0009
Revises: 0008
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# New keys as the dialect stores a Uuid; keys read back from a row are passed as they came.
NEW_ID = sa.bindparam("id", type_=sa.Uuid())
NOTE = "Recorded before deliveries and receipts were kept apart."


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _schema_up() -> None:
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        for name in ("received_quantity", "missing_quantity", "returned_quantity"):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("returned_to_offer", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("receiver_account_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_dispatches_receiver_account_id_accounts"),
            "accounts",
            ["receiver_account_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_dispatches_receiver_account_id"), ["receiver_account_id"], unique=False
        )
        batch_op.create_check_constraint(
            op.f("ck_dispatches_settled_non_negative"),
            "received_quantity >= 0 AND missing_quantity >= 0 AND returned_quantity >= 0",
        )
        batch_op.create_check_constraint(
            op.f("ck_dispatches_receipts_within_deliveries"),
            "received_quantity + missing_quantity <= delivered_quantity",
        )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quantity_awaiting_receipt", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_check_constraint(
            op.f("ck_needs_awaiting_receipt_non_negative"), "quantity_awaiting_receipt >= 0"
        )
        batch_op.create_check_constraint(
            op.f("ck_needs_deliveries_within_allocation"),
            "quantity_delivered + quantity_awaiting_receipt <= quantity_allocated",
        )
    op.create_table(
        "deliveries",
        sa.Column("dispatch_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("photo_ref", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_deliveries_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["dispatch_id"], ["dispatches.id"], name=op.f("fk_deliveries_dispatch_id_dispatches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    op.create_table(
        "receipts",
        sa.Column("dispatch_id", sa.Uuid(), nullable=False),
        sa.Column("quantity_received", sa.Integer(), nullable=False),
        sa.Column("quantity_missing", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by_id", sa.Uuid(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "quantity_received >= 0 AND quantity_missing >= 0",
            name=op.f("ck_receipts_quantities_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["dispatch_id"], ["dispatches.id"], name=op.f("fk_receipts_dispatch_id_dispatches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
    )
    for table in ("deliveries", "receipts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_created_at"), ["created_at"])
            batch_op.create_index(batch_op.f(f"ix_{table}_dispatch_id"), ["dispatch_id"])


def _data_up() -> None:
    """Each earlier delivered quantity becomes a delivery and its receipt; a short
    completed dispatch hands its undelivered rest back."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    delivered = bind.execute(
        sa.text(
            "SELECT id, delivered_quantity, delivered_at FROM dispatches "
            "WHERE delivered_quantity > 0"
        )
    ).all()
    for dispatch_id, quantity, at in delivered:
        when = at or now
        common = {"dispatch_id": dispatch_id, "note": NOTE, "created_at": now, "updated_at": now}
        bind.execute(
            sa.text(
                "INSERT INTO deliveries (id, dispatch_id, quantity, delivered_at, note, "
                "created_at, updated_at) VALUES (:id, :dispatch_id, :quantity, :at, :note, "
                ":created_at, :updated_at)"
            ).bindparams(NEW_ID),
            {"id": uuid.uuid4(), "quantity": quantity, "at": when, **common},
        )
        bind.execute(
            sa.text(
                "INSERT INTO receipts (id, dispatch_id, quantity_received, quantity_missing, "
                "confirmed_at, note, created_at, updated_at) VALUES (:id, :dispatch_id, "
                ":quantity, 0, :at, :note, :created_at, :updated_at)"
            ).bindparams(NEW_ID),
            {"id": uuid.uuid4(), "quantity": quantity, "at": when, **common},
        )
    bind.execute(sa.text("UPDATE dispatches SET received_quantity = delivered_quantity"))
    short = bind.execute(
        sa.text(
            "SELECT d.id, a.need_id, a.offer_id, a.quantity - d.delivered_quantity "
            "FROM dispatches d JOIN allocations a ON a.id = d.allocation_id "
            "WHERE d.status = 'COMPLETED' AND d.delivered_quantity < a.quantity"
        )
    ).all()
    for dispatch_id, need_id, offer_id, rest in short:
        values = {"rest": rest}
        bind.execute(
            sa.text(
                "UPDATE dispatches SET returned_quantity = :rest, returned_to_offer = :yes "
                "WHERE id = :id"
            ),
            {**values, "id": dispatch_id, "yes": True},
        )
        bind.execute(
            sa.text(
                "UPDATE needs SET quantity_allocated = quantity_allocated - :rest WHERE id = :id"
            ),
            {**values, "id": need_id},
        )
        bind.execute(
            sa.text(
                "UPDATE offers SET quantity_committed = quantity_committed - :rest WHERE id = :id"
            ),
            {**values, "id": offer_id},
        )
    # Status follows the counters, as the services derive it.
    bind.execute(
        sa.text(
            "UPDATE needs SET status = CASE "
            "WHEN quantity_delivered >= quantity THEN 'FULFILLED' "
            "WHEN quantity_allocated >= quantity THEN 'ALLOCATED' "
            "WHEN quantity_allocated > 0 THEN 'PARTIALLY_ALLOCATED' ELSE 'OPEN' END "
            "WHERE status IN ('OPEN', 'PARTIALLY_ALLOCATED', 'ALLOCATED')"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE offers SET status = 'AVAILABLE' "
            "WHERE status = 'EXHAUSTED' AND quantity_committed < quantity"
        )
    )


def upgrade() -> None:
    _schema_up()
    _data_up()


def downgrade() -> None:
    for table in ("receipts", "deliveries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_dispatch_id"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_created_at"))
        op.drop_table(table)
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_needs_deliveries_within_allocation"), type_="check")
        batch_op.drop_constraint(op.f("ck_needs_awaiting_receipt_non_negative"), type_="check")
        batch_op.drop_column("quantity_awaiting_receipt")
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_dispatches_receipts_within_deliveries"), type_="check")
        batch_op.drop_constraint(op.f("ck_dispatches_settled_non_negative"), type_="check")
        batch_op.drop_index(batch_op.f("ix_dispatches_receiver_account_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_dispatches_receiver_account_id_accounts"), type_="foreignkey"
        )
        for name in (
            "completed_at",
            "receiver_account_id",
            "returned_to_offer",
            "returned_quantity",
            "missing_quantity",
            "received_quantity",
        ):
            batch_op.drop_column(name)
