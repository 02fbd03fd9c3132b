"""Configuration from the environment, as DESIGN.md's running modes describe."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE_PATH = Path("var") / "reliefhub.sqlite3"


def async_database_url(url: str) -> str:
    """Map the documented DATABASE_URL forms onto SQLAlchemy's async drivers."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    redis_url: str | None = None
    environment: str = "development"
    port: int = 8000
    session_hours: int = 24 * 14
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read DATABASE_URL, REDIS_URL, RELIEFHUB_ENV and PORT; the rest keep defaults."""
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("DATABASE_URL") or cls.database_url,
            redis_url=env.get("REDIS_URL") or None,
            environment=env.get("RELIEFHUB_ENV", "development"),
            port=int(env.get("PORT") or 8000),
        )
