"""people and visits: the special-groups register, visit rounds, visits, referred findings

Adds the people table (ID numbers and phones encrypted, with masked forms and a keyed
fingerprint of the ID number), visit rounds, visits (one per person and round; a client
id keeps a retried record single) and the referrals a visit's findings became.

Revision ID: 0015
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_number_encrypted", sa.Text(), nullable=False),
        sa.Column("id_number_masked", sa.String(length=20), nullable=False),
        sa.Column("id_number_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("phone_encrypted", sa.Text(), nullable=True),
        sa.Column("phone_masked", sa.String(length=30), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("guardian_name", sa.String(length=100), nullable=True),
        sa.Column("guardian_phone_encrypted", sa.Text(), nullable=True),
        sa.Column("guardian_phone_masked", sa.String(length=30), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("last_visited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_people_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("id_number_fingerprint", name="uq_people_id_number_fingerprint"),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_people_last_visited_at"), ["last_visited_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_people_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_priority"), ["priority"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_region_code"), ["region_code"], unique=False)

    op.create_table(
        "visit_rounds",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_visit_rounds_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_visit_rounds_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_rounds")),
    )
    with op.batch_alter_table("visit_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_rounds_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visit_rounds_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visit_rounds_office_id"), ["office_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_visit_rounds_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("visitor_account_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("volunteer_id", sa.Uuid(), nullable=True),
        sa.Column("allocation_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.String(length=80), nullable=True),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("not_found_reason", sa.Text(), nullable=True),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"], ["allocations.id"], name=op.f("fk_visits_allocation_id_allocations")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_visits_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_visits_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_visits_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["visit_rounds.id"], name=op.f("fk_visits_round_id_visit_rounds")
        ),
        sa.ForeignKeyConstraint(
            ["visitor_account_id"],
            ["accounts.id"],
            name=op.f("fk_visits_visitor_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteers.id"], name=op.f("fk_visits_volunteer_id_volunteers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("client_id", name="uq_visits_client_id"),
        sa.UniqueConstraint("round_id", "person_id", name="uq_visits_round_person"),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_visits_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visits_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_visits_visitor_account_id"), ["visitor_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visits_volunteer_id"), ["volunteer_id"], unique=False)

    op.create_table(
        "finding_referrals",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("need_id", sa.Uuid(), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_finding_referrals_incident_id_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["needs.id"], name=op.f("fk_finding_referrals_need_id_needs")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_finding_referrals_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_finding_referrals_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_referrals")),
        sa.UniqueConstraint("visit_id", "item", name="uq_finding_referrals_visit_item"),
    )
    with op.batch_alter_table("finding_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_referrals_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finding_referrals_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_finding_referrals_need_id"), ["need_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_finding_referrals_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finding_referrals_region_code"), ["region_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finding_referrals_visit_id"), ["visit_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("finding_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_referrals_visit_id"))
        batch_op.drop_index(batch_op.f("ix_finding_referrals_region_code"))
        batch_op.drop_index(batch_op.f("ix_finding_referrals_person_id"))
        batch_op.drop_index(batch_op.f("ix_finding_referrals_need_id"))
        batch_op.drop_index(batch_op.f("ix_finding_referrals_incident_id"))
        batch_op.drop_index(batch_op.f("ix_finding_referrals_created_at"))

    op.drop_table("finding_referrals")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_visits_visitor_account_id"))
        batch_op.drop_index(batch_op.f("ix_visits_status"))
        batch_op.drop_index(batch_op.f("ix_visits_round_id"))
        batch_op.drop_index(batch_op.f("ix_visits_region_code"))
        batch_op.drop_index(batch_op.f("ix_visits_person_id"))
        batch_op.drop_index(batch_op.f("ix_visits_organization_id"))
        batch_op.drop_index(batch_op.f("ix_visits_incident_id"))
        batch_op.drop_index(batch_op.f("ix_visits_created_at"))

    op.drop_table("visits")
    with op.batch_alter_table("visit_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_rounds_region_code"))
        batch_op.drop_index(batch_op.f("ix_visit_rounds_office_id"))
        batch_op.drop_index(batch_op.f("ix_visit_rounds_incident_id"))
        batch_op.drop_index(batch_op.f("ix_visit_rounds_created_at"))

    op.drop_table("visit_rounds")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_region_code"))
        batch_op.drop_index(batch_op.f("ix_people_priority"))
        batch_op.drop_index(batch_op.f("ix_people_office_id"))
        batch_op.drop_index(batch_op.f("ix_people_last_visited_at"))
        batch_op.drop_index(batch_op.f("ix_people_created_at"))
        batch_op.drop_index(batch_op.f("ix_people_category"))

    op.drop_table("people")
