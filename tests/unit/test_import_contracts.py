"""The layering of docs/architecture.md, kept by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept() -> None:
    # given the contracts of pyproject.toml (layers, the features over the kernel, the pure engine)
    # when import-linter reads every import of the project
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # then none is broken
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_a_private_name_of_another() -> None:
    # given every module of the project and its benches
    bad = []
    for package in ("api", "domain", "workers", "reliefhub", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            # when reading the names each imports from another module of the project
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    private = [a.name for a in node.names if a.name.startswith("_")]
                    bad += [f"{path.relative_to(ROOT)}: {node.module}.{n}" for n in private]
    # then none is private: a rename inside one module cannot break another
    assert bad == []
