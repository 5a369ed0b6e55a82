"""From intake.EnquiryClosed to feedback.FeedbackRequested over real Redis streams: once per
closure with two replicas and duplicate deliveries; refusals respected at a later closure;
replayed read models equal the live ones."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import Table, delete, select

from services.feedback import tables
from services.feedback.app import DEFINITION as FEEDBACK
from services.feedback.commands.when_enquiry_closed_request_feedback import (
    request_feedback_for_new_closures,
)
from services.feedback.domain.decisions import request_id_for
from services.intake.app import DEFINITION as INTAKE
from shared.contracts.outcomes import OutcomesConcluded
from shared.events import EventEnvelope
from shared.eventstore.database import Database
from shared.messaging import wire
from shared.replay import replay
from shared.runtime import ServiceRuntime
from shared.settings import Settings
from tests.integration.feedback_support import (
    a_clock,
    asked_after_closure,
    bearer_at,
    close_an_enquiry,
    own_events,
    quick,
    reopen,
    served_feedback,
    the_request_of,
)
from tests.support import a_correlation_id, an_actor, eventually, running

pytestmark = pytest.mark.integration
CLOSURES = 12


async def requested_count(runtime: ServiceRuntime) -> int:
    return len(await own_events(runtime, "feedback.FeedbackRequested"))


async def test_each_closure_is_asked_about_once_by_two_replicas_despite_duplicates(
    settings: Settings, redis: Redis
) -> None:
    one, two = (quick(settings).model_copy(update={"replica": name}) for name in ("a", "b"))
    async with (
        running(INTAKE, settings) as intake,
        running(FEEDBACK, one) as feedback,
        running(FEEDBACK, two) as other_replica,
    ):
        closed = [await close_an_enquiry(intake) for _ in range(CLOSURES)]

        async def all_asked() -> bool:
            return await requested_count(feedback) == CLOSURES

        await eventually(all_asked, what="every closure asked about")
        entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange("msp.intake.events")  # type: ignore[assignment]
        for _entry_id, fields in entries:
            await redis.xadd("msp.intake.events", fields)  # type: ignore[arg-type]
        settle = timedelta(weeks=8)
        await asyncio.gather(
            *(
                request_feedback_for_new_closures(replica, due_within=settle)
                for replica in (feedback, other_replica, feedback)
            )
        )

        async def relayed() -> bool:
            return await redis.xlen("msp.feedback.events") >= CLOSURES

        await eventually(relayed, what="FeedbackRequested on msp.feedback.events")
        published: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(
            "msp.feedback.events"
        )  # type: ignore[assignment]

        requested = await own_events(feedback, "feedback.FeedbackRequested")
        assert len(requested) == CLOSURES
        assert await own_events(feedback, "feedback.FeedbackNotRequested") == []
        by_closure = {r.causation_id: r for r in requested}
        for enquiry_id, closure in closed:
            event = by_closure[str(closure.event_id)]
            assert event.payload["enquiry_id"] == str(enquiry_id)
            assert event.payload["request_id"] == str(request_id_for(closure.event_id))
            assert event.correlation_id == closure.correlation_id
        on_stream = [wire.decode(fields) for _id, fields in published]
        assert sorted(e.event_id for e in on_stream) == sorted(e.event_id for e in requested)


async def test_a_refusal_is_respected_when_the_enquiry_closes_again(settings: Settings) -> None:
    async with asked_after_closure(settings) as asked:
        intake, feedback, http, clock, enquiry_id, request = asked
        refused = await http.post(
            f"/feedback-requests/{request['request_id']}/refusal",
            json={"refused_by": "person"},
            headers=bearer_at(settings, clock),
        )
        await reopen(intake, enquiry_id, version=2)
        await close_an_enquiry(intake, enquiry_id=enquiry_id, opened=True, version=3)

        async def decided() -> bool:
            return bool(await own_events(feedback, "feedback.FeedbackNotRequested"))

        await eventually(decided, what="the second closure decided")

        assert refused.status_code == 201
        (not_requested,) = await own_events(feedback, "feedback.FeedbackNotRequested")
        assert not_requested.payload["reason"] == "refused"
        assert await requested_count(feedback) == 1


async def test_an_answered_enquiry_closed_again_is_asked_again(settings: Settings) -> None:
    async with asked_after_closure(settings) as asked:
        intake, feedback, http, clock, enquiry_id, request = asked
        await http.post(
            f"/feedback-requests/{request['request_id']}/answers",
            json={"respondent": "person", "answers": {"feel_safer": "yes"}},
            headers=bearer_at(settings, clock),
        )
        await reopen(intake, enquiry_id, version=2)
        await close_an_enquiry(intake, enquiry_id=enquiry_id, opened=True, version=3)

        async def asked_again() -> bool:
            return await requested_count(feedback) == 2

        await eventually(asked_again, what="a second request")
        async with feedback.db.read() as conn:
            reopenings = (await conn.execute(select(tables.enquiry_reopenings))).all()
        assert len(reopenings) == 1


READ_MODELS = (
    tables.enquiry_directory,
    tables.enquiry_closures,
    tables.enquiry_reopenings,
    tables.closure_decisions,
    tables.feedback_requests,
    tables.feedback_links,
    tables.feedback_answers,
    tables.record_views,
    tables.outcomes_concluded,
    tables.report_enquiries,
    tables.report_closures,
)


async def rows_of(db: Database, table: Table) -> list[dict[str, Any]]:
    async with db.read() as conn:
        result = await conn.execute(select(table).order_by(*table.primary_key.columns))
        return [dict(row) for row in result.mappings()]


async def concluded(feedback: ServiceRuntime, enquiry_id: uuid.UUID) -> None:
    """Outcomes' conclusion of one enquiry, received as from `msp.outcomes.events`."""
    event = OutcomesConcluded(
        enquiry_id=enquiry_id,
        lead_agency_id="adult-social-care",
        asked_code="No",
        fully=1,
        partially=0,
        not_achieved=2,
        concluded_at=datetime.now(UTC),
    )
    received = EventEnvelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        schema_version=1,
        stream_id=str(enquiry_id),
        version=1,
        position=1,
        occurred_at=datetime.now(UTC),
        actor=an_actor(),
        correlation_id=a_correlation_id(),
        payload=event.model_dump(mode="json"),
    )
    (conclusions,) = [s for s in FEEDBACK.subscriptions if s.purpose == "conclusions"]
    assert await feedback.applier_for(conclusions).apply([received]) == 1


async def test_replayed_read_models_equal_the_live_ones_row_by_row(settings: Settings) -> None:
    clock = a_clock()
    async with (
        running(INTAKE, settings) as intake,
        served_feedback(settings, clock) as (url, feedback),
        httpx.AsyncClient(base_url=url) as http,
    ):
        headers = bearer_at(settings, clock)
        requests = []
        for _ in range(5):
            enquiry_id, _ = await close_an_enquiry(intake, closed_at=datetime.now(UTC))
            requests.append(await the_request_of(http, settings, clock, enquiry_id))
        answered, refused, both, linked, left = (
            f"/feedback-requests/{r['request_id']}" for r in requests
        )
        await http.post(
            f"{answered}/answers",
            json={"respondent": "person", "answers": {"satisfaction": 2}},
            headers=headers,
        )
        await http.post(f"{refused}/refusal", json={"refused_by": "person"}, headers=headers)
        await http.put(f"{both}/how-to-ask", json={"addressee": "both"}, headers=headers)
        await http.post(
            f"{both}/answers",
            json={"respondent": "representative", "answers": {"feel_safer": "no"}},
            headers=headers,
        )
        token = (await http.post(f"{linked}/links", json={}, headers=headers)).json()["token"]
        await http.post(
            f"/feedback/link/{token}/answers",
            json={"answers": {"listened_to": "yes"}, "anonymous": True},
        )
        await http.post(
            "/feedback/anonymous", json={"answers": {"satisfaction": 5}}, headers=headers
        )
        await http.get(answered, headers=headers)
        clock.advance(timedelta(weeks=9))

        async def expired() -> bool:
            return len(await own_events(feedback, "feedback.FeedbackRequestExpired")) == 2

        await eventually(expired, what="the two open requests expired")
        await concluded(feedback, uuid.UUID(str(requests[0]["enquiry_id"])))
        live = {t.name: await rows_of(feedback.db, t) for t in READ_MODELS}
        async with feedback.db.write() as conn:
            for table in READ_MODELS:
                await conn.execute(delete(table))

        report = await replay(feedback.db, FEEDBACK)

        # five opened (enquiries), five closed (closures), one concluded (conclusions); the
        # report's group received the five openings and five closures too
        assert report.received_events == 21
        assert {t.name: await rows_of(feedback.db, t) for t in READ_MODELS} == live
        statuses = sorted(r["status"] for r in live["feedback_requests"])
        assert statuses == ["answered", "answered", "expired", "expired", "refused"]
        assert left  # the fifth request was left to expire
        assert len(live["feedback_answers"]) == 4
        assert len(live["report_closures"]) == 5
        assert uuid.UUID(str(requests[0]["request_id"])) in {
            v["request_id"] for v in live["feedback_record_views"]
        }
