"""registry and categories

Revision ID: 0001
Revises:
Create Date: 2026-11-28 22:30:56.342411
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# The starting taxonomy (docs/architecture.md); from here on it is data, extended by ADMIN.
# (code, group, unit, English name, Chinese name)
STARTING_TAXONOMY = [
    ("FOOD", "RELIEF_SUPPLIES", "portions", "Food", "食品"),
    ("DRINKING_WATER", "RELIEF_SUPPLIES", "litres", "Drinking water", "饮用水"),
    ("TENTS", "RELIEF_SUPPLIES", "pieces", "Tents", "帐篷"),
    ("BEDDING", "RELIEF_SUPPLIES", "sets", "Bedding", "被褥"),
    ("CLOTHING", "RELIEF_SUPPLIES", "sets", "Clothing", "衣物"),
    ("MEDICINE", "RELIEF_SUPPLIES", "kits", "Medicine", "药品"),
    ("HYGIENE_KITS", "RELIEF_SUPPLIES", "kits", "Hygiene kits", "卫生用品包"),
    ("GENERATORS", "RELIEF_SUPPLIES", "pieces", "Generators", "发电机"),
    ("PSYCHOLOGICAL_SUPPORT", "SERVICES", "counselor-days", "Psychological support", "心理疏导"),
    ("SOCIAL_WORK", "SERVICES", "worker-days", "Social work", "社会工作服务"),
    ("MEDICAL_CARE", "SERVICES", "medic-days", "Medical care", "医疗救护"),
    ("CARE_VISITS", "SERVICES", "visits", "Care visits", "探访关爱"),
    ("RESCUE_TEAM", "RESCUE", "team-days", "Rescue team", "救援队"),
    ("TRANSPORT", "RESCUE", "vehicle-days", "Transport", "运输车辆"),
    ("SHELTER", "RESETTLEMENT", "places", "Shelter places", "安置床位"),
    ("DEBRIS_CLEARING", "REBUILDING", "crew-days", "Debris clearing", "清淤清障"),
    ("HOUSE_REPAIR", "REBUILDING", "houses", "House repair", "房屋修缮"),
    ("CONSTRUCTION_CREW", "REBUILDING", "crew-days", "Construction crew", "施工队"),
]


def _seed_categories(table: sa.Table) -> None:
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "id": uuid.uuid4(),
                "code": code,
                "group": group,
                "unit": unit,
                "name_en": en,
                "name_zh": zh,
                "created_at": now,
                "updated_at": now,
            }
            for code, group, unit, en, zh in STARTING_TAXONOMY
        ],
    )


def upgrade() -> None:

    op.create_table(
        "audit_entries",
        sa.Column("actor_account_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_action"), ["action"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entries_actor_account_id"), ["actor_account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_entries_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_entries_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entries_region_code"), ["region_code"], unique=False
        )

    categories = op.create_table(
        "categories",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("group", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_categories_code")),
    )
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_categories_created_at"), ["created_at"], unique=False)
    _seed_categories(categories)

    op.create_table(
        "offices",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
    )
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offices_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_offices_region_code"), ["region_code"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "CHARITY",
                "SOCIAL_WORK_AGENCY",
                "VOLUNTEER_SERVICE_ORGANIZATION",
                "EMERGENCY_RESCUE_TEAM",
                "OTHER",
                name="organizationkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "VERIFIED",
                "REJECTED",
                "SUSPENDED",
                name="organizationstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("contact_name", sa.String(length=100), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("service_category_codes", sa.JSON(), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("uscc", name=op.f("uq_organizations_uscc")),
    )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organizations_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organizations_region_code"), ["region_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organizations_status"), ["status"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "ADMIN",
                "OFFICE_ADMIN",
                "OFFICE_STAFF",
                "ORG_ADMIN",
                "ORG_MEMBER",
                "VOLUNTEER",
                name="role",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("display_name", sa.String(length=100), nullable=True),
        sa.Column(
            "locale",
            sa.Enum("zh-CN", "en", name="locale", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_accounts_office_id_offices")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_accounts_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_office_id"), ["office_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_accounts_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_accounts_role"), ["role"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("SESSION", "API", name="tokenkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_tokens_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_api_tokens_created_at"), ["created_at"], unique=False)

    op.create_table(
        "volunteers",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column(
            "membership_status",
            sa.Enum(
                "NONE",
                "PENDING",
                "APPROVED",
                "REJECTED",
                name="membershipstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_volunteers_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_volunteers_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteers")),
        sa.UniqueConstraint("account_id", name=op.f("uq_volunteers_account_id")),
    )
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteers_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_volunteers_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteers_region_code"), ["region_code"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteers_region_code"))
        batch_op.drop_index(batch_op.f("ix_volunteers_organization_id"))
        batch_op.drop_index(batch_op.f("ix_volunteers_created_at"))

    op.drop_table("volunteers")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_created_at"))
        batch_op.drop_index(batch_op.f("ix_api_tokens_account_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_role"))
        batch_op.drop_index(batch_op.f("ix_accounts_organization_id"))
        batch_op.drop_index(batch_op.f("ix_accounts_office_id"))
        batch_op.drop_index(batch_op.f("ix_accounts_created_at"))

    op.drop_table("accounts")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_status"))
        batch_op.drop_index(batch_op.f("ix_organizations_region_code"))
        batch_op.drop_index(batch_op.f("ix_organizations_created_at"))

    op.drop_table("organizations")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offices_region_code"))
        batch_op.drop_index(batch_op.f("ix_offices_created_at"))

    op.drop_table("offices")
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_categories_created_at"))

    op.drop_table("categories")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_region_code"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_created_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_actor_account_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_action"))

    op.drop_table("audit_entries")
