"""Configuration from the environment, as the running modes of docs/architecture.md describe."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE_PATH = Path("var") / "reliefhub.sqlite3"
# Environments that run on one machine with local peers; any other is production.
LOCAL_ENVIRONMENTS = ("development", "test")
SMTP_SECURITY = ("starttls", "tls", "none", "auto")


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
    # Where `reliefhub serve` listens; containers set 0.0.0.0 so the pod IP answers.
    host: str = "127.0.0.1"
    # `json` (one object per line, for log collectors) or `text` (for a terminal).
    log_format: str = "json"
    # The portal's address as its users reach it, for links sent by email (invitations,
    # password resets). Unset: http://HOST:PORT, which only suits a local machine.
    public_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "reliefhub@localhost"
    # starttls (required), tls (implicit, port 465), none, or auto (STARTTLS when offered).
    # Unset: auto on a local environment, starttls in production.
    smtp_security: str | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None
    # A CA bundle trusted besides the system's, for a relay with a private CA.
    smtp_ca_file: str | None = None
    sms_gateway_url: str | None = None
    # Signs every gateway request (HMAC-SHA256 over timestamp and body) and checks the
    # gateway's delivery receipts the same way.
    sms_gateway_secret: str | None = None
    # Texts to one phone within an hour; more wait for the hour to pass.
    sms_per_phone_per_hour: int = 10
    # Webhooks: plain http allowed, and networks exempt from the private ranges.
    # Unset: http and loopback on a local environment, neither in production.
    webhook_allow_http: bool | None = None
    webhook_allowed_networks: tuple[str, ...] | None = None
    # A CA bundle trusted besides the system's for partner endpoints.
    webhook_ca_file: str | None = None
    # Fernet key for secrets that must be readable (webhook signing secrets).
    secret_key: str | None = None
    secret_key_file: Path = Path("var") / "secret.key"
    # Dispatches not acknowledged this long get a reminder, twice as long an office alert.
    acknowledge_within_minutes: int = 120
    # How long providers have to answer a matching round's proposal.
    proposal_lifetime_minutes: int = 12 * 60
    # A region of an incident with no need and no assessment this long after the
    # incident's start is a blind spot.
    blind_spot_after_hours: int = 48
    # A dispatch undelivered at its deadline alerts the provider; this much later, the office.
    late_dispatch_escalate_after_minutes: int = 120
    # A help request not triaged this long alerts its office; twice as long, the one above.
    help_request_triage_minutes: int = 30
    # A help request still open this long gets a call-down ("do you still need help?").
    help_request_call_down_hours: int = 72
    # dramatiq's Redis broker: a worker silent this long is dead and its fetched messages
    # are taken back by the next maintenance, which one Redis command in ten triggers. A
    # live worker touches Redis five times a timeout, busy or not (workers/production.py).
    worker_heartbeat_ms: int = 15_000
    worker_maintenance_chance: int = 100_000
    # First retry of a failed delivery after this long, doubling up to five minutes.
    delivery_min_backoff_ms: int = 1000
    # Sends one worker process has in flight at once. More is not faster against quick
    # receivers, and a killed worker leaves at most this many deliveries in doubt.
    delivery_concurrency: int = 32
    # A relayed event unconsumed this long was lost by the broker and is relayed again.
    outbox_retry_after_seconds: int = 600
    # The API's edge: one request may cost this many points (objects 1, connections their
    # `first` times their children), a token or address spend this many a minute. The
    # contract's largest read (needs with their allocations, pages of 100) costs 4501.
    query_cost_limit: int = 5000
    cost_points_per_minute: int = 50_000
    # A need import's 2 MiB spreadsheet travels base64 (2.8 MB) in the body.
    max_body_bytes: int = 4_000_000
    # GraphQL operation batching is off (0) unless a deployment asks for it.
    batch_max_operations: int = 0
    # Run only registered documents (and the portal's own): ad-hoc ones are refused.
    trusted_documents_only: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def production(self) -> bool:
        return self.environment not in LOCAL_ENVIRONMENTS

    @property
    def portal_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def smtp_mode(self) -> str:
        return self.smtp_security or ("starttls" if self.production else "auto")

    @property
    def webhook_http_allowed(self) -> bool:
        return (not self.production) if self.webhook_allow_http is None else self.webhook_allow_http

    @property
    def webhook_exempt_networks(self) -> tuple[str, ...]:
        if self.webhook_allowed_networks is not None:
            return self.webhook_allowed_networks
        return () if self.production else ("127.0.0.0/8", "::1/128")

    def check(self) -> None:
        """Refuse a production configuration that would send unauthenticated texts."""
        if self.production and self.sms_gateway_url and not self.sms_gateway_secret:
            raise ValueError("SMS_GATEWAY_URL in production needs SMS_GATEWAY_SECRET")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read every variable below; unset ones keep their defaults. A secret may come
        from a file instead (SMTP_PASSWORD_FILE, SMS_GATEWAY_SECRET_FILE)."""
        env = dict(os.environ if env is None else env)
        settings = cls(
            database_url=env.get("DATABASE_URL") or cls.database_url,
            redis_url=env.get("REDIS_URL") or None,
            environment=env.get("RELIEFHUB_ENV", "development"),
            port=int(env.get("PORT") or 8000),
            host=env.get("HOST") or cls.host,
            log_format=env.get("LOG_FORMAT") or cls.log_format,
            public_url=env.get("PUBLIC_URL") or None,
            smtp_host=env.get("SMTP_HOST") or None,
            smtp_port=int(env.get("SMTP_PORT") or 25),
            smtp_from=env.get("SMTP_FROM") or cls.smtp_from,
            smtp_security=_choice("SMTP_SECURITY", env.get("SMTP_SECURITY"), SMTP_SECURITY),
            smtp_username=env.get("SMTP_USERNAME") or None,
            smtp_password=env.get("SMTP_PASSWORD") or file_secret(env.get("SMTP_PASSWORD_FILE")),
            smtp_ca_file=env.get("SMTP_CA_FILE") or None,
            sms_gateway_url=env.get("SMS_GATEWAY_URL") or None,
            sms_gateway_secret=env.get("SMS_GATEWAY_SECRET")
            or file_secret(env.get("SMS_GATEWAY_SECRET_FILE")),
            sms_per_phone_per_hour=max(1, int(env.get("SMS_PER_PHONE_PER_HOUR") or 10)),
            webhook_allow_http=_flag(env.get("WEBHOOK_ALLOW_HTTP")),
            webhook_allowed_networks=_networks(env.get("WEBHOOK_ALLOWED_NETWORKS")),
            webhook_ca_file=env.get("WEBHOOK_CA_FILE") or None,
            secret_key=env.get("RELIEFHUB_SECRET_KEY") or None,
            acknowledge_within_minutes=int(env.get("ACKNOWLEDGE_WITHIN_MINUTES") or 120),
            proposal_lifetime_minutes=int(env.get("PROPOSAL_LIFETIME_MINUTES") or 12 * 60),
            blind_spot_after_hours=int(env.get("BLIND_SPOT_AFTER_HOURS") or 48),
            late_dispatch_escalate_after_minutes=int(
                env.get("LATE_DISPATCH_ESCALATE_AFTER_MINUTES") or 120
            ),
            help_request_triage_minutes=int(env.get("HELP_REQUEST_TRIAGE_MINUTES") or 30),
            help_request_call_down_hours=int(env.get("HELP_REQUEST_CALL_DOWN_HOURS") or 72),
            worker_heartbeat_ms=int(env.get("WORKER_HEARTBEAT_TIMEOUT_MS") or 15_000),
            worker_maintenance_chance=int(env.get("WORKER_MAINTENANCE_CHANCE") or 100_000),
            delivery_min_backoff_ms=int(env.get("DELIVERY_MIN_BACKOFF_MS") or 1000),
            delivery_concurrency=max(1, int(env.get("DELIVERY_CONCURRENCY") or 32)),
            outbox_retry_after_seconds=int(env.get("OUTBOX_RETRY_AFTER_SECONDS") or 600),
            query_cost_limit=int(env.get("QUERY_COST_LIMIT") or 5000),
            cost_points_per_minute=int(env.get("COST_POINTS_PER_MINUTE") or 50_000),
            max_body_bytes=int(env.get("MAX_BODY_BYTES") or 4_000_000),
            batch_max_operations=int(env.get("GRAPHQL_BATCH_MAX_OPERATIONS") or 0),
            trusted_documents_only=(env.get("TRUSTED_DOCUMENTS_ONLY") or "").strip().lower()
            in ("1", "true", "yes", "on"),
        )
        settings.check()
        return settings


def file_secret(path: str | None) -> str | None:
    """The contents of a mounted secret file (`..._FILE` variables), stripped."""
    if not path:
        return None
    return Path(path).read_text(encoding="utf-8").strip() or None


def _choice(name: str, given: str | None, allowed: tuple[str, ...]) -> str | None:
    value = (given or "").strip().lower()
    if value and value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value or None


def _flag(value: str | None) -> bool | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


def _networks(value: str | None) -> tuple[str, ...] | None:
    """Comma-separated CIDRs; set but empty means none."""
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())
