"""`GET /reports/board`: the Safeguarding Partnership Board report, as JSON or CSV.

Figures only: the report never holds a name, a date of birth or the person's words. Each request
is recorded (`feedback.BoardReportViewed`) before the figures are sent.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from services.feedback.commands.view_board_report import view_board_report
from services.feedback.report.model import to_csv, to_json
from shared.auth import CurrentActor
from shared.http.errors import DomainRuleBroken
from shared.runtime import runtime_of

router = APIRouter(tags=["board report"])
AGENCY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Mode(StrEnum):
    EXACT = "exact"
    PUBLICATION = "publication"


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


class RowView(BaseModel):
    label: str
    cells: list[int | float | str | None] = Field(
        description="one per column: a count, a measure, null (nothing to measure) or `[c]`"
    )


class TableView(BaseModel):
    key: str
    title: str
    columns: list[str]
    rows: list[RowView]


class BoardReportView(BaseModel):
    from_: date = Field(alias="from")
    to: date = Field(description="the period's last day")
    agency: str | None = Field(description="null: every agency")
    mode: Mode
    tables: list[TableView]


LONGEST_PERIOD_DAYS = 5 * 366


class PeriodBackwards(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("The period must end on or after the day it starts.", field="query.to")


class PeriodTooLong(DomainRuleBroken):
    def __init__(self) -> None:
        super().__init__("The period can be at most five years long.", field="query.to")


@router.get(
    "/reports/board",
    summary="The board report for a period (the view is recorded)",
    response_model=BoardReportView,
    responses={
        200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with `format=csv`"},
        403: {
            "description": "Your role may not see this agency's report (the message says who may)"
        },
    },
)
async def get_board_report(
    request: Request,
    actor: CurrentActor,
    first_day: Annotated[date, Query(alias="from", description="the first day of the period")],
    last_day: Annotated[date, Query(alias="to", description="the last day of the period")],
    agency: Annotated[
        str | None,
        Query(max_length=100, pattern=AGENCY_PATTERN, description="one agency; omit for all"),
    ] = None,
    mode: Annotated[
        Mode, Query(description="publication: small numbers suppressed (the default)")
    ] = Mode.PUBLICATION,
    format_: Annotated[Format, Query(alias="format")] = Format.JSON,
) -> Any:
    if last_day < first_day:
        raise PeriodBackwards
    if (last_day - first_day).days >= LONGEST_PERIOD_DAYS or last_day == date.max:
        raise PeriodTooLong
    publication = mode is Mode.PUBLICATION
    report = await view_board_report(
        runtime_of(request.app),
        first_day=first_day,
        last_day=last_day,
        agency_id=agency,
        publication=publication,
        format_=format_.value,
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    if format_ is Format.CSV:
        name = f"board-report-{first_day.isoformat()}-to-{last_day.isoformat()}-{mode.value}.csv"
        return Response(
            to_csv(report, publication=publication),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return to_json(report, publication=publication)
