"""Every write must move `updated_at`, or a partner's pull in change order misses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from domain.dispatch.model import Dispatch
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
PULLED = [Need, Offer, Allocation, Dispatch, Organization]


@pytest.mark.parametrize("model", PULLED, ids=lambda m: m.__name__)
@pytest.mark.parametrize("dialect", [postgresql.dialect(), sqlite.dialect()], ids=["pg", "sqlite"])
def test_a_core_update_of_a_pulled_table_stamps_updated_at(model: type, dialect: object) -> None:
    # given a Core UPDATE that sets one other column, as the guarded status changes and
    # the counters moved in SQL do
    statement = update(model).where(model.id.is_(None)).values(created_at=model.created_at)

    # when it is compiled / then it sets updated_at too (the column's onupdate)
    assert "updated_at=" in str(statement.compile(dialect=dialect)).replace(" ", "")


def test_no_domain_code_updates_rows_in_raw_sql() -> None:
    # given the domain's code, migrations aside (they run before anyone pulls)
    sources = [p for p in DOMAIN.rglob("*.py") if "migrations" not in p.parts]

    # then no UPDATE is written as text, where no onupdate would stamp the row
    raw = [
        str(path.relative_to(DOMAIN))
        for path in sources
        if re.search(r"text\(\s*[\"']{1,3}\s*UPDATE", path.read_text(), re.IGNORECASE)
    ]
    assert raw == []
