"""The `inviteAccount` and `sendPasswordReset` mutations: one-time links an ADMIN sends,
to the address the deployment's portal answers at (PUBLIC_URL)."""

from __future__ import annotations

import logging

import strawberry

from api.kernel.context import Info
from api.kernel.ids import expect_id
from api.kernel.mutations import payload_of
from api.kernel.use_cases import run_use_case
from api.registry.errors import AccountError
from api.registry.types import AccountType, RoleEnum
from domain.kernel.errors import DomainError
from domain.registry import staff

log = logging.getLogger(__name__)


@strawberry.input
class InviteAccountInput:
    office_id: strawberry.ID
    email: str
    role: RoleEnum  # type: ignore[valid-type]


@strawberry.type
class InviteAccountPayload:
    account: AccountType | None
    user_errors: list[AccountError]


@strawberry.input
class SendPasswordResetInput:
    account_id: strawberry.ID


@strawberry.type
class SendPasswordResetPayload:
    account: AccountType | None
    user_errors: list[AccountError]


def told(info: Info, invited: staff.Invited) -> None:
    """Without a mail server (the embedded mode) the link is in the server's log too."""
    if not info.context.settings.smtp_host:
        log.warning("no SMTP_HOST: the link for %s is %s", invited.account.email, invited.link)


@strawberry.type
class InviteAccount:
    @strawberry.mutation(
        description="ADMIN (or the office's OFFICE_ADMIN) invites a staff member by email: "
        "a one-time link (72 h) to set a name and password. The account waits until then."
    )
    async def invite_account(self, info: Info, input: InviteAccountInput) -> InviteAccountPayload:
        portal = info.context.settings.portal_url
        try:
            command = staff.InviteAccount(
                expect_id(input.office_id, "Office", "office_id"), input.email, input.role, portal
            )
        except DomainError as refusal:
            return payload_of(InviteAccountPayload, refusal.errors)
        invited, errors = await run_use_case(
            info, lambda s: staff.invite_account(s, info.context.principal, command)
        )
        if invited is None:
            return payload_of(InviteAccountPayload, errors)
        told(info, invited)
        return payload_of(InviteAccountPayload, [], account=AccountType.of(invited.account))

    @strawberry.mutation(
        description="ADMIN sends an account a one-time password-reset link (24 h); one "
        "that never joined gets its invitation again."
    )
    async def send_password_reset(
        self, info: Info, input: SendPasswordResetInput
    ) -> SendPasswordResetPayload:
        portal = info.context.settings.portal_url
        try:
            command = staff.SendPasswordReset(
                expect_id(input.account_id, "Account", "account_id"), portal
            )
        except DomainError as refusal:
            return payload_of(SendPasswordResetPayload, refusal.errors)
        sent, errors = await run_use_case(
            info, lambda s: staff.send_password_reset(s, info.context.principal, command)
        )
        if sent is None:
            return payload_of(SendPasswordResetPayload, errors)
        told(info, sent)
        return payload_of(SendPasswordResetPayload, [], account=AccountType.of(sent.account))
