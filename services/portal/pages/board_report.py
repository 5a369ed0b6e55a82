"""The Safeguarding Partnership Board report: filters, tables, charts and a CSV download.

The figures come from feedback's `GET /reports/board` with the user's token; feedback decides
which agencies the user may see (board analysts and safeguarding leads every agency, managers
their own) and records each view.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.backend import ServiceRefused
from services.portal.context import portal_of
from services.portal.forms import FormErrors
from services.portal.pages.navigation import REPORTING
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.board_report import (
    Filters,
    charts_of,
    csv_name,
    csv_of,
    read_filters,
)

router = APIRouter(include_in_schema=False)
SERVICE_FIELDS = {
    "query.from": "from",
    "query.to": "to",
    "query.agency": "agency",
    "agency": "agency",
}


async def _report(request: Request, account: SignedIn) -> tuple[Filters, dict[str, object] | None]:
    require_role(account, REPORTING)
    portal = portal_of(request)
    filters = read_filters(dict(request.query_params), portal.clock.now().date())
    if filters.errors:
        return filters, None
    try:
        report = await portal.services.get(
            "feedback", "/reports/board", account.actor, params=filters.params()
        )
    except ServiceRefused as refused:
        filters.errors = FormErrors.from_service(refused.body, SERVICE_FIELDS)
        return filters, None
    return filters, report


@router.get("/reports/board")
async def board_report(request: Request, account: SignedIn) -> Response:
    filters, report = await _report(request, account)
    return render(
        request,
        "board_report.html",
        {
            "title": "Safeguarding Partnership Board report",
            "filters": filters,
            "errors": filters.errors,
            "report": report,
            "charts": charts_of(report) if report else {},
            "csv_href": f"/reports/board.csv?{urlencode(filters.params())}",
        },
        status_code=400 if filters.errors else 200,
    )


@router.get("/reports/board.csv")
async def board_report_csv(request: Request, account: SignedIn) -> Response:
    filters, report = await _report(request, account)
    if report is None:
        return await board_report(request, account)
    return Response(
        csv_of(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{csv_name(filters)}"'},
    )
