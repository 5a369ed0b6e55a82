"""Answers (named and anonymous) and every view of a feedback record."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.feedback.tables import feedback_answers, record_views
from shared.contracts.feedback import (
    AnonymousFeedbackReceived,
    Answers,
    FeedbackReceived,
    FeedbackRecordViewed,
)
from shared.projections import Recorded


class FeedbackAnswers:
    name = "feedback_answers"
    handles = frozenset(
        {
            FeedbackReceived.event_type,
            AnonymousFeedbackReceived.event_type,
            FeedbackRecordViewed.event_type,
        }
    )

    @property
    def tables(self) -> Sequence[Table]:
        return (feedback_answers, record_views)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded]) -> None:
        answers, views = [], []
        for recorded in events:
            event, envelope = recorded.event, recorded.envelope
            if isinstance(event, FeedbackReceived) and event.answers is not None:
                answers.append(
                    {
                        "answers_id": envelope.event_id,
                        "request_id": event.request_id,
                        "enquiry_id": event.enquiry_id,
                        "agency_id": event.lead_agency_id,
                        "period": event.received_at.strftime("%Y-%m"),
                        "anonymous": False,
                        "respondent": event.respondent.value,
                        "channel": event.channel.value,
                        "easy_read": event.easy_read,
                        "recorded_by": event.recorded_by,
                        "asked_by_enquiry_lead": event.asked_by_enquiry_lead,
                        "why_the_lead_asked": event.why_the_lead_asked,
                        "received_at": event.received_at,
                        **_answer_columns(event.answers),
                    }
                )
            elif isinstance(event, AnonymousFeedbackReceived):
                answers.append(
                    {
                        "answers_id": envelope.event_id,
                        "request_id": None,
                        "enquiry_id": None,
                        "agency_id": event.agency_id,
                        "period": event.period,
                        "anonymous": True,
                        "respondent": event.respondent.value,
                        "channel": event.channel.value,
                        "easy_read": event.easy_read,
                        "recorded_by": None,
                        "asked_by_enquiry_lead": False,
                        "why_the_lead_asked": None,
                        "received_at": None,
                        **_answer_columns(event.answers),
                    }
                )
            elif isinstance(event, FeedbackRecordViewed):
                views.append(
                    {
                        "view_event_id": envelope.event_id,
                        "request_id": event.request_id,
                        "enquiry_id": event.enquiry_id,
                        "viewer_user_id": event.viewer_user_id,
                        "viewer_agency_id": event.viewer_agency_id,
                        "viewed_at": event.viewed_at,
                    }
                )
        if answers:
            await conn.execute(insert(feedback_answers), answers)
        if views:
            await conn.execute(insert(record_views), views)


def _answer_columns(answers: Answers) -> dict[str, object]:
    return answers.model_dump(mode="json")
