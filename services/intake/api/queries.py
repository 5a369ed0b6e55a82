"""Queries: the caseload, an enquiry's record, its timeline and who has viewed it. All scoped to
the actor's agency; viewing a record is itself recorded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import exists, func, select

from services.intake.api.common import READ_ERRORS, runtime
from services.intake.api.examples import ACCESS_LOG_EXAMPLE, DETAIL_EXAMPLE, TIMELINE_EXAMPLE
from services.intake.api.timeline import TimelineEntry, timeline_of
from services.intake.api.visibility import visible_row
from services.intake.commands.record_view import record_view
from services.intake.domain.closure import closure_refusal
from services.intake.domain.consent import ConsentState, consent_in_force
from services.intake.domain.state import EnquiryState, Status
from services.intake.projections.outcome_status import unassessed_outcomes
from services.intake.tables import access_log, enquiries, risks
from shared.auth import Actor, CurrentActor
from shared.codes import RiskType
from shared.contracts.intake import CommunicationPreferences

router = APIRouter(tags=["queries"])


class CaseloadItem(BaseModel):
    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    status: Status
    opened_at: datetime
    person_name: str | None
    section_42_result: str | None
    ica_outstanding: bool
    timescales_paused: bool
    next_check_on: date | None
    pending_transfer_to: str | None
    version: int
    last_changed_at: datetime


class Caseload(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "enquiry_id": "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11",
                            "lead_agency_id": "adult-social-care",
                            "lead_practitioner_id": "asc-practitioner",
                            "status": "open",
                            "opened_at": "2026-11-02T10:20:00Z",
                            "person_name": "Joyce",
                            "section_42_result": "Section 42 enquiry",
                            "ica_outstanding": False,
                            "timescales_paused": False,
                            "next_check_on": None,
                            "pending_transfer_to": None,
                            "version": 7,
                            "last_changed_at": "2026-11-04T09:00:00Z",
                        }
                    ],
                    "total": 1,
                    "limit": 50,
                    "offset": 0,
                }
            ]
        }
    )

    items: list[CaseloadItem]
    total: int = Field(description="how many match, within your agency")
    limit: int
    offset: int


@router.get("/enquiries", summary="Your agency's caseload, filtered and paged")
async def get_caseload(
    request: Request,
    actor: CurrentActor,
    status: Status | None = None,
    agency: Annotated[str | None, Query(description="a lead agency; only yours has any")] = None,
    lead_practitioner_id: str | None = None,
    risk_type: RiskType | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Caseload:
    conditions: list[Any] = [enquiries.c.lead_agency_id == actor.agency_id]
    if agency is not None:
        conditions.append(enquiries.c.lead_agency_id == agency)
    if status is not None:
        conditions.append(enquiries.c.status == status.value)
    if lead_practitioner_id is not None:
        conditions.append(enquiries.c.lead_practitioner_id == lead_practitioner_id)
    if risk_type is not None:
        conditions.append(
            exists().where(
                risks.c.enquiry_id == enquiries.c.enquiry_id, risks.c.risk_type == risk_type.value
            )
        )
    columns = [enquiries.c[name] for name in CaseloadItem.model_fields]
    page = (
        select(*columns)
        .where(*conditions)
        .order_by(enquiries.c.opened_at.desc(), enquiries.c.enquiry_id)
        .limit(limit)
        .offset(offset)
    )
    count = select(func.count()).select_from(enquiries).where(*conditions)
    async with runtime(request).db.read() as conn:
        rows = (await conn.execute(page)).mappings().all()
        total = int(await conn.scalar(count) or 0)
    return Caseload(
        items=[CaseloadItem.model_validate(dict(r)) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


class EnquiryDetail(EnquiryState):
    """The whole record, with what follows from it now."""

    model_config = ConfigDict(json_schema_extra={"examples": [DETAIL_EXAMPLE]})

    communication_preferences: CommunicationPreferences | None
    ica_required_until_appointed: bool
    timescales_are_paused: bool
    consent_in_force: list[ConsentState]
    unassessed_outcomes: int = Field(description="desired outcomes without a final assessment")
    closure_blocked_by: str | None = Field(description="the first closure rule not yet met")


async def _viewed(request: Request, actor: Actor, enquiry_id: UUID, view: str) -> None:
    await record_view(
        runtime(request),
        enquiry_id=enquiry_id,
        actor=actor,
        view=view,
        correlation_id=request.state.correlation_id,
    )


@router.get("/enquiries/{enquiry_id}", summary="One enquiry's record", responses=READ_ERRORS)
async def get_enquiry(request: Request, enquiry_id: UUID, actor: CurrentActor) -> EnquiryDetail:
    row = await visible_row(request, actor, enquiry_id)
    state = EnquiryState.model_validate(row["detail"])
    async with runtime(request).db.read() as conn:
        unassessed = await unassessed_outcomes(conn, enquiry_id)
    await _viewed(request, actor, enquiry_id, "detail")
    refusal = closure_refusal(state, unassessed)
    return EnquiryDetail(
        **state.model_dump(),
        communication_preferences=state.preferences,
        ica_required_until_appointed=state.ica_outstanding,
        timescales_are_paused=state.timescales_paused,
        consent_in_force=consent_in_force(state.consent_ledger, runtime(request).clock.now()),
        unassessed_outcomes=unassessed,
        closure_blocked_by=refusal[0] if refusal and state.status is not Status.CLOSED else None,
    )


class Timeline(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [TIMELINE_EXAMPLE]})

    enquiry_id: UUID
    entries: list[TimelineEntry]


@router.get(
    "/enquiries/{enquiry_id}/timeline",
    summary="Every event of the enquiry: what, who, when, why",
    responses=READ_ERRORS,
)
async def get_timeline(request: Request, enquiry_id: UUID, actor: CurrentActor) -> Timeline:
    await visible_row(request, actor, enquiry_id)
    envelopes = await runtime(request).store.load(str(enquiry_id))
    await _viewed(request, actor, enquiry_id, "timeline")
    return Timeline(enquiry_id=enquiry_id, entries=timeline_of(envelopes))


class View(BaseModel):
    user_id: str
    agency_id: str
    role: str
    view: str
    viewed_at: datetime


class AccessLog(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [ACCESS_LOG_EXAMPLE]})

    enquiry_id: UUID
    views: list[View]


@router.get(
    "/enquiries/{enquiry_id}/access-log",
    summary="Who viewed the enquiry's record, and when",
    responses=READ_ERRORS,
)
async def get_access_log(request: Request, enquiry_id: UUID, actor: CurrentActor) -> AccessLog:
    await visible_row(request, actor, enquiry_id)
    query = (
        select(access_log)
        .where(access_log.c.enquiry_id == enquiry_id)
        .order_by(access_log.c.position)
    )
    async with runtime(request).db.read() as conn:
        rows = (await conn.execute(query)).mappings().all()
    return AccessLog(enquiry_id=enquiry_id, views=[View.model_validate(dict(r)) for r in rows])
