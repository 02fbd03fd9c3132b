"""E-mail over SMTP with aiosmtplib."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import aiosmtplib

from workers.channels._http import tls_context
from workers.channels.base import Delivery, DeliveryError

NOTIFICATION_HEADER = "X-ReliefHub-Notification"


def message_id(notification_id: str) -> str:
    """The Message-ID of a notification: the same on every re-send, so clients see one mail."""
    return f"<{notification_id}@reliefhub>"


def build_message(delivery: Delivery, sender: str) -> EmailMessage:
    """A UTF-8 text mail; EmailMessage's default policy encodes non-ASCII headers (RFC 2047)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = delivery.address
    message["Subject"] = delivery.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id(delivery.notification_id)
    message[NOTIFICATION_HEADER] = delivery.notification_id
    message.set_content(delivery.body, charset="utf-8")
    # After set_content, which drops any Content-* header set before it.
    message["Content-Language"] = delivery.locale
    return message


def _error(exc: aiosmtplib.SMTPException) -> DeliveryError:
    """Classify an SMTP failure: 5xx replies are final, everything else may pass later."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return DeliveryError(f"recipients refused: {codes}", permanent=permanent)
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        # Our credentials are wrong, not the message: keep it retryable until ops fix the config.
        return DeliveryError(f"SMTP {exc.code} auth failed", permanent=False, status=exc.code)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        detail = f"SMTP {exc.code} {exc.message}"
        return DeliveryError(detail, permanent=exc.code >= 500, status=exc.code)
    # Connect errors, timeouts, disconnects, unsupported extensions.
    return DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)


class EmailChannel:
    """Sends one mail per delivery through an SMTP server."""

    name = "EMAIL"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        timeout: float = 10,
        use_tls: bool = False,
        start_tls: bool | None = None,
        username: str | None = None,
        password: str | None = None,
        ca_file: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout
        self.use_tls = use_tls
        self.start_tls = start_tls
        self.username = username
        self.password = password
        self.ca_file = ca_file

    @classmethod
    def of_mode(cls, host: str, port: int, sender: str, mode: str, **options: Any) -> EmailChannel:
        """starttls: upgrade or refuse to send; tls: TLS from the first byte (port 465);
        none: plain (a relay on the same host); auto: upgrade when the server offers it."""
        use_tls, start_tls = {
            "starttls": (False, True),
            "tls": (True, False),
            "none": (False, False),
            "auto": (False, None),
        }[mode]
        return cls(host, port, sender, use_tls=use_tls, start_tls=start_tls, **options)

    async def send(self, delivery: Delivery) -> None:
        """Connect, send, disconnect; raises DeliveryError."""
        message = build_message(delivery, self.sender)
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                timeout=self.timeout,
                use_tls=self.use_tls,
                start_tls=self.start_tls,
                username=self.username,
                password=self.password,
                # Certificates are always verified; a private CA joins the system's trust.
                tls_context=tls_context(self.ca_file) if self.ca_file else None,
            )
        except aiosmtplib.SMTPException as exc:
            raise _error(exc) from exc
        except OSError as exc:
            # aiosmtplib wraps most socket errors, but not every one (e.g. TLS set-up).
            raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from exc

    async def aclose(self) -> None:
        """Nothing pooled: one connection per mail keeps the worker stateless."""
