"""A service's own directory of the enquiries it has heard of, and who leads each.

Every service keeps one, built from `intake.EnquiryOpened`, because every query is scoped to the
actor's agency: a user sees the enquiries their agency leads (and, once the notifications
service records disclosures, what was disclosed to it) and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated
from uuid import UUID

from alembic import op
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    select,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.auth import CurrentActor
from shared.contracts.intake import EnquiryOpened
from shared.eventstore.bulk import insert_rows
from shared.eventstore.database import Database
from shared.eventstore.types import UTCDateTime
from shared.http.errors import NotFound
from shared.projections import Recorded

TABLE_NAME = "enquiry_directory"


def _columns() -> list[Column[object]]:
    return [
        Column("enquiry_id", Uuid, primary_key=True),
        Column("lead_agency_id", String(100), nullable=False),
        Column("lead_practitioner_id", String(100), nullable=False),
        Column("opened_at", UTCDateTime(), nullable=False),
        Column("source_position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
    ]


def directory_table(metadata: MetaData) -> Table:
    return Table(
        TABLE_NAME,
        metadata,
        *_columns(),
        Index(f"ix_{TABLE_NAME}_lead_agency_id", "lead_agency_id"),
    )


def create_enquiry_directory_v1() -> None:
    op.create_table(TABLE_NAME, *_columns())
    op.create_index(f"ix_{TABLE_NAME}_lead_agency_id", TABLE_NAME, ["lead_agency_id"])


class EnquiryDirectory:
    """Projection of `intake.EnquiryOpened` into the directory table."""

    name = "enquiry_directory"
    handles = frozenset({EnquiryOpened.event_type})

    def __init__(self, table: Table) -> None:
        self.table = table

    @property
    def tables(self) -> Sequence[Table]:
        return (self.table,)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        rows = []
        for recorded in events:
            event = recorded.event
            assert isinstance(event, EnquiryOpened)
            rows.append(
                {
                    "enquiry_id": event.enquiry_id,
                    "lead_agency_id": event.lead_agency_id,
                    "lead_practitioner_id": event.lead_practitioner_id,
                    "opened_at": event.opened_at,
                    "source_position": recorded.envelope.position,
                }
            )
        await insert_rows(conn, self.table, rows)


class EnquirySummary(BaseModel):
    enquiry_id: UUID
    lead_agency_id: str
    lead_practitioner_id: str
    opened_at: datetime


class EnquiryPage(BaseModel):
    items: list[EnquirySummary]
    limit: int
    offset: int


def directory_router(table: Table) -> APIRouter:
    """`GET /enquiries` and `GET /enquiries/{id}`, scoped to the actor's agency."""
    router = APIRouter(tags=["enquiries"])

    def database(request: Request) -> Database:
        db: Database = request.app.state.runtime.db
        return db

    @router.get("/enquiries", summary="Enquiries led by your agency", response_model=EnquiryPage)
    async def list_enquiries(
        request: Request,
        actor: CurrentActor,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> EnquiryPage:
        query = (
            select(table)
            .where(table.c.lead_agency_id == actor.agency_id)
            .order_by(table.c.opened_at.desc(), table.c.enquiry_id)
            .limit(limit)
            .offset(offset)
        )
        async with database(request).read() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return EnquiryPage(
            items=[EnquirySummary.model_validate(dict(row)) for row in rows],
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/enquiries/{enquiry_id}",
        summary="One enquiry your agency leads",
        response_model=EnquirySummary,
        responses={404: {"description": "Not found"}},
    )
    async def get_enquiry(
        request: Request, enquiry_id: UUID, actor: CurrentActor
    ) -> EnquirySummary:
        query = select(table).where(
            table.c.enquiry_id == enquiry_id, table.c.lead_agency_id == actor.agency_id
        )
        async with database(request).read() as conn:
            row = (await conn.execute(query)).mappings().first()
        if row is None:
            raise NotFound
        return EnquirySummary.model_validate(dict(row))

    return router
