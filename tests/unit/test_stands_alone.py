"""The repository stands alone: nothing it tracks points at a path above its root."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A relative path that climbs out of the file's own folder far enough to leave the
# repository, or a name of the sibling folders this project grew up beside.
CLIMB = re.compile(r"(?<![\w./-])((?:\.\./)+)[\w.-]")
SIBLINGS = re.compile(r"\.\./shared\b|\bshared/contract\b|\bDESIGN\.md\b|\bshared/tools\b")


# What a working copy grows that is not the project's own (an exported tree has no git).
UNTRACKED = {".git", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", "build"}
UNTRACKED |= {"dist", ".mypy_cache", ".ruff_cache", ".hypothesis", "artifacts", ".postgraphile"}
UNTRACKED |= {"reliefhub.egg-info"}


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        # CI runs the suite in an exported copy of the tree: every file there is the project's.
        return [
            path
            for path in ROOT.rglob("*")
            if not UNTRACKED & set(path.relative_to(ROOT).parts[:-1]) and path.name not in UNTRACKED
        ]
    return [ROOT / name for name in listed.split("\0") if name]


def _outside(path: Path, text: str) -> list[str]:
    found = []
    depth = len(path.relative_to(ROOT).parts) - 1
    for number, line in enumerate(text.splitlines(), start=1):
        if SIBLINGS.search(line):
            found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            continue
        for match in CLIMB.finditer(line):
            if match.group(1).count("../") > depth:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_tracked_file_refers_to_a_path_above_the_repository() -> None:
    # given every file git tracks
    findings: list[str] = []
    for path in _tracked_files():
        if path == Path(__file__).resolve() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        # when its lines are read for paths that climb out of the repository
        findings += _outside(path, text)
    # then there are none
    assert not findings, "\n".join(findings)
