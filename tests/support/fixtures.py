"""Pytest fixtures for the real receivers; tests/conftest.py imports them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.receivers import HttpReceiver, SmtpReceiver


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    """A running SMTP server on 127.0.0.1, stopped after the test."""
    with SmtpReceiver() as receiver:
        yield receiver


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    """A running HTTP receiver on 127.0.0.1 answering 200 unless scripted otherwise."""
    with HttpReceiver() as receiver:
        yield receiver
