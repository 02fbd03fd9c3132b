"""The portal's cookie session: sign-in, CSRF double-submit, bearer clients untouched, sign-out."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from api.app import create_app
from domain.kernel.db.migrate import upgrade
from domain.kernel.live import MemoryBus
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.steps.registry import PASSWORD, office_with_staff

VIEWER = "{ viewer { email role } }"
SIGN_IN = """mutation SignIn($input: SignInInput!) { signIn(input: $input) {
  token account { role } userErrors { field code } } }"""
SIGN_OUT = "mutation { signOut { ok userErrors { code } } }"


def sign_in_body(email: str, password: str) -> dict[str, object]:
    return {
        "query": SIGN_IN,
        "variables": {"input": {"email": email, "password": password, "cookie": True}},
    }


async def _staff_email(api: ApiClient) -> str:
    """An office staff account (tests.steps names it after its office)."""
    office = await office_with_staff(api, await api.admin_token(), "341500", "六安市民政局")
    return f"staff-341500-{office.id[-6:]}@gov.example.cn".lower()


async def _signed_in(http: httpx.AsyncClient, email: str) -> str:
    """Open the portal, sign in with signIn(cookie: true); the CSRF token to echo."""
    page = await http.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    csrf = http.cookies["rh_csrf"]
    signed = await http.post(
        "/graphql", json=sign_in_body(email, PASSWORD), headers={"x-csrf-token": csrf}
    )
    # the token stays in the cookie: the page's script never sees it
    assert signed.json()["data"]["signIn"] == {
        "token": None,
        "account": {"role": "OFFICE_STAFF"},
        "userErrors": [],
    }
    cookie = next(h for h in signed.headers.get_list("set-cookie") if h.startswith("rh_session"))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    return str(http.cookies["rh_csrf"])


async def test_a_cookie_session_works_only_with_the_csrf_token(api: ApiClient) -> None:
    # given a staff account that signed in through the portal
    email = await _staff_email(api)
    http = api.http
    csrf = await _signed_in(http, email)

    # when it queries with the echoed token / then it is that account
    ok = await http.post("/graphql", json={"query": VIEWER}, headers={"x-csrf-token": csrf})
    assert ok.json()["data"]["viewer"] == {"email": email, "role": "OFFICE_STAFF"}

    # when it forgets the token, or sends a wrong one / then it is refused
    bare = await http.post("/graphql", json={"query": VIEWER})
    wrong = await http.post("/graphql", json={"query": VIEWER}, headers={"x-csrf-token": "x"})
    assert (bare.status_code, wrong.status_code) == (403, 403)


async def test_bearer_clients_are_unaffected_by_cookies(api: ApiClient) -> None:
    # given a browser with a session cookie and a partner with a bearer token
    email = await _staff_email(api)
    await _signed_in(api.http, email)
    admin = await api.admin_token()

    # when the bearer request goes out without a CSRF header / then the bearer counts
    response = await api.post(VIEWER, token=admin)
    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["role"] == "ADMIN"


async def test_sign_in_needs_the_csrf_token_and_the_right_password(api: ApiClient) -> None:
    email = await _staff_email(api)
    await api.http.get("/")
    csrf = api.http.cookies["rh_csrf"]

    forged = await api.http.post("/graphql", json=sign_in_body(email, PASSWORD))
    wrong = await api.http.post(
        "/graphql", json=sign_in_body(email, "nope"), headers={"x-csrf-token": csrf}
    )

    forged_errors = forged.json()["data"]["signIn"]["userErrors"]
    assert forged_errors == [{"field": ["cookie"], "code": "FORBIDDEN"}]
    wrong_errors = wrong.json()["data"]["signIn"]["userErrors"]
    assert [e["code"] for e in wrong_errors] == ["INVALID_CREDENTIALS"]
    assert "rh_session" not in api.http.cookies


async def test_sign_out_revokes_the_token_and_clears_the_cookie(api: ApiClient) -> None:
    # given a signed-in browser
    email = await _staff_email(api)
    csrf = await _signed_in(api.http, email)
    token = api.http.cookies["rh_session"]

    # when it signs out (without the token first: refused)
    assert (await api.http.post("/graphql", json={"query": SIGN_OUT})).status_code == 403
    ended = await api.http.post(
        "/graphql", json={"query": SIGN_OUT}, headers={"x-csrf-token": csrf}
    )

    # then the cookie is gone and the token no longer works, even as a bearer
    assert ended.json()["data"]["signOut"] == {"ok": True, "userErrors": []}
    assert "rh_session" not in api.http.cookies
    assert (await api.post(VIEWER, token=token)).status_code == 401
    csrf = api.http.cookies["rh_csrf"]
    anonymous = await api.http.post(
        "/graphql", json={"query": VIEWER}, headers={"x-csrf-token": csrf}
    )
    assert anonymous.json()["data"]["viewer"] is None


def test_the_live_inbox_socket_needs_the_csrf_token(tmp_path: Path) -> None:
    # given the app and a browser holding a session cookie
    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    upgrade(url)
    app = create_app(Settings(database_url=url, environment="test"), live=MemoryBus())
    with TestClient(app) as client:
        client.cookies.set("rh_session", "rh_anything")
        client.cookies.set("rh_csrf", "token-1")

        # when it connects without the token / then the handshake is refused
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]),
        ):
            pass

        # and with the token it is let in
        with client.websocket_connect(
            "/graphql?csrf=token-1", subprotocols=["graphql-transport-ws"]
        ) as ws:
            ws.send_json({"type": "connection_init"})
            assert ws.receive_json()["type"] == "connection_ack"


def test_the_portal_page_and_its_assets_are_served(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    upgrade(url)
    app = create_app(Settings(database_url=url, environment="test"), live=MemoryBus())
    with TestClient(app) as client:
        page = client.get("/")
        script = client.get("/static/js/app.js")
        assert page.status_code == 200 and '<html lang="zh-CN"' in page.text
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
        assert "rh_csrf" in client.cookies
