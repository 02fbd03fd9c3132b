"""Secrets: bearer tokens stored as digests, webhook secrets encrypted, passwords as
argon2id hashes, read back from the database rows; and a story whose every log line,
the HTTP server's access log included, holds no token, password, secret or phone."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import text

from api.app import create_app
from domain.kernel.db.engine import Database
from domain.kernel.secrets_box import SecretBox
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.registry import PASSWORD, organization_input, sign_in
from tests.support.receivers import free_port

PHONE = "13912345678"
HOOK = {"url": "https://partner.example.org/hooks", "events": ["NEED_PUBLISHED"]}


async def rows(db: Database, table: str) -> list[dict[str, Any]]:
    async with db.session() as session:
        result = await session.execute(text(f"SELECT * FROM {table}"))
        return [dict(row._mapping) for row in result]


def holds(rows_: list[dict[str, Any]], secret: str) -> bool:
    return any(secret in str(value) for row in rows_ for value in row.values())


async def register_and_hook(api: ApiClient, seed: int) -> tuple[str, str, str]:
    """(admin token, organization admin's session token, webhook secret) of a small story."""
    admin = await api.admin_token()
    registered = await api.mutate(
        "registerOrganization",
        "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) {"
        " organization { id contactPhone } userErrors { field code } } }",
        organization_input(seed, contactPhone=PHONE),
    )
    assert registered["userErrors"] == [], registered
    session = await sign_in(api, organization_input(seed)["adminEmail"])
    hook = await api.mutate(
        "createWebhookSubscription", DISPATCH["CreateWebhookSubscription"], HOOK, admin
    )
    assert hook["userErrors"] == [], hook
    return admin, session, str(hook["secret"])


async def test_tokens_passwords_and_webhook_secrets_are_not_stored_readable(
    api: ApiClient, db: Database
) -> None:
    # given tokens issued, a password set and a webhook secret handed out
    admin, session, secret = await register_and_hook(api, 7101)
    # when the rows are read as they are stored
    tokens, accounts, hooks = (
        await rows(db, "api_tokens"),
        await rows(db, "accounts"),
        await rows(db, "webhook_subscriptions"),
    )
    # then tokens are only their SHA-256 digests
    digests = {row["token_hash"] for row in tokens}
    for token in (admin, session):
        assert not holds(tokens, token)
        assert hashlib.sha256(token.encode()).hexdigest() in digests
    # and passwords only argon2id hashes
    assert not holds(accounts, PASSWORD)
    assert all(row["password_hash"].startswith(("$argon2id$", "!")) for row in accounts)
    # and the webhook secret only encrypted, with the server's key
    [hook] = hooks
    assert not holds(hooks, secret)
    assert not holds(hooks, secret.removeprefix("whsec_"))
    assert (
        SecretBox.from_settings(Settings(database_url=db.url)).decrypt(hook["secret_encrypted"])
        == secret
    )


@asynccontextmanager
async def served(db: Database) -> AsyncIterator[ApiClient]:
    """The production app under a real uvicorn (its access log on), and a client for it."""
    app = create_app(Settings(database_url=db.url, environment="production"), db)
    port = free_port()
    config = uvicorn.Config(app, port=port, log_config=None, access_log=True, lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not task.done(), "uvicorn did not start"
            await asyncio.sleep(0.02)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            yield ApiClient(client, db)
    finally:
        server.should_exit = True
        await task


async def test_no_secret_password_or_phone_reaches_the_logs(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with served(db) as api:
        # given a story: sign up with a phone, sign in, subscribe a webhook
        admin, session, secret = await register_and_hook(api, 7102)
        # and the mistakes a client makes with them: a phone sent as a number, a
        # password inlined in a document that does not validate, a wrong password
        as_number = organization_input(7103, contactPhone=int(PHONE))
        await api.post(
            "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input)"
            " { userErrors { code } } }",
            {"input": as_number},
        )
        await api.post(
            f'mutation {{ signIn(input: {{email: "x@example.org", password: "{PASSWORD}",'
            f' phone: "{PHONE}"}}) {{ token }} }}'
        )
        await api.post(
            "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
            {"i": {"email": "captain7102@example.org", "password": PASSWORD + "!"}},
            token=session,
        )
    # then the server's log (access log included) holds none of them; the test's own
    # HTTP client (httpx, httpcore) logs what it sends, which is not the server's doing
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    formatter = logging.Formatter()
    logged = "\n".join(formatter.format(r) + str(r.args) for r in server_side)
    assert any(r.name == "uvicorn.access" for r in server_side), "access log not captured"
    assert any(r.name == "strawberry.execution" for r in server_side), "errors not logged"
    for name, value in [
        ("admin token", admin),
        ("session token", session),
        ("webhook secret", secret),
        ("password", PASSWORD),
        ("phone", PHONE),
    ]:
        assert value not in logged, f"the {name} is in the logs"
