"""`make security-report`: run the security suites and print the tables they write.

Each suite writes `$SECURITY_REPORT_DIR/<name>.json` = {"title", "columns", "rows"}
(tests/security/report_tables.py); this prints every such file it finds, so a suite
added later (the hostile-query table, say) shows up without a change here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SUITES = ["tests/security"]


def render(table: dict[str, Any]) -> str:
    """A table as aligned text under its title."""
    columns = [str(c) for c in table["columns"]]
    rows = [[str(cell) for cell in row] for row in table["rows"]]
    widths = [max(len(line[i]) for line in [columns, *rows]) for i in range(len(columns))]

    def line(cells: list[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([table["title"], "", line(columns), rule, *map(line, rows)])


def print_tables(directory: Path) -> int:
    """Print each table of the directory; how many there were."""
    found = sorted(directory.glob("*.json"))
    for path in found:
        print(render(json.loads(path.read_text())), end="\n\n")
    return len(found)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="security-report-") as directory:
        env = {**os.environ, "SECURITY_REPORT_DIR": directory}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES],
            env=env,
            check=False,
        )
        print()
        if print_tables(Path(directory)) == 0:
            print("No suite wrote a table.")
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
