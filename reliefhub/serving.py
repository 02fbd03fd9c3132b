"""`reliefhub serve`: one process in the embedded mode, N on one port in production."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from typing import Any

from domain.kernel import regions
from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from reliefhub import logs

log = logging.getLogger(__name__)


def default_workers(settings: Settings) -> int:
    """Production serves on every core; the embedded mode's workers live in its one process."""
    return (os.cpu_count() or 1) if settings.redis_url else 1


def _freeze_long_lived_heap() -> None:
    # The schema, the region tree and the libraries are a long-lived heap of ~10^5 objects
    # that every full collection would walk again (~100 ms, the p99 of a read); frozen,
    # the collector only looks at what requests allocate.
    regions.all_regions()  # built now (it is built on first use), so frozen with the rest
    gc.collect()
    gc.freeze()


def production_app() -> Any:
    """The app of one server process among N (uvicorn imports and calls this in each)."""
    from api.app import create_app

    settings = Settings.from_env()
    logs.configure(settings.log_format)
    app = create_app(settings)
    _freeze_long_lived_heap()
    return app


def _embedded_app(settings: Settings) -> Any:
    from api.app import create_app
    from domain.kernel.live import MemoryBus
    from workers.embedded import EmbeddedWorkers

    live = MemoryBus()  # shared: the workers announce, the API's subscriptions listen
    embedded: dict[str, EmbeddedWorkers] = {}

    async def start(db: Database) -> None:
        await _tell_first_admin_link(db, settings)
        embedded["workers"] = EmbeddedWorkers(db, settings, live)
        await embedded["workers"].start()

    async def stop(_: Database) -> None:
        await embedded["workers"].stop()

    return create_app(settings, on_startup=start, on_shutdown=stop, live=live)


async def _tell_first_admin_link(db: Database, settings: Settings) -> None:
    """While no ADMIN can sign in, the log at start holds a one-time link to become one:
    `make run` alone gets a deployment going, with no token and no GraphQL."""
    from domain.kernel.errors import DomainError
    from domain.registry.first_admin import first_admin_link

    try:
        async with db.transaction() as session:
            invited = await first_admin_link(session, settings.portal_url)
    except DomainError as refusal:
        log.warning("no ADMIN can sign in, and no link for one could be made: %s", refusal)
        return
    if invited is not None:
        log.warning(
            "no ADMIN can sign in yet: open %s once (within 72 hours) to set the name and "
            "password of the ADMIN %s, then sign in with them; each start makes a new link "
            "until then (`reliefhub admin-invite EMAIL` invites another address)",
            invited.link,
            invited.account.email,
        )


def serve(settings: Settings, host: str | None, workers: int | None) -> None:
    import uvicorn

    count = default_workers(settings) if workers is None else workers
    if count < 1:
        raise SystemExit("reliefhub serve: --workers must be 1 or more")
    if count > 1 and not settings.redis_url:
        raise SystemExit(
            "reliefhub serve: the embedded mode runs in one process (its worker and live "
            "updates are in memory); set REDIS_URL for the production mode to use --workers"
        )
    # log_config=None: uvicorn's loggers reach the root handler, so they are JSON too.
    # uvloop and httptools: uvicorn's fast loop and parser (from uvicorn[standard]).
    options: dict[str, Any] = {
        "host": host or settings.host,
        "port": settings.port,
        "proxy_headers": True,
        "log_level": "info",
        "log_config": None,
        "loop": "uvloop",
        "http": "httptools",
    }
    if count == 1:
        app = production_app() if settings.redis_url else _embedded_app(settings)
        if not settings.redis_url:
            _freeze_long_lived_heap()
        uvicorn.run(app, **options)
        return
    # Each process counts its own requests in files here; /metrics sums them all.
    shared = tempfile.mkdtemp(prefix="reliefhub-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = shared
    try:
        uvicorn.run("reliefhub.serving:production_app", factory=True, workers=count, **options)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
