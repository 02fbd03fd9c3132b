"""Incremental pull while writes go on, on PostgreSQL, where transactions run side by side:
a row stamped before a partner's cursor but committed after it must not be lost."""

from __future__ import annotations

import asyncio
import functools
import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import change_order
from domain.kernel.db import counters
from domain.kernel.enums import NeedStatus
from domain.needs.model import Need
from domain.offers.model import Offer
from tests.client import ApiClient
from tests.integration.documents import PARTNERS
from tests.integration.test_incremental_pull import pull
from tests.steps.registry import verified_organization
from tests.steps.relief import WINDOW, lu_an_flood

pytestmark = pytest.mark.postgres

SETTLE = timedelta(milliseconds=300)
Version = tuple[str, str]  # (id, updatedAt)


@pytest.fixture
def database_url(postgres_url: str) -> str:
    """Only PostgreSQL: SQLite lets one writer at a time, so no commit can overtake another."""
    return postgres_url


@pytest.fixture(autouse=True)
def short_settle() -> Iterator[None]:
    settle = change_order.SETTLE
    change_order.SETTLE = SETTLE
    yield
    change_order.SETTLE = settle


def _need(external_id: str) -> dict[str, Any]:
    return {
        "externalId": external_id,
        "regionCode": "341503",
        "categoryCode": "DRINKING_WATER",
        "quantity": 100,
        "urgency": "HIGH",
        "neededBy": "2020-07-25T18:00:00+08:00",
    }


def _offer(external_id: str) -> dict[str, Any]:
    fields = {"categoryCode": "TENTS", "quantity": 100, "serviceRegionCodes": ["341500"]}
    return {"externalId": external_id} | fields | WINDOW


async def _synced(
    api: ApiClient, needs: int, offers: int
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """The ids of `needs` needs an office synced and `offers` offers a charity synced."""
    _, office, incident = await lu_an_flood(api)
    rows = [_need(f"N-{n}") for n in range(needs)]
    values = {"incidentId": incident, "needs": rows}
    synced = await api.mutate(
        "syncNeeds", PARTNERS["SyncNeedsCancellingMissing"], values, office.token
    )
    assert synced["created"] == needs, synced
    charity = await verified_organization(api, office.token, 41, "341502")
    capacity = {"offers": [_offer(f"O-{n}") for n in range(offers)]}
    posted = await api.mutate("syncOffers", PARTNERS["SyncOffers"], capacity, charity.token)
    assert posted["created"] == offers, posted
    async with api.db.transaction() as session:
        need_ids = list(await session.scalars(select(Need.id).order_by(Need.id)))
        offer_ids = list(await session.scalars(select(Offer.id).order_by(Offer.id)))
    return need_ids, offer_ids


async def _final_versions(api: ApiClient) -> dict[str, tuple[datetime, int, str]]:
    """Each row's last committed (updatedAt, quantity, status), by its raw id."""
    async with api.db.transaction() as session:
        needs = (
            await session.execute(select(Need.id, Need.updated_at, Need.quantity, Need.status))
        ).all()
        offers = (
            await session.execute(select(Offer.id, Offer.updated_at, Offer.quantity, Offer.status))
        ).all()
    return {str(i): (at, q, s.value) for i, at, q, s in [*needs, *offers]}


def _raw(global_id: str) -> str:
    from domain.kernel.global_ids import from_global_id

    decoded = from_global_id(global_id)
    assert decoded is not None
    return str(decoded[1])


async def test_a_change_committed_behind_the_cursor_waits_instead_of_being_skipped(
    api: ApiClient,
) -> None:
    # given two needs a partner has mirrored, its cursor at the end
    (first, second), _ = await _synced(api, needs=2, offers=0)
    await asyncio.sleep(SETTLE.total_seconds())
    _, cursor, _ = await pull(api, "needs")

    # when one writer changes the first need and holds its transaction open, while
    # another changes the second and commits: the second is stamped later, committed first
    async with api.db.transaction() as held:
        await held.execute(update(Need).where(Need.id == first).values(quantity=111))
        async with api.db.transaction() as quick:
            await quick.execute(update(Need).where(Need.id == second).values(quantity=222))
        await asyncio.sleep(SETTLE.total_seconds() * 2)
        # then the partner sees neither yet: the second waits behind the open first
        during, _, _ = await pull(api, "needs", after=cursor)
        assert during == []

    # and once the first commits, the next pull from the same cursor brings both, once
    await asyncio.sleep(SETTLE.total_seconds())
    after, _, _ = await pull(api, "needs", after=cursor)
    assert sorted((_raw(n["id"]), n["quantity"]) for n in after) == sorted(
        [(str(first), 111), (str(second), 222)]
    )
    # the row committed last carries the earlier stamp: a cursor that had followed the
    # second need would have passed the first for good
    stamps = {_raw(n["id"]): n["updatedAt"] for n in after}
    assert stamps[str(first)] < stamps[str(second)]


async def _change(
    session: AsyncSession, model: Any, ident: uuid.UUID, way: str, value: int
) -> None:
    """One row changed in one of the ways the domain writes."""
    if way == "orm":
        row = await session.get(model, ident)
        row.quantity = value
        await session.flush()
    elif way == "core":
        await session.execute(update(model).where(model.id == ident).values(quantity=value))
    elif way == "counter":
        await counters.add(session, model.quantity, ident, 1)
    elif model is Need:
        row = await session.get(model, ident)
        row.status = NeedStatus.CANCELLED if value % 2 else NeedStatus.OPEN
        await session.flush()
    else:
        await counters.add(session, model.quantity, ident, -1)


async def _write(api: ApiClient, rows: list[tuple[Any, uuid.UUID]], seed: int, count: int) -> None:
    """`count` transactions, each changing one row (an ORM change, a Core UPDATE, a
    counter moved in SQL, a status), then holding its transaction open a moment, so that
    commits overtake one another."""
    chance = random.Random(seed)
    for _ in range(count):
        model, ident = chance.choice(rows)
        way = chance.choice(("orm", "core", "counter", "status"))
        change = functools.partial(
            _change, model=model, ident=ident, way=way, value=chance.randint(100, 900)
        )
        hold = chance.uniform(0, 0.08)

        async def work(session: AsyncSession, change: Any = change, hold: float = hold) -> None:
            await change(session)
            await asyncio.sleep(hold)

        await api.db.run(work, attempts=10)


async def _naive_page(
    api: ApiClient, model: type, after: tuple[datetime, uuid.UUID] | None
) -> list[Any]:
    """What a keyset reader without the horizon would get: rows past its cursor, at once."""
    stmt = select(model.id, model.updated_at).order_by(model.updated_at, model.id).limit(5)
    if after is not None:
        at, ident = after
        stmt = stmt.where(
            or_(model.updated_at > at, and_(model.updated_at == at, model.id > ident))
        )
    async with api.db.transaction() as session:
        return list((await session.execute(stmt)).all())


async def test_a_partner_paging_while_writers_race_sees_every_final_version_once(
    api: ApiClient,
) -> None:
    # given 24 needs and 12 offers
    need_ids, offer_ids = await _synced(api, needs=24, offers=12)
    rows = [(Need, i) for i in need_ids] + [(Offer, i) for i in offer_ids]

    # when four writers change them in 4 x 30 overlapping transactions, while a partner
    # pulls needs and offers five at a time, and a reader without the horizon does too
    seen: list[Version] = []
    naive_seen: set[tuple[str, datetime]] = set()
    cursors: dict[str, str | None] = {"needs": None, "offers": None}
    naive: dict[type, tuple[datetime, uuid.UUID] | None] = {Need: None, Offer: None}
    pages = 0

    async def partner_pull() -> None:
        nonlocal pages
        for name, after in cursors.items():
            nodes, cursors[name], took = await pull(api, name, after=after, first=5)
            seen.extend((_raw(n["id"]), n["updatedAt"]) for n in nodes)
            pages += took

    async def naive_pull() -> None:
        for model in (Need, Offer):
            while page := await _naive_page(api, model, naive[model]):
                for ident, at in page:
                    naive_seen.add((str(ident), at))
                    naive[model] = (at, ident)

    async def keep_pulling(pull_once: Any) -> None:
        while not all(w.done() for w in writers):
            await pull_once()
            await asyncio.sleep(0.005)

    writers = [asyncio.create_task(_write(api, rows, seed, 30)) for seed in range(4)]
    await asyncio.gather(*writers, keep_pulling(partner_pull), keep_pulling(naive_pull))
    # then, once the last writes have settled, a last pull catches up
    await asyncio.sleep(SETTLE.total_seconds() + 0.2)
    await partner_pull()
    await naive_pull()

    final = await _final_versions(api)
    seen_versions = {(ident, datetime.fromisoformat(at)) for ident, at in seen}
    missed = [ident for ident, (at, _, _) in final.items() if (ident, at) not in seen_versions]
    assert missed == [], f"final versions never pulled: {missed}"
    assert len(seen) == len(set(seen)), "a version was pulled twice"
    naive_missed = [i for i, (at, _, _) in final.items() if (i, at) not in naive_seen]
    print(
        f"\n{len(seen)} versions pulled in {pages} pages for {len(final)} rows; "
        f"a reader without the horizon missed {len(naive_missed)} final versions"
    )
