"""The outcome board: each enquiry's "were you asked?" answer, its desired outcomes with their
current and original words, their status and last progress, and the reviews held."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.outcomes.projections.rows import change, upsert
from services.outcomes.tables import desired_outcomes, enquiry_outcomes, reviews
from shared.contracts import outcomes as facts
from shared.events import DomainEvent, EventEnvelope
from shared.projections import Recorded

Handler = Callable[[AsyncConnection, Any, EventEnvelope], Awaitable[None]]


async def _asked(conn: AsyncConnection, e: facts.OutcomesAskedRecorded, _: EventEnvelope) -> None:
    await change(
        conn,
        enquiry_outcomes,
        {"enquiry_id": e.enquiry_id},
        asked_code=e.asked_code.value,
        asked_by=e.asked_by,
        asked_whom=e.asked_whom,
        asked_on=e.asked_on,
    )


async def _recorded(
    conn: AsyncConnection, e: facts.DesiredOutcomeRecorded, envelope: EventEnvelope
) -> None:
    await conn.execute(
        insert(desired_outcomes).values(
            outcome_id=e.outcome_id,
            enquiry_id=e.enquiry_id,
            recorded_version=envelope.version,
            kind=e.kind,
            words=e.words,
            original_words=e.words,
            expressed_by=e.expressed_by,
            why_it_matters=e.why_it_matters,
            rank=e.rank,
            prompt_category=e.prompt_category,
            status="active",
            revisions=0,
            not_achievable=False,
            recorded_at=e.recorded_at,
            changed_at=e.recorded_at,
        )
    )
    # A new outcome after a conclusion reopens the roll-up.
    await change(
        conn,
        enquiry_outcomes,
        {"enquiry_id": e.enquiry_id},
        concluded_at=None,
        fully=None,
        partially=None,
        not_achieved=None,
    )


async def _revised(conn: AsyncConnection, e: facts.DesiredOutcomeRevised, _: EventEnvelope) -> None:
    values: dict[str, Any] = {"words": e.words, "changed_at": e.revised_at}
    if e.rank is not None:
        values["rank"] = e.rank
    values["revisions"] = desired_outcomes.c.revisions + 1
    await change(conn, desired_outcomes, {"outcome_id": e.outcome_id}, **values)


async def _withdrawn(
    conn: AsyncConnection, e: facts.DesiredOutcomeWithdrawn, _: EventEnvelope
) -> None:
    await change(
        conn,
        desired_outcomes,
        {"outcome_id": e.outcome_id},
        status="withdrawn",
        withdrawn_reason=e.reason,
        rank=None,
        changed_at=e.withdrawn_at,
    )


async def _not_achievable(
    conn: AsyncConnection, e: facts.OutcomeMarkedNotAchievable, _: EventEnvelope
) -> None:
    await change(
        conn,
        desired_outcomes,
        {"outcome_id": e.outcome_id},
        not_achievable=True,
        not_achievable_explanation=e.explanation,
        persons_response=e.persons_response,
        changed_at=e.marked_at,
    )


async def _assessed(conn: AsyncConnection, e: facts.OutcomeAssessed, _: EventEnvelope) -> None:
    await change(
        conn,
        desired_outcomes,
        {"outcome_id": e.outcome_id},
        status="assessed",
        achievement=e.achievement.value,
        persons_view=e.persons_view,
        person_agrees=e.person_agrees,
        changed_at=e.assessed_at,
    )


async def _concluded(conn: AsyncConnection, e: facts.OutcomesConcluded, _: EventEnvelope) -> None:
    await change(
        conn,
        enquiry_outcomes,
        {"enquiry_id": e.enquiry_id},
        concluded_at=e.concluded_at,
        fully=e.fully,
        partially=e.partially,
        not_achieved=e.not_achieved,
    )


async def _review_held(conn: AsyncConnection, e: facts.ReviewHeld, _: EventEnvelope) -> None:
    await conn.execute(
        insert(reviews).values(
            review_id=e.review_id,
            enquiry_id=e.enquiry_id,
            held_on=e.held_on,
            attendees=e.attendees,
            person_attended=e.person_attended,
            advocate_attended=e.advocate_attended,
            persons_view=e.persons_view,
            progress=[p.model_dump(mode="json") for p in e.progress],
            next_due_on=e.next_due_on,
            recorded_at=e.recorded_at,
        )
    )
    await change(conn, enquiry_outcomes, {"enquiry_id": e.enquiry_id}, last_review_on=e.held_on)
    for item in e.progress:
        await change(
            conn,
            desired_outcomes,
            {"outcome_id": item.outcome_id},
            last_progress=item.progress.value,
        )


HANDLERS: dict[type[DomainEvent], Handler] = {
    facts.OutcomesAskedRecorded: _asked,
    facts.DesiredOutcomeRecorded: _recorded,
    facts.DesiredOutcomeRevised: _revised,
    facts.DesiredOutcomeWithdrawn: _withdrawn,
    facts.OutcomeMarkedNotAchievable: _not_achievable,
    facts.OutcomeAssessed: _assessed,
    facts.OutcomesConcluded: _concluded,
    facts.ReviewHeld: _review_held,
}
# Every event of an enquiry's own stream moves the board's version, which commands must quote.
ENQUIRY_STREAM_EVENTS: tuple[type[DomainEvent], ...] = (
    *HANDLERS,
    facts.ReviewScheduled,
    facts.ActionAgreed,
    facts.ActionRescheduled,
    facts.ActionCompleted,
    facts.ActionCancelled,
)


class OutcomeBoard:
    name = "outcome_board"
    handles = frozenset(t.event_type for t in ENQUIRY_STREAM_EVENTS)

    @property
    def tables(self) -> Sequence[Table]:
        return (enquiry_outcomes, desired_outcomes, reviews)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        for recorded in events:
            event, envelope = recorded.event, recorded.envelope
            await upsert(
                conn,
                enquiry_outcomes,
                {"enquiry_id": event.enquiry_id},  # type: ignore[attr-defined]
                {"version": envelope.version},
            )
            handler = HANDLERS.get(type(event))
            if handler is not None:
                await handler(conn, event, envelope)
