"""The category taxonomy, kept as data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from domain.kernel.db.base import Entity
from domain.kernel.db.constraints import REFUSAL, protects
from domain.kernel.errors import ErrorCode


class Category(Entity):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(
        String(40),
        unique=True,
        info={REFUSAL: protects("code", ErrorCode.DUPLICATE, "This category code exists.")},
    )
    group: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    # Set: no new need, offer or help request takes it; those that have it keep it.
    retired_at: Mapped[datetime | None]
