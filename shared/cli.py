"""The `msp` command: run, migrate, demo-data, replay, dlq, report."""

from __future__ import annotations

import asyncio
import getpass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import httpx
import typer
from redis.asyncio import Redis
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shared.auth import Actor, Role, TokenService
from shared.eventstore.database import Database
from shared.messaging.dead_letters import list_dead_letters, retry_dead_letter
from shared.migrations import upgrade
from shared.replay import count_facts, replay
from shared.service_catalogue import EVENT_SERVICES, UnknownService, definition_of
from shared.settings import load_settings

app = typer.Typer(
    help="Making Safeguarding Personal: run and operate the platform.", no_args_is_help=True
)
dlq = typer.Typer(help="Dead letters: events a consumer could not apply.", no_args_is_help=True)
app.add_typer(dlq, name="dlq")
console = Console()
PORTAL = "portal"


@app.command()
def run() -> None:
    """Run everything on embedded defaults, load demo data and print the portal's address."""
    from shared.launcher import run_platform

    raise typer.Exit(run_platform())


@app.command()
def migrate(
    service: Annotated[str | None, typer.Argument(help="one service, or all")] = None,
) -> None:
    """Bring each service's database to the latest migration."""
    settings = load_settings()
    for name in [service] if service else (*EVENT_SERVICES, PORTAL):
        upgrade(_migrations_of(name), settings.database_url_for(name))
        console.print(f"{name}: migrated")


def _migrations_of(service: str) -> Path:
    # The portal owns users and sessions, not events: it has migrations but no definition.
    if service == PORTAL:
        from services.portal.app import MIGRATIONS

        return MIGRATIONS
    return definition_of(service).migrations


@app.command("demo-data")
def demo_data() -> None:
    """Load the demo enquiries into the running services, the staff directory and the portal's
    demo accounts (again is harmless)."""
    from shared.demo import load_demo_accounts, load_demo_data, load_demo_staff

    settings = load_settings()
    opened, existing = load_demo_data(settings)
    console.print(f"demo data: {opened} enquiries opened, {existing} already there")
    console.print(f"staff directory: {load_demo_staff(settings)} demo members with their managers")
    try:
        sign_ins, password = load_demo_accounts(settings)
    except RuntimeError as error:  # production refuses accounts with a published password
        console.print(f"portal demo accounts not created: {error}")
        return
    console.print(f"portal demo accounts, password {password!r}:")
    for sign_in in sign_ins:
        console.print(f"  {sign_in.email}  {sign_in.role}  {sign_in.agency_id}")


@app.command("replay")
def replay_command(service: Annotated[str, typer.Argument(help="the service to rebuild")]) -> None:
    """Rebuild a service's read models from its events and its inbox."""
    settings = load_settings()
    definition = definition_of(service)

    async def rebuild() -> None:
        db = Database(settings.database_url_for(service))
        try:
            total = await count_facts(db, definition)
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console) as progress:
                task = progress.add_task(f"replaying {service}", total=total)
                report = await replay(db, definition, lambda n: progress.advance(task, n))
        finally:
            await db.dispose()
        console.print(
            f"{service}: {report.own_events} own events and {report.received_events} received events "
            f"applied to {', '.join(report.tables) or 'no tables'}"
        )

    asyncio.run(rebuild())


@dlq.command("list")
def dlq_list() -> None:
    """Show every dead letter with the error that put it there."""

    async def show() -> None:
        redis = Redis.from_url(load_settings().redis_url)
        try:
            letters = await list_dead_letters(redis)
        finally:
            await redis.aclose()
        if not letters:
            console.print("No dead letters.")
            return
        table = Table("id", "group", "event type", "event id", "deliveries", "failed at", "error")
        for letter in letters:
            table.add_row(
                letter.entry_id,
                letter.group,
                letter.event_type,
                letter.event_id,
                str(letter.deliveries),
                letter.failed_at,
                letter.error,
            )
        console.print(table)

    asyncio.run(show())


@dlq.command("retry")
def dlq_retry(
    entry_id: Annotated[
        str | None, typer.Argument(help="one dead letter's id; all if left out")
    ] = None,
) -> None:
    """Put dead letters back on their streams; groups that applied them already skip them."""

    async def retry() -> int:
        redis = Redis.from_url(load_settings().redis_url)
        try:
            letters = [x for x in await list_dead_letters(redis) if entry_id in (None, x.entry_id)]
            for letter in letters:
                await retry_dead_letter(redis, letter)
        finally:
            await redis.aclose()
        return len(letters)

    retried = asyncio.run(retry())
    if entry_id and not retried:
        console.print(f"No dead letter with id {entry_id}.")
        raise typer.Exit(1)
    console.print(f"{retried} dead letters put back on their streams.")


class ReportMode(StrEnum):
    EXACT = "exact"
    PUBLICATION = "publication"


class ReportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        msg = "a date as YYYY-MM-DD"
        raise typer.BadParameter(msg) from error


@app.command()
def report(
    first_day: Annotated[
        date, typer.Option("--from", help="the period's first day, YYYY-MM-DD", parser=_day)
    ],
    last_day: Annotated[
        date, typer.Option("--to", help="the period's last day, YYYY-MM-DD", parser=_day)
    ],
    agency: Annotated[str | None, typer.Option(help="one agency; every agency if left out")] = None,
    mode: Annotated[
        ReportMode, typer.Option(help="publication suppresses small numbers")
    ] = ReportMode.PUBLICATION,
    format_: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.CSV,
    user: Annotated[
        str | None, typer.Option(help="who is asking (recorded with the view); default: you")
    ] = None,
    as_agency: Annotated[
        str, typer.Option(help="the agency of who is asking")
    ] = "safeguarding-board",
) -> None:
    """Print the Safeguarding Partnership Board report (CSV or JSON) from the feedback service.

    It asks as a board analyst; the feedback service records the view.
    """
    settings = load_settings()
    viewer = Actor(
        user_id=user or f"cli:{getpass.getuser()}", agency_id=as_agency, role=Role.BOARD_ANALYST
    )
    token = TokenService(settings.signing_key, ttl=timedelta(minutes=5)).issue(viewer)
    params = {
        "from": first_day.isoformat(),
        "to": last_day.isoformat(),
        "mode": mode.value,
        "format": format_.value,
        **({"agency": agency} if agency else {}),
    }
    try:
        answer = httpx.get(
            f"{settings.url_of('feedback')}/reports/board",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
    except httpx.TransportError as error:
        console.print(f"msp report: the feedback service does not answer ({type(error).__name__})")
        raise typer.Exit(1) from error
    if answer.status_code != httpx.codes.OK:
        try:
            body = answer.json()
        except ValueError:
            body = {}
        problems = "; ".join(f"{e['field']}: {e['message']}" for e in body.get("errors", []))
        console.print(f"msp report: {body.get('detail', answer.status_code)} {problems}".strip())
        raise typer.Exit(1)
    # Plain print: rich would wrap and colour what is meant for a file or another program.
    typer.echo(answer.text, nl=not answer.text.endswith("\n"))


def main() -> None:
    try:
        app()
    except UnknownService as error:
        console.print(f"msp: {error}")
        raise SystemExit(2) from error


if __name__ == "__main__":
    main()
