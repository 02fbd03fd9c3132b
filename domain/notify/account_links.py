"""What a one-time account link says, and to whom: the account's own email, and a copy in
the inbox of the ADMIN who sent it (who may hand it over when mail is slow, or when the
embedded mode has no mail server)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import outbox
from domain.kernel.enums import Channel
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.notify.events import Announcement
from domain.registry.model import Account, Office

# template -> locale -> (subject, body)
ACCOUNT_LINK_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "account.invitation": {
        "zh-CN": (
            "邀请您加入 ReliefHub（{office}）",
            "{office} 邀请您以“{role}”身份使用 ReliefHub。请在 {expires_at} 前打开以下链接，"
            "设置姓名和密码：\n{url}\n链接仅可使用一次。",
        ),
        "en": (
            "You are invited to ReliefHub ({office})",
            "{office} invites you to ReliefHub as {role}. Open this link before {expires_at} "
            "to set your name and password:\n{url}\nThe link works once.",
        ),
    },
    "account.password_reset": {
        "zh-CN": (
            "重设您的 ReliefHub 密码",
            "请在 {expires_at} 前打开以下链接设置新密码：\n{url}\n链接仅可使用一次。"
            "若非您本人申请，请忽略本邮件。",
        ),
        "en": (
            "Reset your ReliefHub password",
            "Open this link before {expires_at} to set a new password:\n{url}\n"
            "The link works once. If you did not ask for it, ignore this mail.",
        ),
    },
    "account.link_copy": {
        "zh-CN": (
            "已向 {email} 发送链接",
            "已向 {email} 发送一次性链接（{expires_at} 前有效）。"
            "如邮件未送达，可将此链接转交本人：\n{url}",
        ),
        "en": (
            "Link sent to {email}",
            "A one-time link went to {email} (valid until {expires_at}). Should the mail not "
            "arrive, hand them this link:\n{url}",
        ),
    },
}

_TEMPLATE = {"INVITATION": "account.invitation", "PASSWORD_RESET": "account.password_reset"}


async def link_sent(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    account = await audience.get(session, Account, uuid.UUID(payload["accountId"]))
    assert account is not None
    office = await audience.get(session, Office, account.office_id) if account.office_id else None
    template = _TEMPLATE[payload["purpose"]]
    parameters = {
        "url": payload["url"],
        # A datetime: told in each recipient's own time zone.
        "expires_at": datetime.fromisoformat(payload["expiresAt"]),
        "email": account.email,
        "role": account.role.value,
        "office": office.name if office else "ReliefHub",
    }
    recipients = [
        Recipient(
            Channel.EMAIL,
            account.email,
            template,
            account.locale.value,
            account_id=account.id,
            address=account.email,
            time_zone=account.time_zone,
        )
    ]
    sender = payload.get("sentBy")
    admin = await audience.get(session, Account, uuid.UUID(sender)) if sender else None
    if admin is not None and admin.id != account.id:
        recipients += audience.inboxes([admin], "account.link_copy")
    return Announcement(parameters, recipients)


ACCOUNT_LINK_TOPICS: dict[
    str, Callable[[AsyncSession, dict[str, Any]], Awaitable[Announcement]]
] = {
    outbox.ACCOUNT_LINK_SENT: link_sent,
}
