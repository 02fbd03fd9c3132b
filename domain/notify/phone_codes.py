"""What a sign-up's phone code says, and to whom: the phone, by SMS; and, running on one
machine with no SMS gateway, the ADMIN accounts' inboxes too, so the code can be read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.enums import Channel, Role
from domain.kernel.settings import Settings
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.notify.events import Announcement
from domain.registry.model import Account

TEMPLATE = "volunteer.phone_code"
SMS_TEMPLATE = "volunteer.phone_code.sms"

PHONE_CODE_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    SMS_TEMPLATE: {
        "zh-CN": ("志愿者注册验证码", "【民政救助】您的志愿者注册验证码为 {code}，10 分钟内有效。"),
        "en": (
            "Volunteer sign-up code",
            "Your ReliefHub volunteer sign-up code is {code}; 10 minutes.",
        ),
    },
    TEMPLATE: {
        "zh-CN": (
            "手机验证码 {phone}",
            "发往 {phone} 的志愿者注册验证码：{code}（本机运行，无短信网关）",
        ),
        "en": (
            "Phone code for {phone}",
            "The sign-up code sent to {phone}: {code} (no SMS gateway here).",
        ),
    },
}


async def phone_code_requested(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    phone = str(payload["phone"])
    recipients = [Recipient(Channel.SMS, phone, SMS_TEMPLATE, "zh-CN", address=phone)]
    if not Settings.from_env().production:
        admins = (await session.scalars(select(Account).where(Account.role == Role.ADMIN))).all()
        recipients += audience.inboxes(list(admins), TEMPLATE)
    return Announcement({"phone": phone, "code": str(payload["code"])}, recipients)
