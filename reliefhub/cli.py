"""`reliefhub serve | migrate | admin-invite | admin-token | worker | demo`: the composition
root."""

from __future__ import annotations

import argparse
import asyncio
from datetime import timedelta
from pathlib import Path

from domain.kernel.db import migrate as migrations
from domain.kernel.db.engine import Database
from domain.kernel.errors import DomainError
from domain.kernel.settings import Settings
from domain.registry.accounts import bootstrap_admin_token
from domain.registry.first_admin import invite_admin
from reliefhub import logs

# dramatiq's queues (workers/actors.py): CPU-bound solver rounds, notification fan-out,
# deliveries to SMTP/SMS/webhook peers.
QUEUES = ("matching", "notifications", "deliveries")


async def _admin_token(settings: Settings) -> str:
    db = Database.from_url(settings.database_url)
    try:
        async with db.transaction() as session:
            return await bootstrap_admin_token(session)
    finally:
        await db.dispose()


async def _admin_invite(settings: Settings, email: str) -> str:
    """The invitation's link, and how it reaches the invitee."""
    db = Database.from_url(settings.database_url)
    try:
        async with db.transaction() as session:
            invited = await invite_admin(session, email, settings.portal_url)
    except DomainError as refusal:
        raise SystemExit(f"reliefhub admin-invite: {refusal}") from None
    finally:
        await db.dispose()
    how = (
        f"The workers mail it to {invited.account.email} through {settings.smtp_host}."
        if settings.smtp_host
        else "No SMTP_HOST: nothing is mailed, hand the link over yourself."
    )
    return (
        f"{invited.link}\n"
        f"Open it once, within 72 hours, to set the name and password of the ADMIN "
        f"{invited.account.email}; then sign in at {settings.portal_url}/#/signin.\n{how}"
    )


async def _demo(settings: Settings) -> None:
    from domain.kernel.secrets_box import SecretBox
    from reliefhub.demo import describe, load_demo
    from workers.jobs import Timings

    db = Database.from_url(settings.database_url)
    try:
        lifetime = timedelta(minutes=settings.proposal_lifetime_minutes)
        timings = Timings.from_settings(settings)
        box = SecretBox.from_settings(settings)
        loaded = await load_demo(db, proposal_lifetime=lifetime, timings=timings, box=box)
        print(describe(loaded))
    except DomainError as refusal:
        # E.g. a demo email registered by hand: say why, and nothing was written.
        raise SystemExit(f"reliefhub demo: this database refuses the demo: {refusal}") from None
    finally:
        await db.dispose()


def build_parser() -> argparse.ArgumentParser:
    """The command line; deploy/ manifests are checked against it (tests/unit/test_deploy.py)."""
    parser = argparse.ArgumentParser(prog="reliefhub", description="ReliefHub")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="API and GraphiQL (PORT, DATABASE_URL)")
    serve.add_argument("--host", default=None, help="listen address (default: HOST, 127.0.0.1)")
    serve.add_argument("--no-migrate", action="store_true", help="skip migrating first")
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes on the port (production; default: one per CPU; embedded: 1)",
    )
    commands.add_parser("migrate", help="bring the database to the latest schema")
    invite = commands.add_parser(
        "admin-invite", help="invite an ADMIN by email: print its one-time join link"
    )
    invite.add_argument("email")
    commands.add_parser("admin-token", help="print a new ADMIN bearer token")
    commands.add_parser("demo", help="load the Lu'an floods demonstration (migrates first)")
    register = commands.add_parser(
        "register-documents", help="trust the GraphQL documents of .graphql files or folders"
    )
    register.add_argument("paths", nargs="+", type=Path)
    register.add_argument(
        "--split", action="store_true", help="each operation of a file as its own document"
    )
    worker = commands.add_parser("worker", help="dramatiq worker on REDIS_URL, relay, jobs")
    worker.add_argument("--threads", type=int, default=8)
    worker.add_argument("--no-relay", action="store_true", help="consume only")
    worker.add_argument(
        "--queues",
        nargs="+",
        choices=QUEUES,
        default=None,
        help="consume only these queues (default: all), to scale each on its own",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    logs.configure(settings.log_format)
    if args.command == "migrate":
        migrations.upgrade(settings.database_url)
    elif args.command == "serve":
        if not args.no_migrate:
            migrations.upgrade(settings.database_url)
        from reliefhub.serving import serve

        serve(settings, args.host, args.workers)
    elif args.command == "demo":
        migrations.upgrade(settings.database_url)
        asyncio.run(_demo(settings))
    elif args.command == "admin-invite":
        print(asyncio.run(_admin_invite(settings, args.email)))
    elif args.command == "admin-token":
        print(asyncio.run(_admin_token(settings)))
    elif args.command == "register-documents":
        from reliefhub.documents import register_files

        print("\n".join(asyncio.run(register_files(settings, args.paths, split=args.split))))
    elif args.command == "worker":
        from workers.production import run_worker

        run_worker(settings, threads=args.threads, relay=not args.no_relay, queues=args.queues)


if __name__ == "__main__":
    main()
