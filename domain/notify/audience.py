"""Who hears of an event: accounts' inboxes, contacts' email and SMS, webhook subscribers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import regions
from domain.kernel.auth.principal import Principal
from domain.kernel.enums import Channel, Role, Scope
from domain.notify.model import WebhookSubscription
from domain.registry.model import Account, Office, Organization, Volunteer
from domain.registry.principals import acting_as

T = TypeVar("T")


@dataclass(frozen=True)
class Recipient:
    channel: Channel
    key: str  # unique per event and channel: account id, address or subscription id
    template: str
    locale: str = "zh-CN"
    account_id: uuid.UUID | None = None
    address: str | None = None
    subscription_id: uuid.UUID | None = None
    time_zone: str | None = None  # None: local_times.DEFAULT_TIME_ZONE


def inboxes(accounts: list[Account], template: str) -> list[Recipient]:
    return [
        Recipient(
            Channel.INBOX,
            str(a.id),
            template,
            a.locale.value,
            account_id=a.id,
            time_zone=a.time_zone,
        )
        for a in accounts
    ]


def account_sms(account: Account, template: str) -> Recipient:
    """An account's own phone, in its language and time zone."""
    assert account.phone is not None
    return Recipient(
        Channel.SMS,
        account.phone,
        template,
        account.locale.value,
        address=account.phone,
        time_zone=account.time_zone,
    )


async def organization_members(session: AsyncSession, organization_id: uuid.UUID) -> list[Account]:
    known = unit_of_work_cache(session, "members")
    if organization_id not in known:
        known[organization_id] = list(
            (
                await session.scalars(
                    select(Account).where(Account.organization_id == organization_id)
                )
            ).all()
        )
    return known[organization_id]


async def office_staff(session: AsyncSession, office_id: uuid.UUID) -> list[Account]:
    return list(
        (await session.scalars(select(Account).where(Account.office_id == office_id))).all()
    )


def organization_contacts(organization: Organization, template: str) -> list[Recipient]:
    """The contacts an organization registered: email and SMS, in Chinese."""
    return [
        Recipient(
            Channel.EMAIL, organization.contact_email, template, address=organization.contact_email
        ),
        Recipient(
            Channel.SMS, organization.contact_phone, template, address=organization.contact_phone
        ),
    ]


async def volunteer_contacts(
    session: AsyncSession, volunteer: Volunteer, template: str
) -> list[Recipient]:
    account = await get(session, Account, volunteer.account_id)
    if account is None:
        return []
    locale, zone = account.locale.value, account.time_zone
    told = inboxes([account], template)
    # The inbox always; email and SMS as the person chose on their profile.
    if "EMAIL" in volunteer.notify_by:
        told.append(
            Recipient(
                Channel.EMAIL,
                account.email,
                template,
                locale,
                address=account.email,
                time_zone=zone,
            )
        )
    if "SMS" in volunteer.notify_by:
        told.append(
            Recipient(
                Channel.SMS,
                volunteer.phone,
                template,
                locale,
                address=volunteer.phone,
                time_zone=zone,
            )
        )
    return told


def unit_of_work_cache(session: AsyncSession, name: str) -> dict[Any, Any]:
    """A cache that lives as long as the session: a fan-out tells a whole batch of events in
    one transaction, and what they share (subscriptions, their owners' rights, categories)
    cannot change under it, so it is read once per batch rather than once per event."""
    return session.info.setdefault(name, {})


async def get(session: AsyncSession, entity: type[T], ident: uuid.UUID) -> T | None:
    """session.get, holding the row for the transaction: the identity map keeps rows only
    while something refers to them, and the next event of the batch often wants it again."""
    held = unit_of_work_cache(session, "rows")
    key = (entity, ident)
    if key not in held:
        held[key] = await session.get(entity, ident)
    found: T | None = held[key]
    return found


async def principal_of(session: AsyncSession, account: Account) -> Principal:
    """What a subscription's owner may see: the same rules as its API requests."""
    known = unit_of_work_cache(session, "principals")
    if account.id not in known:
        known[account.id] = await _principal_of(session, account)
    return known[account.id]


async def _principal_of(session: AsyncSession, account: Account) -> Principal:
    region = None
    if account.office_id:
        office = await get(session, Office, account.office_id)
        region = office.region_code if office else None
    volunteer_id = await session.scalar(
        select(Volunteer.id).where(Volunteer.account_id == account.id)
    )
    return acting_as(
        account,
        office_region_code=region,
        volunteer_id=volunteer_id,
        scopes=frozenset({Scope.WEBHOOKS}),
    )


def in_chosen_regions(subscription: WebhookSubscription, places: Sequence[str]) -> bool:
    """Whether an event about an object lying in `places` is one the subscription wants:
    one of them in or under one of its region codes (any, when it names none)."""
    chosen = subscription.region_codes or []
    return not chosen or any(regions.covers(code, place) for code in chosen for place in places)


async def webhook_subscribers(
    session: AsyncSession,
    event: str,
    region_code: str | None,
    organization_id: uuid.UUID | None,
    *,
    places: Sequence[str] | None = None,
) -> list[Recipient]:
    """Active subscriptions to `event`, in whose regions the object lies (`places`, by
    default `region_code`), and whose owners may see it.

    Offices see events in their jurisdiction, organizations their own, ADMIN all;
    events with neither region nor organization (public ones) reach every subscriber.
    """
    if places is None:
        places = (region_code,) if region_code else ()
    known = unit_of_work_cache(session, "webhook_subscriptions")
    if "active" not in known:
        known["active"] = (
            await session.execute(
                select(WebhookSubscription, Account)
                .join(Account, Account.id == WebhookSubscription.account_id)
                .where(WebhookSubscription.active.is_(True))
            )
        ).all()
    rows = known["active"]
    found = []
    for subscription, account in rows:
        if event not in subscription.events or not in_chosen_regions(subscription, places):
            continue
        if organization_id is not None or region_code is not None:
            principal = await principal_of(session, account)
            sees = (
                account.role is Role.ADMIN
                or (organization_id is not None and principal.organization_id == organization_id)
                or (region_code is not None and principal.covers_region(region_code))
            )
            if not sees:
                continue
        found.append(
            Recipient(
                Channel.WEBHOOK,
                str(subscription.id),
                event,
                "en",
                address=subscription.url,
                subscription_id=subscription.id,
            )
        )
    return found
