"""Every domain module imports first, on its own: an import cycle between features shows only
when the wrong module of the cycle is the first one a process imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The domain, where features import each other; api, workers and reliefhub stand on it.
PACKAGES = ("domain",)

# Run in a fresh interpreter: for each module, forget every project module, then import it.
PROBE = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in {packages}]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{{name}}: {{error!r}}")
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_every_module_imports_first_without_a_cycle() -> None:
    # given every module of the product
    modules = _modules()
    assert len(modules) > 50
    # when each is the first project module a fresh process imports
    probe = PROBE.format(packages=set(PACKAGES))
    done = subprocess.run(
        [sys.executable, "-c", probe, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    # then none fails
    assert done.stdout.strip() == "", done.stdout
