"""Outcomes' HTTP queries, scoped to the actor's agency. Reading a board or a history is recorded."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from services.outcomes.commands.enquiry_access import lead_for
from services.outcomes.commands.record_view import record_view
from services.outcomes.queries.board import Board, outcome_board
from services.outcomes.queries.due import DuePage, due_list
from services.outcomes.queries.history import HistoryEntry, outcome_history
from services.outcomes.queries.views import View, record_views_of
from shared.auth import CurrentActor
from shared.runtime import runtime_of

router = APIRouter(tags=["queries"])
NOT_OURS: dict[int | str, dict[str, str]] = {
    401: {"description": "No valid service token"},
    404: {"description": "Not an enquiry your agency leads"},
}
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/enquiries/{enquiry_id}/outcomes", summary="The outcome board", responses=NOT_OURS)
async def get_board(request: Request, enquiry_id: UUID, actor: CurrentActor) -> Board:
    runtime = runtime_of(request.app)
    lead = await lead_for(runtime.db, enquiry_id, actor)
    board = await outcome_board(runtime.db, lead, runtime.clock.now().date())
    await record_view(
        runtime,
        enquiry_id=enquiry_id,
        what="board",
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return board


@router.get(
    "/enquiries/{enquiry_id}/outcomes/history",
    summary="Every recording and change, oldest first",
    responses=NOT_OURS,
)
async def get_history(
    request: Request, enquiry_id: UUID, actor: CurrentActor, outcome_id: UUID | None = None
) -> list[HistoryEntry]:
    runtime = runtime_of(request.app)
    await lead_for(runtime.db, enquiry_id, actor)
    history = await outcome_history(runtime.store, enquiry_id, outcome_id)
    await record_view(
        runtime,
        enquiry_id=enquiry_id,
        what="history",
        actor=actor,
        correlation_id=request.state.correlation_id,
    )
    return history


@router.get(
    "/enquiries/{enquiry_id}/outcomes/views",
    summary="Who viewed this enquiry's outcomes, newest first",
    responses=NOT_OURS,
)
async def get_views(
    request: Request, enquiry_id: UUID, actor: CurrentActor, limit: Limit = 50, offset: Offset = 0
) -> list[View]:
    runtime = runtime_of(request.app)
    await lead_for(runtime.db, enquiry_id, actor)
    return await record_views_of(runtime.db, enquiry_id, limit=limit, offset=offset)


@router.get("/due", summary="Reviews and actions due soon or overdue in your agency")
async def get_due(
    request: Request,
    actor: CurrentActor,
    practitioner_id: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    enquiry_id: Annotated[list[UUID] | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DuePage:
    """The agency's list, or one practitioner's (the enquiries they lead) with `practitioner_id`,
    or only the enquiries named by `enquiry_id` (repeatable, up to 200: one enquiry, or a page of
    a caseload); an enquiry the agency does not lead gives nothing, not 404."""
    runtime = runtime_of(request.app)
    return await due_list(
        runtime.db,
        agency_id=actor.agency_id,
        practitioner_id=practitioner_id,
        enquiry_ids=enquiry_id,
        today=runtime.clock.now().date(),
        limit=limit,
        offset=offset,
    )
