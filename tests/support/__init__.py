"""Real peers for integration tests: an SMTP server and an HTTP receiver on 127.0.0.1."""

from tests.support.receivers import (
    HttpReceiver,
    ReceivedMail,
    ReceivedRequest,
    Reply,
    SmtpReceiver,
    free_port,
)

__all__ = [
    "HttpReceiver",
    "ReceivedMail",
    "ReceivedRequest",
    "Reply",
    "SmtpReceiver",
    "free_port",
]
