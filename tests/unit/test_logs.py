"""The log line shape collectors rely on: one JSON object per line, request id included."""

from __future__ import annotations

import json
import logging
import sys

from domain.kernel import request_ids
from reliefhub.logs import DropQueryStrings, JsonFormatter, TextFormatter


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("workers.actors", logging.INFO, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_line_is_one_json_object_with_time_level_logger_message_and_request_id() -> None:
    # given a request id bound, as the API middleware and the worker middleware do
    with request_ids.bound("req-42"):
        # when a record is formatted
        line = JsonFormatter().format(
            record("event %s: %d notifications", "e1", 3, dispatch="D7", color_message="\x1b[1m")
        )
    # then it is a single line of JSON with the expected keys and the extra field
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "event e1: 3 notifications"
    assert parsed["level"] == "INFO" and parsed["logger"] == "workers.actors"
    assert parsed["request_id"] == "req-42"
    assert parsed["dispatch"] == "D7"
    assert "color_message" not in parsed
    assert parsed["time"].endswith("+00:00")


def test_without_a_request_the_key_is_absent_and_exceptions_stay_on_one_line() -> None:
    # given no request id and a failure being logged
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        failed = record("relay pass failed")
        failed.exc_info = sys.exc_info()
    # when formatted
    line = JsonFormatter().format(failed)
    # then the traceback is a field of the one line, and no request id is invented
    parsed = json.loads(line)
    assert "\n" not in line
    assert "ValueError: broken" in parsed["exception"]
    assert "request_id" not in parsed


def test_the_text_format_names_the_request_id_too() -> None:
    with request_ids.bound("req-43"):
        line = TextFormatter().format(record("hello"))
    assert "[req-43] hello" in line


def test_a_bound_request_id_is_restored_after_the_block() -> None:
    with request_ids.bound("outer"), request_ids.bound("inner"):
        assert request_ids.current() == "inner"
    assert request_ids.current() is None


def test_only_sane_caller_ids_are_accepted() -> None:
    assert request_ids.accept("abc-123:x/y") == "abc-123:x/y"
    for bad in (None, "", "has space", "x" * 129, "new\nline"):
        assert request_ids.accept(bad) != bad


def test_the_access_log_keeps_the_path_but_not_the_query_string() -> None:
    # given uvicorn's access record of the portal's websocket, its CSRF token in the URL
    access = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/graphql?csrf=s3cr3t-token", "1.1", 101),
        None,
    )
    # when it passes the handler's filter and is formatted
    assert DropQueryStrings().filter(access)
    line = JsonFormatter().format(access)
    # then the path is there and the token is not
    assert "/graphql?" in line
    assert "s3cr3t-token" not in line
