"""`reliefhub register-documents`: trust GraphQL documents from files, for deployments
that run TRUSTED_DOCUMENTS_ONLY (a release step, or a partner's operations handed over)."""

from __future__ import annotations

from pathlib import Path

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from domain.registry import documents


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.graphql")) if path.is_dir() else [path])
    return found


async def register_files(settings: Settings, paths: list[Path], *, split: bool) -> list[str]:
    """Register each file as one document (or each of its operations, `split`); one line
    per document: its hash, its operations and the file."""
    texts: list[tuple[Path, str]] = []
    for path in _files(paths):
        text = path.read_text(encoding="utf-8")
        texts.extend((path, t) for t in (documents.split_operations(text) if split else [text]))
    db = Database.from_url(settings.database_url)
    try:
        async with db.transaction() as session:
            stored = [(path, await documents.store(session, text)) for path, text in texts]
    finally:
        await db.dispose()
    return [
        f"{row.sha256_hash}  {','.join(row.operation_names) or '-'}  {path}" for path, row in stored
    ]
