"""One typed settings object for every process, read from `MSP_*` environment variables."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICE_PORTS: dict[str, int] = {
    "portal": 8000,
    "intake": 8001,
    "outcomes": 8002,
    "notifications": 8003,
    "feedback": 8004,
}
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", "development"})
MIN_SECRET_LENGTH = 32


class Mode(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Settings shared by all services; each field is `MSP_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="MSP_", extra="ignore", frozen=True)

    mode: Mode = Field(Mode.DEVELOPMENT, description="development (embedded) or production")
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="the Redis holding the streams")
    database_url: str = Field(
        "sqlite+aiosqlite:///{data_dir}/{service}.db",
        description="SQLAlchemy URL template; `{service}` gives each service its own database",
    )
    data_dir: Path = Field(Path("./var"), description="where embedded data lives")
    secret_key: SecretStr | None = Field(None, description="signs the service tokens")
    host: str = Field("127.0.0.1", description="address the HTTP servers bind")
    port: int | None = Field(
        None, ge=1, le=65535, description="this process's port, instead of its service's fixed one"
    )
    log_level: str = Field("INFO", description="structlog level")
    log_format: str = Field("auto", description="auto (console on a terminal), json or console")
    replica: str = Field(
        default_factory=socket.gethostname,
        description="this replica's consumer name, stable across its restarts (default: host name)",
    )
    migrate_on_start: bool = Field(
        True, description="migrate the database at start; off where a migration job runs first"
    )
    token_ttl_seconds: int = Field(300, ge=10, le=3600, description="service token lifetime")
    consumer_batch_size: int = Field(
        250, ge=1, le=1000, description="events applied per transaction, at most"
    )
    consumer_block_ms: int = Field(50, ge=1, description="XREADGROUP block time")
    reclaim_idle_ms: int = Field(
        30_000,
        ge=100,
        description="idle time before a pending message is reclaimed; above handler time "
        "plus the graceful shutdown timeout",
    )
    max_deliveries: int = Field(5, ge=1, description="deliveries before a message is dead-lettered")
    relay_batch_size: int = Field(500, ge=1, le=10_000, description="events per relay MULTI/EXEC")
    relay_poll_ms: int = Field(200, ge=10, description="relay polling when nothing wakes it")
    stream_trim_interval_s: float = Field(
        60.0, gt=0, description="how often a publisher trims its stream below the slowest group"
    )
    graceful_timeout_s: float = Field(
        15.0, ge=0, description="time in-flight work gets to finish on stop"
    )
    service_urls: dict[str, str] = Field(
        default_factory=dict,
        description="base URL per service, default http://127.0.0.1:<its port>",
    )
    # intake
    advocate_chase_days: int = Field(
        5, ge=1, le=365, description="days an advocacy need may wait before intake chases it"
    )
    advocate_sweep_interval_s: float = Field(
        300.0, gt=0, description="how often intake looks for advocacy needs to chase"
    )
    # notifications
    notifications_smtp_host: str = Field("127.0.0.1", description="SMTP server for email")
    notifications_smtp_port: int = Field(25, ge=1, le=65535, description="its port")
    notifications_smtp_sender: str = Field(
        "notifications@msp.invalid", description="the From address of emails"
    )
    notifications_file_sink_dir: Path | None = Field(
        None, description="where SMS and letters are written (default <data_dir>/outbox)"
    )
    notifications_staff_email_domain: str | None = Field(
        None, description="also email reminders to <user id>@<this domain>; unset: in-app only"
    )
    notifications_grace_working_days: int = Field(
        5, ge=1, le=60, description="working days overdue before a reminder goes to managers too"
    )
    notifications_sweep_interval_s: float = Field(
        5.0, gt=0, description="how often reminders, escalations and deliveries are swept"
    )
    notifications_max_attempts: int = Field(
        5, ge=1, le=50, description="delivery attempts before a message is dead-lettered"
    )
    notifications_retry_base_s: float = Field(
        30.0, gt=0, description="the first retry's delay; doubled after each failure"
    )
    # portal
    portal_session_idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="a portal session ends after this long unused"
    )
    portal_session_max_hours: int = Field(
        12, ge=1, le=7 * 24, description="a portal session ends this long after sign-in"
    )
    portal_max_failed_sign_ins: int = Field(
        5, ge=1, le=100, description="wrong passwords in a row before an account is locked"
    )
    portal_lockout_minutes: int = Field(
        15, ge=1, le=24 * 60, description="how long a locked portal account stays locked"
    )
    portal_secure_cookies: bool | None = Field(
        None,
        description="send the portal's cookies over HTTPS only; default: on in production mode",
    )
    # feedback
    feedback_due_weeks: int = Field(
        8, ge=1, le=52, description="weeks after closure within which feedback is asked"
    )
    feedback_sweep_interval_s: float = Field(
        5.0, gt=0, description="how often feedback acts on new closures and expires requests"
    )
    feedback_link_attempts_per_minute: int = Field(
        30, ge=1, description="single-use link requests allowed per client address per minute"
    )

    @model_validator(mode="after")
    def _refuse_missing_or_placeholder_secret(self) -> Self:
        if self.mode is Mode.PRODUCTION:
            raw = self.secret_key.get_secret_value() if self.secret_key else ""
            if raw.lower() in PLACEHOLDER_SECRETS or len(raw) < MIN_SECRET_LENGTH:
                msg = (
                    f"MSP_SECRET_KEY must be set to at least {MIN_SECRET_LENGTH} random characters"
                )
                raise ValueError(msg)
        return self

    def database_url_for(self, service: str) -> str:
        return self.database_url.format(service=service, data_dir=self.data_dir.as_posix())

    def url_of(self, service: str) -> str:
        return self.service_urls.get(service, f"http://127.0.0.1:{SERVICE_PORTS[service]}")

    @cached_property
    def signing_key(self) -> str:
        """The token key; in development a random one is kept under the data dir for all processes."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _development_secret(self.data_dir)

    # outcomes
    outcomes_review_interval_days: int = Field(
        28, ge=1, le=365, description="days from one review of an enquiry's outcomes to the next"
    )
    outcomes_sweep_interval_s: float = Field(
        60.0, gt=0, description="how often the outcomes sweeper looks for what became due"
    )
    outcomes_sweep_chunk: int = Field(
        1000, ge=1, le=50_000, description="due rows the sweeper reads per query (memory bound)"
    )


def _development_secret(data_dir: Path) -> str:
    path = data_dir / "dev-secret-key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        candidate = path.with_suffix(f".{secrets.token_hex(4)}")
        candidate.write_text(secrets.token_urlsafe(48))
        candidate.chmod(0o600)
        # link() is atomic and refuses to overwrite: processes starting together agree on one key.
        with contextlib.suppress(FileExistsError):
            os.link(candidate, path)
        candidate.unlink()
    return path.read_text().strip()


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
