"""Transfers of the lead waiting for the actor's agency: the only thing another agency sees of an
enquiry before it accepts (no personal data), with the version its answer must carry."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from services.intake.api.common import READ_ERRORS, runtime
from services.intake.domain.state import EnquiryState
from services.intake.tables import enquiries
from shared.auth import CurrentActor

router = APIRouter(tags=["lead"])


class IncomingTransfer(BaseModel):
    enquiry_id: UUID
    from_agency_id: str
    reason: str
    requested_at: datetime
    version: int


class IncomingTransfers(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "enquiry_id": "8f0e6a52-2a1e-4b57-9a61-3c0d6d1c2b11",
                            "from_agency_id": "adult-social-care",
                            "reason": "A crime may have been committed; police will lead.",
                            "requested_at": "2026-11-05T10:00:00Z",
                            "version": 6,
                        }
                    ]
                }
            ]
        }
    )

    items: list[IncomingTransfer]


@router.get(
    "/lead-transfers/incoming",
    summary="Transfers of the lead waiting for your agency's answer",
    responses=READ_ERRORS,
)
async def get_incoming(request: Request, actor: CurrentActor) -> IncomingTransfers:
    query = (
        select(enquiries.c.detail)
        .where(enquiries.c.pending_transfer_to == actor.agency_id)
        .order_by(enquiries.c.last_changed_at, enquiries.c.enquiry_id)
    )
    async with runtime(request).db.read() as conn:
        details = (await conn.execute(query)).scalars().all()
    items = []
    for detail in details:
        state = EnquiryState.model_validate(detail)
        assert state.pending_transfer is not None
        items.append(
            IncomingTransfer(
                enquiry_id=state.enquiry_id,
                from_agency_id=state.lead_agency_id,
                reason=state.pending_transfer.reason,
                requested_at=state.pending_transfer.requested_at,
                version=state.version,
            )
        )
    return IncomingTransfers(items=items)
