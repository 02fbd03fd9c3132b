"""The security report's protocol: each suite writes `$SECURITY_REPORT_DIR/<name>.json`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_table(name: str, title: str, columns: list[str], rows: list[list[Any]]) -> None:
    """{"title", "columns", "rows"} for `make security-report`; nothing when not asked for."""
    directory = os.environ.get("SECURITY_REPORT_DIR")
    if not directory:
        return
    path = Path(directory) / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"title": title, "columns": columns, "rows": rows}, ensure_ascii=False)
    )
