"""The layering of docs/architecture.md, kept by a test: imports read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {
    "sqlalchemy",
    "strawberry",
    "starlette",
    "dramatiq",
    "redis",
    "alembic",
    "httpx",
    "uvicorn",
    "asyncpg",
    "aiosqlite",
}


def imported_modules(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path] = names
    return found


def offenders(package: str, forbidden: set[str]) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path, names in imported_modules(package).items()
        for name in names
        if name.split(".")[0] in forbidden
    )


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("domain", {"api", "workers", "reliefhub"}),
        ("api", {"workers", "reliefhub"}),
        ("workers", {"api", "reliefhub"}),
        ("bench", {"tests"}),
    ],
)
def test_layers_import_only_downwards(package: str, forbidden: set[str]) -> None:
    # given the layer rules of docs/architecture.md / when reading every import / then none crosses
    assert offenders(package, forbidden) == []


def test_no_bench_imports_a_private_name_of_another_module() -> None:
    # given the benches, whose shared helpers live in bench/common.py
    bad = []
    for path in (ROOT / "bench").rglob("*.py"):
        # when reading the names each imports from another module of the project
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                private = [a.name for a in node.names if a.name.startswith("_")]
                bad += [f"{path.relative_to(ROOT)} imports {node.module}.{n}" for n in private]
    # then none is private: a split or a rename inside one bench cannot break another
    assert bad == []


def test_the_matching_engine_and_the_model_import_no_framework() -> None:
    # given the pure parts of the domain
    pure = [
        p
        for p in ["domain/matching", "domain/regions.py", "domain/enums.py", "domain/errors.py"]
        if (ROOT / p).exists()
    ]
    # when reading their imports
    bad = []
    for part in pure:
        files = [ROOT / part] if part.endswith(".py") else list((ROOT / part).rglob("*.py"))
        for path in files:
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                module = node.module if isinstance(node, ast.ImportFrom) else None
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                for name in [module, *names]:
                    if name and name.split(".")[0] in FRAMEWORKS:
                        bad.append(f"{path.relative_to(ROOT)} imports {name}")
    # then there is no framework among them
    assert bad == []
