"""relief work

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 22:37:18.704366
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("relayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_events_available_at"), ["available_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_events_relayed_at"), ["relayed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_events_topic"), ["topic"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "hazard",
            sa.Enum(
                "FLOOD",
                "EARTHQUAKE",
                "TYPHOON",
                "LANDSLIDE",
                "DROUGHT",
                "WILDFIRE",
                "EPIDEMIC",
                "OTHER",
                name="hazard",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "response_level",
            sa.Enum(
                "LEVEL_I",
                "LEVEL_II",
                "LEVEL_III",
                "LEVEL_IV",
                name="responselevel",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "phase",
            sa.Enum(
                "EMERGENCY_RESCUE",
                "TRANSITIONAL_RESETTLEMENT",
                "RECOVERY",
                "CLOSED",
                name="incidentphase",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("region_codes", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_incidents_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_phase"), ["phase"], unique=False)

    op.create_table(
        "matching_rounds",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "RUNNING",
                "FINISHED",
                "FAILED",
                name="roundstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "trigger",
            sa.Enum("MANUAL", "AUTOMATIC", name="roundtrigger", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_matching_rounds_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_rounds")),
    )
    with op.batch_alter_table("matching_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matching_rounds_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_matching_rounds_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_matching_rounds_status"), ["status"], unique=False)

    op.create_table(
        "needs",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("quantity_allocated", sa.Integer(), nullable=False),
        sa.Column("quantity_proposed", sa.Integer(), nullable=False),
        sa.Column("quantity_delivered", sa.Integer(), nullable=False),
        sa.Column(
            "urgency",
            sa.Enum(
                "CRITICAL", "HIGH", "MEDIUM", "LOW", name="urgency", native_enum=False, length=40
            ),
            nullable=False,
        ),
        sa.Column("needed_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("required_skills", sa.JSON(), nullable=False),
        sa.Column("beneficiary_count", sa.Integer(), nullable=True),
        sa.Column("special_groups", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "PARTIALLY_ALLOCATED",
                "ALLOCATED",
                "FULFILLED",
                "CANCELLED",
                "EXPIRED",
                name="needstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_needs_quantity_positive")),
        sa.CheckConstraint(
            "quantity_allocated + quantity_proposed <= quantity",
            name=op.f("ck_needs_never_over_allocated"),
        ),
        sa.CheckConstraint(
            "quantity_allocated >= 0 AND quantity_proposed >= 0 AND quantity_delivered >= 0",
            name=op.f("ck_needs_counters_non_negative"),
        ),
        sa.CheckConstraint(
            "quantity_delivered <= quantity", name=op.f("ck_needs_never_over_delivered")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_needs_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_needs_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_needs_category_code"), ["category_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_needs_urgency"), ["urgency"], unique=False)

    op.create_table(
        "offers",
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("volunteer_id", sa.Uuid(), nullable=True),
        sa.Column("category_code", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("quantity_committed", sa.Integer(), nullable=False),
        sa.Column("quantity_proposed", sa.Integer(), nullable=False),
        sa.Column("available_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("service_region_codes", sa.JSON(), nullable=False),
        sa.Column("base_latitude", sa.Float(), nullable=True),
        sa.Column("base_longitude", sa.Float(), nullable=True),
        sa.Column("max_travel_km", sa.Float(), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "AVAILABLE",
                "EXHAUSTED",
                "WITHDRAWN",
                "EXPIRED",
                name="offerstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "organization_id IS NOT NULL OR volunteer_id IS NOT NULL",
            name=op.f("ck_offers_has_provider"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_offers_quantity_positive")),
        sa.CheckConstraint(
            "quantity_committed + quantity_proposed <= quantity",
            name=op.f("ck_offers_never_over_committed"),
        ),
        sa.CheckConstraint(
            "quantity_committed >= 0 AND quantity_proposed >= 0",
            name=op.f("ck_offers_counters_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_offers_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteers.id"], name=op.f("fk_offers_volunteer_id_volunteers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offers_category_code"), ["category_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offers_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offers_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offers_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_volunteer_id"), ["volunteer_id"], unique=False)

    op.create_table(
        "allocations",
        sa.Column("need_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PROPOSED",
                "ACCEPTED",
                "DECLINED",
                "EXPIRED",
                name="allocationstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum("ROUND", "PLEDGE", name="allocationsource", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_allocations_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_allocations_need_id_needs")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_allocations_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["matching_rounds.id"],
            name=op.f("fk_allocations_round_id_matching_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_status"), ["status"], unique=False)

    op.create_table(
        "dispatches",
        sa.Column("allocation_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ISSUED",
                "ACKNOWLEDGED",
                "EN_ROUTE",
                "DELIVERED",
                "COMPLETED",
                "CANCELLED",
                name="dispatchstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_quantity", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "delivered_quantity >= 0", name=op.f("ck_dispatches_delivered_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["allocations.id"],
            name=op.f("fk_dispatches_allocation_id_allocations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatches")),
        sa.UniqueConstraint("allocation_id", name=op.f("uq_dispatches_allocation_id")),
        sa.UniqueConstraint("code", name=op.f("uq_dispatches_code")),
    )
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispatches_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispatches_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatches_status"))
        batch_op.drop_index(batch_op.f("ix_dispatches_created_at"))

    op.drop_table("dispatches")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_status"))
        batch_op.drop_index(batch_op.f("ix_allocations_round_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_offer_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_need_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_expires_at"))
        batch_op.drop_index(batch_op.f("ix_allocations_created_at"))

    op.drop_table("allocations")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_offers_status"))
        batch_op.drop_index(batch_op.f("ix_offers_organization_id"))
        batch_op.drop_index(batch_op.f("ix_offers_created_at"))
        batch_op.drop_index(batch_op.f("ix_offers_category_code"))

    op.drop_table("offers")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_needs_urgency"))
        batch_op.drop_index(batch_op.f("ix_needs_status"))
        batch_op.drop_index(batch_op.f("ix_needs_region_code"))
        batch_op.drop_index(batch_op.f("ix_needs_office_id"))
        batch_op.drop_index(batch_op.f("ix_needs_incident_id"))
        batch_op.drop_index(batch_op.f("ix_needs_external_id"))
        batch_op.drop_index(batch_op.f("ix_needs_created_at"))
        batch_op.drop_index(batch_op.f("ix_needs_category_code"))

    op.drop_table("needs")
    with op.batch_alter_table("matching_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matching_rounds_status"))
        batch_op.drop_index(batch_op.f("ix_matching_rounds_incident_id"))
        batch_op.drop_index(batch_op.f("ix_matching_rounds_created_at"))

    op.drop_table("matching_rounds")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_phase"))
        batch_op.drop_index(batch_op.f("ix_incidents_office_id"))
        batch_op.drop_index(batch_op.f("ix_incidents_created_at"))

    op.drop_table("incidents")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_events_topic"))
        batch_op.drop_index(batch_op.f("ix_outbox_events_relayed_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_events_available_at"))

    op.drop_table("outbox_events")
