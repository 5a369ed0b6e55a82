"""The sweeper: reports each review due soon, each overdue review and each overdue action once
per due date, however often it runs, across restarts and with several replicas.

Finding: one indexed query per kind on the "report from" columns (only unreported rows are in
those partial indexes), read in keyset-paged chunks so memory stays bounded.
Reporting: each report is appended to its own stream (domain/due.py `mark_stream_id`) at
expected version 0. A second attempt, by this replica after a restart or by another replica at
the same time, loses with a ConcurrencyError, which is the sign the report exists; the winner's
append also marks the row reported in the same transaction (projections/plans.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import structlog
from sqlalchemy import Select, select, tuple_

from services.outcomes.domain.due import DueKind, mark_stream_id
from services.outcomes.tables import actions, enquiry_leads, review_schedule
from shared.auth import SYSTEM_ACTOR
from shared.contracts import outcomes as facts
from shared.events import DomainEvent
from shared.eventstore.database import Database
from shared.eventstore.errors import ConcurrencyError
from shared.messaging.errors import describe
from shared.runtime import ServiceRuntime

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Due:
    kind: DueKind
    item_id: UUID  # the enquiry for a review, the action for an action
    enquiry_id: UUID
    outcome_id: UUID | None
    due_on: date
    lead_agency_id: str
    lead_practitioner_id: str

    def report(self) -> DomainEvent:
        lead = {
            "enquiry_id": self.enquiry_id,
            "lead_agency_id": self.lead_agency_id,
            "lead_practitioner_id": self.lead_practitioner_id,
            "due_on": self.due_on,
        }
        if self.kind is DueKind.REVIEW_DUE_SOON:
            return facts.ReviewDueSoon(**lead)
        if self.kind is DueKind.REVIEW_OVERDUE:
            return facts.ReviewOverdue(**lead)
        return facts.ActionOverdue(action_id=self.item_id, outcome_id=self.outcome_id, **lead)


@dataclass(frozen=True)
class SweepReport:
    found: int = 0
    reported: int = 0


def due_query(kind: DueKind, today: date) -> tuple[Select[Any], Any, Any]:
    """The query for what became reportable by `today`, with its two keyset columns."""
    leads = (enquiry_leads.c.lead_agency_id, enquiry_leads.c.lead_practitioner_id)
    if kind is DueKind.ACTION_OVERDUE:
        source, key = actions, actions.c.action_id
        columns: tuple[Any, ...] = (key, actions.c.enquiry_id, actions.c.outcome_id)
        report_from = actions.c.overdue_from
    else:
        source, key = review_schedule, review_schedule.c.enquiry_id
        columns = (key,)
        report_from = (
            review_schedule.c.soon_from
            if kind is DueKind.REVIEW_DUE_SOON
            else review_schedule.c.overdue_from
        )
    query = (
        select(*columns, source.c.due_on, *leads)
        .select_from(source.join(enquiry_leads, enquiry_leads.c.enquiry_id == source.c.enquiry_id))
        .where(report_from <= today)
        .order_by(report_from, key)
    )
    if kind is DueKind.REVIEW_DUE_SOON:
        query = query.where(review_schedule.c.due_on >= today)  # past dates are overdue instead
    return query, report_from, key


async def find_due(
    db: Database, kind: DueKind, today: date, *, chunk: int
) -> AsyncIterator[list[Due]]:
    """What became reportable, `chunk` rows at a time, each chunk read in its own short query."""
    query, report_from, key = due_query(kind, today)
    after: tuple[Any, Any] | None = None
    while True:
        page = query if after is None else query.where(tuple_(report_from, key) > after)
        async with db.read() as conn:
            rows = (await conn.execute(page.add_columns(report_from).limit(chunk))).all()
        if not rows:
            return
        yield [_due(kind, row) for row in rows]
        after = (rows[-1][-1], rows[-1][0])


def _due(kind: DueKind, row: Any) -> Due:
    if kind is DueKind.ACTION_OVERDUE:
        action_id, enquiry_id, outcome_id, due_on, agency, practitioner, _ = row
        return Due(kind, action_id, enquiry_id, outcome_id, due_on, agency, practitioner)
    enquiry_id, due_on, agency, practitioner, _ = row
    return Due(kind, enquiry_id, enquiry_id, None, due_on, agency, practitioner)


# Overdue reviews first: a review that is already overdue is not reported as due soon.
ORDER = (DueKind.REVIEW_OVERDUE, DueKind.REVIEW_DUE_SOON, DueKind.ACTION_OVERDUE)


async def report(runtime: ServiceRuntime, due: Due, correlation_id: str) -> bool:
    """Append the report; False if it had been made already (by anyone)."""
    stream = mark_stream_id(due.kind, due.item_id, due.due_on)
    try:
        await runtime.store.append(
            stream, 0, [due.report()], actor=SYSTEM_ACTOR, correlation_id=correlation_id
        )
    except ConcurrencyError:
        return False
    return True


async def sweep_once(runtime: ServiceRuntime) -> SweepReport:
    today = runtime.clock.now().date()
    chunk, correlation_id = runtime.settings.outcomes_sweep_chunk, f"sweep-{today.isoformat()}"
    found = reported = 0
    for kind in ORDER:
        async for dues in find_due(runtime.db, kind, today, chunk=chunk):
            # Appended together, they share the event store's group commits.
            results = await asyncio.gather(*(report(runtime, d, correlation_id) for d in dues))
            found, reported = found + len(dues), reported + sum(results)
    return SweepReport(found, reported)


async def sweep_forever(runtime: ServiceRuntime) -> None:
    """The service's background task: sweep, then wait the interval; survive any one failure."""
    while True:
        try:
            result = await sweep_once(runtime)
        except Exception as error:
            log.warning("outcomes.sweep_failed", error=describe(error))
        else:
            if result.found:
                log.info("outcomes.swept", found=result.found, reported=result.reported)
        await asyncio.sleep(runtime.settings.outcomes_sweep_interval_s)
