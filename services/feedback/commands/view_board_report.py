"""Use case: someone asks for the board report; the view is recorded before it is shown."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.feedback.report.access import report_scope
from services.feedback.report.model import BoardReport
from services.feedback.report.query import board_report
from shared.auth import Actor
from shared.contracts.feedback import BoardReportViewed
from shared.runtime import ServiceRuntime


async def view_board_report(
    runtime: ServiceRuntime,
    *,
    first_day: date,
    last_day: date,
    agency_id: str | None,
    publication: bool,
    format_: str,
    actor: Actor,
    correlation_id: str,
) -> BoardReport:
    scope = report_scope(actor, agency_id)
    viewed = BoardReportViewed(
        viewer_user_id=actor.user_id,
        viewer_agency_id=actor.agency_id,
        viewer_role=actor.role.value,
        agency_id=scope,
        period_from=first_day,
        period_to=last_day,
        mode="publication" if publication else "exact",
        format=format_,
        viewed_at=runtime.clock.now(),
    )
    # A stream per view, as for a record's views: views never contend with each other.
    await runtime.store.append(
        f"report-view-{uuid.uuid4()}", 0, [viewed], actor=actor, correlation_id=correlation_id
    )
    return await board_report(
        runtime.db, period_from=first_day, period_to=last_day + timedelta(days=1), agency_id=scope
    )
