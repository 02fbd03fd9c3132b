"""Logging set-up of the `reliefhub` processes: one JSON object per line, with the request id."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

import orjson

from domain.kernel import request_ids

# LogRecord's own attributes; anything else on a record came from `extra=` and is kept,
# but for uvicorn's ANSI-coloured copy of the message.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id"?, "exception"?, ...extra}`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_ids.current()
        if request_id:
            line["request_id"] = request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line:
                line[key] = value
        # default=str: an odd extra value must never cost the log line. orjson: one line
        # per request is written, so the encoder is on every request's path.
        try:
            return orjson.dumps(line, default=str).decode()
        except TypeError:  # e.g. a key that is not a string, in an extra
            return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human-readable alternative (LOG_FORMAT=text), still naming the request id."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = request_ids.current() or "-"
        return super().format(record)


class DropQueryStrings(logging.Filter):
    """uvicorn's access log writes each request's full URL; a query string may carry a
    secret (the portal's websocket passes its CSRF token so, a GET may carry a document's
    variables). The path is enough to operate on."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            args = list(record.args)
            if len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
                args[2] = args[2].split("?", 1)[0] + "?…"
                record.args = tuple(args)
        return True


def configure(log_format: str = "json", level: int = logging.INFO) -> None:
    """Route every logger (uvicorn's and dramatiq's included) to stderr in `log_format`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TextFormatter() if log_format == "text" else JsonFormatter())
    handler.addFilter(DropQueryStrings())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
