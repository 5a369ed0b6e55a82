"""For managers of the lead agency: who viewed an enquiry's record, when, and every decision to
share or withhold its information. Read from the services that keep them (intake, outcomes,
notifications, feedback); reading this page is itself recorded by intake, as any view of the
record. Another agency's enquiry is "Page not found"; a user who is not a manager gets 403."""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.accounts.directory import names_in_agency
from services.portal.backend import RecordNotFound, Services, ServiceUnavailable
from services.portal.context import portal_of
from services.portal.pages.signed_in import SignedIn, require_role
from services.portal.pages.templating import render
from services.portal.views.access_log import (
    FeedbackView,
    IntakeAccessLog,
    OutcomesView,
    accesses_of,
)
from services.portal.views.record import Enquiry
from services.portal.views.sharing import Decision, purpose_label
from shared.auth import Actor, Role

router = APIRouter(include_in_schema=False)
MANAGERS = frozenset({Role.MANAGER})
PAGE = 200  # outcomes' largest page of views
MOST_PAGES = 50  # 10,000 views of one enquiry's outcomes is far beyond any real record


async def _outcomes_views(services: Services, enquiry_id: UUID, actor: Actor) -> list[OutcomesView]:
    views: list[OutcomesView] = []
    for page in range(MOST_PAGES):
        try:
            body = await services.get(
                "outcomes",
                f"/enquiries/{enquiry_id}/outcomes/views",
                actor,
                params={"limit": PAGE, "offset": page * PAGE},
            )
        except RecordNotFound:  # outcomes has not heard of the enquiry yet
            return views
        views += [OutcomesView.model_validate(row) for row in body]
        if len(body) < PAGE:
            break
    return views


async def _sharing(services: Services, enquiry_id: UUID, actor: Actor) -> list[Decision]:
    try:
        body = await services.get("notifications", f"/enquiries/{enquiry_id}/sharing-log", actor)
    except RecordNotFound:
        return []
    return [Decision.model_validate(row) for row in body]


async def _feedback_views(
    services: Services, enquiry_id: UUID, actor: Actor
) -> list[FeedbackView] | None:
    """None when feedback does not answer: the page says that part is missing."""
    try:
        listing = await services.get(
            "feedback", "/feedback-requests", actor, params={"enquiry_id": str(enquiry_id)}
        )
        views = []
        for item in listing.get("items", []):
            body = await services.get(
                "feedback", f"/feedback-requests/{item['request_id']}/views", actor
            )
            views += [FeedbackView.model_validate(row) for row in body]
    except ServiceUnavailable:
        return None
    return views


@router.get("/enquiries/{enquiry_id}/access-log")
async def access_log_page(request: Request, enquiry_id: UUID, account: SignedIn) -> Response:
    require_role(account, MANAGERS)
    portal = portal_of(request)
    services, actor = portal.services, account.actor
    # Intake first: only the lead agency sees the record (another agency: Page not found).
    enquiry = Enquiry.model_validate(
        await services.get("intake", f"/enquiries/{enquiry_id}", actor)
    )
    # Then the four services' logs at once: none depends on another.
    intake_log, outcomes_views, sharing, feedback = await asyncio.gather(
        services.get("intake", f"/enquiries/{enquiry_id}/access-log", actor),
        _outcomes_views(services, enquiry_id, actor),
        _sharing(services, enquiry_id, actor),
        _feedback_views(services, enquiry_id, actor),
    )
    intake = IntakeAccessLog.model_validate(intake_log)
    accesses = accesses_of(intake.views, outcomes_views, sharing, feedback or [])
    # One query; like the timeline, only the manager's own agency is named (others by user id).
    names = await names_in_agency(
        portal.accounts.db,
        account.agency_id,
        {row.user_id for row in accesses} | {row.who for row in sharing},
    )
    return render(
        request,
        "access_log.html",
        {
            "title": "Access log",
            "enquiry": enquiry,
            "accesses": accesses,
            "decisions": list(reversed(sharing)),
            "feedback_missing": feedback is None,
            "names": names,
            "purpose_label": purpose_label,
        },
    )
