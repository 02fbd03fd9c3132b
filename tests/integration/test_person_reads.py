"""Reading the register's list is reading the persons it shows: their names, masked ID
numbers and phones, addresses identify them, so each person a page shows is one audit
entry naming the reader and the person; a page of ids and categories identifies nobody
and writes none."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from domain.kernel.global_ids import from_global_id
from tests.client import ApiClient
from tests.steps.people import PEOPLE, registered
from tests.steps.registry import office_staff

CATEGORIES_ONLY = """query Kinds($filter: PersonFilter) {
  people(filter: $filter) { totalCount edges { node { id category region { code } } } } }"""


def _raw(global_id: str) -> uuid.UUID:
    decoded = from_global_id(global_id)
    assert decoded is not None, global_id
    return decoded[1]


async def _reads(api: ApiClient) -> list[AuditEntry]:
    async with api.db.transaction() as session:
        wanted = select(AuditEntry).where(AuditEntry.action == "person.read")
        return list((await session.scalars(wanted.order_by(AuditEntry.created_at))).all())


async def test_listing_the_register_audits_each_person_shown(api: ApiClient) -> None:
    # given three persons of Yu'an in Lu'an's register, and Hefei's office
    admin = await api.admin_token()
    lu_an = await office_staff(api, admin, "341500")
    hefei = await office_staff(api, admin, "340100")
    people = [await registered(api, lu_an, name=name) for name in ("张奶奶", "李叔", "王爷爷")]
    reader = (await api.gql("query { viewer { id } }", None, lu_an))["viewer"]["id"]
    before = len(await _reads(api))

    # when Lu'an's staff list the register's first two persons
    page = await api.gql(PEOPLE["People"], {"filter": {"regionCode": "341503"}, "first": 2}, lu_an)

    # then two entries are written, one per person shown, each naming the reader
    shown = [edge["node"] for edge in page["people"]["edges"]]
    assert len(shown) == 2 and all(node["name"] for node in shown)
    reads = (await _reads(api))[before:]
    assert sorted(entry.entity_id for entry in reads) == sorted(_raw(n["id"]) for n in shown)
    assert {(e.entity_type, e.actor_account_id, e.region_code) for e in reads} == {
        ("Person", _raw(reader), "341503")
    }

    # when the whole list is read again, then every person is audited again: each read
    # is a look at them
    await api.gql(PEOPLE["People"], {"filter": {"regionCode": "341503"}}, lu_an)
    again = (await _reads(api))[before + 2 :]
    assert sorted(entry.entity_id for entry in again) == sorted(_raw(p) for p in people)

    # when a page asks for ids and categories only, or Hefei lists the register
    kinds = await api.gql(CATEGORIES_ONLY, {"filter": {"regionCode": "341503"}}, lu_an)
    nobody = await api.gql(PEOPLE["People"], {"filter": {"regionCode": "341503"}}, hefei)

    # then nobody was identified, and nothing more is written
    assert kinds["people"]["totalCount"] == 3
    assert nobody["people"]["totalCount"] == 0
    assert len(await _reads(api)) == before + 2 + 3
