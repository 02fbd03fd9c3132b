"""The people table: the most sensitive rows the system holds.

ID numbers and phones are stored encrypted (`SecretBox`), beside a masked form that lists
show without decrypting and a keyed fingerprint that finds a person registered twice."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.errors import ErrorCode

# The categories every office knows, most vulnerable first (its rank is the visit order's
# first key); an office may register under a code of its own, ranked after these.
KNOWN_CATEGORIES: dict[str, int] = {
    "SCATTERED_DESTITUTE": 1,  # 分散供养特困人员
    "SCATTERED_ORPHAN": 1,  # 散居孤儿
    "CHILD_IN_DIFFICULTY": 2,  # 困境儿童
    "DISABLED": 2,  # 残疾人
    "LEFT_BEHIND_ELDERLY": 3,  # 留守老人
    "LEFT_BEHIND_CHILD": 3,  # 留守儿童
}
OTHER_CATEGORY_RANK = 4


class Person(Entity):
    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint(
            "id_number_fingerprint",
            name="uq_people_id_number_fingerprint",
            info={
                REFUSAL: protects(
                    "id_number", ErrorCode.DUPLICATE, "This person was just registered."
                )
            },
        ),
    )

    # The office that registered the person (none when ADMIN did); a county region, whose
    # covering offices are the person's offices of jurisdiction.
    office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(100))
    id_number_encrypted: Mapped[str] = mapped_column(Text)
    id_number_masked: Mapped[str] = mapped_column(String(20))
    id_number_fingerprint: Mapped[str] = mapped_column(String(64))
    phone_encrypted: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(Text)
    guardian_name: Mapped[str | None] = mapped_column(String(100))
    guardian_phone_encrypted: Mapped[str | None] = mapped_column(Text)
    guardian_phone_masked: Mapped[str | None] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)
    # Lower is more vulnerable: visited first (category rank, then age; see `priority`).
    priority: Mapped[int] = mapped_column(Integer, index=True)
    last_visited_at: Mapped[datetime | None] = mapped_column(index=True)
